import { randomFillSync } from 'node:crypto';

/**
 * Random ids and tokens drawn from a pool the CSPRNG fills a page at a time. Each
 * `randomBytes` call costs the same ~15–25 µs on the machines measured whether it asks for 24
 * bytes or 4 KiB (the call, not the bytes, is the cost), and a handoff needs three (its id, its
 * token, its claim's owner) between the trigger and the carrier. Bytes are handed out once and
 * never reused; the pool is refilled from the same generator when it runs out.
 */
const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let offset = POOL_BYTES;

function take(bytes: number): number {
  if (bytes > POOL_BYTES) throw new RangeError(`at most ${POOL_BYTES} random bytes at a time`);
  if (offset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const start = offset;
  offset += bytes;
  return start;
}

/** `bytes` random bytes as base64url (as `randomBytes(bytes).toString('base64url')`). */
export function randomToken(bytes: number): string {
  const start = take(bytes);
  return pool.toString('base64url', start, start + bytes);
}

/** `bytes` random bytes as lower-case hex. */
export function randomHex(bytes: number): string {
  const start = take(bytes);
  return pool.toString('hex', start, start + bytes);
}

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';
/** The digits of one base-36 number, least significant first, reused (ids are made one at a time). */
const digits: number[] = [];
/** The random bytes being divided down, reused. */
const scratch: number[] = [];

/**
 * `bytes` random bytes read as one big-endian number, in lower-case base 36 padded with zeros to
 * `width` (as `BigInt('0x' + randomHex(bytes)).toString(36).padStart(width, '0')`): long division
 * by 36 over the bytes, with no hex string, BigInt or intermediate strings on the way.
 */
export function randomBase36(bytes: number, width: number): string {
  const start = take(bytes);
  return base36(pool, start, start + bytes, width);
}

/** `source[start..end)` as one big-endian number in base 36, zero-padded to `width` (exported for its test). */
export function base36(source: Uint8Array, start: number, end: number, width: number): string {
  const bytes = end - start;
  for (let i = 0; i < bytes; i++) scratch[i] = source[start + i]!;
  let first = 0;
  let count = 0;
  while (first < bytes) {
    let rest = 0;
    for (let i = first; i < bytes; i++) {
      const value = rest * 256 + scratch[i]!;
      const quotient = Math.floor(value / 36);
      scratch[i] = quotient;
      rest = value - quotient * 36;
    }
    digits[count++] = rest;
    while (first < bytes && scratch[first] === 0) first++;
  }
  if (count === 0) digits[count++] = 0;
  let text = '';
  for (let i = count; i < width; i++) text += '0';
  for (let i = count - 1; i >= 0; i--) text += BASE36[digits[i]!];
  return text;
}
