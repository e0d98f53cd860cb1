import { describe, expect, it } from 'vitest';
import { luhnCheckDigit, luhnValid, verhoeffCheckDigit, verhoeffValid } from './checksums.js';

describe('Luhn', () => {
  it('completes any prefix to a valid number, and one changed digit breaks it', () => {
    for (const prefix of ['7992739871', '411111111111111', '37828224631000', '601100099013942']) {
      const full = prefix + luhnCheckDigit(prefix);
      expect(luhnValid(full)).toBe(true);
      const last = Number(full.at(-1));
      expect(luhnValid(full.slice(0, -1) + ((last + 1) % 10))).toBe(false);
    }
  });

  it('matches the textbook example', () => {
    // The worked example from the Luhn algorithm's description: 7992739871 → check digit 3.
    expect(luhnCheckDigit('7992739871')).toBe('3');
  });

  it('rejects non-digits', () => {
    expect(luhnValid('4242-4242')).toBe(false);
    expect(() => luhnCheckDigit('12a')).toThrow(TypeError);
  });
});

describe('Verhoeff', () => {
  it('matches the textbook example', () => {
    // 236 → check digit 3, the example used to explain the algorithm.
    expect(verhoeffCheckDigit('236')).toBe('3');
    expect(verhoeffValid('2363')).toBe(true);
  });

  it('completes any prefix to a valid number and catches single-digit errors and swaps', () => {
    for (const prefix of ['23456789012', '98765432109', '50000000000']) {
      const full = prefix + verhoeffCheckDigit(prefix);
      expect(verhoeffValid(full)).toBe(true);
      for (let i = 0; i < full.length; i++) {
        const wrong = full.slice(0, i) + ((Number(full[i]) + 3) % 10) + full.slice(i + 1);
        expect(verhoeffValid(wrong)).toBe(false);
      }
      const swapped = full[1]! + full[0]! + full.slice(2);
      if (swapped !== full) expect(verhoeffValid(swapped)).toBe(false);
    }
  });
});
