import { describe, expect, it } from 'vitest';
import type { Instruction } from '../platform/port.js';
import { FakeTransferProvider } from '../testing/index.js';
import { handBackToAi } from './desk-actions.js';
import { createHandoff } from './handoff.js';

const agent = { name: 'Asha', role: 'agent' as const };

async function connectedCall(callId: string) {
  const carrier = new FakeTransferProvider();
  const handoff = createHandoff({
    transfer: carrier,
    destinations: { refunds: { number: '+919800000003', label: 'Refunds desk' } },
    sayTimeoutMs: 50,
    capabilities: { backToAi: true },
  });
  const told: Instruction[] = [];
  const call = handoff.attachCall({
    callId,
    platform: 'test',
    port: { say: async () => 'played', instruct: (i) => void told.push(i) },
  });
  call.addTurn({ role: 'caller', text: 'I want a refund for a double charge' });
  const { result } = await call.toolCall({ reason: 'Refund needs identity check', department: 'refunds' });
  const handoffId = result!.handoffId;
  await handoff.advance(handoffId, { type: 'bridged' });
  return { handoff, carrier, call, told, handoffId };
}

describe('handBackToAi', () => {
  it('completes the handoff with the round trip in the packet, moves the call, and the AI resumes with the note', async () => {
    const { handoff, carrier, call, told, handoffId } = await connectedCall('hb-1');
    const record = await handBackToAi(handoff, handoffId, {
      note: 'Identity verified, proceed with the refund',
      by: agent,
    });
    expect(record.status).toBe('completed');
    expect(record.context.roundTrip).toMatchObject({
      by: agent,
      destination: 'refunds',
      note: 'Identity verified, proceed with the refund',
    });
    expect(record.context.roundTrip?.humanMs).toBeGreaterThanOrEqual(0);
    expect(record.lastStep).toEqual({ kind: 'back_to_ai', reason: 'handed_back', sayToCaller: '' });
    expect(record.audit?.map((a) => [a.action, a.detail])).toEqual([
      ['handed_back', 'Identity verified, proceed with the refund'],
    ]);
    // The carrier is asked once more, to send the caller to the handoff URL, which now streams back.
    expect(carrier.requests.map((r) => r.handoffId)).toEqual([handoffId, handoffId]);
    expect(JSON.parse(handoff.render.json(record.context)).roundTrip.note).toBe(
      'Identity verified, proceed with the refund',
    );

    // The platform re-attaches when the caller's audio is back, and reports it.
    await call.resumed({ reason: 'handed_back' });
    const resumed = told.filter((i) => i.purpose === 'resumed');
    expect(resumed).toHaveLength(1);
    expect(resumed[0]?.text).toContain('Identity verified, proceed with the refund');
    expect(resumed[0]?.text).toContain('Asha (Refunds desk)');
    expect(resumed[0]?.respond).toBe(true);
    expect(call.transferring).toBe(false);
  });

  it('resumes with the failure line, not a note, after a handoff that did not connect', async () => {
    const { call, told } = await connectedCall('hb-2');
    await call.resumed({ reason: 'no_answer', sayToCaller: 'Nobody picked up.' });
    expect(told.at(-1)?.text).toContain('did not connect (no_answer)');
  });

  it('refuses a call that is not connected, and puts the record back when the carrier fails', async () => {
    const { handoff, carrier, handoffId } = await connectedCall('hb-3');
    carrier.configure({ fail: new Error('Vobiz said 503') });
    await expect(handBackToAi(handoff, handoffId, { note: 'x', by: agent })).rejects.toMatchObject({
      code: 'transfer_failed',
    });
    const after = await handoff.get(handoffId);
    expect(after?.status).toBe('connected');
    expect(after?.context.roundTrip).toBeUndefined();
    expect(after?.lastStep).toBeUndefined();

    carrier.configure({});
    await handoff.advance(handoffId, { type: 'ended' });
    await expect(handBackToAi(handoff, handoffId, { by: agent })).rejects.toMatchObject({
      code: 'invalid_transition',
    });
  });

  it('refuses where the deployment cannot take a caller back to the AI', async () => {
    const handoff = createHandoff({
      transfer: new FakeTransferProvider(),
      destinations: { refunds: { number: '+919800000003', label: 'Refunds desk' } },
    });
    const { handoffId } = await handoff
      .startSession({ callId: 'hb-4', platform: 'x' })
      .transfer({ reason: 'x' });
    await handoff.advance(handoffId, { type: 'bridged' });
    await expect(handBackToAi(handoff, handoffId, { by: agent })).rejects.toMatchObject({
      code: 'invalid_arguments',
    });
    expect((await handoff.get(handoffId))?.status).toBe('connected');
  });
});
