import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wordsIn } from './text.js';

const bySplit = (text: string, from: number, to: number) =>
  text
    .slice(from, to)
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter((w) => w !== '');

describe('wordsIn', () => {
  it('gives the words of a window as the regex split does, in ASCII and other text', () => {
    const pieces = fc.constantFrom('ab', '12', ' ', '.', ',', '-', 'रुपये', 'é', '\t', '₹', '😀', 'x');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 20 }), fc.nat(60), fc.nat(80), (parts, a, b) => {
        const text = parts.join('');
        const from = Math.min(a, text.length);
        expect(wordsIn(text, from, b)).toEqual(bySplit(text, from, b));
      }),
    );
  });

  it('reads the whole text by default', () => {
    expect(wordsIn('paid 1,200 rs. on the 5th')).toEqual(['paid', '1', '200', 'rs', 'on', 'the', '5th']);
  });
});
