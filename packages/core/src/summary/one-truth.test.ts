import { describe, expect, it } from 'vitest';
import { createHandoff } from '../index.js';
import { renderWhisper } from '../render/whisper.js';
import { FakeTransferProvider } from '../testing/index.js';

function session() {
  const handoff = createHandoff({
    transfer: new FakeTransferProvider(),
    destinations: { support: { number: '+919800000000', label: 'Support' } },
    now: () => 1_800_000_000_000,
  });
  return handoff.startSession({ callId: 'one-truth', platform: 'test' });
}

describe('one truth per fact: the packet, the summary and the whisper agree on the intent', () => {
  it('states the intent a tool call set after the last turn, not the extractor’s earlier guess', () => {
    const s = session();
    s.addTurn({ role: 'caller', text: 'i want a refund, you charged my card twice' });
    expect(s.context().extracted.intent).toBe('refund');

    // The LLM, having heard the whole call, hands over with its own reading of it.
    s.update({ intent: 'billing' });
    const ctx = s.context('h-1');
    expect(ctx.extracted.intent).toBe('billing');
    expect(ctx.summary.full).toContain('intent billing');
    expect(ctx.summary.full).not.toContain('intent refund');
    expect(ctx.summary.oneLine.toLowerCase()).toContain('billing');
    expect(renderWhisper(ctx)).toContain('billing problem');
  });

  it('keeps the extractive facts under an agent-written summary, stating the packet’s intent', () => {
    const s = session();
    s.addTurn({ role: 'caller', text: 'my internet has been down since yesterday' });
    s.update({ intent: 'cancellation', summary: 'Caller wants to close the connection.' });
    const ctx = s.context('h-2');
    expect(ctx.summary.source).toBe('agent');
    expect(ctx.summary.full).toContain('Caller wants to close the connection.');
    expect(ctx.summary.full).toContain('intent cancellation');
  });
});
