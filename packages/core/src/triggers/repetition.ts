import { tokenize } from '../extract/text.js';
import type { RuleMatch, Turn } from '../types.js';
import type { EngineAwareRule, EngineRuleInput } from './rule-engine.js';
import { evidenceOf, type RuleOptions, withHints } from './rule-options.js';

type Speaker = 'caller' | 'agent';

export interface RepetitionOptions extends RuleOptions {
  /** Near-identical turns (the latest included) that make a repetition. */
  turns: number;
  /** Token Jaccard similarity in [0, 1] at which two turns count as the same. Default 0.8. */
  similarity?: number;
  /** Recent turns of the same speaker compared. Default `max(turns + 2, 5)`. */
  window?: number;
  /** Turns shorter than this ("yes", "haan ji") are answers, not repetition. Default 3 words. */
  minWords?: number;
  /** Whose repetition to watch. Default both: a caller repeating themselves, an agent stuck in a loop. */
  speakers?: readonly Speaker[];
}

/** A turn's distinct words, sorted (code-unit order), so two turns compare in one merge. */
type Words = readonly string[];

interface Repeats {
  latest: Turn;
  /** Near-identical turns among the speaker's recent ones, the latest included. */
  count: number;
}

interface Counted extends Repeats {
  text: string;
  /** The speaker's recent turns the count was worked out over, newest first, their texts and words. */
  basis: Turn[];
  texts: string[];
  /** Each basis turn's words, once worked out (a short latest turn compares with none). */
  words: Array<Words | undefined>;
}

/**
 * What one call's evaluations keep: each speaker's last count, with the words of the turns it was
 * worked out over (a turn is compared on several evaluations; only that speaker's next turn, or a
 * late or corrected one, changes the count). Bounded to those turns, so it does not grow with the call.
 */
interface CallMemo {
  caller?: Counted;
  agent?: Counted;
}

const NONE: readonly RuleMatch[] = Object.freeze([]);

/** The speaker's recent turns of one evaluation, newest first (evaluation is synchronous). */
const recent: Turn[] = [];

/**
 * The last count some call's memo dropped for a new one, refilled for the next count (of any call)
 * instead of making a new object and three arrays per turn: nothing reads a count once its memo has
 * replaced it (a count is read within the evaluation that made it or found it unchanged). One for
 * the whole process, so no call keeps a second count of its own.
 */
let spare: Counted | undefined;

/** The turn's words, from the speaker's last count when it was among the turns compared then. */
function wordsOf(turn: Turn, known: Counted | undefined): Words {
  if (known) {
    for (let i = 0; i < known.basis.length; i++) {
      if (known.basis[i] === turn && known.texts[i] === turn.text) {
        const words = known.words[i];
        if (words !== undefined) return words;
        break;
      }
    }
  }
  return distinctSorted(tokenize(turn.text));
}

function distinctSorted(tokens: readonly string[]): Words {
  // Insertion into a sorted list, a repeated word skipped: a turn has a few dozen words, and
  // `sort()` without a comparator converts and compares through a slow generic path. `<` on strings
  // is the same code-unit order.
  const words: string[] = [];
  for (let t = 0; t < tokens.length; t++) {
    const word = tokens[t]!;
    let i = words.length;
    while (i > 0 && words[i - 1]! > word) i--;
    if (i > 0 && words[i - 1] === word) continue;
    words.push(word);
    for (let j = words.length - 1; j > i; j--) words[j] = words[j - 1]!;
    words[i] = word;
  }
  return words;
}

/**
 * Cuts `array` to its first `n` items. Setting `length` is a call into the runtime (~50 ns) even
 * when it changes nothing, which is most turns: the window is full after a speaker's first few.
 */
function keepFirst(array: unknown[], n: number): void {
  if (array.length !== n) array.length = n;
}

function comparedWith(known: Counted, latest: Turn, n: number): boolean {
  if (known.latest !== latest || known.text !== latest.text || known.basis.length !== n) return false;
  for (let i = 1; i < n; i++) {
    const turn = recent[i]!;
    if (known.basis[i] !== turn || known.texts[i] !== turn.text) return false;
  }
  return true;
}

/**
 * Whether the token Jaccard similarity of two sets of distinct words, each sorted, reaches
 * `similarity`. The merge stops as soon as the shared words left possible cannot reach it: turns of
 * one speaker mostly differ from their first few words, and comparing strings is what costs here.
 */
function similarEnough(a: Words, b: Words, similarity: number): boolean {
  if (a.length === 0 && b.length === 0) return 1 >= similarity;
  const needed = sharedNeeded(a.length + b.length, Math.min(a.length, b.length), similarity);
  if (needed < 0) return false;
  let shared = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
      continue;
    }
    if (a[i]! < b[j]!) i++;
    else j++;
    if (shared + Math.min(a.length - i, b.length - j) < needed) return false;
  }
  return shared >= needed;
}

/**
 * The fewest shared words whose Jaccard similarity (`shared / (total - shared)`, the same float
 * division) reaches `similarity`, or -1 if no count up to `most` does. The ratio only grows with
 * `shared`, so fewer shared words never reach it.
 */
function sharedNeeded(total: number, most: number, similarity: number): number {
  for (let shared = 0; shared <= most; shared++) {
    if (shared / (total - shared) >= similarity) return shared;
  }
  return -1;
}

/**
 * Fires when the caller says nearly the same thing `turns` times among their recent turns, or the
 * agent does (a loop). The cause key is the speaker; it re-arms once that speaker moves on.
 */
export function repetition(options: RepetitionOptions): EngineAwareRule {
  const needed = Math.max(2, Math.floor(options.turns));
  const similarity = options.similarity ?? 0.8;
  const window = Math.max(needed, Math.floor(options.window ?? Math.max(needed + 2, 5)));
  const minWords = options.minWords ?? 3;
  const speakers = options.speakers ?? (['caller', 'agent'] as const);

  // Per call, in the engine's scratch space: the rule itself is shared by every call.
  const memoKey = {};
  const memoOf = (input: EngineRuleInput): CallMemo | undefined => {
    const scratch = input.scratch;
    if (!scratch) return undefined;
    let memo = scratch.get(memoKey) as CallMemo | undefined;
    if (!memo) {
      memo = {};
      scratch.set(memoKey, memo);
    }
    return memo;
  };

  const repeats = (
    input: EngineRuleInput,
    speaker: Speaker,
    memo: CallMemo | undefined,
  ): Repeats | undefined => {
    // Speakers alternate, with tool turns in between, so the same speaker's last `window` turns lie
    // within about three times as many.
    const turns = input.turns;
    const stop = Math.max(0, turns.length - window * 3);
    let n = 0;
    for (let i = turns.length - 1; i >= stop && n < window; i--) {
      const turn = turns[i]!;
      if (turn.final && turn.role === speaker) recent[n++] = turn;
    }
    if (n === 0) return undefined;
    const latest = recent[0]!;
    const known = memo?.[speaker];
    if (known && comparedWith(known, latest, n)) return known;
    const reused = spare;
    spare = undefined;
    const basis = reused?.basis ?? [];
    const texts = reused?.texts ?? [];
    const words = reused?.words ?? [];
    for (let i = 0; i < n; i++) {
      basis[i] = recent[i]!;
      texts[i] = recent[i]!.text;
      // Worked out below only when the latest turn is long enough to compare.
      words[i] = undefined;
    }
    keepFirst(basis, n);
    keepFirst(texts, n);
    keepFirst(words, n);
    const latestWords = wordsOf(latest, known);
    words[0] = latestWords;
    let count = 1;
    if (latestWords.length >= minWords) {
      for (let i = 1; i < n; i++) {
        const other = wordsOf(basis[i]!, known);
        words[i] = other;
        // Jaccard is at most the smaller set's size over the larger's: no need to count shared words.
        const small = Math.min(latestWords.length, other.length);
        const large = Math.max(latestWords.length, other.length);
        if (small / large < similarity) continue;
        if (similarEnough(latestWords, other, similarity)) count++;
      }
    }
    const fresh: Counted = reused ?? { latest, count, text: latest.text, basis, texts, words };
    fresh.latest = latest;
    fresh.count = count;
    fresh.text = latest.text;
    if (memo) {
      memo[speaker] = fresh;
      spare = known;
    }
    return fresh;
  };

  const evaluateAll = (input: EngineRuleInput): readonly RuleMatch[] => {
    // Most turns repeat nothing: no array for them.
    let out: RuleMatch[] | undefined;
    const memo = memoOf(input);
    for (const speaker of speakers) {
      const found = repeats(input, speaker, memo);
      if (!found || found.count < needed) continue;
      const who = speaker === 'caller' ? 'caller repeated themselves' : 'agent is repeating itself';
      out ??= [];
      out.push(
        withHints(options, {
          evidence: evidenceOf(found.latest.text),
          turnIndex: found.latest.index,
          causeKey: speaker,
          reason: `${who} (${found.count} times)`,
        }),
      );
    }
    return out ?? NONE;
  };

  return {
    id: options.id ?? `repetition:${needed}`,
    kind: 'repetition',
    action: options.action ?? 'suggest',
    evaluate: (input) => evaluateAll(input)[0],
    evaluateAll,
    rearmed(input, causeKey) {
      if (causeKey !== 'caller' && causeKey !== 'agent') return true;
      return (repeats(input, causeKey, memoOf(input))?.count ?? 0) < needed;
    },
  };
}
