import { restoreCallUuid } from '@handoff/vobiz';
import { isObject } from './payload.js';

/** `0a1b…` (32 hex digits) → the dashed Vobiz CallUUID; one implementation, in `@handoff/vobiz`. */
export { restoreCallUuid };

/**
 * The gateway dials VAPI with `<Dial sipHeaders="handoffCall=…">`; Vobiz sends that as the SIP
 * header `X-VH-handoffCall`. VAPI shows inbound SIP headers in `call.phoneCallProviderDetails.sip.headers`
 * (key case as sent) and fills template variables from `X-` headers with the prefix dropped
 * (`x-first_name` → `first_name`, names case-insensitive), so the id may sit under any of these.
 */
const HEADER_NAMES = ['x-vh-handoffcall'];
const VARIABLE_NAMES = ['vh-handoffcall', 'x-vh-handoffcall', 'handoffcall'];

function lookup(record: unknown, names: readonly string[]): string | undefined {
  if (!isObject(record)) return undefined;
  for (const [key, value] of Object.entries(record)) {
    if (!names.includes(key.toLowerCase())) continue;
    const text = Array.isArray(value) ? value[0] : value;
    if (typeof text === 'string' && text.trim() !== '') return restoreCallUuid(text);
  }
  return undefined;
}

function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) current = isObject(current) ? current[key] : undefined;
  return current;
}

/** The Vobiz call UUID a VAPI call carries from the gateway's SIP leg, if it does. */
export function vobizCallIdOf(call: Record<string, unknown> | undefined): string | undefined {
  return (
    lookup(at(call, 'phoneCallProviderDetails', 'sip', 'headers'), HEADER_NAMES) ??
    lookup(at(call, 'transport', 'sip', 'headers'), HEADER_NAMES) ??
    lookup(at(call, 'assistantOverrides', 'variableValues'), VARIABLE_NAMES) ??
    lookup(at(call, 'customer', 'assistantOverrides', 'variableValues'), VARIABLE_NAMES)
  );
}

/** `customer.number` (the caller) and `phoneNumber.number` (the number they rang), when VAPI sends them. */
export function callParties(
  raw: Record<string, unknown>,
  call: Record<string, unknown> | undefined,
): { from?: string; to?: string } {
  const from = at(call, 'customer', 'number') ?? at(raw, 'customer', 'number');
  const to = at(raw, 'phoneNumber', 'number') ?? at(call, 'phoneNumber', 'number');
  return {
    ...(typeof from === 'string' && from !== '' ? { from } : {}),
    ...(typeof to === 'string' && to !== '' ? { to } : {}),
  };
}

/** The user part of a SIP `From`/`To` header value (`<sip:+9198…@host>` → `+9198…`). */
function sipUser(value: unknown): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string') return undefined;
  return /sips?:([^@;>]+)/iu.exec(text)?.[1];
}

function header(record: unknown, name: string): unknown {
  if (!isObject(record)) return undefined;
  for (const [key, value] of Object.entries(record)) if (key.toLowerCase() === name) return value;
  return undefined;
}

/**
 * What VAPI shows of the SIP call that reached it: the caller, the number rung and when the call
 * was created, for the gateway's record of the call it dialled (the core's inbound-call index).
 */
export function sipCallSeen(
  raw: Record<string, unknown>,
  call: Record<string, unknown> | undefined,
): { from?: string; to?: string; arrivedAt?: number } {
  const parties = callParties(raw, call);
  const headers = at(call, 'phoneCallProviderDetails', 'sip', 'headers');
  const from = parties.from ?? sipUser(header(headers, 'from'));
  const to = parties.to ?? sipUser(header(headers, 'to'));
  const created = at(call, 'createdAt') ?? at(call, 'startedAt');
  const arrivedAt = typeof created === 'string' ? Date.parse(created) : Number.NaN;
  return {
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(Number.isFinite(arrivedAt) ? { arrivedAt } : {}),
  };
}
