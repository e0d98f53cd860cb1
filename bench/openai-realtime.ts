/**
 * Overhead of `@handoff/openai-realtime`'s bridge: N concurrent simulated calls, each sending 20 ms
 * μ-law frames (50/s) the way Vobiz does, through the bridge to a fake Realtime server that echoes
 * every `input_audio_buffer.append` straight back as a `response.output_audio.delta`, and back to
 * the caller as a `playAudio`. The same traffic then goes through a raw `ws` relay that does the
 * same JSON forwarding (media → append, delta → playAudio) with nothing else, in the same run.
 *
 * The system under test (bridge, or the relay) runs alone in a child process
 * (`openai-realtime-server.ts`); the caller emulators and the fake Realtime server run here, so the
 * measured process only bridges. Callers connect in batches of CONNECT_BATCH (each batch awaited)
 * so there is no connect storm. Both sides get the same load and the same method.
 *
 * Measured per phase: round-tripped frames/s over the window, p50/p99 round-trip latency per frame
 * (caller → SUT → Realtime → SUT → caller), and from the child over IPC its CPU time per frame, CPU
 * utilisation, and RSS/heap growth per call (after all calls are connected and warmed up). This
 * process's own CPU utilisation is reported too, to show whether the load generator kept up.
 *
 * The callers are plain `ws` clients speaking the Vobiz `<Stream>` protocol rather than sandbox
 * streams, because the latency probe needs a sequence number inside each payload.
 */
import { type ChildProcess, fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { WebSocket, WebSocketServer } from 'ws';
import { percentile } from './stats.js';
import type { BenchResult } from './types.js';

const FRAME_MS = 20;
const FRAME_BYTES = 160;
const WARMUP_MS = 1000;
const CONNECT_BATCH = 100;
const CONNECT_TIMEOUT_MS = 20_000;
const DEFAULT_CALLS = 1000;

interface ChildUsage {
  cpuMicros: number;
  rss: number;
  heapUsed: number;
  active: number;
}

interface PhaseResult {
  framesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Child CPU time over the window divided by frames round-tripped in it. */
  cpuMicrosPerFrame: number;
  /** Child CPU time over the window / wall time (1 = one core busy). */
  cpuCores: number;
  /** This process (callers + fake Realtime) over the same window. */
  driverCpuCores: number;
  rssPerCallKb: number;
  heapPerCallKb: number;
  connectMs: number;
}

async function listening(server: WebSocketServer): Promise<string> {
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closeServer(server: WebSocketServer): Promise<void> {
  for (const c of server.clients) c.terminate();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** The fake Realtime API: every appended frame comes straight back as model audio. */
async function fakeRealtime(): Promise<{ server: WebSocketServer; url: string }> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false, backlog: 4096 });
  server.on('connection', (socket) => {
    socket.on('error', () => undefined);
    socket.on('message', (raw) => {
      const event = JSON.parse(String(raw)) as { type?: string; audio?: string };
      if (event.type !== 'input_audio_buffer.append') return;
      socket.send(
        JSON.stringify({
          type: 'response.output_audio.delta',
          response_id: 'resp_1',
          item_id: 'item_1',
          output_index: 0,
          content_index: 0,
          delta: event.audio,
        }),
      );
    });
  });
  return { server, url: `${await listening(server)}/v1/realtime` };
}

/** Forks `openai-realtime-server.ts` in `mode`, with this process's loader flags (tsx, conditions). */
async function startSut(mode: 'bridge' | 'relay', upstream: string): Promise<{ child: ChildProcess; url: string }> {
  const script = fileURLToPath(new URL('./openai-realtime-server.ts', import.meta.url));
  const child = fork(script, [mode, upstream], {
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.once('message', (message) => resolve((message as { url: string }).url));
      child.once('exit', (code) => reject(new Error(`openai-realtime bench (${mode}) exited with ${code}`)));
    });
    return { child, url };
  } catch (error) {
    child.kill();
    throw error;
  }
}

function usage(child: ChildProcess): Promise<ChildUsage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('openai-realtime bench: child did not answer')), 10_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message as ChildUsage);
    });
    child.send('usage');
  });
}

async function stopSut(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.disconnect();
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

function ownCpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** N Vobiz-like callers; each payload carries its frame index, so the echo gives the RTT. */
async function drive(child: ChildProcess, url: string, calls: number, seconds: number): Promise<PhaseResult> {
  const sockets: WebSocket[] = [];
  const timers: NodeJS.Timeout[] = [];
  const latencies: number[] = [];
  let frames = 0;
  let measuring = false;
  let stopped = false;

  const open = (i: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      sockets.push(ws);
      const sentAt: number[] = [];
      ws.once('error', reject);
      ws.on('message', (raw) => {
        if (!measuring) return;
        const msg = JSON.parse(String(raw)) as { event?: string; media?: { payload?: string } };
        if (msg.event !== 'playAudio') return;
        const seq = Buffer.from(msg.media?.payload ?? '', 'base64').readUInt32BE(0);
        const t0 = sentAt[seq];
        if (t0 === undefined) return;
        frames++;
        latencies.push(performance.now() - t0);
      });
      ws.once('open', () => {
        ws.off('error', reject);
        ws.on('error', () => undefined);
        resolve();
        if (stopped) return;
        const streamId = `stream-${i}`;
        let sequenceNumber = 0;
        ws.send(
          JSON.stringify({
            sequenceNumber: sequenceNumber++,
            event: 'start',
            start: {
              callId: `bench-call-${i}`,
              streamId,
              accountId: '1',
              tracks: ['inbound'],
              mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000 },
            },
            extra_headers: '{}',
          }),
        );
        let chunk = 0;
        timers.push(
          setInterval(() => {
            if (ws.readyState !== WebSocket.OPEN) return;
            const payload = Buffer.alloc(FRAME_BYTES, 0xff);
            payload.writeUInt32BE(chunk, 0);
            sentAt[chunk] = performance.now();
            chunk++;
            ws.send(
              JSON.stringify({
                sequenceNumber: sequenceNumber++,
                streamId,
                event: 'media',
                media: {
                  track: 'inbound',
                  timestamp: String(Date.now()),
                  chunk,
                  payload: payload.toString('base64'),
                },
                extra_headers: '{}',
              }),
            );
          }, FRAME_MS),
        );
      });
    });

  try {
    const before = await usage(child);
    const connectStart = performance.now();
    for (let first = 0; first < calls; first += CONNECT_BATCH) {
      const batch: Promise<void>[] = [];
      for (let i = first; i < Math.min(calls, first + CONNECT_BATCH); i++) batch.push(open(i));
      await Promise.all(batch);
      if (performance.now() - connectStart > CONNECT_TIMEOUT_MS)
        throw new Error(`openai-realtime bench: only ${first + batch.length}/${calls} connected in time`);
    }
    const connectMs = performance.now() - connectStart;
    await new Promise((r) => setTimeout(r, WARMUP_MS));

    const start = await usage(child);
    if (start.active < calls)
      throw new Error(`openai-realtime bench: the child holds ${start.active}/${calls} calls after warm-up`);
    const ownStart = ownCpuMicros();
    measuring = true;
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    measuring = false;
    const elapsedMs = performance.now() - t0;
    const end = await usage(child);
    const ownEnd = ownCpuMicros();

    const sorted = latencies.sort((a, b) => a - b);
    const cpuMicros = end.cpuMicros - start.cpuMicros;
    return {
      framesPerSecond: frames / (elapsedMs / 1000),
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      cpuMicrosPerFrame: cpuMicros / frames,
      cpuCores: cpuMicros / 1000 / elapsedMs,
      driverCpuCores: (ownEnd - ownStart) / 1000 / elapsedMs,
      rssPerCallKb: (start.rss - before.rss) / calls / 1024,
      heapPerCallKb: (start.heapUsed - before.heapUsed) / calls / 1024,
      connectMs,
    };
  } finally {
    stopped = true;
    for (const t of timers) clearInterval(t);
    for (const s of sockets) s.terminate();
  }
}

async function phase(mode: 'bridge' | 'relay', upstream: string, calls: number, seconds: number): Promise<PhaseResult> {
  const sut = await startSut(mode, upstream);
  try {
    return await drive(sut.child, sut.url, calls, seconds);
  } finally {
    await stopSut(sut.child);
  }
}

export async function benchRealtimeBridge(
  opts: { calls?: number; seconds?: number } = {},
): Promise<BenchResult> {
  const calls = Math.max(1, Math.floor(opts.calls ?? DEFAULT_CALLS));
  const seconds = Math.min(Math.max(opts.seconds ?? 5, 1), 10);
  const fake = await fakeRealtime();
  let viaBridge: PhaseResult;
  let viaRelay: PhaseResult;
  try {
    viaRelay = await phase('relay', fake.url, calls, seconds);
    for (const c of fake.server.clients) c.terminate();
    viaBridge = await phase('bridge', fake.url, calls, seconds);
  } finally {
    await closeServer(fake.server);
  }

  const expected = calls * (1000 / FRAME_MS);
  return {
    name: `openai-realtime bridge overhead (${calls} concurrent calls, ${seconds} s window)`,
    rows: [
      { label: 'concurrent calls', value: calls, unit: 'calls' },
      { label: 'offered (calls × 50)', value: expected, unit: 'frames/s' },
      { label: 'bridge round-tripped', value: viaBridge.framesPerSecond, unit: 'frames/s' },
      { label: 'raw ws relay round-tripped', value: viaRelay.framesPerSecond, unit: 'frames/s' },
      { label: 'bridge p50 round trip', value: viaBridge.p50Ms, unit: 'ms' },
      { label: 'bridge p99 round trip', value: viaBridge.p99Ms, unit: 'ms' },
      { label: 'relay p50 round trip', value: viaRelay.p50Ms, unit: 'ms' },
      { label: 'relay p99 round trip', value: viaRelay.p99Ms, unit: 'ms' },
      { label: 'p99 added by the bridge (vs relay)', value: viaBridge.p99Ms - viaRelay.p99Ms, unit: 'ms' },
      { label: 'bridge process CPU per frame', value: viaBridge.cpuMicrosPerFrame, unit: 'µs' },
      { label: 'relay process CPU per frame', value: viaRelay.cpuMicrosPerFrame, unit: 'µs' },
      { label: 'bridge process CPU', value: viaBridge.cpuCores, unit: 'cores' },
      { label: 'relay process CPU', value: viaRelay.cpuCores, unit: 'cores' },
      { label: 'driver CPU (callers + fake Realtime), bridge phase', value: viaBridge.driverCpuCores, unit: 'cores' },
      { label: 'driver CPU (callers + fake Realtime), relay phase', value: viaRelay.driverCpuCores, unit: 'cores' },
      { label: 'bridge process RSS per call', value: viaBridge.rssPerCallKb, unit: 'KiB' },
      { label: 'bridge process heap per call', value: viaBridge.heapPerCallKb, unit: 'KiB' },
      { label: 'relay process RSS per call', value: viaRelay.rssPerCallKb, unit: 'KiB' },
      { label: 'relay process heap per call', value: viaRelay.heapPerCallKb, unit: 'KiB' },
      { label: 'bridge connect time (all calls)', value: viaBridge.connectMs, unit: 'ms' },
      { label: 'relay connect time (all calls)', value: viaRelay.connectMs, unit: 'ms' },
    ],
    ratio: viaBridge.framesPerSecond / viaRelay.framesPerSecond,
    baseline: 'raw ws relay doing the same media → append / delta → playAudio forwarding, in its own child process',
    target: '≥ 0.5× the relay, p99 added < 10 ms',
    notes:
      `The bridge and the relay each run alone in a child process; callers (connected ${CONNECT_BATCH} at a time) and the fake Realtime ` +
      'server share the parent. Round trip = caller → SUT → Realtime → SUT → caller. Memory per call = child RSS/heap growth ' +
      'from before the first call to after all calls are connected and warmed up. Relay measured first, then the bridge.',
  };
}
