import type { FailureOutcome } from '../types.js';

/** The rungs a deployment can put on its fallback ladder, tried in the order configured. */
export type LadderRung = 'next_destination' | 'back_to_ai' | 'voicemail' | 'callback' | 'hangup';

export const DEFAULT_LADDER: readonly LadderRung[] = [
  'next_destination',
  'back_to_ai',
  'voicemail',
  'hangup',
];

export type LadderStep =
  | { kind: 'next_destination'; destination: string; attempt: number }
  /** `handed_back`: a human returned the caller from the desk (`handBackToAi`), not a failure. */
  | { kind: 'back_to_ai'; reason: FailureOutcome | 'handed_back'; sayToCaller: string }
  | { kind: 'voicemail'; sayToCaller: string }
  | { kind: 'callback'; sayToCaller: string }
  | { kind: 'hangup'; sayToCaller: string }
  | { kind: 'none' };

/** What the place running the call can actually do; a rung it cannot do is skipped. */
export interface LadderCapabilities {
  backToAi: boolean;
  voicemail: boolean;
  callback: boolean;
}

export interface LadderState {
  /** Index into the configured ladder of the rung now being tried. */
  rung: number;
  /** Destination keys left to try, in order. */
  remaining: string[];
  attempt: number;
}

/**
 * Picks the next rung after a failed attempt. Pure: the caller persists the returned state.
 * `next_destination` stays on its rung while destinations remain, then the ladder moves on.
 */
export function nextRung(
  ladder: readonly LadderRung[],
  state: LadderState,
  outcome: FailureOutcome,
  capabilities: LadderCapabilities,
  say: (rung: 'back_to_ai' | 'voicemail' | 'callback' | 'hangup', outcome: FailureOutcome) => string,
): { step: LadderStep; state: LadderState } {
  // Nobody is left to hear a fallback once the caller has gone.
  if (outcome === 'caller_hung_up') return { step: { kind: 'none' }, state };
  for (let rung = state.rung; rung < ladder.length; rung++) {
    const kind = ladder[rung]!;
    if (kind === 'next_destination') {
      const [destination, ...remaining] = state.remaining;
      if (destination === undefined) continue;
      const attempt = state.attempt + 1;
      return { step: { kind, destination, attempt }, state: { rung, remaining, attempt } };
    }
    if (kind === 'back_to_ai' && !capabilities.backToAi) continue;
    if (kind === 'voicemail' && !capabilities.voicemail) continue;
    if (kind === 'callback' && !capabilities.callback) continue;
    const next = { ...state, rung: rung + 1 };
    if (kind === 'back_to_ai')
      return { step: { kind, reason: outcome, sayToCaller: say(kind, outcome) }, state: next };
    return { step: { kind, sayToCaller: say(kind, outcome) }, state: next };
  }
  return {
    step: { kind: 'hangup', sayToCaller: say('hangup', outcome) },
    state: { ...state, rung: ladder.length },
  };
}
