import type { PublicHandoffRecord } from '@handoff/core';

const PHASES = [
  ['triggeredAt', 'triggered'],
  ['persistedAt', 'context persisted'],
  ['transferRequestedAt', 'transfer requested'], // after the AI's farewell has played
  ['ringingAt', 'ringing'],
  ['answeredAt', 'human answered'],
  ['bridgedAt', 'bridged'],
  ['endedAt', 'ended'],
] as const;

/** A per-phase timeline of one handoff: time since the trigger, and since the previous phase. */
export function formatTimeline(record: PublicHandoffRecord): string[] {
  const timings = record.context.timings;
  const start = timings.triggeredAt ?? record.createdAt;
  const lines: string[] = [];
  let previous = start;
  for (const [key, label] of PHASES) {
    const at = timings[key];
    if (at === undefined) continue;
    lines.push(
      `    ${label.padEnd(20)} +${String(at - start).padStart(6)} ms   (Δ ${String(at - previous).padStart(5)} ms)`,
    );
    previous = at;
  }
  return lines;
}
