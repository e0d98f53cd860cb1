import { HandoffError } from '../errors.js';
import type { Destination, Extracted, ResolvedDestination, Urgency } from '../types.js';
import { isOpen } from './hours.js';

export interface RouteInput {
  department?: string;
  issueType?: string;
  language?: string;
  urgency: Urgency;
  extracted: Extracted;
}

/** One routing rule: the first rule whose `when` matches decides the destinations, in order. */
export interface RoutingRule {
  when: {
    department?: string | string[];
    issueType?: string | string[];
    language?: string | string[];
    urgency?: Urgency | Urgency[];
    match?: (input: RouteInput) => boolean;
  };
  /** Destination keys: the first is tried first, the rest are the ladder's next destinations. */
  to: string | string[];
}

export type AfterHours = 'next_open' | 'voicemail' | 'callback' | 'back_to_ai' | 'transfer_anyway';

function matches<T extends string>(want: T | T[] | undefined, have: string | undefined): boolean {
  if (want === undefined) return true;
  if (have === undefined) return false;
  const list = Array.isArray(want) ? want : [want];
  return list.some((w) => w.toLowerCase() === have.toLowerCase() || have.toLowerCase().startsWith(`${w}-`));
}

/** Candidate destination keys in the order the ladder will try them. */
export function routeCandidates(
  input: RouteInput,
  rules: readonly RoutingRule[],
  destinations: Readonly<Record<string, Destination & { fallback?: string | string[] }>>,
): string[] {
  const keys: string[] = [];
  const add = (k: string) => {
    if (destinations[k] && !keys.includes(k)) keys.push(k);
  };
  // A single key is added as it is, not wrapped in an array first.
  const push = (key: string | string[] | undefined) => {
    if (Array.isArray(key)) for (const k of key) add(k);
    else if (key !== undefined) add(key);
  };
  for (const rule of rules) {
    const w = rule.when;
    if (
      matches(w.department, input.department) &&
      matches(w.issueType, input.issueType) &&
      matches(w.language, input.language) &&
      matches(w.urgency, input.urgency) &&
      (w.match === undefined || w.match(input))
    ) {
      push(rule.to);
      break;
    }
  }
  push(input.department);
  // Each chosen destination may name its own backups.
  for (let i = 0; i < keys.length; i++) push(destinations[keys[i]!]?.fallback);
  if (keys.length === 0) push(Object.keys(destinations)[0]);
  if (keys.length === 0) throw new HandoffError('no_destination', 'No destinations are configured');
  return keys;
}

export function resolveDestination(key: string, destination: Destination, at: number): ResolvedDestination {
  const numbers: string[] = destination.number ? [destination.number] : [];
  if (destination.numbers) for (const n of destination.numbers) numbers.push(n);
  const sip =
    destination.sip === undefined ? [] : Array.isArray(destination.sip) ? destination.sip : [destination.sip];
  const resolved: ResolvedDestination = {
    key,
    label: destination.label,
    numbers,
    sipUris: sip,
    open: isOpen(destination.hours, destination.timeZone, at),
  };
  if (destination.ringTimeoutSec !== undefined) resolved.ringTimeoutSec = destination.ringTimeoutSec;
  if (destination.callerId !== undefined) resolved.callerId = destination.callerId;
  if (destination.timeZone !== undefined) resolved.timeZone = destination.timeZone;
  return resolved;
}
