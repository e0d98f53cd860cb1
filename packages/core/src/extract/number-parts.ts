/**
 * An utterance cut into the words and separators `numbers.ts` reads, for text that says a number word
 * at all: most do not, and are told apart without cutting them.
 */
import { UNITS } from './number-words.js';
import { clauseTokens, foldText, isAsciiWordChar } from './text.js';

export interface Word {
  text: string;
  isWord: boolean;
  /**
   * The number the word names: in the table's spelling, or in another spelling when a number word
   * stands beside it ("unnees hazaar", "aath sau ninyaanve", "nau shoonya teen"). Beside a number
   * only: that keeps everyday words that happen to share a skeleton out. Read once per utterance,
   * when its words are split.
   */
  unit: number | undefined;
}

/** Splits into words (even indices) and the separators between them (odd indices). */
const SEPARATOR = /([^\p{L}\p{M}\d]+)/u;
const ASCII = /^[\x00-\x7f]*$/;

/**
 * The words and separators of `folded` (`SEPARATOR`, empty parts dropped), or undefined when none of
 * its words is in `numberWords`. In folded ASCII text the words are the clause tokens without the
 * breaks, which the classifiers read anyway: most turns are settled from those. `mayRead`, given
 * those tokens, may settle more: false when the caller of this could read no number from them
 * (and always when none is in `numberWords`). The cut into words, an object per word and
 * separator, is the costliest part of a turn that says "rupees" beside digits.
 */
export function numberParts(
  folded: string,
  numberWords: ReadonlySet<string>,
  mayRead?: (tokens: readonly string[]) => boolean,
): Word[] | undefined {
  const ascii = ASCII.test(folded);
  if (ascii && foldText(folded) === folded) {
    const tokens = clauseTokens(folded);
    if (mayRead === undefined ? !saysAny(tokens, numberWords) : !mayRead(tokens)) return undefined;
  }
  return ascii ? asciiWords(folded, numberWords) : wordsAndSeparators(folded, numberWords);
}

function saysAny(tokens: readonly string[], words: ReadonlySet<string>): boolean {
  for (let i = 0; i < tokens.length; i++) if (words.has(tokens[i]!)) return true;
  return false;
}

function wordsAndSeparators(folded: string, numberWords: ReadonlySet<string>): Word[] | undefined {
  const parts = folded.split(SEPARATOR);
  if (!parts.some((part, i) => i % 2 === 0 && numberWords.has(part))) return undefined;
  return parts
    .map((text, i) => ({ text, isWord: i % 2 === 0, unit: i % 2 === 0 ? UNITS.get(text) : undefined }))
    .filter((w) => w.text !== '');
}

/** `wordsAndSeparators` of ASCII text in one scan, without the regex split: ASCII words are `[a-zA-Z0-9]+`. */
function asciiWords(folded: string, numberWords: ReadonlySet<string>): Word[] | undefined {
  const words: Word[] = [];
  let numberWord = false;
  let start = 0;
  for (let i = 1; i <= folded.length; i++) {
    const isWord = isAsciiWordChar(folded.charCodeAt(start));
    if (i < folded.length && isAsciiWordChar(folded.charCodeAt(i)) === isWord) continue;
    const text = folded.slice(start, i);
    if (isWord && numberWords.has(text)) numberWord = true;
    words.push({ text, isWord, unit: isWord ? UNITS.get(text) : undefined });
    start = i;
  }
  return numberWord ? words : undefined;
}
