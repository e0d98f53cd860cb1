import { describe, expect, it } from 'vitest';
import { base64Bytes, deltaAt, scanDelta } from './delta-frame.js';

const AUDIO = Buffer.alloc(160, 0xd5).toString('base64');

/** A GA delta as OpenAI sends it: type, event_id, response_id, item_id, output_index, content_index, delta. */
function ga(delta = AUDIO, item = 'item_1'): string {
  return JSON.stringify({
    type: 'response.output_audio.delta',
    event_id: 'event_42',
    response_id: 'resp_1',
    item_id: item,
    output_index: 0,
    content_index: 0,
    delta,
  });
}

/** What the codec's slow path reads of `text`: the item and audio of a delta, or undefined. */
function parsed(text: string): { item: string; delta: string } | undefined {
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return undefined;
  const e = event as Record<string, unknown>;
  if (e.type !== 'response.output_audio.delta' && e.type !== 'response.audio.delta') return undefined;
  if (typeof e.item_id !== 'string' || typeof e.delta !== 'string') return undefined;
  return { item: e.item_id, delta: e.delta };
}

/** What the fast path read of `text`, or undefined when it left the frame to `JSON.parse`. */
function scanned(text: string | Buffer): { item: string; delta: string } | undefined {
  const b = typeof text === 'string' ? Buffer.from(text) : text;
  if (!scanDelta(b)) return undefined;
  return {
    item: b.toString('utf8', deltaAt[0], deltaAt[1]),
    delta: b.toString('utf8', deltaAt[2], deltaAt[3]),
  };
}

/** Deterministic: the same mutations on every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x80000000;
  };
}

describe('scanDelta', () => {
  it('reads a GA delta in OpenAI field order, the beta name, any order, extra fields and whitespace', () => {
    const reordered = JSON.stringify({
      delta: AUDIO,
      item_id: 'item_9',
      type: 'response.output_audio.delta',
    });
    const extra = JSON.stringify({
      type: 'response.audio.delta',
      item_id: 'item_2',
      flag: true,
      nothing: null,
      n: -1.5e3,
      note: 'ünïcode, {"braces"} no: ',
      delta: 'AAAA',
    }).replace('\\"braces\\"', 'braces');
    const spaced = '{ "type" : "response.output_audio.delta" ,\n\t"item_id":"i", "delta": "//8=" }\r\n';
    for (const text of [ga(), reordered, extra, spaced]) {
      expect(scanned(text)).toEqual(parsed(text));
      expect(scanned(text)).toBeDefined();
    }
    expect(scanned(ga(AUDIO, 'item_ü'))).toEqual({ item: 'item_ü', delta: AUDIO });
  });

  it('leaves anything else to JSON.parse: escapes, nesting, other events, non-string fields, bad JSON', () => {
    const cases = [
      ga('AA\\/8='.replace('\\/', '/')).replace('AA/8=', 'AA\\/8='), // an escaped slash in the audio
      ga(AUDIO, 'item"1'), // an escaped quote in the item
      JSON.stringify({ type: 'response.output_audio.delta', item_id: 'i', delta: 'AAAA', extra: { a: 1 } }),
      JSON.stringify({ type: 'response.output_audio.delta', item_id: 'i', delta: 'AAAA', list: [1] }),
      JSON.stringify({ type: 'response.output_audio_transcript.delta', item_id: 'i', delta: 'Hello' }),
      JSON.stringify({ type: 'response.output_audio.delta', item_id: 7, delta: 'AAAA' }),
      JSON.stringify({ type: 'response.output_audio.delta', item_id: 'i', delta: null }),
      JSON.stringify({ type: 'response.output_audio.delta', delta: 'AAAA' }),
      JSON.stringify({ type: 'response.output_audio.delta', item_id: 'i', delta: 'not base64!' }),
      // A repeated key counts by its last value, as JSON.parse has it.
      '{"type":"response.output_audio.delta","item_id":"i","delta":"AAAA","type":"error"}',
      '{"type":"response.output_audio.delta","item_id":"i","delta":"AAAA","delta":1}',
      '{"type":"response.output_audio.delta","item_id":"i","delta":"AAAA"}x',
      '{"type":"response.output_audio.delta","item_id":"i","delta":"AAAA",}',
      '{"type":"response.output_audio.delta","item_id":"i","delta":"AAAA","n":01}',
      '{"type":"response.output_audio.delta","item_id":"i","delta":"AAAA","n":tru}',
      '{"type":"response.output_audio.delta","item_id":"i\u0001","delta":"AAAA"}',
      '["response.output_audio.delta"]',
      '',
      '{',
    ];
    for (const text of cases) expect(scanned(text), text).toBeUndefined();
    // Only the last of a repeated key: the audio that JSON.parse would read.
    const twice = '{"type":"response.output_audio.delta","delta":"AAAA","item_id":"i","delta":"BBBB"}';
    expect(scanned(twice)).toEqual(parsed(twice));
  });

  it('never reads a mutated frame other than JSON.parse does', () => {
    const rand = random(19);
    const base = [
      ga(),
      ga('AA=='),
      JSON.stringify({ item_id: 'x', type: 'response.audio.delta', delta: 'AQID' }),
    ];
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
      const text = chars.join('');
      const fast = scanned(text);
      if (fast === undefined) continue;
      read++;
      expect(fast, text).toEqual(parsed(text));
    }
    // The fuzz reaches the fast path, not only its refusals.
    expect(read).toBeGreaterThan(1000);
  });

  it('counts the audio as Buffer.byteLength does', () => {
    for (const text of ['', 'AA==', 'AAA=', 'AAAA', AUDIO, `${AUDIO}AA==`, '=', '==']) {
      const b = Buffer.from(`"${text}"`);
      expect(base64Bytes(b, 1, b.length - 1), text).toBe(Buffer.byteLength(text, 'base64'));
    }
  });
});
