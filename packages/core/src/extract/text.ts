/**
 * Text folding shared by every heuristic in the core (rules, sentiment, extraction). Callers speak
 * English, Hindi in Devanagari and romanised Hinglish, and ASR output is inconsistent about case,
 * apostrophes and nukta dots, so everything is compared in one folded form.
 */

/** A letter, combining mark or digit in any script: Devanagari matras are marks, not boundaries. */
export const WORD_CHAR = '[\\p{L}\\p{M}\\p{N}]';

const NUKTA = /\u093C/g;
const CHANDRABINDU = /\u0901/g;
const DEVANAGARI_DIGITS = /[\u0966-\u096F]/g;
const APOSTROPHES = /['\u2018\u2019\u02BC`]/g;
// Zero-width joiners shape Devanagari conjuncts but would otherwise split a word in two.
const ZERO_WIDTH = /[\u200B-\u200D\uFEFF]/g;
// A comma or dot between digits ("15,000", "1.5") is part of a number, not the end of a clause.
const CLAUSE_BREAK = /(?:[;:!?\u0964\u0965\n]|[.,](?!\d)|(?<!\d)[.,])+/g;
const NON_WORD = /[^\p{L}\p{M}\p{N}]+/gu;
const NON_WORD_OR_BREAK = /[^\p{L}\p{M}\p{N}|]+/gu;

/**
 * Remembers a pure function of a string for its last few inputs. One turn's text is folded and
 * tokenised by every extractor, rule and the summary in turn (a dozen times per caller turn), so
 * the first call pays and the rest reuse it. Results are shared between callers: objects are
 * frozen, arrays marked shared (`isUnchanging`) instead, since a frozen array loses V8's fast paths
 * (`some`, `filter`, `join`, `slice` and `includes` run 4–10× slower on one in Node 20).
 */
export function lastFew<R>(fn: (text: string) => R, size = 4): (text: string) => R {
  const keys: string[] = [];
  const values: R[] = [];
  let next = 0;
  return (text) => {
    // Newest first: the readers of a turn ask one after another, so the hit is mostly the last entry,
    // and a miss compares texts that may share a long start.
    for (let k = 1; k <= keys.length; k++) {
      const i = (next - k + size) % size;
      if (keys[i] === text) return values[i] as R;
    }
    const value = fn(text);
    if (Array.isArray(value)) shared(value);
    else if (typeof value === 'object' && value !== null) Object.freeze(value);
    keys[next] = text;
    values[next] = value;
    next = (next + 1) % size;
    return value;
  };
}

/**
 * The arrays most recently handed out to several readers: none writes to them (they are typed
 * read-only). A readers' memo keyed by one of them is only useful while that turn is being read,
 * so the last few are enough; a `WeakSet` of all of them cost more per turn (its adds and its
 * weak-entry handling in GC) than the memos saved.
 */
const SHARED: unknown[] = new Array<unknown>(16).fill(undefined);
let sharedNext = 0;

/** Marks `array` as shared and never written to, so readers may remember answers by its identity. */
export function shared<T extends readonly unknown[]>(array: T): T {
  SHARED[sharedNext] = array;
  sharedNext = (sharedNext + 1) & (SHARED.length - 1);
  return array;
}

/**
 * Whether `array` is known not to change (shared lately by `lastFew` or `shared`, or frozen): an
 * answer about it may be remembered by its identity. `false` only means "not known".
 */
export function isUnchanging(array: readonly unknown[]): boolean {
  for (let i = 0; i < SHARED.length; i++) if (SHARED[i] === array) return true;
  return Object.isFrozen(array);
}

/** Turns Devanagari digits (०-९) into ASCII so numbers parse the same in either script. */
export function asciiDigits(text: string): string {
  return text.replace(DEVANAGARI_DIGITS, (d) => String(d.charCodeAt(0) - 0x0966));
}

/**
 * Lowercases, drops apostrophes ("don't" → "dont") and nukta dots ("ज़रूरत" → "जरूरत"), maps
 * chandrabindu to anusvara and Devanagari digits to ASCII. Punctuation is kept.
 */
export const foldText: (text: string) => string = lastFew(foldTextOnce, 8);

// ASCII text is most of what ASR sends; it needs no normalising and has no Devanagari to fold.
const ASCII = /^[\x00-\x7f]*$/;

function foldTextOnce(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase().replace(APOSTROPHES, '');
  return asciiDigits(
    text
      .normalize('NFC')
      .toLowerCase()
      .replace(NUKTA, '')
      .replace(CHANDRABINDU, '\u0902')
      .replace(APOSTROPHES, '')
      .replace(ZERO_WIDTH, ''),
  );
}

/** Folded word tokens, punctuation dropped. */
export const tokenize = (text: string): readonly string[] => tokensOfFolded(foldText(text));

/** Folded tokens with a `|` wherever a clause ends, so negation windows stop at a comma or full stop. */
export const clauseTokens = (text: string): readonly string[] => clauseTokensOfFolded(foldText(text));

// Remembered by the folded text, not the text: a turn is tokenised as said ("Hi, my card…") by some
// readers and as folded by others, and both are one tokenisation. (Folding folded text gives it back,
// so both land on one entry; where it would not, each is worked out from its own fold, as before.)
// Each list is scanned on every call, so they stay short.
const tokensOfFolded = lastFew(tokensOfFoldedOnce);
const clauseTokensOfFolded = lastFew(clauseTokensOfFoldedOnce);

function tokensOfFoldedOnce(folded: string): readonly string[] {
  if (ASCII.test(folded)) return asciiTokens(folded, false);
  return folded
    .replace(NON_WORD, ' ')
    .split(' ')
    .filter((t) => t !== '');
}

function clauseTokensOfFoldedOnce(folded: string): string[] {
  if (ASCII.test(folded)) return asciiTokens(folded);
  const tokens = folded
    .replace(/\|/g, ' ')
    .replace(CLAUSE_BREAK, ' | ')
    .replace(NON_WORD_OR_BREAK, ' ')
    .split(' ')
    .filter((t) => t !== '');
  // Collapse runs of breaks and trim them from the ends.
  const out: string[] = [];
  for (const t of tokens) {
    if (t === '|' && (out.length === 0 || out[out.length - 1] === '|')) continue;
    out.push(t);
  }
  if (out[out.length - 1] === '|') out.pop();
  return out;
}

/**
 * `tokenize` (or with `breaks`, `clauseTokens`) of folded ASCII text in one pass: the same tokens
 * the regexes above give, without the three intermediate strings they build on every turn.
 */
function asciiTokens(folded: string, breaks = true): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < folded.length; i++) {
    const c = folded.charCodeAt(i);
    if (isAsciiWordChar(c)) {
      if (start === -1) start = i;
      continue;
    }
    if (start !== -1) {
      out.push(folded.slice(start, i));
      start = -1;
    }
    if (!breaks) continue;
    // As CLAUSE_BREAK: a comma or dot with a digit on both sides is inside a number.
    const isBreak =
      c === 0x3b || c === 0x3a || c === 0x21 || c === 0x3f || c === 0x0a
        ? true
        : c === 0x2e || c === 0x2c
          ? !(isDigit(folded.charCodeAt(i - 1)) && isDigit(folded.charCodeAt(i + 1)))
          : false;
    if (isBreak && out.length > 0 && out[out.length - 1] !== '|') out.push('|');
  }
  if (start !== -1) out.push(folded.slice(start));
  if (out[out.length - 1] === '|') out.pop();
  return out;
}

/**
 * The words of `text` between `from` and `to`, as `text.slice(from, to).split(/[^\p{L}\p{M}\p{N}]+/u)`
 * with the empty strings dropped: the amount rules read a few words either side of every number,
 * and for ASCII text a scan gives them without the slice, the regex split and the filter.
 */
export function wordsIn(text: string, from = 0, to = text.length): string[] {
  const end = Math.min(to, text.length);
  const out: string[] = [];
  let start = -1;
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return splitWords(text.slice(from, to));
    if (isAsciiWordChar(c)) {
      if (start === -1) start = i;
    } else if (start !== -1) {
      out.push(text.slice(start, i));
      start = -1;
    }
  }
  if (start !== -1) out.push(text.slice(start, end));
  return out;
}

const WORD_SPLIT = /[^\p{L}\p{M}\p{N}]+/u;

function splitWords(text: string): string[] {
  return text.split(WORD_SPLIT).filter((w) => w !== '');
}

export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

export function isAsciiWordChar(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/**
 * The matches of a global `pattern`, as `text.matchAll(pattern)` gives them, without the copy of
 * the regex that `matchAll` makes on every call (it shows in the per-turn cost).
 */
export function allMatches(pattern: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    out.push(m);
    if (m[0] === '') pattern.lastIndex = advance(text, pattern.lastIndex, pattern.unicode);
  }
  pattern.lastIndex = 0;
  return out;
}

function advance(text: string, index: number, unicode: boolean): number {
  if (!unicode || index + 1 >= text.length) return index + 1;
  const code = text.charCodeAt(index);
  return code >= 0xd800 && code <= 0xdbff ? index + 2 : index + 1;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * A regex source matching `phrase` as whole words in folded text, any run of non-letters between its
 * words. Unicode-aware, so it works for Devanagari where `\b` does not.
 */
export function phraseSource(phrase: string): string {
  const words = tokenize(phrase).map(escapeRegExp);
  if (words.length === 0) return '(?!)';
  return `(?<!${WORD_CHAR})${words.join('[^\\p{L}\\p{M}\\p{N}]+')}(?!${WORD_CHAR})`;
}

/** Compiles a list of phrases into one alternation, longest first so "credit card" beats "card". */
export function phrasesRegex(phrases: readonly string[], flags = 'gu'): RegExp {
  const sources = [...new Set(phrases.map((p) => tokenize(p).join(' ')))]
    .filter((p) => p !== '')
    .sort((a, b) => b.length - a.length)
    .map(phraseSource);
  return new RegExp(sources.length > 0 ? sources.join('|') : '(?!)', flags);
}

/** Cuts `text` to at most `max` characters at a word boundary, adding an ellipsis when it cut. */
export function truncateText(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const room = clean.slice(0, Math.max(0, max - 1));
  const lastSpace = room.lastIndexOf(' ');
  const cut = lastSpace > max * 0.5 ? room.slice(0, lastSpace) : room;
  return cut.replace(/[\s,;:.\-–—]+$/u, '') + '…';
}
