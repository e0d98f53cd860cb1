import { HandoffError } from '../errors.js';
import type { FailureOutcome, HandoffStatus } from '../types.js';

/**
 * The handoff lifecycle. A failed attempt whose ladder goes on to another destination moves
 * back to `transferring`; every other failure is terminal for the handoff.
 */
const TRANSITIONS: Readonly<Record<HandoffStatus, readonly HandoffStatus[]>> = {
  requested: ['persisted', 'rejected', 'failed'],
  persisted: ['transferring', 'rejected', 'failed', 'caller_hung_up'],
  transferring: ['ringing', 'connected', 'no_answer', 'busy', 'failed', 'caller_hung_up', 'declined'],
  ringing: ['connected', 'no_answer', 'busy', 'failed', 'caller_hung_up', 'declined'],
  connected: ['completed'],
  completed: [],
  no_answer: ['transferring'],
  busy: ['transferring'],
  failed: ['transferring'],
  declined: ['transferring'],
  caller_hung_up: [],
  rejected: [],
};

export const FAILURE_OUTCOMES: readonly FailureOutcome[] = [
  'no_answer',
  'busy',
  'failed',
  'caller_hung_up',
  'declined',
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

export function assertTransition(from: HandoffStatus, to: HandoffStatus): void {
  if (!canTransition(from, to)) {
    throw new HandoffError('invalid_transition', `A handoff cannot go from "${from}" to "${to}"`);
  }
}

export function isFailure(status: HandoffStatus): status is FailureOutcome {
  return (FAILURE_OUTCOMES as readonly string[]).includes(status);
}
