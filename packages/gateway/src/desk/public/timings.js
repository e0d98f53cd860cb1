const PHASES = [
  ['triggeredAt', 'Triggered'],
  ['persistedAt', 'Context persisted'],
  ['transferRequestedAt', 'Transfer requested'],
  ['ringingAt', 'Ringing'],
  ['answeredAt', 'Answered'],
  ['bridgedAt', 'Bridged'],
  ['endedAt', 'Ended'],
];

/**
 * One row per phase, with time since the trigger and since the previous phase that happened:
 * where a slow transfer spent its time is the first thing anyone asks.
 */
export function phaseRows(timings = {}) {
  const start = timings.triggeredAt;
  let previous;
  return PHASES.map(([key, label]) => {
    const at = timings[key];
    const row = { key, label, at };
    if (typeof at === 'number') {
      if (typeof start === 'number') row.sinceStart = at - start;
      if (typeof previous === 'number') row.delta = at - previous;
      previous = at;
    }
    return row;
  });
}
