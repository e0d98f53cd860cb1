import { createHandoff, type Handoff, type HandoffEvent, type HandoffStatus } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { redisStore } from './redis-store.js';
import { assertRedisUp, dropPrefix, skipRedis, TEST_REDIS_URL, uniquePrefix, waitFor } from './testing.js';

/** Two cores, as on two gateway instances, sharing one Redis: what one does, the other sees. */
describe.skipIf(skipRedis)('scale-out: two cores on one Redis', () => {
  beforeAll(assertRedisUp);

  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function instance(keyPrefix: string, provider: FakeTransferProvider) {
    const store = redisStore({ url: TEST_REDIS_URL, keyPrefix });
    const errors: unknown[] = [];
    const handoff = createHandoff({
      store,
      transfer: provider,
      gatewayUrl: 'https://gw.example.com',
      destinations: {
        loans: { number: '+919800000001', label: 'Relationship manager', fallback: 'support' },
        support: { number: '+919800000002', label: 'Senior care' },
      },
      onError: (e) => errors.push(e),
    });
    const events: HandoffEvent[] = [];
    handoff.on('*', (e) => events.push(e));
    // The core subscribed in its constructor; from here on no change can slip past it.
    await store.ready();
    const close = async () => {
      await handoff.close();
      await store.close();
    };
    cleanups.push(close);
    return { store, handoff, events, errors, close };
  }

  async function pair() {
    const keyPrefix = uniquePrefix('scale');
    cleanups.push(() => dropPrefix(keyPrefix));
    const provider = new FakeTransferProvider();
    const a = await instance(keyPrefix, provider);
    const b = await instance(keyPrefix, provider);
    return { a, b, provider, keyPrefix };
  }

  function transferOn(handoff: Handoff, callId: string) {
    const session = handoff.startSession({ callId, platform: 'vobiz', from: '+919811111111' });
    session.addTurn({ role: 'agent', text: 'Hello, how can I help you today?' });
    session.addTurn({ role: 'caller', text: 'My name is Priya Sharma and I need a home loan of 50 lakh' });
    return session.transfer({ reason: 'qualified for a home loan', department: 'loans' });
  }

  const statuses = (events: HandoffEvent[], id: string): HandoffStatus[] =>
    events.filter((e) => e.handoffId === id).map((e) => e.status);

  it('a handoff created on A and advanced on B: A sees every state, in order', async () => {
    const { a, b, provider } = await pair();
    const result = await transferOn(a.handoff, 'call-1');
    expect(result.status).toBe('transferring');
    const id = result.handoffId;

    expect((await b.handoff.get(id))?.status).toBe('transferring');
    expect((await b.handoff.advance(id, { type: 'ringing', attempt: 1 })).record.status).toBe('ringing');
    expect((await b.handoff.advance(id, { type: 'bridged', attempt: 1 })).record.status).toBe('connected');
    expect((await b.handoff.advance(id, { type: 'ended' })).record.status).toBe('completed');

    const all: HandoffStatus[] = ['persisted', 'transferring', 'ringing', 'connected', 'completed'];
    await waitFor(() => statuses(a.events, id).length === 5, 3_000, "A's five events");
    await waitFor(() => statuses(b.events, id).length === 5, 3_000, "B's five events");
    expect(statuses(a.events, id)).toEqual(all);
    expect(statuses(b.events, id)).toEqual(all);
    expect(a.events.filter((e) => e.handoffId === id).map((e) => [e.type, e.version])).toEqual([
      ['handoff.created', 1],
      ['handoff.updated', 2],
      ['handoff.updated', 3],
      ['handoff.updated', 4],
      ['handoff.completed', 5],
    ]);
    expect(provider.requests).toHaveLength(1);
    // A repeated carrier callback landing on the other instance changes nothing.
    expect((await a.handoff.advance(id, { type: 'ended' })).changed).toBe(false);
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });

  it('holds the per-call lock across instances: racing transfers on A and B make one handoff', async () => {
    const { a, b, provider, keyPrefix } = await pair();
    const inspector = redisStore({ url: TEST_REDIS_URL, keyPrefix });
    cleanups.push(() => inspector.close());
    // B starts 0-4 ms after A, to land in every window of A's claim (lock read, lock write, record write).
    const outcomes: string[] = [];
    for (let round = 0; round < 20; round++) {
      const callId = `call-race-${round}`;
      const results = await Promise.allSettled([
        transferOn(a.handoff, callId),
        new Promise((resolve) => setTimeout(resolve, round % 5)).then(() => transferOn(b.handoff, callId)),
      ]);
      const transfers = provider.requests.filter((r) => r.callId === callId).length;
      const ids = results.map((r) =>
        r.status === 'fulfilled' ? r.value.handoffId : `error: ${String(r.reason)}`,
      );
      const handoffs = (await inspector.list<{ callId: string }>('handoff:')).filter(
        (r) => r.value.callId === callId,
      );
      if (transfers !== 1 || ids[0] !== ids[1] || handoffs.length !== 1) {
        outcomes.push(
          `round ${round}: ${transfers} transfers, ${handoffs.length} handoffs, results ${ids.join(' / ')}`,
        );
      }
    }
    expect(outcomes, 'each round: one transfer, one handoff, both callers told the same handoffId').toEqual(
      [],
    );
  });

  it('losing instance A mid-handoff loses nothing: B finishes it with the full context', async () => {
    const { a, b } = await pair();
    const result = await transferOn(a.handoff, 'call-3');
    const id = result.handoffId;
    await a.handoff.advance(id, { type: 'ringing', attempt: 1 });
    await waitFor(() => statuses(b.events, id).includes('ringing'), 3_000, 'B to see ringing');

    // A dies: its core and its Redis connections go away with whatever it held in memory.
    await a.close();

    await b.handoff.advance(id, { type: 'bridged', attempt: 1 });
    await b.handoff.advance(id, { type: 'ended' });
    await waitFor(() => statuses(b.events, id).at(-1) === 'completed', 3_000, 'B to see completed');
    expect(statuses(b.events, id)).toEqual([
      'persisted',
      'transferring',
      'ringing',
      'connected',
      'completed',
    ]);

    const record = await b.handoff.get(id);
    expect(record?.status).toBe('completed');
    expect(record?.context.transcript.map((t) => [t.role, t.text])).toEqual([
      ['agent', 'Hello, how can I help you today?'],
      ['caller', 'My name is Priya Sharma and I need a home loan of 50 lakh'],
    ]);
    expect(record?.context.extracted.customer).toMatchObject({ name: 'Priya Sharma' });
    expect(record?.context.trigger).toMatchObject({ kind: 'tool', reason: 'qualified for a home loan' });
    expect(record?.context.destination).toEqual({ key: 'loans', label: 'Relationship manager' });
    const timings = record?.context.timings;
    expect(timings?.persistedAt).toBeDefined();
    expect(timings?.ringingAt).toBeDefined();
    expect(timings?.bridgedAt).toBeDefined();
    expect(timings?.endedAt).toBeDefined();
    expect((await b.handoff.forCall('call-3'))?.id).toBe(id);
    expect(await b.handoff.verifyToken(id, 'not-the-token')).toBe(false);
    expect(b.errors).toEqual([]);
  });
});
