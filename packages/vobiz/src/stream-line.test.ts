import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { serialize } from './stream.js';
import { type StreamSocket, vobizStreamLine } from './stream-line.js';

/** A `<Stream>` socket as the line sees it: Vobiz's frames in, the line's frames recorded. */
class FakeSocket extends EventEmitter implements StreamSocket {
  readyState = 1;
  readonly sent: Array<Record<string, unknown>> = [];
  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  start(streamId: string, encoding = 'audio/x-mulaw'): void {
    const start = {
      callId: 'call-1',
      streamId,
      tracks: ['inbound'],
      mediaFormat: { encoding, sampleRate: 8000 },
    };
    this.emit('message', JSON.stringify({ sequenceNumber: 0, event: 'start', start, extra_headers: '{}' }));
  }
  played(name: string): void {
    this.emit('message', JSON.stringify({ event: 'playedStream', name }));
  }
  hangUp(): void {
    this.readyState = 3;
    this.emit('close');
  }
}

function setup() {
  const socket = new FakeSocket();
  const media: string[] = [];
  const starts: string[] = [];
  const errors: unknown[] = [];
  const stream = vobizStreamLine(socket, {
    onMedia: (payload) => media.push(payload),
    onStart: (message) => starts.push(message.streamId),
    onError: (error) => errors.push(error),
  });
  return { socket, media, starts, errors, ...stream };
}

describe('vobizStreamLine', () => {
  it('sends nothing before start, and cannot tell what played', async () => {
    const { socket, line, counts } = setup();
    line.play('//8=');
    line.clear();
    expect(await line.played('reply')).toBe('unknown');
    expect(socket.sent).toEqual([]);
    expect(counts.framesOut).toBe(0);
  });

  it('plays μ-law on the started stream and learns it played from the checkpoint', async () => {
    const { socket, line, counts, starts } = setup();
    socket.start('st-1');
    line.play('//8=');
    const played = line.played('farewell');
    expect(socket.sent).toEqual([
      {
        event: 'playAudio',
        streamId: 'st-1',
        media: { contentType: 'audio/x-mulaw', sampleRate: 8000, payload: '//8=' },
      },
      { event: 'checkpoint', streamId: 'st-1', name: 'farewell-1' },
    ]);
    // Another checkpoint's answer does not settle this one.
    socket.played('other-9');
    socket.played('farewell-1');
    expect(await played).toBe('played');
    expect(counts.framesOut).toBe(1);
    expect(starts).toEqual(['st-1']);
  });

  it('addresses clear and checkpoint frames to the started stream, an id JSON escapes included (kept as JSON only)', () => {
    const { socket, line } = setup();
    const id = 'st "1" \\ é\u2028';
    socket.start(id);
    line.play('//8=');
    line.clear();
    void line.played('reply');
    expect(socket.sent.map((f) => [f.event, f.streamId])).toEqual([
      ['playAudio', id],
      ['clearAudio', id],
      ['checkpoint', id],
    ]);
  });

  it('treats a start with an empty stream id as no stream: nothing is sent', async () => {
    const { socket, line } = setup();
    socket.start('');
    line.play('//8=');
    line.clear();
    expect(await line.played('reply')).toBe('unknown');
    expect(socket.sent).toEqual([]);
  });

  it('names every checkpoint apart, so each wait settles on its own answer', async () => {
    const { socket, line } = setup();
    socket.start('st-1');
    const first = line.played('line');
    const second = line.played('line');
    expect(socket.sent.map((f) => f.name)).toEqual(['line-1', 'line-2']);
    socket.played('line-2');
    expect(await second).toBe('played');
    socket.played('line-1');
    expect(await first).toBe('played');
  });

  it('clears queued audio and settles waits Vobiz will never answer as unknown', async () => {
    const { socket, line } = setup();
    socket.start('st-1');
    const played = line.played('reply');
    line.clear();
    expect(socket.sent.at(-1)).toEqual({ event: 'clearAudio', streamId: 'st-1' });
    expect(await played).toBe('unknown');
  });

  it('settles waits as unknown when the socket closes, and sends nothing after', async () => {
    const { socket, line } = setup();
    socket.start('st-1');
    const played = line.played('farewell');
    socket.hangUp();
    expect(await played).toBe('unknown');
    const before = socket.sent.length;
    line.play('//8=');
    expect(await line.played('late')).toBe('unknown');
    expect(socket.sent).toHaveLength(before);
  });

  it('hands caller audio on and counts it', () => {
    const { socket, media, counts } = setup();
    socket.start('st-1');
    const frame = { event: 'media', media: { track: 'inbound', timestamp: '1', chunk: 1, payload: 'AAAA' } };
    socket.emit('message', JSON.stringify(frame));
    expect(media).toEqual(['AAAA']);
    expect(counts.framesIn).toBe(1);
  });

  it('reads frames as ws hands them (Buffers), and writes playAudio as serialize would, quotes and all', () => {
    const { socket, line, media } = setup();
    const start = {
      callId: 'c',
      streamId: 'st "1"',
      mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000 },
    };
    socket.emit('message', Buffer.from(JSON.stringify({ event: 'start', start })));
    socket.emit('message', Buffer.from(JSON.stringify({ event: 'media', media: { payload: 'AA\\"==' } })));
    line.play('B\\"b');
    expect(media).toEqual(['AA\\"==']);
    const sent: string[] = [];
    socket.send = (data) => void sent.push(data);
    line.play('//8=');
    const media8k = { contentType: 'audio/x-mulaw', sampleRate: 8000, payload: '//8=' } as const;
    expect(sent).toEqual([serialize({ event: 'playAudio', streamId: 'st "1"', media: media8k })]);
    expect(socket.sent.at(-1)).toMatchObject({ streamId: 'st "1"', media: { payload: 'B\\"b' } });
  });

  it('addresses a restarted stream by its new id', () => {
    const { socket, line, starts } = setup();
    socket.start('st-1');
    socket.start('st-2');
    line.play('//8=');
    expect(socket.sent.at(-1)).toMatchObject({ event: 'playAudio', streamId: 'st-2' });
    expect(starts).toEqual(['st-1', 'st-2']);
  });

  it('reports a stream that is not μ-law and a frame that does not parse, without throwing', () => {
    const { socket, errors } = setup();
    socket.start('st-1', 'audio/x-l16');
    socket.emit('message', '{"event":"media","media":{"track":"inbound"}}');
    expect(errors).toHaveLength(2);
    expect(String(errors[0])).toContain('audio/x-l16');
  });
});
