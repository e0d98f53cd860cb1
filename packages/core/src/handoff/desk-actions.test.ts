import { describe, expect, it } from 'vitest';
import type { HandoffEvent } from '../handoff-types.js';
import { FakeTransferProvider } from '../testing/index.js';
import { disposeHandoff, MAX_NOTE_LENGTH } from './desk-actions.js';
import { createHandoff } from './handoff.js';

const agent = { name: 'Asha', role: 'agent' as const };

function setup() {
  const handoff = createHandoff({
    transfer: new FakeTransferProvider(),
    destinations: { support: { number: '+919800000002', label: 'Senior care' } },
  });
  const events: HandoffEvent[] = [];
  handoff.on('*', (e) => events.push(e));
  return { handoff, events };
}

describe('disposeHandoff', () => {
  it('puts the outcome and note on the record, audits it, and announces handoff.disposed once', async () => {
    const { handoff, events } = setup();
    const { handoffId } = await handoff
      .startSession({ callId: 'd1', platform: 'x' })
      .transfer({ reason: 'x' });
    await handoff.advance(handoffId, { type: 'bridged' });
    await handoff.advance(handoffId, { type: 'ended' });
    const record = await disposeHandoff(handoff, handoffId, {
      outcome: 'needs_follow_up',
      note: '  Send the loan papers by email  ',
      by: agent,
    });
    expect(record.disposition).toMatchObject({
      outcome: 'needs_follow_up',
      note: 'Send the loan papers by email',
      by: agent,
    });
    expect(record.audit).toEqual([
      expect.objectContaining({
        action: 'disposed',
        by: agent,
        detail: 'needs_follow_up: Send the loan papers by email',
      }),
    ]);
    expect(record.status).toBe('completed');
    await handoff.annotate(handoffId, 'retell', { ok: true });
    const types = events.filter((e) => e.handoffId === handoffId).map((e) => e.type);
    expect(types.filter((t) => t === 'handoff.disposed')).toHaveLength(1);
    expect(types.at(-1)).toBe('handoff.updated');

    const again = await disposeHandoff(handoff, handoffId, { outcome: 'resolved', by: agent });
    expect(again.disposition?.outcome).toBe('resolved');
    expect(again.disposition?.note).toBeUndefined();
    expect(again.audit?.map((a) => a.detail)).toEqual([
      'needs_follow_up: Send the loan papers by email',
      'resolved',
    ]);
  });

  it('announces handoff.disposed once when a report lands in the same millisecond, and never moves time back', async () => {
    let t = 1_000;
    const handoff = createHandoff({
      transfer: new FakeTransferProvider(),
      destinations: { support: { number: '+919800000002', label: 'Senior care' } },
      now: () => t,
    });
    const events: HandoffEvent[] = [];
    handoff.on('*', (e) => events.push(e));
    const { handoffId } = await handoff
      .startSession({ callId: 'd2', platform: 'x' })
      .transfer({ reason: 'x' });
    await handoff.advance(handoffId, { type: 'bridged' });
    await handoff.advance(handoffId, { type: 'ended' });
    const disposed = await disposeHandoff(handoff, handoffId, { outcome: 'resolved', by: agent });
    const at = disposed.disposition!.at;
    // The platform's post-call report, stamped by a clock that reads the disposal's millisecond…
    t = at;
    const reported = await handoff.annotate(handoffId, 'retell', { ok: true });
    // …and another from a clock behind it.
    t = at - 500;
    const late = await handoff.annotate(handoffId, 'vapi', { ok: true });
    const types = events.filter((e) => e.handoffId === handoffId).map((e) => e.type);
    expect(types.filter((type) => type === 'handoff.disposed')).toHaveLength(1);
    expect(types.slice(-2)).toEqual(['handoff.updated', 'handoff.updated']);
    expect(reported.updatedAt).toBeGreaterThan(at);
    expect(late.updatedAt).toBeGreaterThan(reported.updatedAt);
  });

  it('refuses an unknown outcome, an overlong note, a missing actor and an unknown handoff', async () => {
    const { handoff } = setup();
    const { handoffId } = await handoff
      .startSession({ callId: 'd2', platform: 'x' })
      .transfer({ reason: 'x' });
    const bad = [
      { outcome: 'done', by: agent },
      { outcome: 'resolved', note: 'x'.repeat(MAX_NOTE_LENGTH + 1), by: agent },
      { outcome: 'resolved', note: 42, by: agent },
      { outcome: 'resolved', by: { name: '', role: 'agent' } },
      { outcome: 'resolved', by: { name: 'Asha', role: 'admin' } },
    ];
    for (const input of bad) {
      // @ts-expect-error: what an untyped caller (a desk request) may send
      await expect(disposeHandoff(handoff, handoffId, input)).rejects.toMatchObject({
        code: 'invalid_arguments',
      });
    }
    expect((await handoff.get(handoffId))?.disposition).toBeUndefined();
    await expect(disposeHandoff(handoff, 'hoNope', { outcome: 'resolved', by: agent })).rejects.toMatchObject(
      {
        code: 'handoff_not_found',
      },
    );
  });
});
