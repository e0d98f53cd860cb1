import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { scanMedia } from './media-frame.js';
import { type StreamLineOptions, type StreamSocket, vobizStreamLine } from './stream-line.js';

const AUDIO = Buffer.alloc(160, 0xff).toString('base64');

/** A Vobiz media frame in the documented order: sequenceNumber, streamId, event, media, extra_headers. */
function media(payload: unknown = AUDIO, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    sequenceNumber: 2,
    streamId: 'c4dfd815',
    event: 'media',
    media: { track: 'inbound', timestamp: '1778597597091', chunk: 2, payload },
    extra_headers: '{}',
    ...extra,
  });
}

/** `media()` with `members` added at its end: keys it already has, again. */
function repeated(members: string): string {
  return media().replace(/}$/, `${members}}`);
}

class FakeSocket extends EventEmitter implements StreamSocket {
  readyState = 1;
  readonly sent: string[] = [];
  sendText?: (data: Buffer) => void;
  send(data: string): void {
    this.sent.push(data);
  }
}

/** What a line hands on for `frame`: as a string (always `JSON.parse`), or as ws's Buffer to a byte reader. */
function through(frame: string, bytes: boolean) {
  const socket = new FakeSocket();
  const media: string[] = [];
  let errors = 0;
  const options: StreamLineOptions = {
    onMedia: (payload) => media.push(`s:${payload}`),
    onError: () => errors++,
  };
  if (bytes) options.onMediaBytes = (b, start, end) => media.push(`s:${b.toString('utf8', start, end)}`);
  const { counts } = vobizStreamLine(socket, options);
  socket.emit('message', bytes ? Buffer.from(frame) : frame);
  return { media, errors, framesIn: counts.framesIn };
}

/** Deterministic: the same mutations on every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x80000000;
  };
}

describe('vobizStreamLine reading media frames from their bytes', () => {
  it('reads the documented frame, reordered fields, extra fields and whitespace without JSON.parse', () => {
    const reordered = JSON.stringify({ media: { payload: 'AAAA', track: 'inbound' }, event: 'media' });
    const extra = media(AUDIO, { note: 'ünïcode {braces} , : ', ok: true, none: null, n: -0.5e-3 });
    const spaced = ' {"event" : "media",\n "media": { "payload" : "//8=" } }\r\n';
    for (const frame of [media(), reordered, extra, spaced]) {
      expect(scanMedia(Buffer.from(frame)), frame).toBe(true);
      expect(through(frame, true)).toEqual(through(frame, false));
    }
    expect(through(media(), true)).toEqual({ media: [`s:${AUDIO}`], errors: 0, framesIn: 1 });
  });

  it('leaves the rest to JSON.parse, with the same outcome as a string frame', () => {
    const cases = [
      media('AA\\/8='.replace('\\/', '/')).replace('AA/8=', 'AA\\/8='), // an escaped slash
      media('AA"=='), // an escaped quote
      media('not base64!'),
      media(42),
      // A repeated key counts by its last value, as JSON.parse has it.
      repeated(',"event":"start"'),
      repeated(',"media":"none"'),
      repeated(',"media":{"track":"inbound"}'),
      repeated(',"media":7'),
      media(AUDIO, { list: [1, 2] }),
      JSON.stringify({ event: 'media', media: { payload: AUDIO, deeper: { a: 1 } } }),
      JSON.stringify({ event: 'media', payload: AUDIO, media: {} }),
      JSON.stringify({ event: 'playedStream', name: 'line-1' }),
      `${media()}x`,
      media().replace('"chunk":2', '"chunk":02'),
      media().replace('"chunk":2', '"chunk":2.'),
      media().replace('"inbound"', '"in\u0001bound"'),
      '{"event":"media","media":{"payload":"AAAA"},}',
      '{"event":"media","media":{"payload":"AAAA",}}',
      '{"event":"media","media":{"payload":"AAAA"}',
      '["media"]',
      '',
    ];
    for (const frame of cases) {
      expect(scanMedia(Buffer.from(frame)), frame).toBe(false);
      expect(through(frame, true), frame).toEqual(through(frame, false));
    }
    // Two payloads: the last, as JSON.parse reads it.
    const twice = '{"event":"media","media":{"payload":"AAAA","payload":"BBBB"}}';
    expect(through(twice, true)).toEqual({ media: ['s:BBBB'], errors: 0, framesIn: 1 });
  });

  it('never hands on a mutated frame other than a string frame is handed on', () => {
    const rand = random(4);
    const base = [media(), media('AA=='), JSON.stringify({ event: 'media', media: { payload: 'AQID' } })];
    const alphabet = '{}[]",:\\ \n0123456789-+.eEtruefalsn/=Aa\u0000ü';
    let read = 0;
    for (let n = 0; n < 20_000; n++) {
      const chars = [...base[n % base.length]!];
      for (let edits = 1 + Math.floor(rand() * 3); edits > 0; edits--) {
        const at = Math.floor(rand() * (chars.length + 1));
        const c = alphabet[Math.floor(rand() * alphabet.length)]!;
        const op = rand();
        if (op < 0.4) chars.splice(at, 1, c);
        else if (op < 0.7) chars.splice(at, 0, c);
        else chars.splice(at, 1);
      }
      const frame = chars.join('');
      if (!scanMedia(Buffer.from(frame))) continue;
      read++;
      expect(through(frame, true), frame).toEqual(through(frame, false));
    }
    expect(read).toBeGreaterThan(1000);
  });

  it('plays bytes as the frame play makes, in one text frame where the socket can send bytes', () => {
    const start = {
      callId: 'c',
      streamId: 'st "1"',
      mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000 },
    };
    const frame = Buffer.from(`xx"${AUDIO}"yy`);
    const text = new FakeSocket();
    const textLine = vobizStreamLine(text, { onError: () => undefined });
    text.emit('message', JSON.stringify({ event: 'start', start }));
    textLine.line.play(AUDIO);
    textLine.line.playBytes?.(frame, 3, 3 + AUDIO.length);
    expect(text.sent).toHaveLength(2);
    expect(text.sent[1]).toBe(text.sent[0]);

    const bytes = Object.assign(new FakeSocket(), { texts: [] as Buffer[] });
    bytes.sendText = (data: Buffer) => void bytes.texts.push(Buffer.from(data));
    const bytesLine = vobizStreamLine(bytes, { onError: () => undefined });
    bytesLine.line.playBytes?.(frame, 3, 3 + AUDIO.length);
    expect(bytes.texts).toEqual([]); // nothing before start
    bytes.emit('message', JSON.stringify({ event: 'start', start }));
    bytesLine.line.playBytes?.(frame, 3, 3 + AUDIO.length);
    expect(bytes.texts.map(String)).toEqual([text.sent[0]]);
    expect(bytesLine.counts.framesOut).toBe(1);
    bytes.emit('message', JSON.stringify({ event: 'start', start: { ...start, streamId: 'st-2' } }));
    bytesLine.line.playBytes?.(frame, 3, 3 + AUDIO.length);
    expect(JSON.parse(String(bytes.texts[1]))).toMatchObject({ streamId: 'st-2', media: { payload: AUDIO } });
    // A stream id longer in UTF-8 than in characters still makes the frame play() makes.
    bytes.emit('message', JSON.stringify({ event: 'start', start: { ...start, streamId: 'st-ü "é"' } }));
    bytesLine.line.playBytes?.(frame, 3, 3 + AUDIO.length);
    bytes.sendText = undefined;
    bytesLine.line.play(AUDIO);
    expect(String(bytes.texts[2])).toBe(bytes.sent.at(-1));
  });
});
