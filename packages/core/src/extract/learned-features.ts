/**
 * The features the learned classifier (`learned-model.ts`) reads from one caller turn: word
 * unigrams and bigrams (within a clause) and character 4-grams of each word, so spelling variants
 * ("wapas"/"vapas", "nahi"/"nahin") and Devanagari share evidence. Each feature is a 32-bit hash
 * computed from the characters in place: no strings are built per turn. Training (`eval/train-
 * classifier.ts`) and runtime call this same function, so the committed weights stay valid only as
 * long as this file does not change; regenerate them after any edit here.
 */

import { isUnchanging } from './text.js';

const BREAK = '|';
const P = 0x01000193;
/** P⁴, to drop the character leaving a rolling 4-gram. */
const P4 = Math.imul(Math.imul(P, P), Math.imul(P, P));
const WORD_SEED = 0x811c9dc5;
const BIGRAM_MIX = 0x9e3779b1;
const GRAM_MIX = 0x85ebca6b;
/** Word boundary markers for character grams: "^wap", "pas$". */
const START = 0x5e;
const END = 0x24;

/** Spreads a polynomial hash's bits, so grams and words that differ little land far apart. */
function finish(h: number): number {
  h = Math.imul(h ^ (h >>> 16), GRAM_MIX);
  return h ^ (h >>> 13);
}

let features = new Int32Array(256);
let lastTokens: readonly string[] | undefined;
let lastCount = 0;

/**
 * The distinct feature hashes of `tokens` (`clauseTokens` of the folded turn, `|` between clauses),
 * in a shared buffer valid until the next call: the first `count` entries. Both
 * models read the same turn, so a frozen token array's features are worked out once.
 */
export function turnFeatures(tokens: readonly string[]): { features: Int32Array; count: number } {
  if (tokens !== lastTokens) {
    lastCount = computeFeatures(tokens);
    lastTokens = isUnchanging(tokens) ? tokens : undefined;
  }
  return { features, count: lastCount };
}

/**
 * Features already seen this turn (open addressing, stamped per turn so it is never cleared): a
 * feature counts once however often it is said, so a long or repetitive turn ("my washing machine
 * my washing machine …") is no surer than a short one saying the same.
 */
let seenKey = new Int32Array(1024);
let seenStamp = new Int32Array(1024);
let stamp = 0;

function push(n: number, feature: number): number {
  const mask = seenKey.length - 1;
  let slot = (feature ^ (feature >>> 16)) & mask;
  while (seenStamp[slot] === stamp) {
    if (seenKey[slot] === feature) return n;
    slot = (slot + 1) & mask;
  }
  seenStamp[slot] = stamp;
  seenKey[slot] = feature;
  if (n === features.length) {
    const grown = new Int32Array(n * 2);
    grown.set(features);
    features = grown;
  }
  features[n] = feature;
  return n + 1;
}

function computeFeatures(tokens: readonly string[]): number {
  // At most two word features and length - 1 grams per token: keep the seen-table at most half full.
  let bound = 0;
  for (let t = 0; t < tokens.length; t++) bound += tokens[t]!.length + 2;
  if (bound * 2 > seenKey.length) {
    let size = seenKey.length;
    while (bound * 2 > size) size *= 2;
    seenKey = new Int32Array(size);
    seenStamp = new Int32Array(size);
    stamp = 0;
  }
  stamp = (stamp + 1) | 0;
  if (stamp === 0) {
    seenStamp.fill(0);
    stamp = 1;
  }
  let n = 0;
  let previous = 0;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]!;
    if (token === BREAK) {
      previous = 0;
      continue;
    }
    const length = token.length;
    let h = WORD_SEED;
    let digits = true;
    for (let i = 0; i < length; i++) {
      const c = token.charCodeAt(i);
      if (c < 0x30 || c > 0x39) digits = false;
      h = Math.imul(h ^ c, P);
    }
    // Every number is one word: the amount a caller says says nothing about what they want.
    const word = digits ? WORD_SEED : h | 0;
    n = push(n, word);
    if (previous !== 0) n = push(n, Math.imul(previous, BIGRAM_MIX) ^ word);
    previous = word;
    // Short words ("hi", "ka") are covered by their unigram; their grams would only be noise.
    if (length < 3 || digits) continue;
    // Rolling 4-grams over "^" + token + "$".
    let g = Math.imul(START, Math.imul(Math.imul(P, P), P));
    g = (g + Math.imul(token.charCodeAt(0), Math.imul(P, P))) | 0;
    g = (g + Math.imul(token.charCodeAt(1), P)) | 0;
    g = (g + token.charCodeAt(2)) | 0;
    n = push(n, finish(g));
    let first = START;
    for (let i = 3; i <= length; i++) {
      const c = i === length ? END : token.charCodeAt(i);
      g = (Math.imul(g, P) + c - Math.imul(first, P4)) | 0;
      first = token.charCodeAt(i - 3);
      n = push(n, finish(g));
    }
  }
  return n;
}

/** Calls `add` with every feature hash of `tokens` (for training; runtime uses `turnFeatures`). */
export function forEachFeature(tokens: readonly string[], add: (feature: number) => void): void {
  const { features: all, count } = turnFeatures(tokens);
  for (let i = 0; i < count; i++) add(all[i]!);
}
