import type { TriggerRule } from '../types.js';
import { humanRequestIn } from './human-request.js';
import { defaultRequestLanguages, type RequestLanguage } from './request-phrases.js';
import { currentTurn, evidenceOf, type RuleOptions, withHints } from './rule-options.js';

export interface ExplicitRequestOptions extends RuleOptions {
  /** Phrase data per language; defaults to English, Hindi (Devanagari) and Hinglish. */
  languages?: readonly RequestLanguage[];
}

/**
 * Fires when the caller asks for a person ("can I speak to a human", "agent se baat karao",
 * "मुझे इंसान से बात करनी है"), not when they say they don't want one. Transfers by default.
 * Carries no cause key, so it fires again only after a turn that is not a request.
 */
export function explicitRequest(options: ExplicitRequestOptions = {}): TriggerRule {
  const languages = options.languages ?? defaultRequestLanguages;
  return {
    id: options.id ?? 'explicit-request',
    kind: 'explicit_request',
    action: options.action ?? 'transfer',
    evaluate(input) {
      const turn = currentTurn(input.turn, 'caller');
      if (!turn || !humanRequestIn(turn.text, languages)) return undefined;
      return withHints(options, {
        evidence: evidenceOf(turn.text),
        turnIndex: turn.index,
        reason: 'caller asked for a human',
      });
    },
  };
}
