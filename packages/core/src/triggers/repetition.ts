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

interface Words {
  text: string;
  words: Set<string>;
}

interface Repeats {
  latest: Turn;
  /** Near-identical turns among the speaker's recent ones, the latest included. */
  count: number;
}

interface Counted extends Repeats {
  text: string;
  /** The speaker's recent turns the count was worked out over, newest first, and their texts. */
  basis: Turn[];
  texts: string[];
}

/**
 * What one call's evaluations keep: each recent turn's words (a turn is compared on several
 * evaluations) and each speaker's last count (which only that speaker's next turn, or a late or
 * corrected one, changes). Bounded to the turns still compared, so it does not grow with the call.
 */
interface CallMemo {
  words: Map<Turn, Words>;
  counts: Map<Speaker, Counted>;
}

/** The speaker's recent turns of one evaluation, newest first (evaluation is synchronous). */
const recent: Turn[] = [];

function wordsOf(turn: Turn, memo: CallMemo | undefined): Set<string> {
  const known = memo?.words.get(turn);
  if (known?.text === turn.text) return known.words;
  const words = new Set(tokenize(turn.text));
  memo?.words.set(turn, { text: turn.text, words });
  return words;
}

function comparedWith(known: Counted, latest: Turn, n: number): boolean {
  if (known.latest !== latest || known.text !== latest.text || known.basis.length !== n) return false;
  for (let i = 1; i < n; i++) {
    const turn = recent[i]!;
    if (known.basis[i] !== turn || known.texts[i] !== turn.text) return false;
  }
  return true;
}

/** Forgets the words of turns no speaker's count is worked out over any more. */
function prune(memo: CallMemo): void {
  const kept = new Set<Turn>();
  for (const counted of memo.counts.values()) for (const turn of counted.basis) kept.add(turn);
  for (const turn of memo.words.keys()) if (!kept.has(turn)) memo.words.delete(turn);
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / (a.size + b.size - shared);
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
      memo = { words: new Map(), counts: new Map() };
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
    const known = memo?.counts.get(speaker);
    if (known && comparedWith(known, latest, n)) return known;
    const words = wordsOf(latest, memo);
    let count = 1;
    if (words.size >= minWords) {
      for (let i = 1; i < n; i++) if (jaccard(words, wordsOf(recent[i]!, memo)) >= similarity) count++;
    }
    const basis = recent.slice(0, n);
    const fresh: Counted = { latest, count, text: latest.text, basis, texts: basis.map((t) => t.text) };
    if (memo) {
      memo.counts.set(speaker, fresh);
      if (memo.words.size > 4 * window) prune(memo);
    }
    return fresh;
  };

  const evaluateAll = (input: EngineRuleInput): RuleMatch[] => {
    const out: RuleMatch[] = [];
    const memo = memoOf(input);
    for (const speaker of speakers) {
      const found = repeats(input, speaker, memo);
      if (!found || found.count < needed) continue;
      const who = speaker === 'caller' ? 'caller repeated themselves' : 'agent is repeating itself';
      out.push(
        withHints(options, {
          evidence: evidenceOf(found.latest.text),
          turnIndex: found.latest.index,
          causeKey: speaker,
          reason: `${who} (${found.count} times)`,
        }),
      );
    }
    return out;
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
