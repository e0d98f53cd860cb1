import { z } from 'zod/v4';
import type { LiveCall } from './client-types.js';

// What Vobiz answers, read leniently: a field of the wrong type counts as absent (`.catch`), so a
// reply that grew or changed a field still yields what the call needs.

const optionalString = z.string().optional().catch(undefined);

export const actionSchema = z.object({ api_id: optionalString, message: optionalString });

/**
 * What a transfer's reply says, read as `actionSchema.extend({ call_uuid, call_uuids })` would
 * (a field of the wrong type counts as absent), without a schema parse: the transfer is on a live
 * call's critical path, and the parse cost it as much as the rest of the reply's handling.
 */
export function transferReply(raw: Record<string, unknown>): {
  apiId: string | undefined;
  message: string | undefined;
  callUuid: string | undefined;
} {
  const uuids = raw.call_uuids;
  const listed =
    Array.isArray(uuids) && uuids.every((uuid) => typeof uuid === 'string') ? uuids[0] : undefined;
  return {
    apiId: stringOrUndefined(raw.api_id),
    message: stringOrUndefined(raw.message),
    callUuid: stringOrUndefined(raw.call_uuid) ?? listed,
  };
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export const makeCallSchema = actionSchema.extend({
  request_uuid: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .catch(undefined),
});

export const streamSchema = actionSchema.extend({ stream_id: optionalString });

/** `CallStatus` values after which a call is over (Vobiz's hangup callback lists them). */
const FINAL_CALL_STATUSES = new Set([
  'completed',
  'busy',
  'failed',
  'timeout',
  'no-answer',
  'canceled',
  'cancelled',
]);

const liveCallSchema = z.object({
  api_id: optionalString,
  call_status: optionalString,
  call_uuid: optionalString,
  caller_name: optionalString,
  direction: optionalString,
  from: optionalString,
  to: optionalString,
  request_uuid: optionalString,
  session_start: optionalString,
  stir_attestation: optionalString,
  stir_verification: optionalString,
});

/** The live call a `?status=live` reply describes; `undefined` once its `call_status` is final. */
export function liveCallReply(raw: Record<string, unknown>, callUuid: string): LiveCall | undefined {
  const parsed = liveCallSchema.parse(raw);
  if (parsed.call_status !== undefined && FINAL_CALL_STATUSES.has(parsed.call_status.toLowerCase())) {
    return undefined;
  }
  return {
    callStatus: parsed.call_status ?? 'in-progress',
    callUuid: parsed.call_uuid ?? callUuid,
    from: parsed.from,
    to: parsed.to,
    direction: parsed.direction,
    callerName: parsed.caller_name,
    requestUuid: parsed.request_uuid,
    sessionStart: parsed.session_start,
    stirAttestation: parsed.stir_attestation,
    stirVerification: parsed.stir_verification,
    apiId: parsed.api_id,
    raw,
  };
}

export function parseJsonObject(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** Sets `apiId` on `target` (a result just built for the caller) when Vobiz sent one. */
export function withApiId<T extends object>(
  target: T & { apiId?: string },
  apiId: string | undefined,
): T & { apiId?: string } {
  if (apiId !== undefined) target.apiId = apiId;
  return target;
}
