import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clauseTokens, foldText, isUnchanging, tokenize, wordsIn } from './text.js';

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

describe('tokenize and clauseTokens', () => {
  const pieces = fc.constantFrom(
    'Hi',
    'card',
    '12',
    ' ',
    '.',
    ', ',
    '1,500',
    "don't",
    '!',
    '|',
    'नहीं',
    'ज़रूरत',
    '\n',
  );

  it('give the same words, with the breaks only in clause tokens, for text as said or folded', () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 16 }), (parts) => {
        const text = parts.join('');
        const words = foldText(text)
          .split(/[^\p{L}\p{M}\p{N}]+/u)
          .filter((w) => w !== '');
        expect(tokenize(text)).toEqual(words);
        expect(clauseTokens(text).filter((t) => t !== '|')).toEqual(words);
        expect(clauseTokens(foldText(text))).toEqual(clauseTokens(text));
      }),
    );
  });

  it('reads a turn once whether it is given as said or folded', () => {
    const text = 'Hi my card ending 4321 was charged twice (7 1234)';
    expect(clauseTokens(foldText(text))).toBe(clauseTokens(text));
    expect(tokenize(foldText(text))).toBe(tokenize(text));
  });
});

describe('shared token arrays', () => {
  it('are marked unchanging rather than frozen (a frozen array loses the fast array builtins)', () => {
    const tokens = clauseTokens('I have raised a reversal request. (3, 9)');
    expect(Object.isFrozen(tokens)).toBe(false);
    expect(isUnchanging(tokens)).toBe(true);
    expect(isUnchanging(['a'])).toBe(false);
    expect(isUnchanging(Object.freeze(['a']))).toBe(true);
  });
});
