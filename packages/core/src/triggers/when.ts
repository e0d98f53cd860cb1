import type { RuleInput } from '../types.js';
import type { EngineAwareRule } from './rule-engine.js';
import { evidenceOf, RULE_TAIL, type RuleOptions, recentTurns, withHints } from './rule-options.js';

export interface WhenOptions extends RuleOptions {
  /** Evidence when the predicate returns `true` rather than a string. Default: the latest caller turn. */
  evidence?: string | ((input: RuleInput) => string);
}

/** `true` or a non-empty string (used as evidence) means the condition holds. */
export type RulePredicate = (input: RuleInput) => boolean | string | undefined;

/**
 * A business rule over the call, usually over `input.extracted`:
 * `when(({ extracted }) => (extracted.amounts?.[0] ?? 0) > 10_000, { reason: 'refund above ₹10,000' })`.
 * Transfers by default. Fires when the predicate becomes true, and again only after it was false.
 */
export function when(predicate: RulePredicate, options: WhenOptions = {}): EngineAwareRule {
  return {
    id: options.id ?? `when:${options.reason ? slug(options.reason) : fnv1a(predicate.toString())}`,
    kind: 'predicate',
    action: options.action ?? 'transfer',
    evaluate(input) {
      const result = predicate(input);
      if (result === false || result === undefined || result === '') return undefined;
      const evidence =
        typeof result === 'string'
          ? result
          : typeof options.evidence === 'function'
            ? options.evidence(input)
            : (options.evidence ?? recentTurns(input.turns, 'caller', RULE_TAIL)[0]?.text ?? 'condition met');
      return withHints(options, { evidence: evidenceOf(evidence), reason: 'business rule matched' });
    },
  };
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

/** A stable id for an unnamed predicate, the same in every process that builds the same rules. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
