import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wordsAfter, wordsAfterInto, wordsBefore, wordsBeforeInto } from './words-near.js';

/** The plain reading: the window's words by the regex split, cut at the sentence end, then the few nearest. */
function reference(text: string, from: number, to: number, n: number, sentence: boolean, before: boolean) {
  let window = text.slice(from, to);
  if (sentence && before) {
    let cut = 0;
    for (const m of window.matchAll(/[.?!।](?=\s|$)/gu)) cut = (m.index ?? 0) + 1;
    window = window.slice(cut);
  }
  if (sentence && !before) {
    const m = /[.?!।](?=\s|$)/u.exec(window);
    if (m) window = window.slice(0, m.index);
  }
  const words = window.split(/[^\p{L}\p{M}\p{N}]+/u).filter((w) => w !== '');
  return before ? words.slice(-n) : words.slice(0, n);
}

describe('wordsBefore and wordsAfter', () => {
  const pieces = fc.constantFrom(
    'bill',
    '450',
    ' ',
    '. ',
    '.',
    '!',
    '?',
    ',',
    'रुपये',
    '।',
    '\u00a0',
    'é',
    'x',
    '\t',
  );

  it('give the words the regex split of the window gives, nearest first cut to n', () => {
    fc.assert(
      fc.property(
        fc.array(pieces, { maxLength: 18 }),
        fc.nat(40),
        fc.nat(60),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        (parts, a, b, n, sentence) => {
          const text = parts.join('');
          const from = Math.min(a, text.length);
          const to = Math.max(from, Math.min(b, text.length));
          expect(wordsBefore(text, from, to, n, sentence)).toEqual(
            reference(text, from, to, n, sentence, true),
          );
          expect(wordsAfter(text, from, to, n, sentence)).toEqual(
            reference(text, from, to, n, sentence, false),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('give the same words written into one reused array, whatever it held before', () => {
    const before = ['stale', 'words', 'left', 'over', 'here'];
    const after = ['stale', 'words', 'left', 'over', 'here'];
    fc.assert(
      fc.property(
        fc.array(pieces, { maxLength: 18 }),
        fc.nat(40),
        fc.nat(60),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        (parts, a, b, n, sentence) => {
          const text = parts.join('');
          const from = Math.min(a, text.length);
          const to = Math.max(from, Math.min(b, text.length));
          const nBefore = wordsBeforeInto(text, from, to, n, sentence, before);
          expect(before.slice(0, nBefore)).toEqual(reference(text, from, to, n, sentence, true));
          const nAfter = wordsAfterInto(text, from, to, n, sentence, after);
          expect(after.slice(0, nAfter)).toEqual(reference(text, from, to, n, sentence, false));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
