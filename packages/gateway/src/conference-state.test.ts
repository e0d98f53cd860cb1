import { memoryStore } from '@handoff/core';
import { describe, expect, it } from 'vitest';
import { ConferenceLegs } from './conference-state.js';

// One attempt's phones (issue 17): the first human to take the call has it, and the attempt fails
// once, when the last phone still in play is out.

async function twoPhones() {
  const legs = new ConferenceLegs(memoryStore());
  expect(await legs.claimAttempt('ho1', 'caller-1', 1, 'loans', ['+911', '+912'])).toBe(true);
  expect(await legs.claimAttempt('ho1', 'caller-1', 1, 'loans', ['+911', '+912'])).toBe(false);
  return legs;
}

describe('ConferenceLegs: several phones per attempt', () => {
  it('gives the call to the first human who takes it, even when both ask at once', async () => {
    const legs = await twoPhones();
    const taken = await Promise.all([legs.take('ho1', 1, 1), legs.take('ho1', 1, 0)]);
    expect(taken.filter(Boolean)).toHaveLength(1);
    const leg = (await legs.get('ho1'))?.humans[1];
    expect(taken[leg!.taken === 1 ? 0 : 1]).toBe(true);
    expect(leg!.phones[leg!.taken!]!.joinedAt).toBeDefined();
    // A phone out after the call was taken fails nothing.
    expect(
      await legs.phoneOut('ho1', 1, 1 - leg!.taken!, { outcome: 'declined', detail: 'x' }),
    ).toBeUndefined();
  });

  it('fails the attempt once, when the last phone is out, with the furthest any phone got', async () => {
    const legs = await twoPhones();
    expect(await legs.phoneOut('ho1', 1, 0, { outcome: 'busy', detail: 'busy: User Busy' })).toBeUndefined();
    const settled = await legs.phoneOut('ho1', 1, 1, { outcome: 'voicemail', detail: 'a machine answered' });
    expect(settled).toEqual({ outcome: 'voicemail', detail: 'a machine answered; the other phones: busy' });
    // The same phone reported again (Vobiz retrying its callback) settles nothing more.
    expect(await legs.phoneOut('ho1', 1, 1, { outcome: 'voicemail', detail: 'again' })).toBeUndefined();
    expect(await legs.take('ho1', 1, 0)).toBe(false);
  });

  it('a single phone out is the attempt’s outcome, as it reported it', async () => {
    const legs = new ConferenceLegs(memoryStore());
    await legs.claimAttempt('ho1', 'caller-1', 1, 'loans', ['+911']);
    expect(
      await legs.phoneOut('ho1', 1, 0, { outcome: 'declined', detail: 'the human declined: busy' }),
    ).toEqual({
      outcome: 'declined',
      detail: 'the human declined: busy',
    });
  });
});
