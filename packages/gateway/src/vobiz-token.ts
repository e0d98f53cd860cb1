import { timingSafeEqual } from 'node:crypto';

/** Constant-time, so the token on the callback URLs cannot be guessed byte by byte. */
export function sameToken(expected: string, given: string): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
