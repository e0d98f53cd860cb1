import { clauseTokens, escapeRegExp, lastFew, tokenize } from '../extract/text.js';
import type { RequestLanguage } from './request-phrases.js';
import { defaultRequestLanguages } from './request-phrases.js';
import { requiredWords } from './required-words.js';

interface CompiledLanguage {
  lang: string;
  patterns: RegExp[];
  affirming: RegExp[];
  negationBefore?: RegExp;
  negationAfter?: RegExp;
}

export interface HumanRequestMatch {
  lang: string;
  /** The folded words that matched, e.g. "speak to a real person". */
  phrase: string;
}

const cache = new WeakMap<readonly RequestLanguage[], CompiledLanguage[]>();

function compile(languages: readonly RequestLanguage[]): CompiledLanguage[] {
  let compiled = cache.get(languages);
  if (compiled) return compiled;
  compiled = languages.map((language) => {
    const expand = (source: string) =>
      source.replace(/\{(\w+)\}/g, (_, name: string) => {
        const words = language.vocab[name];
        if (!words)
          throw new TypeError(`request pattern uses unknown vocabulary {${name}} (${language.lang})`);
        const alternatives = [...new Set(words.map((w) => tokenize(w).join(' ')))]
          .sort((a, b) => b.length - a.length)
          .map(escapeRegExp);
        return `(?:${alternatives.join('|')})`;
      });
    // Whole words only: a match starts and ends at a space or the ends of the utterance. The space
    // before is consumed rather than looked behind for (half the cost, every turn), so the words
    // matched are group 1.
    const toRegex = (source: string) => {
      const expanded = expand(source);
      return new RegExp(`(?:^| )(${expanded})(?= |$)`, needsUnicode(expanded) ? 'gu' : 'g');
    };
    return {
      lang: language.lang,
      patterns: language.patterns.map(toRegex),
      affirming: (language.affirmingNegations ?? []).map(toRegex),
      ...(language.negationBefore
        ? { negationBefore: new RegExp(expand(language.negationBefore), 'u') }
        : {}),
      ...(language.negationAfter ? { negationAfter: new RegExp(expand(language.negationAfter), 'u') } : {}),
    };
  });
  cache.set(languages, compiled);
  return compiled;
}

/**
 * Whether one utterance asks for a human, in any of the given languages. A match with a negation
 * cue right next to it in the same clause ("I don't want a human", "agent se baat nahi karni")
 * does not count, and other matches are still tried.
 */
export function detectHumanRequest(
  text: string,
  languages: readonly RequestLanguage[] = defaultRequestLanguages,
): HumanRequestMatch | undefined {
  const found = humanRequestIn(text, languages);
  return found && { ...found };
}

const detectors = new WeakMap<readonly RequestLanguage[], (text: string) => HumanRequestMatch | undefined>();

/**
 * `detectHumanRequest` for the core's own callers: the rule and the summary both ask it of every
 * caller turn, so the second asks for free.
 */
export function humanRequestIn(
  text: string,
  languages: readonly RequestLanguage[] = defaultRequestLanguages,
): Readonly<HumanRequestMatch> | undefined {
  let detect = detectors.get(languages);
  if (!detect) {
    detect = lastFew((t) => detectOnce(t, languages));
    detectors.set(languages, detect);
  }
  return detect(text);
}

function detectOnce(text: string, languages: readonly RequestLanguage[]): HumanRequestMatch | undefined {
  const tokens = clauseTokens(text);
  if (!saysAnyWord(tokens, languages)) return undefined;
  const folded = tokens.join(' ');
  if (folded === '') return undefined;
  if (!mayRequest(folded, languages)) return undefined;
  for (const language of compile(languages)) {
    for (const pattern of language.affirming) {
      const m = firstMatch(pattern, folded);
      if (m) return { lang: language.lang, phrase: m[1]! };
    }
    for (const pattern of language.patterns) {
      // `exec` on the compiled pattern itself: `matchAll` would clone the regex on every turn.
      pattern.lastIndex = 0;
      for (let m = pattern.exec(folded); m !== null; m = pattern.exec(folded)) {
        if (m[0] === '') pattern.lastIndex++;
        const phrase = m[1]!;
        const end = (m.index ?? 0) + m[0].length;
        if (!isNegated(language, folded, end - phrase.length, end)) return { lang: language.lang, phrase };
      }
    }
  }
  return undefined;
}

const wordScreens = new WeakMap<readonly RequestLanguage[], ReadonlySet<string> | null>();

/**
 * Whether the utterance says a word some request or affirming pattern cannot match without
 * (`requiredWords`): most caller turns say none, and are settled by a lookup per word. `true` when
 * some pattern has no such words.
 */
function saysAnyWord(tokens: readonly string[], languages: readonly RequestLanguage[]): boolean {
  let words = wordScreens.get(languages);
  if (words === undefined) {
    words = wordScreenOf(compile(languages));
    wordScreens.set(languages, words);
  }
  if (words === null) return true;
  for (let i = 0; i < tokens.length; i++) if (words.has(tokens[i]!)) return true;
  return false;
}

function wordScreenOf(compiled: readonly CompiledLanguage[]): ReadonlySet<string> | null {
  const all = new Set<string>();
  for (const language of compiled) {
    for (const pattern of [...language.affirming, ...language.patterns]) {
      const source = pattern.source;
      if (!source.startsWith(BEFORE) || !source.endsWith(AFTER)) return null;
      const words = requiredWords(source.slice(BEFORE.length, -AFTER.length));
      if (!words) return null;
      for (const word of words) all.add(word);
    }
  }
  return all;
}

const screens = new WeakMap<readonly RequestLanguage[], readonly RegExp[] | null>();

/**
 * Whether any request or affirming pattern of any language matches anywhere in the utterance: one
 * alternation of them all (one per flag set) tried once, where the patterns one by one would each
 * scan the whole utterance. Most caller turns ask for no one, and this settles them. A pattern with
 * a back-reference cannot be put in an alternation (its group numbers would move): then no screen.
 */
function mayRequest(folded: string, languages: readonly RequestLanguage[]): boolean {
  let screen = screens.get(languages);
  if (screen === undefined) {
    screen = screenOf(compile(languages));
    screens.set(languages, screen);
  }
  if (screen === null) return true;
  for (const pattern of screen) if (pattern.test(folded)) return true;
  return false;
}

function screenOf(compiled: readonly CompiledLanguage[]): RegExp[] | null {
  const byFlags = new Map<string, string[]>();
  for (const language of compiled) {
    for (const pattern of [...language.affirming, ...language.patterns]) {
      if (/\\(?:[1-9]|k<)/.test(pattern.source)) return null;
      const flags = pattern.flags.replace('g', '');
      const sources = byFlags.get(flags) ?? [];
      sources.push(pattern.source);
      byFlags.set(flags, sources);
    }
  }
  return [...byFlags].map(([flags, sources]) => new RegExp(screenSource(sources), flags));
}

/**
 * One alternation of `sources`. Every pattern is `(?:^| )(words)(?= |$)` (`toRegex`): the word
 * boundaries are written once around the alternation of their words, so each position is tried for
 * a boundary once rather than once per pattern. Matches exactly where some pattern does.
 */
function screenSource(sources: readonly string[]): string {
  const inner: string[] = [];
  for (const source of sources) {
    if (!source.startsWith(BEFORE) || !source.endsWith(AFTER)) {
      return sources.map((s) => `(?:${s})`).join('|');
    }
    inner.push(`(?:${source.slice(BEFORE.length, -AFTER.length)})`);
  }
  return `${BEFORE.slice(0, -1)}(?:${inner.join('|')})${AFTER.slice(1)}`;
}

const BEFORE = '(?:^| )(';
const AFTER = ')(?= |$)';

/**
 * Whether a pattern means something different without the `u` flag: property escapes, code point
 * escapes or characters beyond the BMP. The built-in phrases need none of these (Devanagari is in
 * the BMP), and without the flag they match in about half the time.
 */
function needsUnicode(source: string): boolean {
  return /\\[pPu]|[\uD800-\uDFFF]/.test(source);
}

function firstMatch(pattern: RegExp, text: string): RegExpExecArray | null {
  pattern.lastIndex = 0;
  return pattern.exec(text);
}

function isNegated(language: CompiledLanguage, folded: string, start: number, end: number): boolean {
  const before = folded.slice(0, start).trimEnd();
  const clauseBefore = before.slice(before.lastIndexOf('|') + 1).trim();
  if (language.negationBefore && clauseBefore !== '' && language.negationBefore.test(clauseBefore))
    return true;
  const after = folded.slice(end);
  const pipe = after.indexOf('|');
  const clauseAfter = (pipe === -1 ? after : after.slice(0, pipe)).trimEnd();
  return (
    language.negationAfter !== undefined && clauseAfter !== '' && language.negationAfter.test(clauseAfter)
  );
}
