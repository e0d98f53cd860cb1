import { type PublicHandoffRecord, TIMING_PHASES } from '@handoff/core';

/** A per-phase timeline of one handoff: time since the trigger, and since the previous phase. */
export function formatTimeline(record: PublicHandoffRecord): string[] {
  const timings = record.context.timings;
  const start = timings.triggeredAt ?? record.createdAt;
  const lines: string[] = [];
  let previous = start;
  // "Transfer requested" comes after the AI's farewell has played.
  for (const [key, label] of TIMING_PHASES) {
    const at = timings[key];
    if (at === undefined) continue;
    lines.push(
      `    ${label.toLowerCase().padEnd(20)} +${String(at - start).padStart(6)} ms   (Δ ${String(at - previous).padStart(5)} ms)`,
    );
    previous = at;
  }
  return lines;
}
