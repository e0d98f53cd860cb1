import type { Turn } from '../types.js';
import type { EngineAwareRule, EngineRuleInput } from './rule-engine.js';
import { evidenceOf, RULE_TAIL, type RuleOptions, withHints } from './rule-options.js';

export interface LowConfidenceOptions extends RuleOptions {
  /** ASR confidence under which a caller turn counts as misheard. */
  below: number;
  /** Consecutive misheard caller turns needed. */
  turns: number;
}

/**
 * Fires when the last `turns` caller turns that carry an ASR confidence were all below `below`.
 * Turns without a confidence neither extend nor break the streak. Fires once per streak.
 */
export function lowConfidence(options: LowConfidenceOptions): EngineAwareRule {
  const needed = Math.max(1, Math.floor(options.turns));
  // Agent turns and turns without confidence sit between the ones that count.
  const window = Math.max(RULE_TAIL, needed * 4);

  /** The newest `limit` scored caller turns in the tail, newest first. */
  const scored = (input: EngineRuleInput, limit: number): Turn[] => {
    const out: Turn[] = [];
    const turns = input.turns;
    const stop = Math.max(0, turns.length - window);
    for (let i = turns.length - 1; i >= stop && out.length < limit; i--) {
      const turn = turns[i]!;
      if (turn.final && turn.role === 'caller' && turn.confidence !== undefined) out.push(turn);
    }
    return out;
  };
  /** The newest scored caller turn in the tail, if any. */
  const latestScored = (input: EngineRuleInput): Turn | undefined => {
    const turns = input.turns;
    const stop = Math.max(0, turns.length - window);
    for (let i = turns.length - 1; i >= stop; i--) {
      const turn = turns[i]!;
      if (turn.final && turn.role === 'caller' && turn.confidence !== undefined) return turn;
    }
    return undefined;
  };

  return {
    id: options.id ?? `low-confidence:${options.below}x${needed}`,
    kind: 'low_confidence',
    action: options.action ?? 'suggest',
    readsConfidence: true,
    evaluate(input) {
      // No streak while the newest scored turn was heard clearly: the common case, and free.
      const latest = latestScored(input);
      if (latest === undefined || latest.confidence! >= options.below) return undefined;
      const streak = scored(input, needed);
      if (streak.length < needed || streak.some((t) => t.confidence! >= options.below)) return undefined;
      return withHints(options, {
        evidence: evidenceOf(
          streak
            .reverse()
            .map((t) => `${t.text} (${t.confidence!.toFixed(2)})`)
            .join(' / '),
        ),
        turnIndex: streak[streak.length - 1]!.index,
        reason: `${needed} caller turns in a row with ASR confidence below ${options.below}`,
      });
    },
    // Only a turn heard clearly ends the streak.
    rearmed(input) {
      const latest = latestScored(input);
      return latest !== undefined && latest.confidence! >= options.below;
    },
  };
}
