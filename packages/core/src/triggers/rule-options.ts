import { truncateText } from '../extract/text.js';
import type { RuleAction, RuleMatch, Turn, Urgency } from '../types.js';

/** Options every built-in rule accepts. */
export interface RuleOptions {
  /** Unique per deployment; debounce state is keyed by it. Defaults to the kind plus its parameters. */
  id?: string;
  action?: RuleAction;
  /** Routing hint carried on the firing (a configured destination key). */
  department?: string;
  urgency?: Urgency;
  /** Human-readable reason; shown to the human and in headers. */
  reason?: string;
}

/** How far back any built-in rule looks, so evaluation cost does not grow with the call. */
export const RULE_TAIL = 10;

const EVIDENCE_MAX = 300;

export function evidenceOf(text: string): string {
  return truncateText(text, EVIDENCE_MAX);
}

/** Routing hints from the options, then what the rule found; the options' reason wins. */
export function withHints(options: RuleOptions, match: RuleMatch): RuleMatch {
  return {
    ...match,
    ...(options.department !== undefined ? { department: options.department } : {}),
    ...(options.urgency !== undefined ? { urgency: options.urgency } : {}),
    ...(options.reason !== undefined ? { reason: options.reason } : {}),
  };
}

/** Final turns of `role`, newest first, looking at no more than `limit` turns of the transcript. */
export function recentTurns(turns: readonly Turn[], role: Turn['role'] | 'dialogue', limit: number): Turn[] {
  const out: Turn[] = [];
  for (let i = turns.length - 1; i >= 0 && i >= turns.length - limit; i--) {
    const turn = turns[i]!;
    if (!turn.final) continue;
    if (role === 'dialogue' ? turn.role === 'caller' || turn.role === 'agent' : turn.role === role)
      out.push(turn);
  }
  return out;
}

/** The turn a rule should judge: the one just added, when it is a final turn of `role`. */
export function currentTurn(turn: Turn | undefined, role: Turn['role']): Turn | undefined {
  return turn?.final && turn.role === role ? turn : undefined;
}
