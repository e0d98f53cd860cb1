import { describe, expect, it } from 'vitest';
import { FakeTransferProvider } from '../testing/index.js';
import { createHandoff } from './handoff.js';

function nameAfter(turns: ReadonlyArray<readonly ['caller' | 'agent', string]>): string | undefined {
  const handoff = createHandoff({
    transfer: new FakeTransferProvider(),
    destinations: { support: { number: '+919800000000', label: 'Support' } },
  });
  const session = handoff.startSession({ callId: 'name-1', platform: 'x' });
  for (const [role, text] of turns) session.addTurn({ role, text });
  return session.context('name-1').extracted.customer.name;
}

describe('a name given as the answer to the agent', () => {
  it('reads the bare answer to "your name?" and not to "the patient\'s name?"', () => {
    expect(
      nameAfter([
        ['caller', 'lekin is mahine phir se premium kat gaya'],
        ['agent', 'May I have your name, sir?'],
        ['caller', 'Yes, Prakash Jain. I have the surrender letter also.'],
      ]),
    ).toBe('Prakash Jain');
    expect(
      nameAfter([
        ['agent', "May I have the patient's name?"],
        ['caller', 'Shanta Kulkarni.'],
      ]),
    ).toBeUndefined();
    // Only the turn right after the question answers it.
    expect(
      nameAfter([
        ['agent', 'May I have your name?'],
        ['caller', 'one second'],
        ['caller', 'Credit card.'],
      ]),
    ).toBeUndefined();
  });

  it('drops the agent name a caller greets before their own', () => {
    expect(
      nameAfter([
        ['agent', 'Nirmal Bank credit cards, this is Rohit.'],
        ['caller', 'yeah rohit manoj kulkarni here look when i took this card'],
      ]),
    ).toBe('Manoj Kulkarni');
  });
});
