import { createHandoff } from '@handoff/core';
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { FakeRealtime } from './__fixtures__/fake-realtime.js';
import { until } from './__fixtures__/stack.js';
import { createRealtimeBridge, type RealtimeBridgeOptions } from './bridge.js';
import type { RealtimeServerEvent } from './realtime-codec.js';

const API_KEY = 'sk-test-fake';
const AUDIO = Buffer.alloc(160, 0xd5).toString('base64');

/**
 * One call on a plain `ws` server, audio both ways: what the caller's socket and the model's socket
 * received, each frame with whether it came as text.
 */
async function relay(extra: Partial<RealtimeBridgeOptions>, deltas: string[]) {
  const fake = await FakeRealtime.start(API_KEY);
  const handoff = createHandoff({
    transfer: { name: 'none', transfer: async () => ({ requestId: 'none' }) } as never,
    destinations: { support: { number: '+919800000002', label: 'Support' } },
  });
  const errors: unknown[] = [];
  const bridge = createRealtimeBridge({
    handoff,
    openai: { apiKey: API_KEY, baseUrl: fake.url },
    onError: (error) => errors.push(error),
    ...extra,
  });
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  server.on('connection', (socket) => bridge.handle(socket, { callId: 'bytes-1' }));
  await new Promise((resolve) => server.once('listening', resolve));
  const vobiz = new WebSocket(`ws://127.0.0.1:${(server.address() as { port: number }).port}`);
  const plays: Array<{ text: string; binary: boolean }> = [];
  vobiz.on('message', (data, binary) => plays.push({ text: String(data), binary }));
  try {
    await new Promise((resolve) => vobiz.once('open', resolve));
    const start = {
      callId: 'bytes-1',
      streamId: 'st "1"',
      tracks: ['inbound'],
      mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000 },
    };
    vobiz.send(JSON.stringify({ sequenceNumber: 0, event: 'start', start, extra_headers: '{}' }));
    const media = { track: 'inbound', timestamp: '1', chunk: 1, payload: AUDIO };
    vobiz.send(JSON.stringify({ sequenceNumber: 1, streamId: 'st "1"', event: 'media', media }));
    const rt = await fake.connection();
    const appendRaw: Array<{ text: string; binary: boolean }> = [];
    rt.socket.on('message', (data, binary) => appendRaw.push({ text: String(data), binary }));
    await rt.waitFor('input_audio_buffer.append');
    vobiz.send(JSON.stringify({ sequenceNumber: 2, streamId: 'st "1"', event: 'media', media }));
    await until(() => rt.count('input_audio_buffer.append') >= 2 || undefined);
    for (const delta of deltas) rt.socket.send(delta);
    await until(() => plays.length >= deltas.length || undefined);
    return { plays, appends: rt.received, appendRaw, errors };
  } finally {
    vobiz.terminate();
    bridge.close();
    await new Promise((resolve) => server.close(resolve));
    await fake.close();
    await handoff.close();
  }
}

const ga = (delta: string) =>
  JSON.stringify({
    type: 'response.output_audio.delta',
    event_id: 'event_1',
    response_id: 'resp_1',
    item_id: 'item_1',
    output_index: 0,
    content_index: 0,
    delta,
  });

describe('the bridge relays audio from frame bytes', () => {
  it('sends text frames both ways, byte for byte what the parsed path sends', async () => {
    const escaped = ga('//8=').replace('//8=', '\\/\\/8='); // read by JSON.parse: the same audio
    const { plays, appends, appendRaw, errors } = await relay({}, [ga(AUDIO), escaped, ga('//8=')]);
    expect(errors).toEqual([]);
    const append = `{"type":"input_audio_buffer.append","audio":${JSON.stringify(AUDIO)}}`;
    const rawAppends = appendRaw.filter((f) => f.text.includes('input_audio_buffer.append'));
    expect(rawAppends.length).toBeGreaterThan(0);
    for (const frame of rawAppends) expect(frame).toEqual({ text: append, binary: false });
    expect(appends.filter((e) => e.type === 'input_audio_buffer.append')).toEqual([
      { type: 'input_audio_buffer.append', audio: AUDIO },
      { type: 'input_audio_buffer.append', audio: AUDIO },
    ]);
    const play = (payload: string) => ({
      text: JSON.stringify({
        event: 'playAudio',
        streamId: 'st "1"',
        media: { contentType: 'audio/x-mulaw', sampleRate: 8000, payload },
      }),
      binary: false,
    });
    expect(plays).toEqual([play(AUDIO), play('//8='), play('//8=')]);
  });

  it('reports the frames the line counted both ways when the call ends', async () => {
    const ends: Array<[string, unknown]> = [];
    await relay({ onCallEnd: (callId, summary) => ends.push([callId, summary]) }, [ga(AUDIO), ga('//8=')]);
    await until(() => ends.length > 0 || undefined);
    expect(ends).toEqual([['bytes-1', { transferring: false, framesIn: 2, framesOut: 2 }]]);
  });

  it('still hands every delta to onRealtimeEvent, parsed, when it is given', async () => {
    const events: RealtimeServerEvent[] = [];
    const { plays } = await relay({ onRealtimeEvent: (event) => events.push(event) }, [ga(AUDIO)]);
    expect(plays.map((p) => JSON.parse(p.text).media.payload)).toEqual([AUDIO]);
    expect(events.filter((e) => e.type === 'response.output_audio.delta')).toEqual([JSON.parse(ga(AUDIO))]);
  });
});
