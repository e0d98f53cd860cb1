import { describe, expect, it } from 'vitest';
import { FakeTransferProvider } from '../testing/index.js';
import { createHandoff } from './handoff.js';

describe('handoff.annotate', () => {
  it('puts a platform’s after-the-fact report on the record, by source, and announces it', async () => {
    const handoff = createHandoff({
      transfer: new FakeTransferProvider(),
      destinations: { support: { number: '+919800000002', label: 'Senior care' } },
    });
    const updates: string[] = [];
    handoff.on('handoff.updated', (e) => updates.push(e.handoffId));
    const { handoffId } = await handoff
      .startSession({ callId: 'c1', platform: 'x' })
      .transfer({ reason: 'x' });
    await handoff.annotate(handoffId, 'retell', { call_successful: true });
    await handoff.annotate(handoffId, 'retell', { call_successful: false });
    await handoff.annotate(handoffId, 'vapi', { summary: 'ok' });
    const record = await handoff.get(handoffId);
    expect(record?.annotations?.retell?.data).toEqual({ call_successful: false });
    expect(record?.annotations?.vapi?.data).toEqual({ summary: 'ok' });
    expect(updates.filter((id) => id === handoffId).length).toBeGreaterThanOrEqual(3);
  });

  it('refuses an unknown handoff or a bad source with a typed error', async () => {
    const handoff = createHandoff({
      transfer: new FakeTransferProvider(),
      destinations: { support: { number: '+919800000002', label: 'Senior care' } },
    });
    await expect(handoff.annotate('hoNope', 'retell', {})).rejects.toMatchObject({
      code: 'handoff_not_found',
    });
    await expect(handoff.annotate('hoNope', 'Bad Source!', {})).rejects.toMatchObject({
      code: 'invalid_arguments',
    });
  });
});
