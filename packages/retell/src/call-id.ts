import { restoreCallUuid } from '@handoff/vobiz';

/** `0a1b…` (32 hex digits) → the dashed Vobiz CallUUID; one implementation, in `@handoff/vobiz`. */
export { restoreCallUuid };

/**
 * Where a Retell call carries the Vobiz call UUID. The gateway dials the agent's SIP URI with
 * `sipHeaders="handoffCall=<uuid without dashes>"`, which Vobiz sends as `X-VH-handoffCall`.
 * Retell's SIP-headers page says the `X-` is stripped in `call.custom_sip_headers` (and the header
 * becomes a dynamic variable of the same name); its custom-function example shows a key that keeps
 * it. SIP header names are case-insensitive, so any case is accepted too.
 */
const HEADER_KEY = /^(?:x-)?vh-handoffcall$/i;
/** A dynamic variable a user set themselves (`handoff_call`, `handoffCallId`, …). */
const VARIABLE_KEY = /^(?:x-)?(?:vh-)?handoff[-_]?call(?:[-_]?id)?$/i;
/** A SIP header value Vobiz allows, or the UUID already restored. */
const VALUE = /^[A-Za-z0-9-]{1,128}$/;

/** The bits of a Retell call object the lookup reads (`PhoneCallResponse` fits). */
export interface CallIdSources {
  custom_sip_headers?: Record<string, unknown> | null | undefined;
  retell_llm_dynamic_variables?: Record<string, unknown> | null | undefined;
  collected_dynamic_variables?: Record<string, unknown> | null | undefined;
}

/** A value worth using: not empty, not an unresolved `{{dynamic_variable}}`, SIP-safe. */
export function usableCallId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return VALUE.test(trimmed) ? restoreCallUuid(trimmed) : undefined;
}

function lookup(source: Record<string, unknown> | null | undefined, key: RegExp): string | undefined {
  if (!source || typeof source !== 'object') return undefined;
  for (const [name, value] of Object.entries(source)) {
    if (!key.test(name)) continue;
    const found = usableCallId(value);
    if (found) return found;
  }
  return undefined;
}

/**
 * The Vobiz call UUID a Retell call carries: the SIP header first (what Vobiz sent), then the
 * dynamic variables Retell made of it or that the user set.
 */
export function findCallUuid(call: CallIdSources): string | undefined {
  return (
    lookup(call.custom_sip_headers, HEADER_KEY) ??
    lookup(call.retell_llm_dynamic_variables, HEADER_KEY) ??
    lookup(call.collected_dynamic_variables, HEADER_KEY) ??
    lookup(call.custom_sip_headers, VARIABLE_KEY) ??
    lookup(call.retell_llm_dynamic_variables, VARIABLE_KEY) ??
    lookup(call.collected_dynamic_variables, VARIABLE_KEY)
  );
}
