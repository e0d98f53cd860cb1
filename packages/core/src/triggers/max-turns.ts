import type { EngineAwareRule, EngineRuleInput } from './rule-engine.js';
import { type RuleOptions, withHints } from './rule-options.js';

/**
 * Fires once when the call reaches `n` final caller and agent turns: a long call usually means
 * the AI is not getting anywhere. The count comes from the `RuleEngine`; without one it falls
 * back to the current turn's index, which also counts tool and system turns.
 */
export function maxTurns(n: number, options: RuleOptions = {}): EngineAwareRule {
  return {
    id: options.id ?? `max-turns:${n}`,
    kind: 'max_turns',
    action: options.action ?? 'suggest',
    evaluate(input: EngineRuleInput) {
      const count = input.dialogueTurns ?? (input.turn ? input.turn.index + 1 : input.turns.length);
      if (count < n) return undefined;
      return withHints(options, {
        evidence: `${count} turns without resolution`,
        causeKey: `turns>=${n}`,
        reason: `call reached ${n} turns`,
      });
    },
    // From 70 % of the limit on.
    nearMiss(input) {
      const count = input.turns.filter((t) => t.role === 'caller' || t.role === 'agent').length;
      if (count >= n || count < n * 0.7) return undefined;
      return { closeness: Math.round((count / n) * 100) / 100, why: `${count} of ${n} turns` };
    },
  };
}
