import type { CallObject, RetellCall } from './payloads.js';

/**
 * Retell's call as `retell-sdk` types it (`CallResponse`), for the user's hooks. The request
 * schema is tolerant and checks only what the handler reads; the SDK type requires more, so those
 * fields are checked here, and a call without one is not handed over as the SDK's type. Nested
 * objects (`call_analysis`, transcripts) are Retell's as sent, as they are for any SDK user.
 */

const STATUSES: ReadonlyArray<unknown> = ['registered', 'not_connected', 'ongoing', 'ended', 'error'];
const DIRECTIONS: ReadonlyArray<unknown> = ['inbound', 'outbound'];

/** The first field `CallResponse` requires that `call` lacks (or holds with the wrong type), if any. */
export function missingSdkField(call: CallObject): string | undefined {
  if (typeof call.agent_id !== 'string') return 'agent_id';
  if (typeof call.agent_version !== 'number') return 'agent_version';
  if (!STATUSES.includes(call.call_status)) return 'call_status';
  if (call.call_type === 'web_call')
    return typeof call.access_token === 'string' ? undefined : 'access_token';
  if (call.call_type !== 'phone_call') return 'call_type';
  if (!DIRECTIONS.includes(call.direction)) return 'direction';
  if (typeof call.from_number !== 'string') return 'from_number';
  if (typeof call.to_number !== 'string') return 'to_number';
  return undefined;
}

function isSdkCall(call: CallObject): call is CallObject & RetellCall {
  return missingSdkField(call) === undefined;
}

/** `call` as the SDK's `CallResponse`, or `undefined` when it lacks a field that type requires. */
export function sdkCall(call: CallObject): RetellCall | undefined {
  return isSdkCall(call) ? call : undefined;
}
