/**
 * Byte-level readers for the few JSON frames a bridge relays 50 times a second a call (Vobiz
 * `media`, a Realtime audio delta): enough to locate a base64 payload without decoding the frame
 * to a string or parsing it into objects. Each reader answers only for the subset it can read
 * exactly (strings without escapes or control bytes, JSON scalars); anything else is -1 / false,
 * and the caller leaves the frame to `JSON.parse`.
 */

export const QUOTE = 0x22;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const LBRACE = 0x7b;
export const RBRACE = 0x7d;
/** 1: a byte a JSON string holds as it is (not `"`, `\` or a control character). */
const PLAIN = new Uint8Array(256);
/** 1: a base64 byte, `=` included (payloads go on as they came, so padding is not checked). */
const BASE64 = new Uint8Array(256);
for (let c = 0x20; c < 256; c++) PLAIN[c] = c === QUOTE || c === 0x5c ? 0 : 1;
for (const c of Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/='))
  BASE64[c] = 1;
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');

/** Whether `b[start, end)` holds exactly `word`. */
export function same(b: Uint8Array, start: number, end: number, word: Uint8Array): boolean {
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
 * Locates the string values of `keys` in the flat JSON object `b`: `at[2k]`, `at[2k + 1]` are the
 * text of `keys[k]` inside its quotes (-1 when the key is absent); a repeated key counts by its
 * last value, as `JSON.parse` has it. The value of `keys[base64Key]` must be base64. False for
 * anything outside the subset these readers take (a nested value, an escape, one of `keys` not a
 * string, trailing bytes, bad JSON): then the caller parses the frame.
 */
export function flatStrings(
  b: Uint8Array,
  keys: readonly Uint8Array[],
  at: Int32Array,
  base64Key = -1,
): boolean {
  at.fill(-1);
  let i = skipSpace(b, 0);
  if (b[i] !== LBRACE) return false;
  i = skipSpace(b, i + 1);
  for (;;) {
    if (b[i] !== QUOTE) return false;
    const key = i + 1;
    const keyEnd = stringEnd(b, key);
    if (keyEnd < 0) return false;
    let k = keys.length - 1;
    while (k >= 0 && !same(b, key, keyEnd, keys[k]!)) k--;
    i = skipSpace(b, keyEnd + 1);
    if (b[i] !== COLON) return false;
    i = skipSpace(b, i + 1);
    if (b[i] === QUOTE) {
      // A payload, most of the frame, is read once: a byte not base64 ends it (a quote, or a miss).
      const end = k === base64Key ? base64End(b, i + 1) : stringEnd(b, i + 1);
      if (end < 0) return false;
      if (k >= 0) {
        at[2 * k] = i + 1;
        at[2 * k + 1] = end;
      }
      i = end + 1;
    } else {
      // One of `keys` not a string: what the frame means is `JSON.parse`'s and its reader's call.
      if (k >= 0) return false;
      i = scalarEnd(b, i);
      if (i < 0) return false;
    }
    i = skipSpace(b, i);
    if (b[i] === COMMA) i = skipSpace(b, i + 1);
    else if (b[i] === RBRACE) break;
    else return false;
  }
  return skipSpace(b, i + 1) === b.length;
}
