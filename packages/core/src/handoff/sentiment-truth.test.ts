import { describe, expect, it } from 'vitest';
import { sentimentLabel } from '../sentiment/index.js';
import { FakeTransferProvider } from '../testing/index.js';
import { createHandoff } from './handoff.js';

describe('one sentiment label in the packet', () => {
  it('follows the score, whatever sentiment the LLM passes in its tool call', async () => {
    const carrier = new FakeTransferProvider();
    const handoff = createHandoff({
      transfer: carrier,
      destinations: { loans: { number: '+919800000001', label: 'Relationship manager' } },
    });
    const session = handoff.startSession({ callId: 'mood-1', platform: 'x' });
    session.addTurn({ role: 'caller', text: 'I would like to apply for a home loan for a flat in Pune.' });
    await session.transfer({ reason: 'loan', department: 'loans', sentiment: 'positive' });
    const extracted = carrier.requests[0]!.context.extracted;
    expect(extracted.sentiment).toBe(sentimentLabel(extracted.sentimentScore ?? 0));
  });
});
