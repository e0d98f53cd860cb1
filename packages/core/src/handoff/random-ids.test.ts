import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base36, randomBase36, randomHex, randomToken } from './random-ids.js';

describe('random ids from the pool', () => {
  it('hands out the sizes asked for, in their alphabets', () => {
    expect(randomToken(24)).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(randomToken(9)).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(randomHex(13)).toMatch(/^[0-9a-f]{26}$/);
  });

  it('never hands out the same bytes twice, across many refills of the pool', () => {
    // 24 bytes each: 2,000 tokens take the 4 KiB pool through about a dozen refills, and a
    // request that does not fit in what is left of the pool starts a fresh one.
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i++) seen.add(randomToken(24));
    expect(seen.size).toBe(2_000);
    const hex = new Set<string>();
    for (let i = 0; i < 1_000; i++) hex.add(randomHex(13));
    expect(hex.size).toBe(1_000);
  });

  it('refuses more than a pool at once instead of handing out a short token', () => {
    expect(() => randomToken(5_000)).toThrow(RangeError);
  });

  it('reads bytes in base 36 exactly as BigInt does, zeros and all-ones included', () => {
    const cases = [
      Buffer.alloc(13),
      Buffer.alloc(13, 0xff),
      Buffer.from([0, 0, 1]),
      Buffer.from([35]),
      Buffer.from([36]),
    ];
    for (let i = 0; i < 2_000; i++) cases.push(randomBytes(1 + (i % 16)));
    for (const bytes of cases) {
      const expected = BigInt(`0x${bytes.toString('hex')}`)
        .toString(36)
        .padStart(20, '0');
      expect(base36(bytes, 0, bytes.length, 20)).toBe(expected);
    }
    expect(randomBase36(13, 20)).toMatch(/^[0-9a-z]{20,21}$/);
  });
});
