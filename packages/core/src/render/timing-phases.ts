import type { Timings } from '../types.js';

/** The per-phase timestamps of a handoff, in the order they happen, with the label people read. */
export const TIMING_PHASES: ReadonlyArray<readonly [keyof Timings, string]> = [
  ['triggeredAt', 'Triggered'],
  ['persistedAt', 'Context persisted'],
  ['transferRequestedAt', 'Transfer requested'],
  ['ringingAt', 'Ringing'],
  ['answeredAt', 'Answered'],
  ['bridgedAt', 'Bridged'],
  ['endedAt', 'Ended'],
];
