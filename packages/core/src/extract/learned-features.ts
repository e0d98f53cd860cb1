/**
 * The features the learned classifier (`learned-model.ts`) reads from one caller turn: word
 * unigrams and bigrams (within a clause) and character 4-grams of each word, so spelling variants
 * ("wapas"/"vapas", "nahi"/"nahin") and Devanagari share evidence. Each feature is a 32-bit hash
 * computed from the characters in place: no strings are built per turn. Training (`eval/train-
 * classifier.ts`) and runtime call this same function, so the committed weights stay valid only as
 * long as this file does not change; regenerate them after any edit here.
 */

const BREAK = '|';
const CHAR_N = 4;
/** Hash seeds, so a word, a bigram and a character gram with the same characters differ. */
const WORD_SEED = 0x811c9dc5;
const GRAM_SEED = 0x01000193;
const BIGRAM_MIX = 0x9e3779b1;
/** Word boundary markers for character grams: "^wap", "pas$". */
const START = 0x5e;
const END = 0x24;

function mix(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}

/** Every digit run is one word: the amount a caller says says nothing about what they want. */
function wordHash(token: string): number {
  let h = WORD_SEED;
  let digits = true;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c < 0x30 || c > 0x39) digits = false;
    h = mix(h, c);
  }
  return digits ? WORD_SEED : h;
}

/**
 * Calls `add` with every feature hash of `tokens` (`clauseTokens` of the folded turn, `|` between
 * clauses); the same feature may come more than once.
 */
export function forEachFeature(tokens: readonly string[], add: (feature: number) => void): void {
  let previous = 0;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]!;
    if (token === BREAK) {
      previous = 0;
      continue;
    }
    const word = wordHash(token);
    add(word);
    if (previous !== 0) add(Math.imul(previous, BIGRAM_MIX) ^ word);
    previous = word;
    const n = token.length;
    // Short words ("hi", "ka") are covered by their unigram; their grams would only be noise.
    if (n < 3 || word === WORD_SEED) continue;
    // Grams over "^" + token + "$".
    for (let start = -1; start + CHAR_N <= n + 1; start++) {
      let h = GRAM_SEED;
      for (let k = start; k < start + CHAR_N; k++) {
        h = mix(h, k < 0 ? START : k >= n ? END : token.charCodeAt(k));
      }
      add(h | 0);
    }
  }
}
