/**
 * Numbers as callers say them, turned into digits: "twelve thousand four hundred", "pachaas
 * lakh", "saadhe chhe hazaar", "बारह हज़ार पांच सौ", and account numbers read digit by digit
 * ("five five zero zero", "double five", "छह छह दो शून्य"). Works on folded text (lower case,
 * nukta dropped) and costs one pass over the words of the utterance.
 */

import { numberParts, type Word } from './number-parts.js';
import {
  AMBIGUOUS_IN_ENGLISH,
  BY_SKELETON,
  COUNTED,
  CURRENCY,
  FRACTION_WORDS,
  mayReadAny,
  mayVary,
  NUMBER_WORDS,
  PREFIXES,
  REPEAT,
  SCALES,
  skeleton,
  UNITS,
} from './number-words.js';

function besideNumber(words: Word[], i: number): boolean {
  const next = words[nextWord(words, i)]?.text;
  if (next !== undefined && (SCALES.has(next) || UNITS.has(next) || CURRENCY.has(next))) return true;
  let j = i - 1;
  while (j >= 0 && !words[j]!.isWord && SPACES.test(words[j]!.text)) j--;
  const prev = j >= 0 ? words[j]!.text : undefined;
  return prev !== undefined && (SCALES.has(prev) || PREFIXES.has(prev) || UNITS.has(prev));
}

/**
 * Rewrites spoken numbers as digits. Digit-by-digit readings become one digit string ("5500987612");
 * composed numbers become Indian-grouped digits when a thousand or more ("12,400"), which the amount
 * parser reads as money, and plain digits below that.
 */
export function spokenNumbersToDigits(folded: string): string {
  // Most utterances say no number in words: leave them without allocating anything more.
  const words = numberParts(folded, NUMBER_WORDS, mayReadAny);
  if (words === undefined) return folded;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word.unit === undefined && word.isWord && mayVary(word.text) && besideNumber(words, i)) {
      word.unit = BY_SKELETON.get(skeleton(word.text));
    }
  }
  // The words and separators are the whole text: with nothing read as a number, it is unchanged.
  // Most texts cut here say a currency word and no number in words ("2,400 rupees"): the pieces are
  // gathered only from the first number read, with the words before it.
  let out: string[] | undefined;
  let i = 0;
  while (i < words.length) {
    const run = mayStartNumber(words[i]!) ? (readDigitRun(words, i) ?? readComposed(words, i)) : undefined;
    if (run) {
      if (out === undefined) {
        out = [];
        for (let k = 0; k < i; k++) out.push(words[k]!.text);
      }
      out.push(run.text);
      i = run.next;
    } else {
      out?.push(words[i]!.text);
      i++;
    }
  }
  return out === undefined ? folded : out.join('');
}

/**
 * Whether a number can be read from this word on: a digit run starts with a digit or "double", a
 * composed number with a number word, a scale, a fraction or a prefix. Most words of a turn that
 * says a number are none of these, and are passed over without trying both readers.
 */
function mayStartNumber(word: Word): boolean {
  if (!word.isWord) return false;
  const text = word.text;
  return (
    word.unit !== undefined ||
    (text.length === 1 && text.charCodeAt(0) >= 0x30 && text.charCodeAt(0) <= 0x39) ||
    REPEAT.has(text) ||
    SCALES.has(text) ||
    PREFIXES.has(text) ||
    FRACTION_WORDS.has(text)
  );
}

/** Index of the next word token after `i`, skipping spaces (not other punctuation). */
const SPACES = /^[\s-]+$/u;

function nextWord(words: Word[], i: number): number {
  let j = i + 1;
  while (j < words.length && !words[j]!.isWord && SPACES.test(words[j]!.text)) j++;
  return j;
}

function digitAt(words: Word[], i: number): number | undefined {
  const text = words[i]!.text;
  if (/^\d$/.test(text)) return Number(text);
  const v = words[i]!.unit;
  return v !== undefined && v <= 9 ? v : undefined;
}

/** Four or more single digits in a row, with "double"/"triple": an account, policy or PIN code. */
function readDigitRun(words: Word[], start: number): { text: string; next: number } | undefined {
  const first = readDigitGroup(words, start);
  if (!first) return undefined;
  let { digits, count, ambiguous, spoken, end } = first;
  let joined = false;
  // "four five zero zero nine one two, then six six three", "do chaar saat saat, shunya ek, teen
  // nau": one number read in groups. A group of two digits or more after a comma or "then" joins.
  while (count >= 2) {
    const j = afterGroupBreak(words, end);
    if (j === undefined) break;
    const next = readDigitGroup(words, j);
    // A last lone digit ends the number ("…chaar, chhe" at the end of the turn).
    if (!next || (next.count < 2 && !(count >= 6 && next.end >= words.length - 1))) break;
    digits += next.digits;
    count += next.count;
    ambiguous += next.ambiguous;
    spoken ||= next.spoken;
    end = next.end;
    joined = true;
  }
  // Digits already written as digits need no help; a run must contain a spoken digit to rewrite.
  if (count < (joined ? 6 : 4) || !spoken || ambiguous * 2 > count) {
    return joined ? readDigitRun(words.slice(0, first.end), start) : undefined;
  }
  return { text: digits, next: end };
}

/** Single digits in a row from `start`, spaces between them. */
function readDigitGroup(words: Word[], start: number) {
  let digits = '';
  let count = 0;
  let ambiguous = 0;
  let i = start;
  let end = start;
  while (i < words.length && words[i]!.isWord) {
    const text = words[i]!.text;
    const repeat = REPEAT.get(text);
    if (repeat !== undefined) {
      const j = nextWord(words, i);
      const d = j < words.length ? digitAt(words, j) : undefined;
      if (d === undefined) break;
      digits += String(d).repeat(repeat);
      count += repeat;
      end = j + 1;
      i = nextWord(words, j);
      continue;
    }
    const d = digitAt(words, i);
    if (d === undefined) break;
    if (AMBIGUOUS_IN_ENGLISH.has(text)) ambiguous++;
    digits += String(d);
    count++;
    end = i + 1;
    i = nextWord(words, i);
  }
  if (count === 0) return undefined;
  const spoken = words.slice(start, end).some((w) => w.isWord && !/^\d+$/.test(w.text));
  return { digits, count, ambiguous, spoken, end };
}

/** The word after a comma or "then" that ends a group of digits at `end`, if there is one. */
const GROUP_BREAK = /^\s*,\s*$/u;
function afterGroupBreak(words: Word[], end: number): number | undefined {
  const sep = words[end];
  if (!sep || sep.isWord || !GROUP_BREAK.test(sep.text)) {
    const j = sep && !sep.isWord && SPACES.test(sep.text) ? end + 1 : -1;
    return j > 0 && (words[j]?.text === 'then' || words[j]?.text === 'phir') ? nextWord(words, j) : undefined;
  }
  const j = end + 1;
  if (words[j]?.text === 'then' || words[j]?.text === 'phir') return nextWord(words, j);
  return j < words.length ? j : undefined;
}

/** "four thousand two hundred and ninety nine", "saadhe chhe hazaar", "seven ninety nine". */
function readComposed(words: Word[], start: number): { text: string; next: number } | undefined {
  let total = 0;
  let group = 0;
  let groupSet = false;
  let fraction = 0;
  let used = 0;
  let end = start;
  let i = start;
  let sawScale = false;
  let lastUnit: number | undefined;
  let bare = false;
  let lastScale: string | undefined;

  while (i < words.length && words[i]!.isWord) {
    const text = words[i]!.text;
    const prefix = PREFIXES.get(text);
    const fractionWord = FRACTION_WORDS.get(text);
    const unit = words[i]!.unit;
    const scale = SCALES.get(text);
    if (scale !== undefined && !groupSet && used === 0 && text !== 'so' && !afterDigits(words, start)) {
      // "sau rupaye", "thousand rupees": a scale said alone is one of it. Written without
      // grouping, so only a money word beside it makes it an amount ("hazaar baar" is not).
      group = 1;
      groupSet = true;
      bare = true;
    }
    if (prefix !== undefined && !groupSet) {
      fraction = prefix;
      // "sawa lakh", "paune hazaar": a fraction said straight before a scale is of one of it.
      if (scaleFollows(words, i)) {
        group = 1;
        groupSet = true;
      }
    } else if (fractionWord !== undefined && !groupSet) {
      group = fractionWord;
      groupSet = true;
    } else if (
      unit !== undefined &&
      (used > 0 || !AMBIGUOUS_IN_ENGLISH.has(text) || scaleFollows(words, i))
    ) {
      // "teen sau chalis ek baar": "once", a count of something else, not 341.
      if (used > 0 && COUNTED.has(words[nextWord(words, i)]?.text ?? '')) break;
      if (
        groupSet &&
        lastUnit !== undefined &&
        lastUnit < 20 &&
        unit >= 20 &&
        group < 20 &&
        pairs(words, i, group)
      ) {
        // "seven ninety nine", "twelve ninety nine": a price read in two parts.
        group = group * 100 + unit;
      } else if (groupSet && lastUnit !== undefined && lastUnit % 10 === 0 && lastUnit >= 20 && unit < 10) {
        group += unit;
      } else if (groupSet && lastUnit !== undefined) {
        break;
      } else {
        group += unit;
        groupSet = true;
      }
      lastUnit = unit;
    } else if (/^\d+(?:\.\d+)?$/.test(text) && !groupSet && used === 0) {
      // "1.5 lakh" is read by the amount parser itself; only digits followed by a number word matter.
      break;
    } else if (scale !== undefined && groupSet) {
      // "sau sau ke note" (hundred-rupee notes): a scale said twice is repeated, not multiplied.
      if (lastScale === text) break;
      const value = (group + fraction) * scale;
      fraction = 0;
      if (scale === 100) {
        group = value;
        lastUnit = undefined;
      } else {
        total += value;
        group = 0;
        groupSet = false;
        lastUnit = undefined;
      }
      sawScale = true;
      lastScale = text;
      used++;
      end = i + 1;
      i = nextWord(words, i);
      continue;
    } else if (text === 'and' && groupSet && !sawScale && halfBeforeScale(words, i)) {
      // "three and a half thousand", "one and a half lakh": the half belongs to the scale.
      fraction = 0.5;
      const half = nextWord(words, nextWord(words, i));
      end = half + 1;
      i = nextWord(words, half);
      used++;
      continue;
    } else if ((text === 'and' || text === 'aur' || text === 'और') && used > 0 && sawScale) {
      const j = nextWord(words, i);
      if (j >= words.length || (words[j]!.unit === undefined && !PREFIXES.has(words[j]!.text))) break;
      // "बारह हज़ार और एक बार आठ हज़ार": "and once", a count of something else, not 12,001.
      if (COUNTED.has(words[nextWord(words, j)]?.text ?? '')) break;
    } else if (text === 'point' && groupSet && !sawScale) {
      const j = nextWord(words, i);
      const d = j < words.length ? digitAt(words, j) : undefined;
      if (d === undefined) break;
      group += d / 10;
      i = nextWord(words, j);
      end = j + 1;
      used++;
      continue;
    } else {
      break;
    }
    lastScale = undefined;
    used++;
    end = i + 1;
    i = nextWord(words, i);
  }
  const value = total + group + (groupSet ? fraction : 0);
  // A lone small number word ("one", "ek") is usually not a number worth rewriting ("one more thing").
  if (used === 0 || value <= 0 || (!sawScale && used === 1 && value < 10)) return undefined;
  const rounded = Math.round(value * 100) / 100;
  const text = rounded >= 1_000 && !(bare && used === 1) ? groupIndian(rounded) : String(rounded);
  return { text, next: end };
}

/** Digits just before `i` ("15 thousand"), which the amount parser reads with the scale itself. */
function afterDigits(words: Word[], i: number): boolean {
  let j = i - 1;
  while (j >= 0 && !words[j]!.isWord && /^[\s-]+$/u.test(words[j]!.text)) j--;
  return j >= 0 && words[j]!.isWord && /\d$/.test(words[j]!.text);
}

/** "and a half" then a scale: `i` is at "and". */
function halfBeforeScale(words: Word[], i: number): boolean {
  const a = nextWord(words, i);
  const half = nextWord(words, a);
  const scale = nextWord(words, half);
  return words[a]?.text === 'a' && words[half]?.text === 'half' && SCALES.has(words[scale]?.text ?? '');
}

/**
 * "twelve ninety nine" is a price; "twelve thirty" a time and "nineteen eighty two" a year: a teen
 * pairs only with a tens word then a unit, and never as the century of a year (19, 20).
 */
function pairs(words: Word[], i: number, first: number): boolean {
  if (first < 10) return true;
  if (first > 18) return false;
  const j = nextWord(words, i);
  if (j >= words.length) return false;
  const unit = words[j]!.unit;
  return unit !== undefined && unit > 0 && unit < 10;
}

/** "do" is "two" only when a scale follows ("do lakh"); otherwise it is the English verb. */
function scaleFollows(words: Word[], i: number): boolean {
  const j = nextWord(words, i);
  return j < words.length && SCALES.has(words[j]!.text);
}

const indian = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 2 });

function groupIndian(value: number): string {
  return indian.format(value);
}
