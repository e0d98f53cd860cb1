/**
 * Overhead of `@handoff/openai-realtime`'s bridge: N concurrent simulated calls, each sending 20 ms
 * μ-law frames (50/s) the way Vobiz does, through the bridge to a fake Realtime server that echoes
 * every `input_audio_buffer.append` straight back as a `response.output_audio.delta`, and back to
 * the caller as a `playAudio`. The same traffic then goes through a raw `ws` relay that does the
 * same JSON forwarding (media → append, delta → playAudio) with nothing else, in the same run.
 *
 * Measured per phase: round-tripped frames/s, the p99 round-trip latency per frame (caller →
 * relay → Realtime → relay → caller), and for the bridge the memory per call.
 *
 * Scaled down: the issue asks for 1,000 concurrent calls; the default here is 200 (pass `{ calls }`
 * to change it), because caller emulators, bridge and fake Realtime all share this
 * process and its 2 cores, and the run must stay under ~30 s. The callers are plain `ws` clients
 * speaking the Vobiz `<Stream>` protocol rather than sandbox streams, because the latency probe
 * needs a sequence number inside each payload (the sandbox sends its own audio).
 */
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createHandoff } from '@handoff/core';
import { createRealtimeBridge } from '@handoff/openai-realtime';
import { WebSocket, WebSocketServer } from 'ws';
import { percentile } from './stats.js';
import type { BenchResult } from './types.js';

const FRAME_MS = 20;
const FRAME_BYTES = 160;
const WARMUP_MS = 1000;

interface PhaseResult {
  framesPerSecond: number;
  p99Ms: number;
  p50Ms: number;
  memoryPerCallKb?: number;
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
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  server.on('connection', (socket) => {
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

/** The baseline: a hand-rolled relay doing the same forwarding and nothing else. */
async function rawRelay(upstream: string): Promise<{ server: WebSocketServer; url: string }> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  server.on('connection', (socket) => {
    const rt = new WebSocket(upstream, { perMessageDeflate: false });
    let streamId = '';
    const queued: string[] = [];
    rt.on('open', () => {
      for (const frame of queued.splice(0)) rt.send(frame);
    });
    rt.on('error', () => undefined);
    socket.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as {
        event?: string;
        start?: { streamId?: string };
        media?: { payload?: string };
      };
      if (msg.event === 'start') streamId = msg.start?.streamId ?? '';
      else if (msg.event === 'media') {
        const frame = JSON.stringify({ type: 'input_audio_buffer.append', audio: msg.media?.payload });
        if (rt.readyState === WebSocket.OPEN) rt.send(frame);
        else queued.push(frame);
      }
    });
    rt.on('message', (raw) => {
      const event = JSON.parse(String(raw)) as { type?: string; delta?: string };
      if (event.type !== 'response.output_audio.delta') return;
      socket.send(
        JSON.stringify({
          event: 'playAudio',
          streamId,
          media: { contentType: 'audio/x-mulaw', sampleRate: 8000, payload: event.delta },
        }),
      );
    });
    socket.on('close', () => rt.close());
  });
  return { server, url: await listening(server) };
}

/** N Vobiz-like callers; each payload carries its send time's index, so the echo gives the RTT. */
async function drive(
  url: string,
  calls: number,
  seconds: number,
  onConnected?: () => void,
): Promise<PhaseResult> {
  const sockets: WebSocket[] = [];
  const timers: NodeJS.Timeout[] = [];
  const latencies: number[] = [];
  let frames = 0;
  let measuring = false;
  let connected = 0;
  try {
    for (let i = 0; i < calls; i++) {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      sockets.push(ws);
      ws.on('error', () => undefined);
      const sentAt: number[] = [];
      ws.on('message', (raw) => {
        const msg = JSON.parse(String(raw)) as { event?: string; media?: { payload?: string } };
        if (msg.event !== 'playAudio' || !measuring) return;
        const payload = Buffer.from(msg.media?.payload ?? '', 'base64');
        const seq = payload.readUInt32BE(0);
        const t0 = sentAt[seq];
        if (t0 === undefined) return;
        frames++;
        latencies.push(performance.now() - t0);
      });
      ws.on('open', () => {
        connected++;
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
    }
    const deadline = performance.now() + 15_000;
    while (connected < calls) {
      if (performance.now() > deadline)
        throw new Error(`openai-realtime bench: only ${connected}/${calls} connected`);
      await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((r) => setTimeout(r, WARMUP_MS));
    onConnected?.();
    measuring = true;
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    measuring = false;
    const elapsed = (performance.now() - t0) / 1000;
    const sorted = latencies.sort((a, b) => a - b);
    return {
      framesPerSecond: frames / elapsed,
      p99Ms: percentile(sorted, 99),
      p50Ms: percentile(sorted, 50),
    };
  } finally {
    for (const t of timers) clearInterval(t);
    for (const s of sockets) s.terminate();
  }
}

export async function benchRealtimeBridge(
  opts: { calls?: number; seconds?: number } = {},
): Promise<BenchResult> {
  const calls = Math.max(1, Math.floor(opts.calls ?? 200));
  const seconds = Math.min(Math.max(opts.seconds ?? 4, 1), 10);
  const fake = await fakeRealtime();

  // Phase 1: the bridge, with a real handoff core behind it (sessions, no carrier calls).
  const handoff = createHandoff({
    transfer: { name: 'bench', transfer: async () => ({ requestId: 'bench' }) } as never,
    destinations: { support: { number: '+919800000002', label: 'Support' } },
  });
  const bridge = createRealtimeBridge({
    handoff,
    openai: { apiKey: 'sk-bench', baseUrl: fake.url },
    fallback: false,
  });
  const bridgeServer = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  let callIndex = 0;
  bridgeServer.on('connection', (socket) => bridge.handle(socket, { callId: `bench-${callIndex++}` }));
  const bridgeUrl = await listening(bridgeServer);
  const before = process.memoryUsage();
  let memoryPerCallKb = Number.NaN;
  let rssPerCallKb = Number.NaN;
  let viaBridge: PhaseResult;
  try {
    viaBridge = await drive(bridgeUrl, calls, seconds, () => {
      const now = process.memoryUsage();
      memoryPerCallKb = (now.heapUsed - before.heapUsed) / calls / 1024;
      rssPerCallKb = (now.rss - before.rss) / calls / 1024;
    });
  } finally {
    bridge.close();
    await closeServer(bridgeServer);
    await handoff.close();
  }

  // Phase 2: the raw relay, same traffic, same fake Realtime.
  const relay = await rawRelay(fake.url);
  let viaRelay: PhaseResult;
  try {
    viaRelay = await drive(relay.url, calls, seconds);
  } finally {
    await closeServer(relay.server);
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
      { label: 'bridge heap per call', value: memoryPerCallKb, unit: 'KiB' },
      { label: 'bridge RSS per call', value: rssPerCallKb, unit: 'KiB' },
    ],
    ratio: viaBridge.framesPerSecond / viaRelay.framesPerSecond,
    baseline: 'raw ws relay doing the same media → append / delta → playAudio forwarding',
    target: '≥ 0.5× the relay, p99 added < 10 ms',
    notes:
      `Scaled down from the issue's 1,000 calls to ${calls} (pass { calls } to change) so the run stays under ~30 s; ` +
      'caller emulators, bridge/relay and the fake Realtime share one process. Round trip = caller → relay → Realtime → relay → caller.',
  };
}
