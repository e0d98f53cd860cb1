import { randomBase36 } from './random-ids.js';

// What a carrier's error says about the call, and the id a new handoff gets.

/** The carrier may have acted: a 5xx or a timeout after the request left (`VobizError` says so). */
export function outcomeUnknown(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { outcomeUnknown?: unknown }).outcomeUnknown === true
  );
}

/**
 * The carrier knows the caller's call has ended (Vobiz: the live-call check after a failed
 * transfer found no call, `call_not_live`): a definite answer, unlike a timeout.
 */
export function callGone(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'call_not_live'
  );
}

/** base36 keeps ids inside Vobiz's `[A-Za-z0-9]` for SIP headers. */
export function newHandoffId(): string {
  return `ho${randomBase36(13, 20)}`;
}
