/**
 * Caller audio, 50 frames a second a call, read straight from the bytes `ws` hands over: a `media`
 * frame's payload is located without the frame being decoded to a string or parsed into objects.
 *
 * Guarded: only a JSON object of strings without escapes, numbers, `true`/`false`/`null` and one
 * `media` object of the same (any key order, extra keys, whitespace between tokens), with `event`
 * "media" and a base64 `media.payload`, is read here; anything else (an escape, an array, deeper
 * nesting, trailing bytes, bad JSON) is left to `JSON.parse`. Within that subset every `"` is a
 * string's edge, so no key is read out of another string's text; a repeated key counts by its
 * last value, as `JSON.parse` has it. (`@handoff/openai-realtime` reads the model's audio deltas
 * the same way.)
 */
import {
  base64End,
  COLON,
  COMMA,
  LBRACE,
  QUOTE,
  RBRACE,
  same,
  scalarEnd,
  skipSpace,
  stringEnd,
} from './json-bytes.js';

const [EVENT, MEDIA, PAYLOAD] = ['event', 'media', 'payload'].map((word) => Buffer.from(word)) as [
  Buffer,
  Buffer,
  Buffer,
];

/**
 * Where the last `scanMedia` found the payload's text (start, end: byte offsets inside the
 * quotes). One array for the process, read before the next frame is scanned.
 */
export const payloadAt = new Int32Array(2);

/** Whether `b` is a media frame read here (see above); `payloadAt` says where its payload is. */
export function scanMedia(b: Uint8Array): boolean {
  let isMedia = false;
  let payload = -1;
  /** Inside the `media` object. */
  let nested = false;
  let i = skipSpace(b, 0);
  if (b[i] !== LBRACE) return false;
  i = skipSpace(b, i + 1);
  for (;;) {
    if (b[i] !== QUOTE) return false;
    const key = i + 1;
    const keyEnd = stringEnd(b, key);
    if (keyEnd < 0) return false;
    i = skipSpace(b, keyEnd + 1);
    if (b[i] !== COLON) return false;
    i = skipSpace(b, i + 1);
    const isEvent = !nested && same(b, key, keyEnd, EVENT);
    const isPayload = nested && same(b, key, keyEnd, PAYLOAD);
    const isMediaKey = !nested && same(b, key, keyEnd, MEDIA);
    if (b[i] === QUOTE) {
      // The audio, most of the frame, is read once: a byte not base64 ends it (a quote, or a miss).
      const end = isPayload ? base64End(b, i + 1) : stringEnd(b, i + 1);
      // `media` a string: it has no payload, and the long way says so.
      if (end < 0 || isMediaKey) return false;
      if (isEvent) isMedia = same(b, i + 1, end, MEDIA);
      else if (isPayload) {
        payload = i + 1;
        payloadAt[1] = end;
      }
      i = end + 1;
    } else if (isMediaKey && b[i] === LBRACE) {
      // A repeated `media` replaces the one before, payload and all.
      nested = true;
      payload = -1;
      i = skipSpace(b, i + 1);
      if (b[i] === QUOTE) continue;
    } else {
      // `event` or the payload not a string, or `media` not an object: the long way decides.
      if (isEvent || isPayload || isMediaKey) return false;
      i = scalarEnd(b, i);
      if (i < 0) return false;
    }
    // After a value: the next key, or the end of `media` (then a key or the end), or the end.
    i = skipSpace(b, i);
    if (b[i] === RBRACE && nested) {
      nested = false;
      i = skipSpace(b, i + 1);
    }
    if (b[i] === COMMA) i = skipSpace(b, i + 1);
    else if (b[i] === RBRACE && !nested) break;
    else return false;
  }
  if (skipSpace(b, i + 1) !== b.length || !isMedia || payload < 0) return false;
  payloadAt[0] = payload;
  return true;
}
