import { describe, expect, it } from 'vitest';
import type { SummarizerInput } from '../summary/summarizer.js';
import { FakeTransferProvider } from '../testing/index.js';
import { createHandoff } from './handoff.js';

describe('the deployment summarizer', () => {
  it('reads the persisted packet, never holds up the transfer, and lands on the record', async () => {
    const inputs: SummarizerInput[] = [];
    // How many Transfer requests the carrier had when the summarizer was started.
    const asked: number[] = [];
    let finish: (oneLine: string) => void = () => {};
    const carrier = new FakeTransferProvider();
    const handoff = createHandoff({
      transfer: carrier,
      destinations: { support: { number: '+919800000002', label: 'Senior care' } },
      summarizer: {
        summarize: (input) => {
          inputs.push(input);
          asked.push(carrier.requests.length);
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

    // The carrier was asked before the summarizer started, and while it is still working.
    expect(carrier.requests).toHaveLength(1);
    const persisted = await handoff.get(handoffId);
    await expect.poll(() => inputs.length).toBe(1);
    expect(asked).toEqual([1]);
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

  it('costs only the summary when the summarizer throws, even before returning a promise', async () => {
    const errors: string[] = [];
    const carrier = new FakeTransferProvider();
    let called = 0;
    const handoff = createHandoff({
      transfer: carrier,
      destinations: { support: { number: '+919800000002', label: 'Senior care' } },
      onError: (_error, where) => errors.push(where),
      summarizer: {
        summarize: () => {
          called++;
          throw new Error('no model configured');
        },
      },
    });
    const session = handoff.startSession({ callId: 'c2', platform: 'x' });
    session.addTurn({ role: 'caller', text: 'My card was charged twice, get me a person' });
    const result = await session.transfer({ reason: 'double charge' });
    expect(result.status).toBe('transferring');
    expect(carrier.requests).toHaveLength(1);
    await expect.poll(() => errors).toEqual(['summarizer']);
    expect(called).toBe(1);
    expect((await handoff.get(result.handoffId))?.context.summary.source).toBe('extractive');
    await handoff.close();
  });

  it('starts after the carrier wrote its request, which undici does on a later turn for a kept-alive socket', async () => {
    const order: string[] = [];
    const handoff = createHandoff({
      transfer: {
        name: 'kept-alive',
        // As undici on an idle kept-alive socket: the request is written in a setImmediate.
        transfer: () =>
          new Promise((resolve) => {
            order.push('asked');
            setImmediate(() => {
              order.push('written');
              resolve({ requestId: 'r1' });
            });
          }),
        hangup: async () => {},
      },
      destinations: { support: { number: '+919800000002', label: 'Senior care' } },
      summarizer: {
        summarize: async () => {
          order.push('summarizer');
          return { oneLine: 'Charged twice' };
        },
      },
    });
    const session = handoff.startSession({ callId: 'c3', platform: 'x' });
    session.addTurn({ role: 'caller', text: 'My card was charged twice, get me a person' });
    await session.transfer({ reason: 'double charge' });
    await expect.poll(() => order).toEqual(['asked', 'written', 'summarizer']);
    await handoff.close();
  });
});
