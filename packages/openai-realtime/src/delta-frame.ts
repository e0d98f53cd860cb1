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

const ITEM_ID = Buffer.from('item_id');
const DELTA = Buffer.from('delta');
const TYPE = Buffer.from('type');
const GA_DELTA = Buffer.from('response.output_audio.delta');
const BETA_DELTA = Buffer.from('response.audio.delta');
/** In this order, so `deltaAt` starts with the item id's and the delta's offsets. */
const KEYS = [ITEM_ID, DELTA, TYPE];

/**
 * Where the last `scanDelta` found the delta's `item_id` and `delta` texts (start, end: byte
 * offsets inside the quotes; then the type's). One array for the process, read before the next
 * frame is scanned.
 */
export const deltaAt = new Int32Array(6);

/** Whether `b` is an audio delta this module reads itself (see above); `deltaAt` says where. */
export function scanDelta(b: Uint8Array): boolean {
  if (!jsonBytes.flatStrings(b, KEYS, deltaAt, 1)) return false;
  const type = deltaAt[4]!;
  const typeEnd = deltaAt[5]!;
  return (
    deltaAt[0]! >= 0 &&
    deltaAt[2]! >= 0 &&
    type >= 0 &&
    (jsonBytes.same(b, type, typeEnd, GA_DELTA) || jsonBytes.same(b, type, typeEnd, BETA_DELTA))
  );
}

/** Bytes of base64 text `b[start, end)` decodes to, as `Buffer.byteLength(text, 'base64')` counts them. */
export function base64Bytes(b: Uint8Array, start: number, end: number): number {
  let n = end - start;
  if (n > 0 && b[start + n - 1] === 0x3d) n--;
  if (n > 1 && b[start + n - 1] === 0x3d) n--;
  return (n * 3) >>> 2;
}
