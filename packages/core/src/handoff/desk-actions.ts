import { HandoffError } from '../errors.js';
import type {
  AuditEntry,
  DeskActor,
  DispositionOutcome,
  HandoffRecord,
  PublicHandoffRecord,
} from '../record.js';
import { publicRecord } from '../record.js';
import type { Handoff } from './handoff.js';
import { updateRecord } from './records.js';

export const DISPOSITION_OUTCOMES: readonly DispositionOutcome[] = [
  'resolved',
  'needs_follow_up',
  'wrong_team',
];

/** Longest note a human can attach; the record travels to every desk and CRM. */
export const MAX_NOTE_LENGTH = 2_000;
/** A record keeps this many audit entries, newest last. */
const MAX_AUDIT_ENTRIES = 200;

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
  handoff: Handoff,
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
