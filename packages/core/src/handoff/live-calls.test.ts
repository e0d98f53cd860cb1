import { describe, expect, it } from 'vitest';
import type { Instruction, SpokenLine } from '../platform/port.js';
import { MemoryStore } from '../store/memory-store.js';
import { FakeTransferProvider } from '../testing/index.js';
import { maxTurns } from '../triggers/max-turns.js';
import { createHandoff } from './handoff.js';

const supervisor = { name: 'Meera', role: 'supervisor' as const };
const destinations = { loans: { number: '+919800000001', label: 'Relationship manager' } };

/** Two instances on one store: B serves the call, A is where the supervisor's desk runs. */
function twoInstances() {
  const store = new MemoryStore();
  const carrier = new FakeTransferProvider();
  const a = createHandoff({ transfer: carrier, destinations, store, liveCalls: true, sayTimeoutMs: 50 });
  const b = createHandoff({ transfer: carrier, destinations, store, liveCalls: true, sayTimeoutMs: 50 });
  const told: Instruction[] = [];
  const said: SpokenLine[] = [];
  const call = b.attachCall({
    callId: 'live-1',
    platform: 'test',
    from: '+919811100001',
    port: {
      say: async (line) => {
        said.push(line);
        return 'played';
      },
      instruct: (i) => void told.push(i),
    },
  });
  return { a, b, carrier, call, told, said };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('live calls for supervisors', () => {
  it('lists a call served by another instance, with transcript, sentiment and facts', async () => {
    const { a, b, call } = twoInstances();
    const seen: string[] = [];
    a.onLiveCall((c) => seen.push(c.callId));
    call.addTurn({ role: 'agent', text: 'Namaste, how can I help?' });
    call.addTurn({
      role: 'caller',
      text: 'My name is Priya Sharma and my EMI was debited twice, this is terrible',
    });
    await settle();
    const [live] = await a.liveCalls();
    expect(live).toMatchObject({
      callId: 'live-1',
      from: '+919811100001',
      transferring: false,
      ended: false,
    });
    expect(live?.turns.map((t) => t.role)).toEqual(['agent', 'caller']);
    expect(live?.sentiment.length).toBe(1);
    expect(live?.sentiment[0]?.score).toBeLessThan(0);
    expect(live?.facts.customerName).toBe('Priya Sharma');
    expect(seen).toContain('live-1');
    call.end();
    await settle();
    expect(await a.liveCalls()).toEqual([]);
    await a.close();
    await b.close();
  });

  it('delivers a hint from instance A to the AI on instance B, audited on the call', async () => {
    const { a, b, call, told } = twoInstances();
    call.addTurn({ role: 'caller', text: 'I want to close my loan early' });
    await settle();
    const result = await a.supervise({
      callId: 'live-1',
      type: 'hint',
      text: 'Offer the foreclosure statement',
      by: supervisor,
    });
    expect(result).toEqual({ delivered: true });
    const hint = told.find((i) => i.purpose === 'hint');
    expect(hint?.text).toContain('Offer the foreclosure statement');
    await settle();
    expect((await a.liveCall('live-1'))?.audit).toEqual([
      expect.objectContaining({ action: 'hint', by: supervisor, detail: 'Offer the foreclosure statement' }),
    ]);
    await a.close();
    await b.close();
  });

  it('takes the call over from A: a supervisor handoff on B, with farewell, packet and audit trail', async () => {
    const { a, b, carrier, call, said } = twoInstances();
    call.addTurn({ role: 'caller', text: 'Nobody is helping me with this refund' });
    await settle();
    await a.supervise({ callId: 'live-1', type: 'hint', text: 'Apologise first', by: supervisor });
    const result = await a.supervise({
      callId: 'live-1',
      type: 'take_over',
      args: { reason: 'Supervisor took the call', department: 'loans' },
      by: supervisor,
    });
    expect(result.delivered).toBe(true);
    expect(result.handoffId).toBeDefined();
    const record = await a.get(result.handoffId!);
    expect(record?.context.trigger).toMatchObject({ kind: 'supervisor', reason: 'Supervisor took the call' });
    expect(record?.context.transcript.map((t) => t.text)).toContain('Nobody is helping me with this refund');
    expect(record?.audit?.map((e) => [e.action, e.by.name, e.detail])).toEqual([
      ['hint', 'Meera', 'Apologise first'],
      ['took_over', 'Meera', 'loans'],
    ]);
    expect(said.map((l) => l.purpose)).toEqual(['farewell']);
    expect(carrier.requests.map((r) => r.handoffId)).toEqual([result.handoffId]);
    await a.close();
    await b.close();
  });

  it('refuses an unknown call, an empty hint and a missing actor; says when nobody holds the call', async () => {
    const { a, b } = twoInstances();
    await expect(
      a.supervise({ callId: 'nope', type: 'hint', text: 'x', by: supervisor }),
    ).rejects.toMatchObject({
      code: 'session_not_found',
    });
    const { call } = { call: b.call('live-1')! };
    call.addTurn({ role: 'caller', text: 'hello' });
    await settle();
    await expect(
      a.supervise({ callId: 'live-1', type: 'hint', text: '  ', by: supervisor }),
    ).rejects.toMatchObject({
      code: 'invalid_arguments',
    });
    await expect(
      // @ts-expect-error: what an untyped request may send
      a.supervise({ callId: 'live-1', type: 'hint', text: 'x', by: { name: 'x', role: 'admin' } }),
    ).rejects.toMatchObject({ code: 'invalid_arguments' });
    await a.close();
    await b.close();
  });

  it('shows rules that almost fired, and why', async () => {
    const handoff = createHandoff({
      transfer: new FakeTransferProvider(),
      destinations,
      liveCalls: true,
      triggers: [maxTurns(5)],
    });
    const call = handoff.attachCall({ callId: 'near-1', platform: 'test' });
    call.addTurn({ role: 'caller', text: 'Hello' });
    call.addTurn({ role: 'agent', text: 'Hi, how can I help?' });
    await settle();
    expect((await handoff.liveCall('near-1'))?.nearMisses).toEqual([]);
    call.addTurn({ role: 'caller', text: 'About my loan' });
    call.addTurn({ role: 'agent', text: 'Which loan?' });
    await settle();
    expect((await handoff.liveCall('near-1'))?.nearMisses).toEqual([
      { ruleId: 'max-turns:5', kind: 'max_turns', closeness: 0.8, why: '4 of 5 turns' },
    ]);
    await handoff.close();
  });
});
