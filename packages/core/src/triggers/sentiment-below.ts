import { scoreText } from '../sentiment/score.js';
import type { Turn } from '../types.js';
import type { EngineAwareRule } from './rule-engine.js';
import { evidenceOf, RULE_TAIL, type RuleOptions, recentTurns, withHints } from './rule-options.js';

export interface SentimentBelowOptions extends RuleOptions {
  /** How far above the threshold the score must climb before the rule can fire again. Default 0.2. */
  hysteresis?: number;
}

/**
 * Fires when the running sentiment score drops below `threshold`, once per descent: it re-arms
 * only after the score recovers above `threshold + hysteresis`, so a score hovering at the line
 * does not fire on every turn. Evidence is the most negative recent caller turn.
 */
export function sentimentBelow(threshold: number, options: SentimentBelowOptions = {}): EngineAwareRule {
  const rearmAt = threshold + (options.hysteresis ?? 0.2);
  return {
    id: options.id ?? `sentiment-below:${threshold}`,
    kind: 'sentiment',
    action: options.action ?? 'suggest',
    evaluate(input) {
      if (!(input.sentimentScore < threshold)) return undefined;
      const worst = mostNegative(recentTurns(input.turns, 'caller', RULE_TAIL));
      return withHints(options, {
        evidence: worst ? evidenceOf(worst.text) : `sentiment ${input.sentimentScore.toFixed(2)}`,
        ...(worst ? { turnIndex: worst.index } : {}),
        reason: `caller sentiment ${input.sentimentScore.toFixed(2)} below ${threshold}`,
      });
    },
    rearmed: (input) => input.sentimentScore >= rearmAt,
    // Within 0.3 of the line: the caller is souring.
    nearMiss(input) {
      const gap = input.sentimentScore - threshold;
      if (!(gap >= 0 && gap < 0.3)) return undefined;
      return {
        closeness: Math.round((1 - gap / 0.3) * 100) / 100,
        why: `sentiment ${input.sentimentScore.toFixed(2)}, fires below ${threshold}`,
      };
    },
  };
}

function mostNegative(turns: Turn[]): Turn | undefined {
  let worst: Turn | undefined;
  let worstScore = Number.POSITIVE_INFINITY;
  for (const turn of turns) {
    const score = turn.sentiment ?? scoreText(turn.text);
    if (score < worstScore) {
      worst = turn;
      worstScore = score;
    }
  }
  return worst;
}
