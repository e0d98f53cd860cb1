import type { HandoffResult, HandoffStatus, Session, TransferOptions } from '@handoff/core';
import { isHandoffError } from '@handoff/core';
import type { voice } from '@livekit/agents';
import { defaultSay, type SayFn } from './say.js';

export interface SpeakOptions {
  /** How the farewell is spoken. Default: `say().waitForPlayout()`, or `generateReply` without a TTS. */
  say?: SayFn;
  /** Longest wait for the farewell before the call moves anyway. Core default: 8 s. */
  beforeTransferTimeoutMs?: number;
}

const GOING: ReadonlySet<HandoffStatus> = new Set(['transferring', 'ringing', 'connected', 'completed']);

/** Whether a `HandoffResult` means the call is on its way to a human. */
export function isGoing(result: HandoffResult): boolean {
  return GOING.has(result.status);
}

/**
 * The one sequence both the tool and a `transfer` rule run: the core persists the context and
 * picks a destination, the caller hears `sayToCaller` to the end, then the carrier moves the call.
 */
export function speakThenTransfer(
  agentSession: voice.AgentSession,
  session: Session,
  args: unknown,
  trigger: NonNullable<TransferOptions['trigger']>,
  options: SpeakOptions = {},
): Promise<HandoffResult> {
  const say = options.say ?? defaultSay;
  return session.transfer(args, {
    trigger,
    beforeTransfer: async (result) => {
      if (result.sayToCaller.trim() !== '') await say(agentSession, result.sayToCaller);
    },
    ...(options.beforeTransferTimeoutMs === undefined
      ? {}
      : { beforeTransferTimeoutMs: options.beforeTransferTimeoutMs }),
  });
}

/** A message for the LLM when the handoff did not go ahead, to relay in its own words. */
export function failureMessage(result: HandoffResult): string {
  // Voicemail and hang-up rungs are the gateway's to carry out, not a LiveKit agent's: their words
  // ("leave a message after the tone") would be wrong here, so the LLM gets only the facts.
  const kind = result.fallback?.kind;
  const relayable = kind === undefined || kind === 'callback' || kind === 'back_to_ai';
  const tell = relayable && result.sayToCaller ? ` Tell the caller: "${result.sayToCaller}"` : '';
  if (result.reason === 'after_hours') {
    return `No human can take the call right now: the team is closed.${tell} Offer to arrange a callback.`;
  }
  return (
    `The transfer did not go through (${result.status}): the team is busy or could not be reached.` +
    `${tell} Ask the caller whether they would like a callback, and keep helping them meanwhile.`
  );
}

/** A message for the LLM when the core refused the request with a typed error. */
export function errorMessage(error: unknown): string {
  if (isHandoffError(error)) {
    switch (error.code) {
      case 'invalid_arguments':
      case 'unknown_department':
      case 'text_too_long':
        return `${error.message}. Fix the arguments and call transfer_to_human again.`;
      case 'no_destination':
        return 'No team can take this request. Tell the caller, and offer to arrange a callback.';
      case 'after_hours':
        return 'The team is closed right now. Tell the caller, and offer to arrange a callback.';
      case 'session_ended':
      case 'session_not_found':
        return 'The call is no longer active, so it cannot be transferred.';
      default:
        return 'The transfer is not possible right now: the team is busy. Apologise, and ask the caller whether they would like a callback.';
    }
  }
  return 'The transfer is not possible right now. Apologise, and ask the caller whether they would like a callback.';
}
