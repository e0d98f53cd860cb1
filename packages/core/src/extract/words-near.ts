/**
 * The few words either side of a number that the amount rules read ("bill 450", "order number
 * 88812", "30,000 platelets"): at most `n` of them, within a window of the text and, if asked, within
 * the number's sentence. For ASCII text one short scan from the number outwards finds them; other
 * text takes the regex split of the whole window. Either way the words are those of
 * `text.slice(from, to).split(/[^\p{L}\p{M}\p{N}]+/u)` (a word cut by the window is cut here too).
 */
import { isAsciiWordChar, wordsIn } from './text.js';

/** The last `n` words in `[from, to)`, after the last sentence end there when `sentence`. */
export function wordsBefore(text: string, from: number, to: number, n: number, sentence: boolean): string[] {
  const out: string[] = [];
  wordsBeforeInto(text, from, to, n, sentence, out);
  return out;
}

/** The first `n` words in `[from, to)`, before the first sentence end there when `sentence`. */
export function wordsAfter(text: string, from: number, to: number, n: number, sentence: boolean): string[] {
  const out: string[] = [];
  wordsAfterInto(text, from, to, n, sentence, out);
  return out;
}

/**
 * `wordsBefore` written to the start of `into`, returning how many: the amount rules ask this of
 * every bare number, and reuse one array rather than make one per number. Entries of `into` past
 * the count are left as they were.
 */
export function wordsBeforeInto(
  text: string,
  from: number,
  to: number,
  n: number,
  sentence: boolean,
  into: string[],
): number {
  let count = 0;
  let end = -1;
  let i = to - 1;
  for (; i >= from; i--) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) {
      return copyInto(lastOf(wordsIn(text, sentence ? sentenceStart(text, from, to) : from, to), n), into);
    }
    if (isAsciiWordChar(c)) {
      if (end === -1) end = i + 1;
      continue;
    }
    if (end !== -1) {
      into[count++] = text.slice(i + 1, end);
      end = -1;
      if (count === n) break;
    }
    // The last sentence end before the number is the first met going back: the sentence starts past it.
    if (sentence && isSentenceMark(c) && (i + 1 === to || isSpace(text, i + 1))) break;
  }
  if (i < from && end !== -1) into[count++] = text.slice(from, end);
  // Found last word first: put them in text order.
  for (let a = 0, b = count - 1; a < b; a++, b--) {
    const word = into[a]!;
    into[a] = into[b]!;
    into[b] = word;
  }
  return count;
}

/** `wordsAfter` written to the start of `into`, returning how many (as `wordsBeforeInto`). */
export function wordsAfterInto(
  text: string,
  from: number,
  to: number,
  n: number,
  sentence: boolean,
  into: string[],
): number {
  let count = 0;
  let start = -1;
  let i = from;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f)
      return copyInto(wordsIn(text, from, sentence ? sentenceEnd(text, from, to) : to).slice(0, n), into);
    if (isAsciiWordChar(c)) {
      if (start === -1) start = i;
      continue;
    }
    if (start !== -1) {
      into[count++] = text.slice(start, i);
      start = -1;
      if (count === n) break;
    }
    if (sentence && isSentenceMark(c) && (i + 1 === to || isSpace(text, i + 1))) break;
  }
  if (i >= to && start !== -1) into[count++] = text.slice(start, to);
  return count;
}

function copyInto(words: readonly string[], into: string[]): number {
  for (let k = 0; k < words.length; k++) into[k] = words[k]!;
  return words.length;
}

function lastOf(words: string[], n: number): string[] {
  return words.length > n ? words.slice(-n) : words;
}

/**
 * Where the sentence that `to` is in starts, looking no further back than `from`: just past the
 * last full stop, question or exclamation mark, or danda there that a space or `to` follows (as
 * `/[.?!।](?=\s|$)/u` over `text.slice(from, to)`, without the slice or the regex).
 */
export function sentenceStart(text: string, from: number, to: number): number {
  for (let i = to - 1; i >= from; i--) {
    if (isSentenceMark(text.charCodeAt(i)) && (i + 1 === to || isSpace(text, i + 1))) return i + 1;
  }
  return from;
}

/** Where the sentence that starts at `from` ends, looking no further than `to` (exclusive). */
export function sentenceEnd(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    if (isSentenceMark(text.charCodeAt(i)) && (i + 1 === to || isSpace(text, i + 1))) return i;
  }
  return to;
}

function isSentenceMark(c: number): boolean {
  return c === 0x2e || c === 0x3f || c === 0x21 || c === 0x0964;
}

const SPACE = /\s/y;

function isSpace(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c === 0x20) return true;
  if (c < 0x80) return c >= 0x09 && c <= 0x0d;
  SPACE.lastIndex = at;
  return SPACE.test(text);
}
