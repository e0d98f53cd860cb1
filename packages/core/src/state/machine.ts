import { HandoffError } from '../errors.js';
import type { CallEvent } from '../handoff-types.js';
import type { FailureOutcome, HandoffStatus } from '../types.js';

/**
 * The handoff lifecycle: every status a handoff may move to from each status. A failed attempt
 * whose ladder goes on to another destination moves back to `transferring`; every other failure
 * is terminal for the handoff.
 */
const TRANSITIONS: Readonly<Record<HandoffStatus, readonly HandoffStatus[]>> = {
  requested: ['persisted', 'rejected', 'failed'],
  persisted: ['transferring', 'rejected', 'failed', 'caller_hung_up'],
  transferring: [
    'ringing',
    'connected',
    'no_answer',
    'busy',
    'failed',
    'caller_hung_up',
    'declined',
    'voicemail',
  ],
  ringing: ['connected', 'no_answer', 'busy', 'failed', 'caller_hung_up', 'declined', 'voicemail'],
  connected: ['completed'],
  completed: [],
  no_answer: ['transferring'],
  busy: ['transferring'],
  failed: ['transferring'],
  declined: ['transferring'],
  voicemail: ['transferring'],
  caller_hung_up: [],
  rejected: [],
};

/**
 * What a reported call event moves a handoff to, by the status it finds the handoff in (`failed`
 * moves to the outcome it carries). A status missing from a row means the event came late or
 * again, and changes nothing: this is what makes `advance()` safe to repeat. Every move here is
 * one `TRANSITIONS` allows, or stays put (`answered` while ringing only records the time).
 */
const ON_EVENT: Readonly<
  Record<Exclude<CallEvent['type'], 'failed'>, Partial<Record<HandoffStatus, HandoffStatus>>>
> = {
  ringing: { transferring: 'ringing' },
  answered: { transferring: 'ringing', ringing: 'ringing' },
  bridged: { transferring: 'connected', ringing: 'connected' },
  // Never brief a human into an empty call: a caller who leaves before the bridge cancels it.
  ended: {
    persisted: 'caller_hung_up',
    transferring: 'caller_hung_up',
    ringing: 'caller_hung_up',
    connected: 'completed',
  },
  caller_hung_up: {
    persisted: 'caller_hung_up',
    transferring: 'caller_hung_up',
    ringing: 'caller_hung_up',
    connected: 'completed',
  },
};

export const FAILURE_OUTCOMES: readonly FailureOutcome[] = [
  'no_answer',
  'busy',
  'failed',
  'caller_hung_up',
  'declined',
  'voicemail',
  'rejected',
];

/** Every status, in lifecycle order: for validating input and for schemas. */
export const HANDOFF_STATUSES = [
  'requested',
  'persisted',
  'transferring',
  'ringing',
  'connected',
  'completed',
  ...FAILURE_OUTCOMES,
] as const satisfies readonly HandoffStatus[];

export const TERMINAL: ReadonlySet<HandoffStatus> = new Set<HandoffStatus>([
  'completed',
  ...FAILURE_OUTCOMES,
]);

/** Statuses in which a handoff is still moving the call: a second request must join it, not start another. */
export const LIVE: ReadonlySet<HandoffStatus> = new Set<HandoffStatus>([
  'requested',
  'persisted',
  'transferring',
  'ringing',
  'connected',
]);

export function canTransition(from: HandoffStatus, to: HandoffStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The status `event` moves a handoff in `from` to, or undefined when it changes nothing. */
export function statusAfter(from: HandoffStatus, event: CallEvent): HandoffStatus | undefined {
  if (event.type !== 'failed') return ON_EVENT[event.type][from];
  // A failure only counts while an attempt is under way; after it, it is a retried callback.
  return canTransition(from, event.outcome) ? event.outcome : undefined;
}

/** Moves `record` to `to`, refusing (`invalid_transition`) any move the table above does not allow. */
export function moveTo(record: { status: HandoffStatus }, to: HandoffStatus): void {
  if (to !== record.status) assertTransition(record.status, to);
  record.status = to;
}

export function assertTransition(from: HandoffStatus, to: HandoffStatus): void {
  if (!canTransition(from, to)) {
    throw new HandoffError('invalid_transition', `A handoff cannot go from "${from}" to "${to}"`);
  }
}

export function isFailure(status: HandoffStatus): status is FailureOutcome {
  return (FAILURE_OUTCOMES as readonly string[]).includes(status);
}
