import { restoreCallUuid } from '@handoff/vobiz';

/** `0a1b…` (32 hex digits) → the dashed Vobiz CallUUID; one implementation, in `@handoff/vobiz`. */
export { restoreCallUuid };

/**
 * The gateway dials the agent with `<Dial sipHeaders="handoffCall=<CallUUID without dashes>">`
 * (Vobiz allows only `[A-Za-z0-9]` there), which Vobiz sends as `X-VH-handoffCall`. Ultravox makes
 * an incoming call's `X-` headers template context (`X-Customer-Name` → `customer_name`), and the
 * tool's `handoff_call` static parameter is the template `{{vh_handoffcall}}`.
 */
const VALUE = /^[A-Za-z0-9-]{8,128}$/;
/** Any spelling the header's context key may take: `vh_handoffcall`, `X-VH-handoffCall`, … */
const KEY = /handoff[-_]?call/i;

/** A value worth using: not empty, not an unrendered `{{template}}`, SIP-safe. */
export function usableCallId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return VALUE.test(trimmed) ? restoreCallUuid(trimmed) : undefined;
}

/** The Vobiz call UUID in an Ultravox call's template context or metadata (webhooks carry them). */
export function callIdFromContext(source: unknown): string | undefined {
  if (!source || typeof source !== 'object' || Array.isArray(source)) return undefined;
  for (const [name, value] of Object.entries(source)) {
    if (!KEY.test(name)) continue;
    const found = usableCallId(value);
    if (found) return found;
  }
  return undefined;
}
