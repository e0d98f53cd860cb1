import { describe, expect, it } from 'vitest';
import { HandoffError } from './errors.js';
import { createHandoff, type Handoff } from './handoff/handoff.js';
import type { HandoffOptions } from './handoff-types.js';
import type { SessionEntry } from './session-state.js';
import { storeKey } from './store/keys.js';
import { MemoryStore } from './store/memory-store.js';
import type { HandoffStore } from './store/store.js';
import { FakeTransferProvider } from './testing/index.js';
import { explicitRequest } from './triggers/index.js';

/** Two cores on one store, as on two instances behind a load balancer. */
function pair(store: HandoffStore = new MemoryStore(), overrides: Partial<HandoffOptions> = {}) {
  let clock = 1_700_000_000_000;
  const errors: Array<{ error: unknown; where: string }> = [];
  const provider = new FakeTransferProvider();
  const core = (): Handoff =>
    createHandoff({
      store,
      transfer: provider,
      gatewayUrl: 'https://gw.example.com',
      destinations: { loans: { number: '+919800000001', label: 'Relationship manager' } },
      triggers: [explicitRequest()],
      now: () => (clock += 1_000),
      onError: (error, where) => errors.push({ error, where }),
      ...overrides,
    });
  return { a: core(), b: core(), store, provider, errors };
}

const LINES = [
  ['agent', 'Hello, how can I help you today?'],
  ['caller', 'My name is Priya Sharma and I need a home loan of 50 lakh'],
  ['agent', 'Sure, may I know your monthly income?'],
  ['caller', 'Around two lakh a month'],
  ['agent', 'Thank you. Is this for a new purchase?'],
  ['caller', 'Yes, a flat in Pune'],
] as const;

describe('a session any instance can serve', () => {
  it('builds the packet on B with every turn, in order, when the turns alternated between A and B', async () => {
    const { a, b, provider } = pair();
    const first = a.startSession({ callId: 'c1', platform: 'retell', from: '+919811111111' });
    for (const [i, [role, text]] of LINES.entries()) {
      const core = i % 2 === 0 ? a : b;
      const session = core.session('c1') ?? core.startSession({ callId: 'c1', platform: 'api' });
      await session.sync();
      session.addTurn({ role, text });
      await session.sync();
    }
    const result = await b.session('c1')!.transfer({ reason: 'home loan', department: 'loans' });
    expect(result.status).toBe('transferring');
    const context = (await b.get(result.handoffId))!.context;
    expect(context.transcript.map((t) => [t.role, t.text])).toEqual(LINES.map(([r, t]) => [r, t]));
    // Who the call is comes from the instance that started it, not the one that joined.
    expect(context.call).toMatchObject({ callId: 'c1', platform: 'retell', from: '+919811111111' });
    expect(context.call.startedAt).toBe(first.startedAt);
    // Facts extracted on A (the name) reach B's packet.
    expect(context.extracted.customer.name).toBe('Priya Sharma');
    expect(provider.requests).toHaveLength(1);
  });

  it('ends in the same state on both instances when they took turns without syncing in between', async () => {
    const { a, b } = pair();
    const onA = a.startSession({ callId: 'c2', platform: 'api' });
    const onB = b.startSession({ callId: 'c2', platform: 'api' });
    const firedOnB: string[] = [];
    b.onFiring((firing) => firedOnB.push(firing.ruleId));
    for (const [i, [role, text]] of LINES.entries()) (i % 2 === 0 ? onA : onB).addTurn({ role, text });
    onA.addTurn({ role: 'caller', text: 'Please connect me to a human agent' });
    await Promise.all([onA.sync(), onB.sync()]);
    await Promise.all([onA.sync(), onB.sync()]);
    const view = (s: typeof onA) => s.turns.map((t) => [t.role, t.text, t.at]);
    expect(view(onB)).toEqual(view(onA));
    expect(view(onA).map(([, text]) => text)).toEqual([
      ...LINES.map(([, t]) => t),
      'Please connect me to a human agent',
    ]);
    expect(onB.firings.map((f) => [f.ruleId, f.turnIndex])).toEqual(
      onA.firings.map((f) => [f.ruleId, f.turnIndex]),
    );
    expect(onA.firings.map((f) => f.kind)).toContain('explicit_request');
    // A firing is acted on where its turn arrived: B replays it without telling its listeners.
    expect(firedOnB).toEqual([]);
    expect(onB.platform).toBe('api');
  });

  it("keeps each turn's time as it was when it arrived, whatever the replaying instance's clock", async () => {
    const store = new MemoryStore();
    const a = pair(store, { now: () => 1_000 }).a;
    const b = pair(store, { now: () => 9_000 }).b;
    a.startSession({ callId: 'c3', platform: 'api' }).addTurn({ role: 'caller', text: 'hello there' });
    const onB = b.startSession({ callId: 'c3', platform: 'api' });
    await onB.sync();
    expect(onB.turns.map((t) => t.at)).toEqual([1_000]);
    expect(onB.startedAt).toBe(1_000);
  });

  it('reads only the entries past the ones it has, so a step costs the same at turn 10 and turn 1,000', async () => {
    const store = new MemoryStore();
    const reads: number[] = [];
    const range = store.range.bind(store);
    store.range = (<T>(key: string, from: number) => {
      reads.push(from);
      return range<T>(key, from);
    }) as MemoryStore['range'];
    const { a, b } = pair(store);
    const onA = a.startSession({ callId: 'c4', platform: 'api' });
    const onB = b.startSession({ callId: 'c4', platform: 'api' });
    await onA.sync();
    await onB.sync();
    await onA.sync();
    reads.length = 0;
    for (let i = 0; i < 1_000; i++) onA.addTurn({ role: 'caller', text: `turn number ${i}` });
    await onA.sync();
    // As the /v1 turn route does: catch up, add the turn, write it before answering.
    for (let i = 0; i < 3; i++) {
      await onB.sync();
      onB.addTurn({ role: 'agent', text: `reply ${i}` });
      await onB.sync();
    }
    // B's first sync read A's 1,000 new turns once; every later read started where it left off,
    // and writing a turn that landed right behind what B had read needed no read at all.
    expect(onB.turns).toHaveLength(1_003);
    expect(reads).toEqual([2, 1_003, 1_004]);
  });

  it('loses no turn while the store is down: they wait, then reach the log and the packet in order', async () => {
    const store = new MemoryStore();
    let down = true;
    const append = store.append.bind(store);
    store.append = (<T>(key: string, entries: readonly T[], options?: { ttlMs?: number }) =>
      down
        ? Promise.reject(new HandoffError('store_unavailable', 'Redis store unavailable'))
        : append(key, entries, options)) as MemoryStore['append'];
    const { a, b, errors } = pair(store);
    const session = a.startSession({ callId: 'c5', platform: 'api' });
    for (const [role, text] of LINES) session.addTurn({ role, text });
    await expect(session.sync()).rejects.toThrow(/unavailable/);
    expect(session.pendingWrites).toBe(LINES.length + 1);
    expect(errors.filter((e) => e.where === 'session-log')).toHaveLength(1);
    down = false;
    const result = await session.transfer({ reason: 'loan', department: 'loans' });
    expect((await a.get(result.handoffId))!.context.transcript).toHaveLength(LINES.length);
    expect(session.pendingWrites).toBe(0);
    const log = await store.range<SessionEntry>(storeKey('session', 'c5'), 0);
    expect(log.map((e) => e.k)).toEqual(['start', ...LINES.map(() => 'turn'), 'args']);
    const replayed = b.startSession({ callId: 'c5', platform: 'api' });
    await replayed.sync();
    expect(replayed.turns.map((t) => t.text)).toEqual(LINES.map(([, t]) => t));
  });

  it('applies a step once when an append that reported failure had in fact been written', async () => {
    const store = new MemoryStore();
    let lose = 1;
    const append = store.append.bind(store);
    store.append = (async <T>(key: string, entries: readonly T[], options?: { ttlMs?: number }) => {
      const length = await append(key, entries, options);
      if (lose-- > 0) throw new HandoffError('store_unavailable', 'connection dropped before the reply');
      return length;
    }) as MemoryStore['append'];
    const { a, b } = pair(store);
    const session = a.startSession({ callId: 'c6', platform: 'api' });
    session.addTurn({ role: 'caller', text: 'I need a loan' });
    // The background write of the start and the first turn is the one whose reply is lost.
    await session.sync().catch(() => {});
    session.addTurn({ role: 'agent', text: 'Of course' });
    await session.sync();
    expect(lose).toBeLessThan(0);
    expect(session.pendingWrites).toBe(0);
    // Start and first turn are in the log twice; the copies count once.
    expect((await store.range(storeKey('session', 'c6'), 0)).length).toBe(5);
    const other = b.startSession({ callId: 'c6', platform: 'api' });
    await other.sync();
    expect(other.turns.map((t) => t.text)).toEqual(['I need a loan', 'Of course']);
    expect(session.turns.map((t) => t.text)).toEqual(['I need a loan', 'Of course']);
  });

  it('carries facts and tool arguments from one instance to the next handoff on another', async () => {
    const { a, b } = pair(new MemoryStore(), {
      capabilities: { backToAi: true },
    });
    const onA = a.startSession({ callId: 'c7', platform: 'api' });
    onA.update({ customer: { name: 'Ravi Kumar' }, intent: 'home_loan', summary: 'Wants a home loan.' });
    await onA.sync();
    const onB = b.startSession({ callId: 'c7', platform: 'api' });
    const result = await onB.transfer({ reason: 'loan', department: 'loans' });
    const context = (await b.get(result.handoffId))!.context;
    expect(context.extracted.customer.name).toBe('Ravi Kumar');
    expect(context.extracted.intent).toBe('home_loan');
    expect(context.summary.oneLine).toBe('Wants a home loan.');
  });
});
