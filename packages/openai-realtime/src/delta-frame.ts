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

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;

/** 1: a byte a JSON string holds as it is (not `"`, `\` or a control character). */
const PLAIN = new Uint8Array(256);
/** 1: a base64 byte, `=` included (the payload goes out as it came, so its padding is not checked). */
const BASE64 = new Uint8Array(256);
for (let c = 0x20; c < 256; c++) PLAIN[c] = c === QUOTE || c === 0x5c ? 0 : 1;
for (const c of Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/='))
  BASE64[c] = 1;

const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');
const TYPE = Buffer.from('type');
const ITEM_ID = Buffer.from('item_id');
const DELTA = Buffer.from('delta');
const GA_DELTA = Buffer.from('response.output_audio.delta');
const BETA_DELTA = Buffer.from('response.audio.delta');

function same(b: Uint8Array, start: number, end: number, word: Uint8Array): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (b[start + i] !== word[i]) return false;
  return true;
}

/** Past any JSON whitespace from `i`. */
export function skipSpace(b: Uint8Array, i: number): number {
  const n = b.length;
  while (i < n) {
    const c = b[i]!;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

/** The closing quote of a string whose text starts at `i`, or -1 at an escape, a control byte or the end. */
export function stringEnd(b: Uint8Array, i: number): number {
  for (const n = b.length; i < n; i++) if (PLAIN[b[i]!] === 0) return b[i] === QUOTE ? i : -1;
  return -1;
}

/** The closing quote of a base64 string whose text starts at `i`, or -1 at any other byte or the end. */
export function base64End(b: Uint8Array, i: number): number {
  const n = b.length;
  while (i < n && BASE64[b[i]!] === 1) i++;
  return i < n && b[i] === QUOTE ? i : -1;
}

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;

/** Past the JSON number, `true`, `false` or `null` at `i`, or -1 when there is none there. */
export function scalarEnd(b: Uint8Array, i: number): number {
  if (same(b, i, i + 4, TRUE) || same(b, i, i + 4, NULL)) return i + 4;
  if (same(b, i, i + 5, FALSE)) return i + 5;
  if (b[i] === 0x2d) i++;
  if (b[i] === 0x30) i++;
  else if (isDigit(b[i])) while (isDigit(b[i])) i++;
  else return -1;
  if (b[i] === 0x2e) {
    if (!isDigit(b[++i])) return -1;
    while (isDigit(b[i])) i++;
  }
  if (b[i] === 0x65 || b[i] === 0x45) {
    if (b[++i] === 0x2b || b[i] === 0x2d) i++;
    if (!isDigit(b[i])) return -1;
    while (isDigit(b[i])) i++;
  }
  return i;
}

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
