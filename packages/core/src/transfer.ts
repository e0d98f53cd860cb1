import type { HandoffContext, ResolvedDestination } from './types.js';

/** What the core asks a carrier to do once the context is persisted and a destination chosen. */
export interface TransferRequest {
  handoffId: string;
  /** The core's call id (for Vobiz: the A-leg `CallUUID`). */
  callId: string;
  platformCallId?: string;
  /** Unguessable per-handoff token the gateway checks on the handoff/whisper URLs. */
  token: string;
  destination: ResolvedDestination;
  context: HandoffContext;
  /** Base URL of the gateway Vobiz fetches the handoff XML from, when one is configured. */
  gatewayUrl?: string;
  /**
   * Whether the call demonstrably moved for this attempt (the gateway served the handoff XML, a
   * callback arrived), waiting a short grace for the evidence. A carrier whose request ended with
   * an unknown outcome asks this before any retry: repeating a transfer that landed would cut
   * the human off mid-ring.
   */
  acted?: () => Promise<boolean>;
}

export interface TransferReceipt {
  /** Carrier's request id, for logs and support tickets. */
  requestId?: string;
  /** Extra detail worth keeping on the attempt (never secrets). */
  detail?: string;
}

/**
 * A carrier that can move a live call. The Vobiz provider calls the Transfer API; tests and other
 * carriers plug in their own. Implementations throw on failure; the core turns that into the
 * `failed` outcome and runs the fallback ladder. An error with `outcomeUnknown: true` (a 5xx or a
 * timeout after the request left) says the carrier may have acted: the core then looks for
 * evidence that the call moved before it fails the attempt. An error with `code: 'call_not_live'`
 * says the caller's call has ended: the handoff ends `caller_hung_up`, and the ladder tries no
 * other destination.
 */
export interface TransferProvider {
  readonly name: string;
  /**
   * For carriers that reach the human before they move the caller (a conference warm transfer):
   * called once per attempt before `transfer`. The first attempt's runs as soon as the packet is
   * persisted and the destination chosen, while the caller still hears the farewell; `transfer`
   * follows once the farewell has played, unless the human's call failed meanwhile (then the
   * ladder's step is the answer and the caller is not moved). Throwing fails the attempt as a
   * refused `transfer` does. Must be safe to repeat for the same attempt (an instance that takes
   * over a handoff may ask again).
   */
  prepare?(request: TransferRequest): Promise<TransferReceipt | undefined>;
  transfer(request: TransferRequest): Promise<TransferReceipt>;
  /** Ends the caller's call, for the ladder's last rung. Optional: not every carrier can. */
  hangup?(callId: string): Promise<void>;
}
