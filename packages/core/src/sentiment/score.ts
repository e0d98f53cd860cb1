import { Lemmatizer, spellingLemma } from '../extract/lemmas.js';
import { clauseTokens, lastFew, tokenize } from '../extract/text.js';
import type { Sentiment } from '../types.js';
import { contrastWords, intensifiers, postNegators, preNegators, sentimentLexicon } from './lexicon.js';
import { closingLexicon } from './lexicon-closing.js';
import { complaintLexicon } from './lexicon-complaint.js';
import { distressIntensifiers, distressLexicon } from './lexicon-distress.js';
import { variantLexicon } from './lexicon-variants.js';

// Later tables win on a shared phrase: the variants only fill gaps.
const LEXICON: Readonly<Record<string, number>> = {
  ...variantLexicon,
  ...closingLexicon,
  ...sentimentLexicon,
  ...distressLexicon,
  ...complaintLexicon,
};
const INTENSIFIERS = [...intensifiers, ...distressIntensifiers];
const folded = (word: string) => tokenize(word).map(spellingLemma);
/**
 * Words are compared by lemma, so one entry covers a word's spellings and forms: "ro raha" matches
 * "ro rahi", "nahin" is "nahi", "worries" is "worry".
 */
const lemmas = new Lemmatizer(
  [...Object.keys(LEXICON), ...INTENSIFIERS, ...preNegators, ...postNegators, ...contrastWords].flatMap(
    folded,
  ),
);
const lemmaWords = (word: string) => folded(word).map((w) => lemmas.canonical(w));
const foldSet = (words: readonly string[]) => new Set(words.map((w) => lemmaWords(w).join(' ')));
const intensifierSet = foldSet(INTENSIFIERS);
const preNegatorSet = foldSet(preNegators);
const postNegatorSet = foldSet(postNegators);

interface LexiconPhrase {
  words: readonly string[];
  value: number;
  containsNegator: boolean;
  /** From `complaintLexicon`: evidence that something is wrong, not of how strongly it is felt. */
  complaint: boolean;
}

// Indexed by first word, longest phrase first, so a lookup compares words in place instead of
// joining every slice of the utterance into a candidate key. A later duplicate of a folded phrase
// overrides an earlier one, as it would in a map keyed by the phrase.
const lexicon = new Map<string, LexiconPhrase>();
for (const [phrase, value] of Object.entries(LEXICON)) {
  const words = lemmaWords(phrase);
  if (words.length === 0) continue;
  const containsNegator = words.some((t) => preNegatorSet.has(t) || postNegatorSet.has(t));
  const complaint = Object.hasOwn(complaintLexicon, phrase);
  lexicon.set(words.join(' '), { words, value, containsNegator, complaint });
}
const byFirstWord = new Map<string, LexiconPhrase[]>();
for (const entry of lexicon.values()) {
  const list = byFirstWord.get(entry.words[0]!) ?? [];
  list.push(entry);
  byFirstWord.set(entry.words[0]!, list);
}
for (const list of byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);
const contrastSet = foldSet(contrastWords);
/** Words after which the caller speaks of how things stand now; what came before weighs less. */
const shiftSet = foldSet(['but', 'however', 'lekin', 'magar', 'ab', 'now', 'anyway', 'अब', 'लेकिन', 'मगर']);
const SHIFTED = 0.25;
/** Thanks (0.25) and acceptance ("fine", "sahi hai") score at most this: politeness, not joy. */
const POLITE = 0.25;
/**
 * "Achha, theek hai" and "अच्छा, इस शनिवार को?" open a reply the way "okay" or "I see" does: the
 * word is a discourse marker there, not praise. It is one when it opens a clause and the clause ends
 * or goes on with acceptance or a connective; "achha laga", "अच्छा है", "bahut achha" stay praise.
 */
const MARKERS = foldSet(['achha', 'accha', 'acha', 'achcha', 'achchha', 'अच्छा']);
const AFTER_MARKER = foldSet(['theek', 'thik', 'chalo', 'to', 'toh', 'phir', 'ok', 'okay', 'ji', 'haan']);
for (const word of foldSet(['ठीक', 'चलो', 'तो', 'फिर', 'जी', 'हां', 'हाँ'])) AFTER_MARKER.add(word);
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
export const scoreText: (text: string) => number = lastFew(scoreTextOnce);

function scoreTextOnce(text: string): number {
  const tokens = lemmas.lemmasOf(clauseTokens(text), '|');
  if (tokens.length === 0) return 0;

  let total = 0;
  let beforeShift = 0;
  // Complaint phrases describe what is wrong; three ways of saying "this is not right" in one
  // breath are one complaint, not a fury. Only the strongest counts, where it is said.
  let complaint = 0;
  // A negator inside a phrase already read ("if its not fixed", "koi sunta nahi") has done its
  // work: it does not also negate the words after it ("... i am porting out").
  let negatorSpent = 0;
  let onlyPoliteAfter = true;
  let i = 0;
  while (i < tokens.length) {
    if (shiftSet.has(tokens[i]!)) {
      beforeShift = total;
      onlyPoliteAfter = true;
    }
    const hit = lookup(tokens, i);
    if (!hit) {
      i++;
      continue;
    }
    if (hit.words.length === 1 && isDiscourseMarker(tokens, i)) {
      i++;
      continue;
    }
    let value = hit.value;
    if (isIntensified(tokens, i)) value *= INTENSIFIER_BOOST;
    if (!hit.containsNegator && isNegated(tokens, negatorSpent, i, i + hit.words.length)) {
      value *= value > 0 ? NEGATED_POSITIVE : NEGATED_NEGATIVE;
    }
    if (value <= 0 || value > POLITE) onlyPoliteAfter = false;
    if (hit.complaint && value < 0) {
      if (value < complaint) {
        total += value - complaint;
        complaint = value;
      }
    } else total += value;
    i += hit.words.length;
    if (hit.containsNegator) negatorSpent = i;
  }
  // "pehle gussa tha, ab theek hai", "it was awful but now it works": when the mood turns, the
  // end counts most. "Pak gaya hoon, ab band kar do" does not turn: nothing to weigh down.
  const afterShift = total - beforeShift;
  // "I am still worried, but thank you": thanks or a bare "fine" after the turn is manners, not
  // a change of mood, so what came before keeps its weight.
  if (beforeShift * afterShift < 0 && !onlyPoliteAfter) total = beforeShift * SHIFTED + afterShift;
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

function lookup(tokens: readonly string[], start: number) {
  const candidates = byFirstWord.get(tokens[start]!);
  if (!candidates) return undefined;
  const room = tokens.length - start;
  for (const phrase of candidates) {
    const n = phrase.words.length;
    if (n > room || !sameWords(tokens, start, phrase.words)) continue;
    return phrase;
  }
  return undefined;
}

function sameWords(tokens: readonly string[], start: number, words: readonly string[]): boolean {
  for (let k = 1; k < words.length; k++) if (tokens[start + k] !== words[k]) return false;
  return true;
}

function isDiscourseMarker(tokens: readonly string[], at: number): boolean {
  if (!MARKERS.has(tokens[at]!) || (at > 0 && tokens[at - 1] !== '|')) return false;
  const next = tokens[at + 1];
  return next === undefined || next === '|' || AFTER_MARKER.has(next);
}

function isIntensified(tokens: readonly string[], at: number): boolean {
  const prev = tokens[at - 1];
  if (prev === undefined) return false;
  if (intensifierSet.has(prev)) return true;
  // Two-word intensifiers ("bahut zyada").
  const prev2 = tokens[at - 2];
  return prev2 !== undefined && intensifierSet.has(`${prev2} ${prev}`);
}

/** `from`: the first token a negator before the word may be at. */
function isNegated(tokens: readonly string[], from: number, start: number, end: number): boolean {
  for (let j = start - 1; j >= Math.max(from, start - PRE_NEGATION_WINDOW); j--) {
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
  // Counted in one pass rather than three `match` arrays of every letter.
  let latin = 0;
  let upper = 0;
  let bangCount = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) {
      latin++;
      upper++;
    } else if (c >= 0x61 && c <= 0x7a) latin++;
    else if (c === 0x21) bangCount++;
  }
  const caps = latin >= 4 && upper / latin > 0.6 ? 1.3 : 1;
  const bangs = Math.min(3, bangCount);
  return caps * (1 + 0.1 * bangs);
}
