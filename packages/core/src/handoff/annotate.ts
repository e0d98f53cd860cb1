import { HandoffError } from '../errors.js';
import { type PublicHandoffRecord, publicRecord } from '../record.js';
import type { HandoffStore } from '../store/store.js';
import { updateRecord } from './records.js';

const SOURCE = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/**
 * Puts a platform's after-the-fact report on a handoff's record under `source`; a later report
 * from the same source replaces the earlier one. Throws `invalid_arguments` or `handoff_not_found`.
 */
export async function annotateHandoff(
  store: HandoffStore,
  handoffId: string,
  report: { source: string; data: unknown; at: number; retentionMs: number | undefined },
): Promise<PublicHandoffRecord> {
  const { source, data, at } = report;
  if (typeof source !== 'string' || !SOURCE.test(source)) {
    throw new HandoffError('invalid_arguments', 'annotate: `source` is 1–32 of a–z, 0–9, _ and -');
  }
  const stored = await updateRecord(
    store,
    handoffId,
    (record) => {
      record.annotations = { ...record.annotations, [source]: { at, data } };
      record.updatedAt = at;
      return record;
    },
    report.retentionMs,
  );
  if (!stored) throw new HandoffError('handoff_not_found', `No handoff "${handoffId}"`);
  return publicRecord(stored);
}
