import { createHandoff } from '@handoff/core';
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { createRealtimeBridge } from './bridge.js';

const KEY = process.env.OPENAI_API_KEY;

/**
 * Against the real API: a fake Vobiz stream (1 s of μ-law silence) into the bridge, and the session
 * must accept the bridge's GA `session.update` (tools, pcmu in and out) without an error event.
 */
describe('live OpenAI Realtime', () => {
  it.skipIf(!KEY)(
    KEY
      ? 'accepts the GA session.update from the bridge'
      : 'skipped: set OPENAI_API_KEY to run against the real API',
    async () => {
      const handoff = createHandoff({
        transfer: { name: 'none', transfer: async () => ({ requestId: 'none' }) } as never,
        destinations: { support: { number: '+14155550123', label: 'Support' } },
        aiUnavailable: false,
      });
      const events: string[] = [];
      const errors: unknown[] = [];
      const bridge = createRealtimeBridge({
        handoff,
        openai: { apiKey: KEY ?? '', instructions: 'Greet the caller briefly.' },
        onError: (e) => errors.push(e),
        onRealtimeEvent: (e) => events.push(e.type),
      });
      const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
      server.on('connection', (socket) => bridge.handle(socket, { callId: 'live-1' }));
      await new Promise((resolve) => server.once('listening', resolve));
      const { port } = server.address() as { port: number };
      const vobiz = new WebSocket(`ws://127.0.0.1:${port}`);
      await new Promise((resolve) => vobiz.once('open', resolve));
      vobiz.send(
        JSON.stringify({
          event: 'start',
          start: {
            callId: 'live-1',
            streamId: 's1',
            tracks: ['inbound'],
            mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000 },
          },
        }),
      );
      for (let i = 0; i < 50; i++) {
        vobiz.send(
          JSON.stringify({
            event: 'media',
            media: { track: 'inbound', payload: Buffer.alloc(160, 0xff).toString('base64') },
          }),
        );
      }
      const deadline = Date.now() + 15_000;
      while (!events.includes('session.updated') && !events.includes('error') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      vobiz.close();
      server.close();
      await handoff.close();
      expect(events).toContain('session.updated');
      expect(events).not.toContain('error');
      expect(errors).toEqual([]);
    },
    30_000,
  );
});
