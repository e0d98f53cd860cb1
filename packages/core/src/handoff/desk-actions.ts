import { HandoffError } from '../errors.js';
import type { HandoffOptions } from '../handoff-types.js';
import type { RoundTripNote } from '../platform/call.js';
import type {
  AuditEntry,
  DeskActor,
  DispositionOutcome,
  HandoffRecord,
  PublicHandoffRecord,
} from '../record.js';
import { publicRecord } from '../record.js';
import { moveTo } from '../state/machine.js';
import type { HandoffStore } from '../store/store.js';
import { claimedHandoff } from './call-claim.js';
import { readRecord, updateRecord } from './records.js';

export const DISPOSITION_OUTCOMES: readonly DispositionOutcome[] = [
  'resolved',
  'needs_follow_up',
  'wrong_team',
];

/** Longest note a human can attach; the record travels to every desk and CRM. */
export const MAX_NOTE_LENGTH = 2_000;
/** A record keeps this many audit entries, newest last. */
const MAX_AUDIT_ENTRIES = 200;

/**
 * What the desk's actions read of the handoff: the facade passes itself, and this module, which
 * the facade imports, never imports it back.
 */
export interface DeskHost {
  readonly options: Pick<HandoffOptions, 'retentionMs' | 'capabilities' | 'now' | 'transfer'>;
  readonly store: HandoffStore;
  readonly gatewayUrl: string | undefined;
}

export interface DisposeInput {
  outcome: DispositionOutcome;
  note?: string;
  by: DeskActor;
}

/** A note as stored: trimmed, bounded, `undefined` when empty. Throws `invalid_arguments`. */
export function checkNote(note: unknown): string | undefined {
  if (note === undefined || note === null) return undefined;
  if (typeof note !== 'string') throw new HandoffError('invalid_arguments', '`note` must be a string');
  const trimmed = note.trim();
  if (trimmed.length > MAX_NOTE_LENGTH) {
    throw new HandoffError('invalid_arguments', `\`note\` is longer than ${MAX_NOTE_LENGTH} characters`);
  }
  return trimmed === '' ? undefined : trimmed;
}

export function checkActor(by: unknown): DeskActor {
  const actor = by as Partial<DeskActor> | undefined;
  if (
    !actor ||
    typeof actor.name !== 'string' ||
    actor.name.trim() === '' ||
    actor.name.length > 100 ||
    (actor.role !== 'agent' && actor.role !== 'supervisor')
  ) {
    throw new HandoffError(
      'invalid_arguments',
      '`by` must name the person (1–100 characters) and their role',
    );
  }
  return { name: actor.name.trim(), role: actor.role };
}

/** Appends to the record's audit trail, keeping the newest entries. */
export function audited(record: HandoffRecord, entry: AuditEntry): void {
  record.audit = [...(record.audit ?? []), entry].slice(-MAX_AUDIT_ENTRIES);
}

/**
 * The human's outcome for a handoff (resolved, needs follow-up, wrong team, with a note), on the
 * record and in its audit trail. The write announces itself as `handoff.disposed` on every
 * instance (the event bus reads it from the record), which the gateway sends to CRM webhooks.
 * Throws `handoff_not_found` or `invalid_arguments`.
 */
export async function disposeHandoff(
  handoff: DeskHost,
  handoffId: string,
  input: DisposeInput,
): Promise<PublicHandoffRecord> {
  if (!DISPOSITION_OUTCOMES.includes(input?.outcome)) {
    throw new HandoffError(
      'invalid_arguments',
      `\`outcome\` must be one of ${DISPOSITION_OUTCOMES.join(', ')}`,
    );
  }
  const note = checkNote(input.note);
  const by = checkActor(input.by);
  const at = (handoff.options.now ?? Date.now)();
  const stored = await updateRecord(
    handoff.store,
    handoffId,
    (record) => {
      // Never the same instant as the write before: `updatedAt === disposition.at` marks this write.
      const when = Math.max(at, record.updatedAt + 1);
      record.disposition = { outcome: input.outcome, ...(note ? { note } : {}), by, at: when };
      audited(record, {
        at: when,
        by,
        action: 'disposed',
        detail: note ? `${input.outcome}: ${note}` : input.outcome,
      });
      record.updatedAt = when;
      return record;
    },
    handoff.options.retentionMs,
  );
  if (!stored) throw new HandoffError('handoff_not_found', `No handoff "${handoffId}"`);
  return publicRecord(stored);
}

export interface HandBackInput {
  note?: string;
  by: DeskActor;
}

/**
 * The human returns the caller to the AI with a note ("identity verified, proceed with the
 * refund"). The record is written first, because the carrier sends the caller to the handoff URL
 * and the gateway answers it from the record: the handoff completes, its packet gains the round
 * trip, and its last step becomes the ladder's `back_to_ai`, whose document streams (or dials) the
 * caller back to the AI. The platform re-attaches and calls `resumed()`, where the core finds the
 * round trip (`handedBack`) and instructs the AI with the note. If the carrier cannot move the
 * call, the record is put back as it was and the error is thrown (`transfer_failed`).
 */
export async function handBackToAi(
  handoff: DeskHost,
  handoffId: string,
  input: HandBackInput,
): Promise<PublicHandoffRecord> {
  const note = checkNote(input?.note);
  const by = checkActor(input?.by);
  if (handoff.options.capabilities?.backToAi !== true) {
    throw new HandoffError(
      'invalid_arguments',
      'This deployment cannot return a caller to the AI: create the handoff with capabilities: { backToAi: true }',
    );
  }
  const at = (handoff.options.now ?? Date.now)();
  let before: HandoffRecord | undefined;
  const stored = await updateRecord(
    handoff.store,
    handoffId,
    (record) => {
      if (record.status !== 'connected') return undefined;
      before = structuredClone(record);
      const bridgedAt = record.context.timings.bridgedAt;
      const destination = record.destination?.key ?? record.context.destination?.key;
      moveTo(record, 'completed');
      record.context.status = record.status;
      record.context.timings.endedAt = at;
      record.context.outcome = { status: 'completed', at, detail: 'handed_back_to_ai' };
      record.context.roundTrip = {
        handedBackAt: at,
        by,
        ...(destination ? { destination } : {}),
        ...(note ? { note } : {}),
        ...(bridgedAt !== undefined ? { humanMs: Math.max(0, at - bridgedAt) } : {}),
      };
      record.lastStep = { kind: 'back_to_ai', reason: 'handed_back', sayToCaller: '' };
      audited(record, { at, by, action: 'handed_back', ...(note ? { detail: note } : {}) });
      record.updatedAt = at;
      return record;
    },
    handoff.options.retentionMs,
  );
  if (!stored) throw new HandoffError('handoff_not_found', `No handoff "${handoffId}"`);
  if (!before) {
    throw new HandoffError(
      'invalid_transition',
      `Only a connected call can be handed back (this one is ${stored.status})`,
    );
  }
  const restore = before;
  try {
    await handoff.options.transfer.transfer({
      handoffId,
      callId: stored.callId,
      token: stored.token,
      destination: stored.destination!,
      context: stored.context,
      ...(handoff.gatewayUrl ? { gatewayUrl: handoff.gatewayUrl } : {}),
    });
  } catch (error) {
    await updateRecord(handoff.store, handoffId, (record) =>
      record.context.roundTrip?.handedBackAt === at
        ? { ...restore, updatedAt: Math.max(at, record.updatedAt) + 1 }
        : undefined,
    );
    throw new HandoffError(
      'transfer_failed',
      `The call could not be moved back to the AI: ${describeError(error)}`,
    );
  }
  return publicRecord(stored);
}

/** The hand-back on the call's current handoff, if its human handed the caller back. */
export async function handedBack(handoff: DeskHost, callId: string): Promise<RoundTripNote | undefined> {
  const handoffId = await claimedHandoff(handoff.store, callId);
  const record = handoffId ? await readRecord(handoff.store, handoffId) : undefined;
  const trip = record?.context.roundTrip;
  if (!record || !trip) return undefined;
  const team = record.context.destination?.label ?? trip.destination ?? 'the team';
  return {
    by: trip.by.name,
    team,
    ...(trip.note ? { note: trip.note } : {}),
    ...(trip.humanMs !== undefined ? { humanMs: trip.humanMs } : {}),
  };
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
