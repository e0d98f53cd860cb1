import { restoreCallUuid } from '@handoff/vobiz';

/** `0a1b…` (32 hex digits) → the dashed Vobiz CallUUID; one implementation, in `@handoff/vobiz`. */
export { restoreCallUuid };

/**
 * The gateway dials the agent with `<Dial sipHeaders="handoffCall=<CallUUID without dashes>">`
 * (Vobiz allows only `[A-Za-z0-9]` there), which Vobiz sends as `X-VH-handoffCall`; ElevenLabs
 * makes SIP headers dynamic variables, and the tool's `handoff_call` body field is bound to it.
 */
const VALUE = /^[A-Za-z0-9-]{8,128}$/;
/** Any spelling ElevenLabs may give the header's variable: `sip_vh_handoffcall`, `X-VH-handoffCall`, … */
const VARIABLE = /handoff[-_]?call/i;

/** A value worth using: not empty, not an unresolved `{{variable}}`, SIP-safe. */
export function usableCallId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return VALUE.test(trimmed) ? restoreCallUuid(trimmed) : undefined;
}

/** The Vobiz call UUID among a conversation's dynamic variables (post-call webhooks carry them). */
export function callIdFromVariables(
  variables: Record<string, unknown> | null | undefined,
): string | undefined {
  if (!variables) return undefined;
  for (const [name, value] of Object.entries(variables)) {
    if (!VARIABLE.test(name)) continue;
    const found = usableCallId(value);
    if (found) return found;
  }
  return undefined;
}
