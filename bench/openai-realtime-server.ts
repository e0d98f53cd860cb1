/**
 * The system under test of `benchRealtimeBridge`, run alone in a child process so the caller
 * emulators and the fake Realtime server (in the parent) do not share its event loop.
 * `bridge`: `@handoff/openai-realtime`'s bridge with a real handoff core behind it, mounted on a
 * plain `ws` server the way `gateway.onMedia(bridge.handle)` mounts it. `relay`: a hand-rolled `ws`
 * relay doing the same forwarding (media → append, delta → playAudio) and nothing else. `peer`:
 * OpenAI's own phone transport, `TwilioRealtimeTransportLayer` (`@openai/agents-extensions`) in a
 * `RealtimeSession`, bridging Twilio Media Streams callers, as its docs set it up.
 * argv: mode, upstream (the fake Realtime URL). Reports `{ url }` once listening, then answers any
 * message with `{ cpuMicros, rss, heapUsed, active, gcMs, gcMaxMs }` (its own process only; the GC
 * figures are totals since the last answer, so a window's pauses can be told apart from the bridge);
 * the message `gc` first runs a full collection (the parent forks it with `--expose-gc`).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PerformanceObserver } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
import { createHandoff } from '@handoff/core';
import { createRealtimeBridge } from '@handoff/openai-realtime';
import { WebSocket, WebSocketServer } from 'ws';

const BACKLOG = 4096;

const mode = process.argv[2];
const upstream = process.argv[3] ?? '';

const http = createServer();
const server = new WebSocketServer({ server: http, perMessageDeflate: false });
let active = 0;
let closeAll = (): void => undefined;
let activeCalls = (): number => active;

if (mode === 'bridge' || mode === 'bridge-nocore') {
  const handoff = createHandoff({
    transfer: { name: 'bench', transfer: async () => ({ requestId: 'bench' }) } as never,
    destinations: { support: { number: '+919800000002', label: 'Support' } },
    aiUnavailable: false,
  });
  // `bridge-nocore` (heap breakdown only): every call attaches to one shared stand-in, so what
  // the bridge keeps per call can be told apart from what the core's session keeps.
  const core =
    mode === 'bridge' ? handoff : Object.assign(Object.create(handoff), { attachCall: () => sharedCall });
  const sharedCall = { transferring: false, detach: () => undefined, aiUnavailable: async () => undefined };
  const bridge = createRealtimeBridge({ handoff: core, openai: { apiKey: 'sk-bench', baseUrl: upstream } });
  let callIndex = 0;
  server.on('connection', (socket) => bridge.handle(socket, { callId: `bench-${callIndex++}` }));
  closeAll = () => {
    bridge.close();
    void handoff.close();
  };
  activeCalls = () => bridge.active;
} else if (mode === 'peer') {
  const { TwilioRealtimeTransportLayer } = await import('@openai/agents-extensions');
  const { RealtimeAgent, RealtimeSession } = await import('@openai/agents/realtime');
  const agent = new RealtimeAgent({ name: 'bench', instructions: 'You are a phone agent.' });
  // 0.12.0 leaves the session on 24 kHz PCM unless the audio block says μ-law both ways.
  const audio = {
    input: { format: { type: 'audio/pcmu' as const } },
    output: { format: { type: 'audio/pcmu' as const } },
  };
  const sessions = new Set<{ close(): void }>();
  server.on('connection', (socket) => {
    const transport = new TwilioRealtimeTransportLayer({ twilioWebSocket: socket });
    const session = new RealtimeSession(agent, { transport, model: 'gpt-realtime', config: { audio } });
    sessions.add(session);
    socket.on('close', () => {
      sessions.delete(session);
      session.close();
    });
    session.connect({ apiKey: 'sk-bench', url: upstream }).catch(() => socket.close());
  });
  closeAll = () => {
    for (const session of sessions) session.close();
  };
  activeCalls = () => sessions.size;
} else if (mode === 'sockets') {
  // Heap breakdown only: the two sockets a call needs, and nothing read from either.
  server.on('connection', (socket) => {
    active++;
    const rt = new WebSocket(upstream, { perMessageDeflate: false });
    rt.on('error', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      active--;
      rt.close();
    });
  });
} else {
  server.on('connection', (socket) => {
    active++;
    const rt = new WebSocket(upstream, { perMessageDeflate: false });
    let streamId = '';
    const queued: string[] = [];
    rt.on('open', () => {
      for (const frame of queued.splice(0)) rt.send(frame);
    });
    rt.on('error', () => undefined);
    socket.on('error', () => undefined);
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
    socket.on('close', () => {
      active--;
      rt.close();
    });
  });
}

let gcMs = 0;
let gcMaxMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcMs += entry.duration;
    gcMaxMs = Math.max(gcMaxMs, entry.duration);
  }
}).observe({ entryTypes: ['gc'] });

await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', BACKLOG, resolve));
process.send?.({ url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}` });
process.on('message', (message) => {
  if (message === 'gc') globalThis.gc?.();
  // Heap breakdown only: a snapshot to diff by constructor (`openai-realtime-heap.ts`).
  if (typeof message === 'object' && message !== null && 'snapshot' in message)
    writeHeapSnapshot(String(message.snapshot));
  const usage = process.cpuUsage();
  const memory = process.memoryUsage();
  process.send?.({
    cpuMicros: usage.user + usage.system,
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    active: activeCalls(),
    gcMs,
    gcMaxMs,
  });
  gcMs = 0;
  gcMaxMs = 0;
});
process.on('disconnect', () => {
  closeAll();
  process.exit(0);
});
