import type { CallEvent } from '@handoff/core';
import type { DialActionCallback, DialEventCallback } from '@handoff/vobiz';

/**
 * What a Dial `callbackUrl` event says about the human's phone. Only answer and connect move the
 * handoff; a hang-up of a leg that never answered (ring timeout, busy, lost race) is just proof
 * it rang, and the verdict comes from the Dial `action` with every leg accounted for.
 */
export function dialEventToCallEvent(event: DialEventCallback, attempt: number | undefined): CallEvent {
  const at = attempt === undefined ? {} : { attempt };
  switch (event.action) {
    case 'answer':
      return { type: 'answered', ...at, ...detail(event.dialBLegTo) };
    case 'connected':
      return { type: 'bridged', ...at, ...detail(event.dialBLegTo) };
    default:
      return { type: 'ringing', ...at };
  }
}

export type DialVerdict = { kind: 'bridged' } | { kind: 'event'; event: CallEvent };

/** The Dial `action` result as the core's outcome. */
export function dialResultToVerdict(result: DialActionCallback, attempt: number | undefined): DialVerdict {
  const at = attempt === undefined ? {} : { attempt };
  const cause = result.dialHangupCause;
  const why = detail(cause ? `${result.dialStatus}: ${cause}` : result.dialStatus);
  switch (result.dialStatus) {
    case 'completed':
      return { kind: 'bridged' };
    case 'busy':
      // Vobiz reports a declined call (SIP 603) as busy; the hang-up cause tells them apart.
      return {
        kind: 'event',
        event: { type: 'failed', outcome: cause === 'CALL_REJECTED' ? 'declined' : 'busy', ...at, ...why },
      };
    case 'no-answer':
    case 'timeout':
      return { kind: 'event', event: { type: 'failed', outcome: 'no_answer', ...at, ...why } };
    case 'cancel':
      return { kind: 'event', event: { type: 'caller_hung_up', ...why } };
    default:
      return { kind: 'event', event: { type: 'failed', outcome: 'failed', ...at, ...why } };
  }
}

function detail(text: string | undefined): { detail?: string } {
  return text ? { detail: text.slice(0, 200) } : {};
}
