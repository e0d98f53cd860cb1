import { HandoffError } from '@handoff/core';
import { restoreCallUuid } from '@handoff/vobiz';

/**
 * Participant attributes that may carry the Vobiz `CallUUID`. LiveKit maps SIP headers to
 * attributes through the inbound trunk's `headersToAttributes`; with `includeHeaders` it also
 * exposes every `X-*` header as `sip.h.<lower-cased name>`.
 */
export const DEFAULT_CALL_ID_ATTRIBUTES = [
  'sip.h.x-vh-handoffcall',
  'sip.h.X-VH-HandoffCall',
  'handoff.callId',
  'vobiz.callUuid',
] as const;

/** The bits of a LiveKit participant we read; `RemoteParticipant` fits. */
export interface ParticipantLike {
  identity: string;
  attributes?: Record<string, string> | Readonly<Record<string, string>>;
}

/**
 * `0a1b…` (32 hex, as a SIP header value must be `[A-Za-z0-9]`) → `0a1b2c3d-…` (a Vobiz CallUUID):
 * the gateway compacts it with `@handoff/vobiz`, which restores it here.
 */
export { restoreCallUuid as restoreUuid };

/** Finds the Vobiz call id: explicit first, then the participant's mapped attributes. */
export function resolveCallId(options: {
  callId?: string;
  participant?: ParticipantLike;
  attributes?: readonly string[];
}): string {
  if (options.callId && options.callId.trim() !== '') return options.callId.trim();
  const attrs = options.participant?.attributes ?? {};
  for (const name of options.attributes ?? DEFAULT_CALL_ID_ATTRIBUTES) {
    const value = attrs[name];
    if (value && value.trim() !== '') return restoreCallUuid(value);
  }
  throw new HandoffError(
    'invalid_arguments',
    'attachHandoff could not find the call id: pass `callId`, or a SIP `participant` whose trunk maps ' +
      'the X-VH-HandoffCall header to an attribute (e.g. `sip.h.x-vh-handoffcall`)',
  );
}
