import { describe, expect, it } from 'vitest';
import { HandoffError } from './errors.js';
import { createHandoff } from './handoff/handoff.js';
import type { SessionEntry } from './session-state.js';
import { storeKey } from './store/keys.js';
import { MemoryStore } from './store/memory-store.js';
import { FakeTransferProvider } from './testing/index.js';

function core(store: MemoryStore) {
  let clock = 1_700_000_000_000;
  return createHandoff({
    store,
    transfer: new FakeTransferProvider(),
    gatewayUrl: 'https://gw.example.com',
    destinations: { loans: { number: '+919800000001', label: 'Relationship manager' } },
    now: () => (clock += 1_000),
  });
}

describe("a session's start", () => {
  it('is kept once: the memory store holds the object the session holds, frozen', async () => {
    const store = new MemoryStore();
    const handoff = core(store);
    const session = handoff.startSession({ callId: 's1', platform: 'test', from: '+911' });
    await session.sync();
    const [entry] = await store.range<SessionEntry & { k: 'start' }>(storeKey('session', 's1'), 0);
    expect(entry!.start).toEqual({ callId: 's1', platform: 'test', from: '+911' });
    expect(Object.isFrozen(entry!.start)).toBe(true);
    expect(entry!.now).toBe(session.startedAt);
    expect([session.platform, session.from, session.to]).toEqual(['test', '+911', undefined]);
    await handoff.close();
  });

  it("stands in as this instance's own when a rebuild finds no start in the log (it was lost)", async () => {
    const store = new MemoryStore();
    const handoff = core(store);
    const session = handoff.startSession({ callId: 's2', platform: 'mine', to: '+918' });
    const startedAt = session.startedAt;
    await session.sync();
    // The log is lost, and another instance writes into a new one before this one does again.
    const key = storeKey('session', 's2');
    await store.delete(key);
    const turn = (s: number, text: string) => ({
      k: 'turn',
      now: startedAt + s,
      turn: { role: 'caller', text },
      w: 'other',
      s,
    });
    await store.append(key, [turn(1, 'hello'), turn(2, 'still there?')]);
    session.addTurn({ role: 'caller', text: 'mine' });
    await session.sync();
    expect(session.turns.map((t) => t.text)).toEqual(['hello', 'still there?', 'mine']);
    expect([session.platform, session.to, session.startedAt]).toEqual(['mine', '+918', startedAt]);
    expect(session.context().call).toEqual({ callId: 's2', platform: 'mine', to: '+918', startedAt });
    await handoff.close();
  });

  it('keeps its start time to the fraction of a ms (held less a process epoch), before and after the state is made', async () => {
    const store = new MemoryStore();
    const at = 1_700_000_123_456.25;
    const handoff = createHandoff({
      store,
      transfer: new FakeTransferProvider(),
      gatewayUrl: 'https://gw.example.com',
      destinations: { loans: { number: '+919800000001', label: 'Relationship manager' } },
      now: () => at,
    });
    const session = handoff.startSession({ callId: 's3', platform: 'test' });
    await session.sync();
    expect(session.startedAt).toBe(at);
    session.addTurn({ role: 'caller', text: 'hello' });
    await session.sync();
    expect(session.startedAt).toBe(at);
    expect(session.context().call.startedAt).toBe(at);
    await handoff.close();
  });

  it('knows its own entries when it reads them back: the originals confirm them, the copies count for nothing', async () => {
    const store = new MemoryStore();
    let failing = true;
    const append = store.append.bind(store);
    store.append = (async <T>(key: string, entries: readonly T[], options?: { ttlMs?: number }) => {
      const length = await append(key, entries, options);
      if (failing) throw new HandoffError('store_unavailable', 'connection dropped before the reply');
      return length;
    }) as MemoryStore['append'];
    const a = core(store);
    const b = core(store);
    const onA = a.startSession({ callId: 's4', platform: 'test' });
    onA.addTurn({ role: 'caller', text: 'first, from A' });
    // A's start and turn reach the log, but A hears the append fail: they stay pending on A.
    await new Promise((resolve) => setImmediate(resolve));
    expect(onA.pendingWrites).toBe(2);
    failing = false;
    const onB = b.startSession({ callId: 's4', platform: 'test' });
    onB.addTurn({ role: 'agent', text: 'then B' });
    await onB.sync();
    // A writes its two again (copies land after B's), then reads the log from the start.
    await onA.sync();
    expect(onA.pendingWrites).toBe(0);
    const log = await store.range<SessionEntry>(storeKey('session', 's4'), 0);
    expect(log.map((e) => e.k)).toEqual(['start', 'turn', 'start', 'turn', 'start', 'turn']);
    expect(onA.turns.map((t) => t.text)).toEqual(['first, from A', 'then B']);
    await onB.sync();
    expect(onB.turns.map((t) => t.text)).toEqual(['first, from A', 'then B']);
    // Written after all that, A's next turn is new to B, not taken for one more copy.
    onA.addTurn({ role: 'caller', text: 'and A again' });
    await onA.sync();
    await onB.sync();
    expect(onB.turns.map((t) => t.text)).toEqual(['first, from A', 'then B', 'and A again']);
    expect(onA.turns.map((t) => t.text)).toEqual(['first, from A', 'then B', 'and A again']);
    await a.close();
    await b.close();
  });
});
