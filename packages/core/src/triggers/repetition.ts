import { tokenize } from '../extract/text.js';
import type { RuleMatch, Turn } from '../types.js';
import type { EngineAwareRule, EngineRuleInput } from './rule-engine.js';
import { evidenceOf, type RuleOptions, recentTurns, withHints } from './rule-options.js';

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

// Each turn is compared on several evaluations; tokenise it once. The text is part of the entry
// because a platform may correct a turn in place.
const tokenCache = new WeakMap<Turn, { text: string; words: Set<string> }>();

function wordsOf(turn: Turn): Set<string> {
  const cached = tokenCache.get(turn);
  if (cached?.text === turn.text) return cached.words;
  const words = new Set(tokenize(turn.text));
  tokenCache.set(turn, { text: turn.text, words });
  return words;
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

  const repeats = (input: EngineRuleInput, speaker: Speaker) => {
    // Speakers alternate, with tool turns in between, so the same speaker's last `window` turns lie
    // within about three times as many.
    const same = recentTurns(input.turns, speaker, window * 3);
    const latest = same[0];
    if (!latest) return undefined;
    const words = wordsOf(latest);
    if (words.size < minWords) return { latest, count: 1 };
    let count = 1;
    const end = Math.min(same.length, window);
    for (let i = 1; i < end; i++) if (jaccard(words, wordsOf(same[i]!)) >= similarity) count++;
    return { latest, count };
  };

  const evaluateAll = (input: EngineRuleInput): RuleMatch[] => {
    const out: RuleMatch[] = [];
    for (const speaker of speakers) {
      const found = repeats(input, speaker);
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
      return (repeats(input, causeKey)?.count ?? 0) < needed;
    },
  };
}
