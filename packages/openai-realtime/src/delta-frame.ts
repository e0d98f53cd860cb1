/**
 * The model's audio, 50 frames a second a call, read straight from the bytes `ws` hands over: a
 * `response.output_audio.delta` is found, and its `item_id` and base64 `delta` located, without
 * the frame being decoded to a string or parsed into an object.
 *
 * Guarded: only a flat JSON object (strings without escapes, numbers, `true`/`false`/`null`, any
 * key order, any extra keys, whitespace between tokens) with an exact GA or beta delta `type`, a
 * string `item_id` and a base64 `delta` is read here; anything else (a nested value, an escape, a
 * duplicate key that is not a string, trailing bytes, bad JSON) is left to `JSON.parse`. Within
 * that subset every `"` is a string's edge, so no key is read out of another string's text; a
 * repeated key counts by its last value, as `JSON.parse` has it.
 */
import { jsonBytes } from '@handoff/vobiz';

const { base64End, COLON, COMMA, LBRACE, QUOTE, RBRACE, same, scalarEnd, skipSpace, stringEnd } = jsonBytes;

const TYPE = Buffer.from('type');
const ITEM_ID = Buffer.from('item_id');
const DELTA = Buffer.from('delta');
const GA_DELTA = Buffer.from('response.output_audio.delta');
const BETA_DELTA = Buffer.from('response.audio.delta');

/**
 * Where the last `scanDelta` found the delta's `item_id` and `delta` texts (start, end: byte
 * offsets inside the quotes). One array for the process, read before the next frame is scanned.
 */
export const deltaAt = new Int32Array(4);

/** Whether `b` is an audio delta this module reads itself (see above); `deltaAt` says where. */
export function scanDelta(b: Uint8Array): boolean {
  let isDelta = false;
  let item = -1;
  let itemEnd = -1;
  let delta = -1;
  let deltaEnd = -1;
  let i = skipSpace(b, 0);
  if (b[i] !== LBRACE) return false;
  i = skipSpace(b, i + 1);
  for (;;) {
    if (b[i] !== QUOTE) return false;
    const key = i + 1;
    const keyEnd = stringEnd(b, key);
    if (keyEnd < 0) return false;
    const isType = same(b, key, keyEnd, TYPE);
    const isItem = !isType && same(b, key, keyEnd, ITEM_ID);
    const isDeltaKey = !isType && !isItem && same(b, key, keyEnd, DELTA);
    i = skipSpace(b, keyEnd + 1);
    if (b[i] !== COLON) return false;
    i = skipSpace(b, i + 1);
    if (b[i] === QUOTE) {
      // The audio, most of the frame, is read once: a byte not base64 ends it (a quote, or a miss).
      const end = isDeltaKey ? base64End(b, i + 1) : stringEnd(b, i + 1);
      if (end < 0) return false;
      if (isType) isDelta = same(b, i + 1, end, GA_DELTA) || same(b, i + 1, end, BETA_DELTA);
      else if (isItem) {
        item = i + 1;
        itemEnd = end;
      } else if (isDeltaKey) {
        delta = i + 1;
        deltaEnd = end;
      }
      i = end + 1;
    } else {
      // Any of the three not a string: what the event means is `JSON.parse`'s and the handler's call.
      if (isType || isItem || isDeltaKey) return false;
      i = scalarEnd(b, i);
      if (i < 0) return false;
    }
    i = skipSpace(b, i);
    if (b[i] === COMMA) i = skipSpace(b, i + 1);
    else if (b[i] === RBRACE) break;
    else return false;
  }
  if (skipSpace(b, i + 1) !== b.length || !isDelta || item < 0 || delta < 0) return false;
  deltaAt[0] = item;
  deltaAt[1] = itemEnd;
  deltaAt[2] = delta;
  deltaAt[3] = deltaEnd;
  return true;
}

/** Bytes of base64 text `b[start, end)` decodes to, as `Buffer.byteLength(text, 'base64')` counts them. */
export function base64Bytes(b: Uint8Array, start: number, end: number): number {
  let n = end - start;
  if (n > 0 && b[start + n - 1] === 0x3d) n--;
  if (n > 1 && b[start + n - 1] === 0x3d) n--;
  return (n * 3) >>> 2;
}
