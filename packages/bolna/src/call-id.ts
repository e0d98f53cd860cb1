import { restoreCallUuid } from '@handoff/vobiz';

/** `0a1b…` (32 hex digits) → the dashed Vobiz CallUUID; one implementation, in `@handoff/vobiz`. */
export { restoreCallUuid };

/**
 * Where a Bolna request names the Vobiz call. On Bolna's own Vobiz telephony, Bolna's `call_sid` is
 * the Vobiz CallUUID (bolna-ai/bolna `VobizInputHandler.call_start` takes the stream's
 * `start.callId`), and executions report it as `telephony_data.provider_call_id`.
 */
const VALUE = /^[A-Za-z0-9-]{8,128}$/;

/** A value worth using: a string, not empty, SIP-safe (an unfilled `{"$var": …}` marker is not). */
export function usableCallId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return VALUE.test(trimmed) ? restoreCallUuid(trimmed) : undefined;
}
