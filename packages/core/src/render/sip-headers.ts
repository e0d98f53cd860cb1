import { maskPii } from '../pii/mask.js';
import type { PiiPolicy } from '../pii/policy.js';
import type { HandoffContext } from '../types.js';

export interface SipHeaderOptions {
  /** Masking applied before values are squeezed to `[A-Za-z0-9]`. Default: everything masked. */
  pii?: PiiPolicy | false;
}

/** Vobiz carries custom SIP header values of `[A-Za-z0-9]` only; we also cap their length. */
const MAX_VALUE = 200;

/**
 * `X-VH-*` headers pointing at the handoff, for the human's phone or PBX: the handoff id (to fetch
 * the full context), reason, department, urgency, intent and language. Values are `[A-Za-z0-9]`
 * only ("refund above 10,000" → "RefundAbove10000"); empty ones are left out.
 */
export function renderSipHeaders(
  ctx: HandoffContext,
  options: SipHeaderOptions = {},
): Record<string, string> {
  const candidates: Array<[string, string | undefined]> = [
    // An id is looked up again on the far side, so only strip what Vobiz rejects; never re-case it.
    ['X-VH-HandoffId', ctx.handoffId.replace(/[^A-Za-z0-9]/g, '')],
    ['X-VH-Reason', ctx.trigger.reason ? maskPii(ctx.trigger.reason, options.pii) : undefined],
    ['X-VH-Department', ctx.destination?.key],
    ['X-VH-Urgency', ctx.trigger.urgency],
    ['X-VH-Intent', ctx.extracted.intent],
    ['X-VH-Lang', ctx.extracted.language],
  ];
  const headers: Record<string, string> = {};
  for (const [name, raw] of candidates) {
    const value = raw === undefined ? '' : sipHeaderValue(raw);
    if (value !== '') headers[name] = value;
  }
  return headers;
}

/**
 * The `sipHeaders` attribute of Vobiz `<Dial>`/`<User>`: `HandoffId=abc,Reason=RefundAbove10000`.
 * The `X-VH-` prefix is dropped because Vobiz adds it.
 */
export function toVobizSipHeaderAttr(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(
      ([name, value]) =>
        [name.replace(/^X-VH-/i, '').replace(/[^A-Za-z0-9]/g, ''), sipHeaderValue(value)] as const,
    )
    .filter(([name, value]) => name !== '' && value !== '')
    .map(([name, value]) => `${name}=${value}`)
    .join(',');
}

/**
 * Squeezes any text into `[A-Za-z0-9]`: already-safe values (ids, keys) pass unchanged, anything
 * else becomes PascalCase words, accents dropped, digit grouping removed, "₹" read as "INR".
 */
export function sipHeaderValue(text: string): string {
  if (/^[A-Za-z0-9]+$/.test(text)) return text.slice(0, MAX_VALUE);
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/₹/g, ' INR ')
    .replace(/(?<=\d),(?=\d)/g, '')
    .replace(/(?<=\d)\.(?=\d)/g, ' point ')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '');
  return words
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('')
    .slice(0, MAX_VALUE);
}
