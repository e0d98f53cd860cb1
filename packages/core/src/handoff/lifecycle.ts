import { HandoffError } from '../errors.js';
import type { AdvanceResult, CallEvent } from '../handoff-types.js';
import { fill } from '../messages.js';
import { type HandoffRecord, publicRecord } from '../record.js';
import { resolveDestination } from '../routing/resolve.js';
import { DEFAULT_LADDER, type LadderStep, nextRung } from '../state/ladder.js';
import { canTransition, moveTo, statusAfter } from '../state/machine.js';
import type { FailureOutcome, HandoffStatus } from '../types.js';
import { type Deployment, messagesIn } from './deployment.js';
import { updateRecord } from './records.js';

type Change = { changed: false; step?: LadderStep } | { changed: true; step?: LadderStep };

/**
 * Reports what happened to a handoff's call and returns what to do next. The state machine
 * (`state/machine.ts`) decides whether the event moves the handoff and where to; this records
 * the consequences (timings, the attempt's outcome, the ladder's next rung). Safe to repeat: a
 * carrier retrying the same callback gets the same answer and changes nothing.
 */
export async function advance(
  d: Deployment,
  handoffId: string,
  event: CallEvent,
  applies: (record: HandoffRecord) => boolean = () => true,
): Promise<AdvanceResult> {
  const at = d.now();
  let change: Change = { changed: false };
  const stored = await updateRecord(
    d.store,
    handoffId,
    (record) => {
      change = applies(record) ? apply(d, record, event, at) : unchanged();
      if (!change.changed) return undefined;
      record.context.status = record.status;
      record.updatedAt = at;
      return record;
    },
    d.options.retentionMs,
  );
  if (!stored) throw new HandoffError('handoff_not_found', `No handoff "${handoffId}"`);
  const { changed, step } = change as Change;
  return { record: publicRecord(stored), changed, ...(step ? { step } : {}) };
}

/**
 * The carrier refused (or did not answer) the transfer request for `attempt`. Only a request
 * still waiting on the carrier can fail this way: once a callback moved the handoff on (Vobiz
 * fetched the handoff XML, the human rang, the call ended), the call is where the callbacks say,
 * and failing it would cut the human off mid-ring with a second transfer.
 */
export function failRequest(
  d: Deployment,
  handoffId: string,
  attempt: number,
  detail: string,
  /**
   * `ringing` too for a carrier that rings the human before it moves the caller: there the human's
   * phone ringing proves nothing about where the caller is.
   */
  waiting: readonly HandoffStatus[] = ['transferring'],
): Promise<AdvanceResult> {
  return advance(d, handoffId, { type: 'failed', outcome: 'failed', attempt, detail }, (record) =>
    waiting.includes(record.status),
  );
}

function apply(d: Deployment, record: HandoffRecord, event: CallEvent, at: number): Change {
  // A callback about an earlier attempt gets the answer it got then.
  if ('attempt' in event && event.attempt !== undefined && event.attempt !== record.ladder.attempt) {
    return unchanged(record.lastStep);
  }
  const to = statusAfter(record.status, event);
  if (to === undefined) return unchanged(event.type === 'failed' ? record.lastStep : undefined);
  const attempt = record.context.dialAttempts.at(-1);
  const timings = record.context.timings;
  switch (event.type) {
    case 'ringing':
      moveTo(record, to);
      timings.ringingAt ??= at;
      if (attempt) attempt.ringingAt ??= at;
      return { changed: true };
    case 'answered':
      if (attempt?.answeredAt !== undefined) return unchanged();
      moveTo(record, to);
      timings.answeredAt ??= at;
      if (attempt) attempt.answeredAt = at;
      return { changed: true };
    case 'bridged':
      moveTo(record, to);
      timings.answeredAt ??= at;
      timings.bridgedAt = at;
      if (attempt) attempt.answeredAt ??= at;
      return { changed: true };
    case 'ended':
    case 'caller_hung_up':
      moveTo(record, to);
      if (attempt) {
        attempt.endedAt = at;
        attempt.outcome = to as 'completed' | 'caller_hung_up';
      }
      timings.endedAt = at;
      record.context.outcome = { status: to, at, ...(event.detail ? { detail: event.detail } : {}) };
      return { changed: true };
    case 'failed':
      return fail(d, record, event, at);
  }
}

/** The attempt failed: the ladder picks the next rung, which may be another destination. */
function fail(
  d: Deployment,
  record: HandoffRecord,
  event: CallEvent & { type: 'failed' },
  at: number,
): Change {
  moveTo(record, event.outcome);
  const attempt = record.context.dialAttempts.at(-1);
  if (attempt) {
    attempt.endedAt = at;
    attempt.outcome = event.outcome;
    if (event.detail) attempt.detail = event.detail;
  }
  const decision = nextRung(
    d.options.fallback ?? DEFAULT_LADDER,
    record.ladder,
    event.outcome,
    d.capabilities,
    (rung, outcome) => ladderLine(d, record, rung, outcome),
  );
  const step = decision.step;
  record.ladder = decision.state;
  record.lastStep = step;
  if (step.kind === 'next_destination') {
    const destination = resolveDestination(step.destination, d.options.destinations[step.destination]!, at);
    moveTo(record, 'transferring');
    record.destination = destination;
    record.context.destination = { key: step.destination, label: destination.label };
    record.context.dialAttempts.push({ n: step.attempt, destination: step.destination, startedAt: at });
  } else {
    record.context.timings.endedAt = at;
    record.context.outcome = {
      status: event.outcome,
      at,
      detail: [event.detail, `fallback:${step.kind}`].filter(Boolean).join('; '),
    };
  }
  return { changed: true, step };
}

/** What the caller hears on a ladder rung, in the call's language. */
function ladderLine(
  d: Deployment,
  record: HandoffRecord,
  rung: 'back_to_ai' | 'voicemail' | 'callback' | 'hangup',
  outcome: FailureOutcome,
): string {
  const messages = messagesIn(d, record.context.extracted.language);
  const label = record.destination?.label ?? 'support';
  if (rung === 'back_to_ai') return fill(messages.backToAi[outcome] || messages.backToAi.default, { label });
  return fill(messages[rung], { label });
}

function unchanged(step?: LadderStep): Change {
  return step ? { changed: false, step } : { changed: false };
}

/** Starts the first attempt; later ones come from the ladder, in `fail` above. */
export function startAttempt(
  record: HandoffRecord,
  destination: HandoffRecord['destination'] & object,
  at: number,
): HandoffStatus | undefined {
  // The caller may have hung up while the farewell played.
  if (!canTransition(record.status, 'transferring')) return undefined;
  moveTo(record, 'transferring');
  record.destination = destination;
  record.context.destination = { key: destination.key, label: destination.label };
  record.context.timings.transferRequestedAt ??= at;
  record.ladder.attempt = 1;
  record.context.dialAttempts.push({ n: 1, destination: destination.key, startedAt: at });
  return record.status;
}

/**
 * `startAttempt` on a copy, leaving `record` as it is: the copy shares everything the start does
 * not touch (the transcript, the extracted facts), so it costs a few small objects, not a packet.
 * For a start written right behind the record's creation, while the store may still be reading
 * the record itself. Undefined when the record cannot start an attempt.
 */
export function startedCopy(
  record: HandoffRecord,
  destination: HandoffRecord['destination'] & object,
  at: number,
): HandoffRecord | undefined {
  const { context } = record;
  const copy: HandoffRecord = {
    ...record,
    ladder: { ...record.ladder },
    context: { ...context, timings: { ...context.timings }, dialAttempts: [...context.dialAttempts] },
  };
  return startAttempt(copy, destination, at) ? copy : undefined;
}
