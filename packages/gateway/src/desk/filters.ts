import type { HandoffStatus, PublicHandoffRecord } from '@handoff/core';

const STATUS_SET: Record<HandoffStatus, true> = {
  requested: true,
  persisted: true,
  transferring: true,
  ringing: true,
  connected: true,
  completed: true,
  no_answer: true,
  busy: true,
  failed: true,
  caller_hung_up: true,
  declined: true,
  voicemail: true,
  rejected: true,
};

export interface DeskFilter {
  destination?: string;
  statuses?: HandoffStatus[];
  /** The teams an agent works: a handoff of any other team is not theirs to see. */
  teams?: readonly string[];
}

export type ParsedFilter = { ok: true; filter: DeskFilter } | { ok: false; message: string };

/** `?destination=loans&status=ringing,connected` (status may also repeat). */
export function parseFilter(query: URLSearchParams): ParsedFilter {
  const filter: DeskFilter = {};
  const destination = query.get('destination')?.trim();
  if (destination) {
    if (destination.length > 100) return { ok: false, message: '`destination` is too long' };
    filter.destination = destination;
  }
  const raw = query
    .getAll('status')
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  if (raw.length > 0) {
    const unknown = raw.filter((s) => !Object.hasOwn(STATUS_SET, s));
    if (unknown.length > 0) {
      return { ok: false, message: `Unknown status: ${unknown.slice(0, 3).join(', ').slice(0, 100)}` };
    }
    filter.statuses = raw as HandoffStatus[];
  }
  return { ok: true, filter };
}

/**
 * A handoff belongs on a destination's desk if it rings there now or rang there before: when the
 * fallback ladder moves a call on, the human who missed it still sees where it went.
 */
export function matches(record: PublicHandoffRecord, filter: DeskFilter): boolean {
  if (filter.statuses && !filter.statuses.includes(record.status)) return false;
  if (filter.teams && !filter.teams.some((team) => onDesk(record, team))) return false;
  return filter.destination === undefined || onDesk(record, filter.destination);
}

function onDesk(record: PublicHandoffRecord, key: string): boolean {
  return (
    record.destination?.key === key ||
    record.context.destination?.key === key ||
    record.context.dialAttempts.some((a) => a.destination === key)
  );
}
