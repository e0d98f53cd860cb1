import { describe, expect, it } from 'vitest';
import { createHandoff, type Handoff } from './handoff/handoff.js';
import type { HandoffOptions } from './handoff-types.js';
import type { SessionEntry } from './session-state.js';
import { storeKey } from './store/keys.js';
import { MemoryStore } from './store/memory-store.js';
import type { HandoffStore } from './store/store.js';
import { FakeCallPort, FakeTransferProvider } from './testing/index.js';
import { explicitRequest } from './triggers/index.js';

/**
 * A session makes its state (transcript, rules, facts) only at its first turn, fact or read that
 * needs it, and the registry keeps an attached call in one entry with its session: a call attached
 * and not yet talking must still behave as one that made everything up front.
 */
function core(
  store: HandoffStore,
  provider = new FakeTransferProvider(),
  overrides: Partial<HandoffOptions> = {},
) {
  let clock = 1_700_000_000_000;
  return createHandoff({
    store,
    transfer: provider,
    gatewayUrl: 'https://gw.example.com',
    destinations: { loans: { number: '+919800000001', label: 'Relationship manager' } },
    triggers: [explicitRequest()],
    now: () => (clock += 1_000),
    ...overrides,
  });
}

describe('a call attached that has not spoken yet', () => {
  it('hands off with the packet of an empty call: who the call is, no turns, the tool as the cause', async () => {
    const provider = new FakeTransferProvider();
    const handoff = core(new MemoryStore(), provider);
    const call = handoff.attachCall({
      callId: 'q1',
      platform: 'openai-realtime',
      from: '+919811111111',
      to: '+918000000000',
      port: new FakeCallPort(),
    });
    const outcome = await call.toolCall({ reason: 'wants a person', department: 'loans' });
    expect(outcome.reply).toMatchObject({ status: 'transferring', ok: true });
    const context = provider.requests[0]!.context;
    expect(context.call).toEqual({
      callId: 'q1',
      platform: 'openai-realtime',
      from: '+919811111111',
      to: '+918000000000',
      startedAt: handoff.session('q1')!.startedAt,
    });
    expect(context.transcript).toEqual([]);
    expect(context.trigger).toMatchObject({ kind: 'tool', reason: 'wants a person' });
    expect(context.extracted.customer).toEqual({});
    expect(context.extracted.sentimentTrajectory).toEqual([]);
  });

  it('is listed, reads as empty, and ends cleanly', async () => {
    const handoff = core(new MemoryStore());
    const call = handoff.attachCall({ callId: 'q2', platform: 'test', port: new FakeCallPort() });
    expect(handoff.call('q2')).toBe(call);
    const session = handoff.session('q2')!;
    expect(session.platform).toBe('test');
    expect(call.turns).toEqual([]);
    expect(session.firings).toEqual([]);
    expect(session.extracted).toMatchObject({ customer: {}, fields: {} });
    expect(session.summary().full).toBe('Caller: name unknown.');
    // Attaching again (a reconnected stream) joins the same call and session.
    expect(handoff.attachCall({ callId: 'q2', platform: 'test', port: new FakeCallPort() })).toBe(call);
    expect(handoff.startSession({ callId: 'q2', platform: 'test' })).toBe(session);
    call.end();
    expect(call.ended).toBe(true);
    expect(handoff.call('q2')).toBeUndefined();
    expect(handoff.session('q2')).toBeUndefined();
    // A call that ended is not joined: attaching starts a new one.
    const again = handoff.attachCall({ callId: 'q2', platform: 'test' });
    expect(again).not.toBe(call);
    expect(handoff.session('q2')).not.toBe(session);
    await handoff.close();
  });

  it('writes its start to the store at once, so it is the start every instance sees', async () => {
    const store = new MemoryStore();
    const a = core(store);
    const b = core(store);
    a.attachCall({ callId: 'q3', platform: 'retell', from: '+919811111111' });
    await a.session('q3')!.sync();
    const log = await store.range<SessionEntry>(storeKey('session', 'q3'), 0);
    expect(log.map((e) => e.k)).toEqual(['start']);
    const onB = b.startSession({ callId: 'q3', platform: 'api' });
    onB.addTurn({ role: 'caller', text: 'Hello, I need a home loan' });
    await onB.sync();
    expect(onB.platform).toBe('retell');
    expect(onB.from).toBe('+919811111111');
    // A, still quiet, takes B's turn on sync.
    const onA = a.session('q3')!;
    await onA.sync();
    expect(onA.turns.map((t) => t.text)).toEqual(['Hello, I need a home loan']);
    expect(onA.platform).toBe('retell');
  });

  it("takes another instance's start when it was first in the log, before and after its first turn", async () => {
    const store = new MemoryStore();
    const a = core(store);
    const b = core(store);
    const onB = b.startSession({ callId: 'q4', platform: 'first', from: '+911' });
    await onB.sync();
    // A writes its own start without reading the log: the log's order decides, on sync.
    const onA = a.attachCall({ callId: 'q4', platform: 'second', port: new FakeCallPort() });
    const session = a.session('q4')!;
    await session.sync();
    expect(session.platform).toBe('first');
    expect(session.startedAt).toBe(onB.startedAt);
    onA.addTurn({ role: 'caller', text: 'Are you there?' });
    await session.sync();
    expect(session.platform).toBe('first');
    expect(session.from).toBe('+911');
    await onB.sync();
    expect(onB.turns.map((t) => t.text)).toEqual(['Are you there?']);
  });

  it('rebuilds from the log when two instances started the call at once, quiet or not', async () => {
    const store = new MemoryStore();
    const { a, b } = { a: core(store), b: core(store) };
    // Neither has read the log: each applied its own start first.
    const onA = a.startSession({ callId: 'q5', platform: 'a' });
    const onB = b.startSession({ callId: 'q5', platform: 'b' });
    onB.addTurn({ role: 'caller', text: 'Please connect me to a human agent' });
    await onA.sync();
    await onB.sync();
    await onA.sync();
    expect(onA.platform).toBe('a');
    expect(onB.platform).toBe('a');
    expect(onA.turns.map((t) => t.text)).toEqual(['Please connect me to a human agent']);
    expect(onA.firings.map((f) => f.kind)).toEqual(onB.firings.map((f) => f.kind));
  });

  it('has its start in the store once the core has closed', async () => {
    const store = new MemoryStore();
    const handoff: Handoff = core(store);
    handoff.attachCall({ callId: 'q6', platform: 'test' });
    await handoff.close();
    expect((await store.range<SessionEntry>(storeKey('session', 'q6'), 0)).map((e) => e.k)).toEqual([
      'start',
    ]);
  });
});
