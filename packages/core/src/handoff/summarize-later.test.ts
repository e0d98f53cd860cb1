import { describe, expect, it } from 'vitest';
import type { SummarizerInput } from '../summary/summarizer.js';
import { FakeTransferProvider } from '../testing/index.js';
import { createHandoff } from './handoff.js';

describe('the deployment summarizer', () => {
  it('reads the persisted packet, never holds up the transfer, and lands on the record', async () => {
    const inputs: SummarizerInput[] = [];
    let finish: (oneLine: string) => void = () => {};
    const carrier = new FakeTransferProvider();
    const handoff = createHandoff({
      transfer: carrier,
      destinations: { support: { number: '+919800000002', label: 'Senior care' } },
      summarizer: {
        summarize: (input) => {
          inputs.push(input);
          return new Promise((resolve) => {
            finish = (oneLine) => resolve({ oneLine });
          });
        },
      },
    });
    const session = handoff.startSession({ callId: 'c1', platform: 'x' });
    session.addTurn({ role: 'caller', text: 'My card was charged twice for order 88812' });
    session.addTurn({ role: 'agent', text: 'Let me get you to someone who can reverse it' });
    const { handoffId } = await session.transfer({ reason: 'double charge' });

    // The carrier was asked while the summarizer is still working.
    expect(carrier.requests).toHaveLength(1);
    const persisted = await handoff.get(handoffId);
    expect(inputs).toHaveLength(1);
    expect(inputs[0]!.transcript.map((t) => t.text)).toEqual(
      persisted!.context.transcript.map((t) => t.text),
    );
    expect(inputs[0]!.previous.source).toBe('extractive');

    finish('Charged twice for order 88812; wants a reversal');
    await expect
      .poll(async () => (await handoff.get(handoffId))?.context.summary)
      .toMatchObject({ oneLine: 'Charged twice for order 88812; wants a reversal', source: 'llm' });
    await handoff.close();
  });
});
