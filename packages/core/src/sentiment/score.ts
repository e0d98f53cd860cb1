import { clauseTokens, tokenize } from '../extract/text.js';
import type { Sentiment } from '../types.js';
import { contrastWords, intensifiers, postNegators, preNegators, sentimentLexicon } from './lexicon.js';

const lexicon = new Map<string, number>();
for (const [phrase, value] of Object.entries(sentimentLexicon))
  lexicon.set(tokenize(phrase).join(' '), value);
const longestPhrase = Math.max(...[...lexicon.keys()].map((k) => k.split(' ').length));

const foldSet = (words: readonly string[]) => new Set(words.map((w) => tokenize(w).join(' ')));
const intensifierSet = foldSet(intensifiers);
const preNegatorSet = foldSet(preNegators);
const postNegatorSet = foldSet(postNegators);
const contrastSet = foldSet(contrastWords);
/** "nahi to" / "नहीं तो" means "otherwise", not "not". */
const OTHERWISE = new Set(['to', 'toh', 'तो']);

const PRE_NEGATION_WINDOW = 4;
const POST_NEGATION_WINDOW = 2;
const INTENSIFIER_BOOST = 1.5;
/** Negating praise is nearly as bad as the opposite word; negating a complaint is only mildly good. */
const NEGATED_POSITIVE = -0.8;
const NEGATED_NEGATIVE = -0.5;
/**
 * Squashes the summed valence into (-1, 1); smaller means one strong word saturates sooner. At 0.8
 * one intensified word ("bahut pareshan") reads upset, not furious; it takes two to saturate.
 */
const SQUASH = 0.8;

/**
 * Lexicon score of one utterance in [-1, 1]: 0 for neutral or unknown words. Handles English
 * negation before the word, Hindi negation after it, intensifiers, and shouting (caps, "!").
 */
export function scoreText(text: string): number {
  const tokens = clauseTokens(text);
  if (tokens.length === 0) return 0;

  let total = 0;
  let i = 0;
  while (i < tokens.length) {
    const hit = lookup(tokens, i);
    if (!hit) {
      i++;
      continue;
    }
    let value = hit.value;
    if (isIntensified(tokens, i)) value *= INTENSIFIER_BOOST;
    if (!hit.containsNegator && isNegated(tokens, i, i + hit.length)) {
      value *= value > 0 ? NEGATED_POSITIVE : NEGATED_NEGATIVE;
    }
    total += value;
    i += hit.length;
  }
  if (total === 0) return 0;

  total *= shoutingBoost(text);
  const squashed = total / Math.sqrt(total * total + SQUASH);
  return Math.round(Math.max(-1, Math.min(1, squashed)) * 1000) / 1000;
}

/** Thresholds are the contract other code (rules, renderers) relies on. */
export function sentimentLabel(score: number): Sentiment {
  if (score > 0.25) return 'positive';
  if (score > -0.25) return 'neutral';
  if (score > -0.6) return 'negative';
  return 'very_negative';
}

function lookup(tokens: string[], start: number) {
  for (let n = Math.min(longestPhrase, tokens.length - start); n >= 1; n--) {
    const slice = tokens.slice(start, start + n);
    if (slice.includes('|')) continue;
    const value = lexicon.get(slice.join(' '));
    if (value !== undefined) {
      const containsNegator = slice.some((t) => preNegatorSet.has(t) || postNegatorSet.has(t));
      return { value, length: n, containsNegator };
    }
  }
  return undefined;
}

function isIntensified(tokens: string[], at: number): boolean {
  const prev = tokens[at - 1];
  if (prev === undefined) return false;
  if (intensifierSet.has(prev)) return true;
  // Two-word intensifiers ("bahut zyada").
  const prev2 = tokens[at - 2];
  return prev2 !== undefined && intensifierSet.has(`${prev2} ${prev}`);
}

function isNegated(tokens: string[], start: number, end: number): boolean {
  for (let j = start - 1; j >= Math.max(0, start - PRE_NEGATION_WINDOW); j--) {
    const t = tokens[j]!;
    if (t === '|' || contrastSet.has(t)) break;
    if (preNegatorSet.has(t)) return true;
  }
  for (let j = end; j < Math.min(tokens.length, end + POST_NEGATION_WINDOW); j++) {
    const t = tokens[j]!;
    if (t === '|' || contrastSet.has(t)) break;
    if (postNegatorSet.has(t)) return !OTHERWISE.has(tokens[j + 1] ?? '');
  }
  return false;
}

/** Mostly-capital Latin text reads as shouting; each "!" (up to three) adds a little. */
function shoutingBoost(text: string): number {
  const latin = text.match(/[A-Za-z]/g)?.length ?? 0;
  const upper = text.match(/[A-Z]/g)?.length ?? 0;
  const caps = latin >= 4 && upper / latin > 0.6 ? 1.3 : 1;
  const bangs = Math.min(3, text.match(/!/g)?.length ?? 0);
  return caps * (1 + 0.1 * bangs);
}
