import { tokenize, truncateText } from '../extract/text.js';
import { FILLER, FUNCTION_WORDS, NUMBER_WORDS, VAGUE } from './words.js';

/** Details kept; the summary quotes at most `SHOWN` of them that no other line already quotes. */
const KEPT = 3;
export const SHOWN = 2;
/** A turn must add this many words the opening did not say to count as a detail. */
const MIN_NEW_WORDS = 3;
const MAX_DETAIL = 160;
/** A turn of this many words or fewer is an answer, not a statement. */
const SHORT_ANSWER = 4;
/** Up to this many words, two new ones make a detail ("it is going to arm also"). */
const SHORT_TURN = 8;
/** New words counted past this add nothing: the turn is a detail either way. */
const MAX_COUNTED = 32;
/**
 * Reused by every `add` so counting a turn's distinct new words allocates nothing (a `Set` per
 * turn, or clearing one, allocates); a linear scan of at most `MAX_COUNTED` words is cheaper.
 */
const FOUND: string[] = new Array<string>(MAX_COUNTED).fill('');
/** One lookup per word instead of four. */
const NOT_CONTENT: ReadonlySet<string> = new Set([...FILLER, ...VAGUE, ...FUNCTION_WORDS, ...NUMBER_WORDS]);

interface Detail {
  text: string;
  /** Words it adds to the opening: more means more the human would not know from the rest. */
  score: number;
  /** The turn's index in the call: how the summary knows it already quotes this turn. */
  turn: number;
}

/**
 * The caller turns between the opening and the latest request that say the most the opening did
 * not: the thing ordered ("joote the, bhai ki shaadi ke liye"), who is calling the caller ("your
 * recovery agents are calling my wife"), the new address, what the garage is waiting for. Without
 * them the summary keeps the first and last words of a call and loses the facts said in between.
 * Bounded: a few candidates, each scored once from the words the turn already has.
 */
export class CallerDetails {
  #opening = new Set<string>();
  #kept: Detail[] = [];
  #name: string | undefined;
  #nameWords: readonly string[] = [];

  /** The opening changed (a vague one gave way): its words stop counting as new. */
  setOpening(tokens: readonly string[]): void {
    this.#opening = new Set(tokens);
  }

  /** `name`: the caller's, once known; "my name is Kavita Rao" adds no fact the header lacks. */
  add(turn: number, text: string, tokens: readonly string[], name?: string): void {
    if (tokens.length === 0) return;
    if (name !== this.#name) {
      this.#name = name;
      this.#nameWords = name === undefined ? [] : tokenize(name);
    }
    let score = 0;
    // The name's words neither count as new nor make the turn longer than the answer it is.
    let length = tokens.length;
    for (const t of tokens) {
      if (this.#nameWords.includes(t)) {
        length--;
        continue;
      }
      if (!isContent(t) || this.#opening.has(t) || counted(t, score)) continue;
      FOUND[score++] = t;
      if (score === MAX_COUNTED) break;
    }
    // A short answer to the agent ("we shifted to pune", "Lajpat nagar.", "Moving abroad.") is all
    // fact: one new word is enough there. It scores low, so a longer detail still wins the space.
    if (score < (length <= SHORT_ANSWER ? 1 : length <= SHORT_TURN ? 2 : MIN_NEW_WORDS)) return;
    // Cut when quoted, not here: most details are replaced before anyone reads them.
    const detail = { text, score, turn };
    if (this.#kept.length < KEPT) {
      this.#kept.push(detail);
      return;
    }
    // Replace the weakest; on a tie, the older one goes (the call has moved on).
    let weakest = 0;
    for (let i = 1; i < this.#kept.length; i++) {
      const k = this.#kept[i]!;
      const w = this.#kept[weakest]!;
      if (k.score < w.score || (k.score === w.score && k.turn < w.turn)) weakest = i;
    }
    if (score >= this.#kept[weakest]!.score) this.#kept[weakest] = detail;
  }

  /** Up to `SHOWN` details, in the order they were said, leaving out turns quoted elsewhere. */
  list(quoted: ReadonlySet<number | undefined>): string[] {
    return this.#kept
      .filter((d) => !quoted.has(d.turn))
      .sort((a, b) => b.score - a.score || b.turn - a.turn)
      .slice(0, SHOWN)
      .sort((a, b) => a.turn - b.turn)
      .map((d) => truncateText(d.text, MAX_DETAIL));
  }
}

function counted(token: string, found: number): boolean {
  for (let i = 0; i < found; i++) if (FOUND[i] === token) return true;
  return false;
}

function isContent(token: string): boolean {
  if (token.length < 3) return false;
  const c = token.charCodeAt(0);
  return !(c >= 0x30 && c <= 0x39) && !NOT_CONTENT.has(token);
}
