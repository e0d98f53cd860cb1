import type { Turn } from '../types.js';
import type { EngineAwareRule, EngineRuleInput } from './rule-engine.js';
import { evidenceOf, RULE_TAIL, type RuleOptions, recentTurns, withHints } from './rule-options.js';

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

  const scored = (input: EngineRuleInput, limit: number): Turn[] =>
    recentTurns(input.turns, 'caller', window)
      .filter((t) => t.confidence !== undefined)
      .slice(0, limit);

  return {
    id: options.id ?? `low-confidence:${options.below}x${needed}`,
    kind: 'low_confidence',
    action: options.action ?? 'suggest',
    readsConfidence: true,
    evaluate(input) {
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
      const latest = scored(input, 1)[0];
      return latest !== undefined && latest.confidence! >= options.below;
    },
  };
}
