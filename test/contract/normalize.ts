import type { HandoffContext } from '@handoff/core';

/**
 * The packet with what legitimately differs between platforms taken out: ids, clocks, the
 * platform's name, ASR confidence (not every platform has one). What is left must be identical.
 */
export function comparablePacket(context: HandoffContext): unknown {
  const copy = structuredClone(context) as unknown as Record<string, unknown>;
  delete copy.handoffId;
  delete copy.call;
  delete copy.timings;
  delete copy.status;
  delete copy.outcome;
  delete copy.dialAttempts;
  const trigger = copy.trigger as Record<string, unknown>;
  delete trigger.at;
  const summary = copy.summary as Record<string, unknown>;
  delete summary.updatedAt;
  copy.transcript = (copy.transcript as Array<Record<string, unknown>>).map(({ role, text }) => ({
    role,
    text,
  }));
  const extracted = copy.extracted as Record<string, unknown>;
  extracted.sentimentTrajectory = (extracted.sentimentTrajectory as Array<Record<string, unknown>>).map(
    ({ score, turnIndex }) => ({ score, turnIndex }),
  );
  return copy;
}
