/**
 * Media throughput of the Vobiz sandbox: frames per second a WebSocket server receives from N
 * concurrent sandbox `<Stream>`s, against a raw `ws` baseline in the same run (N plain ws clients
 * sending the same 20 ms media frames, each on its own setInterval, to the same kind of server).
 * Loopback only; bounded to roughly 2 × (seconds + 1.5) s.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createVobizSandbox } from '@handoff/vobiz-sandbox';
import { WebSocket, WebSocketServer } from 'ws';

interface Row {
  label: string;
  value: number;
  unit: string;
}

interface PhaseResult {
  framesPerSecond: number;
  p99GapMs: number;
}

const FRAME_MS = 20;
const WARMUP_MS = 500;

/** The app side: parses every frame as a real agent would and times their arrival per connection. */
class CountingServer {
  readonly wss: WebSocketServer;
  connections = 0;
  frames = 0;
  gaps: number[] = [];
  measuring = false;

  constructor() {
    this.wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    this.wss.on('connection', (socket) => {
      this.connections++;
      let last = 0;
      socket.on('message', (raw) => {
        const msg = JSON.parse(raw.toString()) as { event?: string };
        if (msg.event !== 'media' || !this.measuring) return;
        const now = performance.now();
        this.frames++;
        if (last > 0) this.gaps.push(now - last);
        last = now;
      });
    });
  }

  async ready(): Promise<string> {
    await new Promise<void>((resolve) => this.wss.once('listening', () => resolve()));
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/media`;
  }

  reset(): void {
    this.connections = 0;
    this.frames = 0;
    this.gaps = [];
    this.measuring = false;
  }

  async until(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!predicate()) {
      if (performance.now() > deadline) throw new Error(`sandbox-media bench: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Counts media frames over `seconds` after a warm-up. */
  async measure(seconds: number): Promise<PhaseResult> {
    await new Promise((r) => setTimeout(r, WARMUP_MS));
    this.frames = 0;
    this.gaps = [];
    this.measuring = true;
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const elapsed = (performance.now() - t0) / 1000;
    this.measuring = false;
    const sorted = [...this.gaps].sort((a, b) => a - b);
    const p99 = sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)] ?? Number.NaN;
    return { framesPerSecond: this.frames / elapsed, p99GapMs: p99 };
  }

  close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}

async function answerServer(mediaUrl: string): Promise<{ server: Server; url: string }> {
  const body = `<Response><Stream bidirectional="true" keepCallAlive="true" contentType="audio/x-mulaw;rate=8000">${mediaUrl}</Stream></Response>`;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/xml' });
      res.end(req.url?.startsWith('/answer') ? body : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function sandboxPhase(counter: CountingServer, mediaUrl: string, streams: number, seconds: number) {
  const app = await answerServer(mediaUrl);
  const sandbox = await createVobizSandbox({ timeScale: 1 });
  try {
    for (let i = 0; i < streams; i++) {
      sandbox.placeInboundCall({
        from: `+9190000${String(i).padStart(5, '0')}`,
        to: '+918000000000',
        answerUrl: `${app.url}/answer`,
        hangupUrl: `${app.url}/hangup`,
      });
    }
    await counter.until(() => counter.connections >= streams, 10_000, `${streams} sandbox streams`);
    return await counter.measure(seconds);
  } finally {
    await sandbox.close();
    app.server.closeAllConnections();
    await new Promise<void>((resolve) => app.server.close(() => resolve()));
  }
}

/** What a hand-rolled relay does: one timer per socket, the same JSON frame every 20 ms. */
async function baselinePhase(counter: CountingServer, mediaUrl: string, streams: number, seconds: number) {
  const sockets: WebSocket[] = [];
  const timers: NodeJS.Timeout[] = [];
  const silence = Buffer.alloc(160, 0xff).toString('base64');
  try {
    for (let i = 0; i < streams; i++) {
      const ws = new WebSocket(mediaUrl, { perMessageDeflate: false });
      sockets.push(ws);
      ws.on('error', () => undefined);
      ws.on('open', () => {
        const streamId = `baseline-${i}`;
        let seq = 0;
        ws.send(JSON.stringify({ sequenceNumber: seq++, event: 'start', start: { streamId } }));
        let chunk = 0;
        timers.push(
          setInterval(() => {
            chunk++;
            ws.send(
              JSON.stringify({
                sequenceNumber: seq++,
                streamId,
                event: 'media',
                media: { track: 'inbound', timestamp: String(Date.now()), chunk, payload: silence },
                extra_headers: '{}',
              }),
            );
          }, FRAME_MS),
        );
      });
    }
    await counter.until(() => counter.connections >= streams, 10_000, `${streams} baseline sockets`);
    return await counter.measure(seconds);
  } finally {
    for (const t of timers) clearInterval(t);
    for (const s of sockets) s.terminate();
  }
}

export async function benchSandboxMedia(opts: { streams?: number; seconds?: number } = {}): Promise<{
  name: string;
  rows: Array<{ label: string; value: number; unit: string }>;
  ratio: number;
  baseline: string;
  notes?: string;
}> {
  const streams = Math.max(1, Math.floor(opts.streams ?? 100));
  // Two phases of (warm-up + window) plus set-up must stay well under 30 s.
  const seconds = Math.min(Math.max(opts.seconds ?? 3, 1), 10);
  const counter = new CountingServer();
  const mediaUrl = await counter.ready();
  try {
    const sandbox = await sandboxPhase(counter, mediaUrl, streams, seconds);
    counter.reset();
    const baseline = await baselinePhase(counter, mediaUrl, streams, seconds);
    const expected = streams * (1000 / FRAME_MS);
    const rows: Row[] = [
      { label: 'concurrent streams', value: streams, unit: 'streams' },
      { label: 'expected (streams × 50)', value: expected, unit: 'frames/s' },
      { label: 'sandbox media received', value: sandbox.framesPerSecond, unit: 'frames/s' },
      { label: 'raw ws baseline received', value: baseline.framesPerSecond, unit: 'frames/s' },
      { label: 'sandbox p99 inter-frame gap', value: sandbox.p99GapMs, unit: 'ms' },
      { label: 'baseline p99 inter-frame gap', value: baseline.p99GapMs, unit: 'ms' },
    ];
    return {
      name: `sandbox <Stream> media throughput (${streams} streams, ${seconds} s window)`,
      rows,
      ratio: sandbox.framesPerSecond / baseline.framesPerSecond,
      baseline: 'raw ws clients sending the same 20 ms frames on per-socket setInterval',
      notes:
        'ratio = sandbox frames/s ÷ baseline frames/s; ~1.0 means the sandbox keeps real-time cadence. ' +
        'The sandbox drives every stream from one drift-corrected 20 ms ticker.',
    };
  } finally {
    await counter.close();
  }
}
