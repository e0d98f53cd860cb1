import { spellingLemma } from './lemmas.js';

/**
 * What the keyword classifier (`keyword-classifier.ts`) asks of the words around a phrase it found:
 * whether the caller wished it away or denied it, and whether they asked for it.
 */

/** Clause breaks in the token stream, as the classifier writes them. */
const BREAK = '|';

const NAHI = new Set(['nahi', 'nahin', 'nhi', 'नहीं', 'नही']);
const WANT = new Set(['chahiye', 'चाहिए']);
const OTHERWISE = new Set(['to', 'toh', 'तो']);
const MAT = new Set(['mat', 'मत']);
const DEGREE = new Set(['bilkul', 'ab', 'abhi', 'zara', 'koi', 'बिल्कुल', 'अब', 'अभी', 'जरा', 'कोई']);
const DONE = new Set(['diya', 'दिया']);
const REQUEST_VERB = new Set(['kar', 'कर', 'do', 'दो']);
const STATE = new Set(['ho', 'हो', 'hua', 'हुआ', 'hai', 'है', 'tha', 'था', 'pada', 'पड़ा', 'पडा']);
const WISH_WORD = new Set(['block', 'ब्लॉक', 'band', 'बंद', 'cancel', 'कैंसिल', 'freeze', 'फ्रीज', 'deactivate']);
/** "I don't want a refund", "not a replacement", "no need to cancel". */
const NEGATED_WISH_BEFORE =
  /(?:(?:(?:dont|do not|didnt|did not|never) (?:really )?(?:want|need|ask for|asked for)|no need (?:for|to)|not (?:looking|asking) for)(?: \S+){0,2}|(?:^| )not(?: (?:a|an|the|any))?)$/u;
/** "no fever", "not dizzy", "without pain". */
const NEGATED_BEFORE = /(?:^| )(?:no|not|never|without)(?: \S+)?$/u;
const NEGATION_REACH = 7;
/** A window without one of these words cannot match either pattern above: skip the regexes. */
const NEGATION_CUES = new Set(['dont', 'do', 'didnt', 'did', 'never', 'no', 'not', 'without']);
/** "agar kal tak nahi hua toh port kar dunga", "if it is not fixed I am porting out": a condition. */
const CONDITION = new Set(['if', 'agar', 'अगर', 'otherwise', 'warna', 'varna', 'वरना', 'unless']);

/** Words that make a phrase near them a request: "i want a refund", "please block", "refund chahiye". */
// biome-ignore format: a word table reads better packed than one word per line
const WISH_CUES = new Set([
  'want', 'wanted', 'need', 'please', 'pls', 'kindly', 'like', 'chahiye', 'चाहिए', 'chahta', 'chahti', 'चाहता',
  'चाहती', 'karwana', 'करवाना', 'karna', 'करना',
]);
const WISH_REACH = 4;

/** Verbs whose object is a bill being paid or sent, not disputed: "pay my postpaid bill", "bill upload". */
// biome-ignore format: a word table reads better packed than one word per line
const PAY_VERBS = new Set([
  'pay', 'paying', 'upload', 'uploading', 'bhar', 'bharna', 'jama', 'भर', 'भरना', 'जमा',
]);
const PAY_REACH = 3;

/** Whether the phrase is what the caller pays or uploads ("pay my postpaid bill", "bill upload kar rahi thi"). */
export function paidFor(tokens: readonly string[], start: number, end: number): boolean {
  for (let k = start - 1; k >= 0 && k >= start - PAY_REACH && tokens[k] !== BREAK; k--) {
    if (PAY_VERBS.has(spellingLemma(tokens[k]!))) return true;
  }
  const next = tokens[end];
  return next !== undefined && PAY_VERBS.has(spellingLemma(next));
}

/** Whether a wish word sits within a few words of the phrase, in its clause. */
export function asksFor(tokens: readonly string[], start: number, end: number): boolean {
  for (let k = start - 1; k >= 0 && k >= start - WISH_REACH && tokens[k] !== BREAK; k--) {
    if (WISH_CUES.has(spellingLemma(tokens[k]!))) return true;
  }
  for (let k = end; k < tokens.length && k < end + WISH_REACH && tokens[k] !== BREAK; k++) {
    if (WISH_CUES.has(spellingLemma(tokens[k]!))) return true;
  }
  return false;
}

/**
 * Whether the caller wished a phrase away ("refund nahi chahiye") or, for symptoms, denied it
 * ("no fever"). What comes before a phrase depends only on where it starts, and many phrases start
 * at the same word, so that half is worked out once per position.
 */
export class NegationCache {
  readonly #tokens: readonly string[];
  /** Per start: 0 not yet known, else 1 | WISH (negated wish before) | PLAIN (plain negation before). */
  #before: Uint8Array | undefined;

  constructor(tokens: readonly string[]) {
    this.#tokens = tokens;
  }

  /**
   * Whether the caller said they do not want the phrase ("refund nahi chahiye", "I am not asking
   * for the money back", "cancel mat karo"): not a report or a state, a wish turned down.
   */
  wishDenied(start: number, end: number): boolean {
    const tokens = this.#tokens;
    if (this.#beforeAt(start) & WISH_BEFORE) return true;
    const next = tokens[end] === undefined ? undefined : spellingLemma(tokens[end]!);
    if (next === undefined) return false;
    if (MAT.has(next)) return true;
    const afterNext = tokens[end + 1] === undefined ? undefined : spellingLemma(tokens[end + 1]!);
    return NAHI.has(next) && afterNext !== undefined && WANT.has(afterNext);
  }

  /** Whether the phrase sits in a condition ("if it is not fixed I am porting out"): a threat, not the request. */
  conditional(start: number): boolean {
    return (this.#beforeAt(start) & CONDITION_BEFORE) !== 0;
  }

  negated(start: number, end: number, symptom: boolean): boolean {
    const tokens = this.#tokens;
    const before = this.#beforeAt(start);
    if (before & WISH_BEFORE) return true;
    const next = tokens[end] === undefined ? undefined : spellingLemma(tokens[end]!);
    if (next !== undefined) {
      const last = spellingLemma(tokens[end - 1]!);
      // "khata band kar diya gaya", "card band karwa dunga": a request verb that reports or threatens.
      if (DONE.has(next) && REQUEST_VERB.has(last)) return true;
      // "card block ho gaya", "connection band hai": a state, not a wish.
      if (STATE.has(next) && WISH_WORD.has(last)) return true;
      if (MAT.has(next)) return true;
    }
    const afterNext = tokens[end + 1] === undefined ? undefined : spellingLemma(tokens[end + 1]!);
    if (next !== undefined && NAHI.has(next) && afterNext !== undefined && WANT.has(afterNext)) return true;
    if (!symptom) return false;
    if (before & PLAIN_BEFORE) return true;
    if (next !== undefined && DEGREE.has(next)) {
      // "dard bilkul nahi hai", "bukhar ab nahi hai": a degree word between the symptom and "nahi".
      const third = tokens[end + 2];
      return afterNext !== undefined && NAHI.has(afterNext) && !(third !== undefined && OTHERWISE.has(third));
    }
    return next !== undefined && NAHI.has(next) && !(afterNext !== undefined && OTHERWISE.has(afterNext));
  }

  #beforeAt(start: number): number {
    this.#before ??= new Uint8Array(this.#tokens.length);
    const known = this.#before[start]!;
    if (known !== 0) return known;
    const tokens = this.#tokens;
    let from = start;
    while (from > 0 && start - from < NEGATION_REACH && tokens[from - 1] !== BREAK) from--;
    let bits = 1;
    let cue = false;
    for (let k = from; k < start; k++) {
      const word = tokens[k]!;
      if (NEGATION_CUES.has(word)) cue = true;
      if (CONDITION.has(word)) bits |= CONDITION_BEFORE;
    }
    if (cue) {
      const before = tokens.slice(from, start).join(' ');
      if (NEGATED_WISH_BEFORE.test(before)) bits |= WISH_BEFORE;
      if (NEGATED_BEFORE.test(before)) bits |= PLAIN_BEFORE;
    }
    this.#before[start] = bits;
    return bits;
  }
}

const WISH_BEFORE = 2;
const PLAIN_BEFORE = 4;
const CONDITION_BEFORE = 8;
