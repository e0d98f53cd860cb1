import { describe, expect, it } from 'vitest';
import type { HandoffEvent } from '../handoff-types.js';
import type { HandoffRecord } from '../record.js';
import type { HandoffStatus } from '../types.js';
import { EventBus, TRACKED_STATUSES } from './events.js';

/** Only what the bus reads; the rest of a record does not matter to it. */
function change(id: string, status: HandoffStatus, version: number) {
  const value = { id, status, updatedAt: version } as Pick<HandoffRecord, 'id' | 'status' | 'updatedAt'>;
  return { key: `handoff:${id}`, value, version };
}

describe('the event bus', () => {
  it('remembers a bounded number of statuses however many handoffs it sees', () => {
    const bus = new EventBus(
      () => 0,
      (error) => {
        throw error;
      },
    );
    for (let i = 0; i < TRACKED_STATUSES + 2_500; i++) {
      bus.recordChanged(change(`h${i}`, 'persisted', 1));
      bus.recordChanged(change(`h${i}`, 'completed', 2));
    }
    expect(bus.trackedStatuses).toBe(TRACKED_STATUSES);
  });

  it('still reports each change of status once, for handoffs it has forgotten as for the rest', () => {
    const bus = new EventBus(
      () => 0,
      (error) => {
        throw error;
      },
    );
    const events: HandoffEvent[] = [];
    bus.on('*', (event) => events.push(event));
    bus.recordChanged(change('old', 'transferring', 2));
    // Enough other handoffs change that `old` is forgotten while its human rings.
    for (let i = 0; i < TRACKED_STATUSES; i++) bus.recordChanged(change(`h${i}`, 'ringing', 3));
    bus.recordChanged(change('old', 'completed', 3));
    bus.recordChanged(change('old', 'completed', 4));
    const own = events.filter((e) => e.handoffId === 'old').map((e) => e.type);
    expect(own).toEqual(['handoff.updated', 'handoff.completed', 'handoff.updated']);
  });
});
