import { describe, expect, it, vi } from 'vitest';
import type { HandoffRecord } from '../record.js';
import { storeKey } from '../store/keys.js';
import { MemoryStore } from '../store/memory-store.js';
import type { HandoffStore } from '../store/store.js';
import { FakeTransferProvider } from '../testing/index.js';
import { createHandoff } from './handoff.js';
import {
  createRecord,
  DEFAULT_RETENTION_MS,
  listPublic,
  sameToken,
  updateKnown,
  updateRecord,
} from './records.js';

const MONDAY_10_IST = Date.UTC(2026, 10, 23, 4, 30);
const DAY = 24 * 60 * 60_000;

function record(id: string, createdAt: number, status: HandoffRecord['status'] = 'completed'): HandoffRecord {
  return {
    id,
    token: 't',
    callId: `call-${id}`,
    status,
    context: {} as HandoffRecord['context'],
    ladder: { rung: 0, remaining: [], attempt: 0 },
    createdAt,
    updatedAt: createdAt,
  };
}

/** Counts the store operations a listing makes and the entries it reads. */
function counted(store: HandoffStore) {
  const calls = { get: 0, list: 0, range: 0, entries: 0 };
  const proxy: HandoffStore = Object.create(store);
  proxy.get = async (key) => {
    calls.get++;
    return store.get(key);
  };
  proxy.list = async <T>(prefix: string, options?: { limit?: number }) => {
    calls.list++;
    const out = await store.list<T>(prefix, options);
    calls.entries += out.length;
    return out;
  };
  proxy.range = async <T>(key: string, from: number) => {
    calls.range++;
    const out = await store.range<T>(key, from);
    calls.entries += out.length;
    return out;
  };
  return { store: proxy, calls };
}

describe('listing handoffs (issue 10, item 9)', () => {
  it('reads about `limit` entries whatever the history holds', async () => {
    const clock = { now: MONDAY_10_IST };
    const store = new MemoryStore({ now: () => clock.now });
    // 5,000 handoffs over the last four days.
    for (let i = 0; i < 5_000; i++)
      await createRecord(store, record(`h${i}`, clock.now - (5_000 - i) * 70_000));
    const { store: spy, calls } = counted(store);

    const newest = await listPublic(spy, { limit: 1 }, { now: () => clock.now });
    expect(newest.map((r) => r.id)).toEqual(['h4999']);
    expect(calls.list).toBe(0);
    expect(calls.get).toBe(1);
    expect(calls.entries).toBeLessThanOrEqual(16);

    calls.get = calls.range = calls.entries = 0;
    const page = await listPublic(spy, { limit: 50 }, { now: () => clock.now });
    expect(page.map((r) => r.id)).toEqual(Array.from({ length: 50 }, (_, i) => `h${4999 - i}`));
    expect(calls.get).toBe(50);
    expect(calls.entries).toBeLessThanOrEqual(100);
  });

  it('walks back across days, newest first, and filters', async () => {
    const clock = { now: MONDAY_10_IST };
    const store = new MemoryStore({ now: () => clock.now });
    await createRecord(store, record('old', clock.now - 3 * DAY, 'failed'));
    await createRecord(store, record('mid', clock.now - DAY));
    await createRecord(store, record('new', clock.now - 1_000));
    expect((await listPublic(store, {}, { now: () => clock.now })).map((r) => r.id)).toEqual([
      'new',
      'mid',
      'old',
    ]);
    expect(
      (await listPublic(store, { status: 'failed' }, { now: () => clock.now })).map((r) => r.id),
    ).toEqual(['old']);
  });

  it('falls back to scanning a store written before the index existed', async () => {
    const store = new MemoryStore();
    await store.put(storeKey('handoff', 'a'), record('a', 1));
    await store.put(storeKey('handoff', 'b'), record('b', 2));
    expect((await listPublic(store, { limit: 1 })).map((r) => r.id)).toEqual(['b']);
  });

  it('lists what the core itself persisted', async () => {
    const handoff = createHandoff({
      transfer: new FakeTransferProvider(),
      gatewayUrl: 'https://gw.example.com',
      destinations: { support: { number: '+919800000002', label: 'Support' } },
      now: () => MONDAY_10_IST,
    });
    const result = await handoff.startSession({ callId: 'c1', platform: 'x' }).transfer({ reason: 'x' });
    expect((await handoff.list({ limit: 5 })).map((r) => r.id)).toEqual([result.handoffId]);
    await handoff.close();
  });
});

describe('retention (issue 10, item 9)', () => {
  it('expires a finished handoff and its call claim after the retention, never a live one', async () => {
    const clock = { now: MONDAY_10_IST };
    const store = new MemoryStore({ now: () => clock.now });
    await createRecord(store, record('live', clock.now, 'ringing'));
    await createRecord(store, record('done', clock.now, 'ringing'));
    await store.put(storeKey('callLock', 'call-done'), { handoffId: 'done' });
    await store.put(storeKey('callLock', 'call-live'), { handoffId: 'live' });
    await updateRecord(store, 'done', (r) => ({ ...r, status: 'completed' }), 7 * DAY);

    clock.now += 7 * DAY - 1;
    expect(await store.get(storeKey('handoff', 'done'))).toBeDefined();
    clock.now += 2;
    expect(await store.get(storeKey('handoff', 'done'))).toBeUndefined();
    expect(await store.get(storeKey('callLock', 'call-done'))).toBeUndefined();
    expect(await store.get(storeKey('handoff', 'live'))).toBeDefined();
    expect(await store.get(storeKey('callLock', 'call-live'))).toBeDefined();
    expect(
      (await listPublic(store, {}, { now: () => clock.now, retentionMs: 7 * DAY })).map((r) => r.id),
    ).toEqual(['live']);
  });

  it('defaults to 30 days, and keeps forever with Infinity', async () => {
    const clock = { now: MONDAY_10_IST };
    const store = new MemoryStore({ now: () => clock.now });
    await createRecord(store, record('default', clock.now, 'rejected'));
    await createRecord(store, record('forever', clock.now, 'rejected'), Number.POSITIVE_INFINITY);
    clock.now += DEFAULT_RETENTION_MS + 1;
    expect(await store.get(storeKey('handoff', 'default'))).toBeUndefined();
    expect(await store.get(storeKey('handoff', 'forever'))).toBeDefined();
  });

  it('expires the claim of a handoff rejected at once (after hours) with it', async () => {
    const clock = { now: MONDAY_10_IST };
    const store = new MemoryStore({ now: () => clock.now });
    await store.put(storeKey('callLock', 'call-night'), { handoffId: 'night' });
    await createRecord(store, record('night', clock.now, 'rejected'), DAY);
    clock.now += DAY + 1;
    expect(await store.get(storeKey('handoff', 'night'))).toBeUndefined();
    expect(await store.get(storeKey('callLock', 'call-night'))).toBeUndefined();
  });

  it('leaves a newer handoff’s claim on the same call alone', async () => {
    const clock = { now: MONDAY_10_IST };
    const store = new MemoryStore({ now: () => clock.now });
    await createRecord(store, record('first', clock.now, 'ringing'));
    await store.put(storeKey('callLock', 'call-first'), { handoffId: 'second' });
    await updateRecord(store, 'first', (r) => ({ ...r, status: 'completed' }), DAY);
    clock.now += 2 * DAY;
    expect((await store.get(storeKey('callLock', 'call-first')))?.value).toEqual({ handoffId: 'second' });
  });
});

describe('the next write to a record this instance just wrote (updateKnown)', () => {
  it('writes against the version it knows, with no read first', async () => {
    const store = new MemoryStore();
    // On Redis an update is a read and then a write: two round trips where one will do.
    const reads = vi.spyOn(store, 'get');
    const updates = vi.spyOn(store, 'update');
    const stored = await createRecord(store, record('h1', MONDAY_10_IST, 'persisted'));
    const next = await updateKnown(store, stored, (r) => ({ ...r, status: 'transferring' }));
    expect(next?.status).toBe('transferring');
    expect(reads).not.toHaveBeenCalled();
    expect(updates).not.toHaveBeenCalled();
    const now = await store.get<HandoffRecord>(storeKey('handoff', 'h1'));
    expect(now).toMatchObject({ version: 2, value: { status: 'transferring' } });
    // What the store holds is its own copy: changing the answer changes nothing stored.
    next!.status = 'failed';
    expect((await store.get<HandoffRecord>(storeKey('handoff', 'h1')))?.value.status).toBe('transferring');
  });

  it('lets `fn` see what another writer put in between, as a read-modify-write would', async () => {
    const store = new MemoryStore();
    const stored = await createRecord(store, record('h2', MONDAY_10_IST, 'persisted'));
    await updateRecord(store, 'h2', (r) => ({ ...r, status: 'caller_hung_up' }));
    const seen: string[] = [];
    const next = await updateKnown(store, stored, (r) => {
      seen.push(r.status);
      return r.status === 'persisted' ? { ...r, status: 'transferring' } : undefined;
    });
    expect(seen).toEqual(['persisted', 'caller_hung_up']);
    expect(next?.status).toBe('caller_hung_up');
    expect((await store.get<HandoffRecord>(storeKey('handoff', 'h2')))?.version).toBe(2);
  });
});

describe('sameToken (the handoff, whisper and Vobiz callback URLs)', () => {
  it('matches only the same token, whole', () => {
    expect(sameToken('abc123', 'abc123')).toBe(true);
    expect(sameToken('abc123', 'abc124')).toBe(false);
    expect(sameToken('abc123', 'abc12')).toBe(false);
    expect(sameToken('abc123', 'abc1234')).toBe(false);
  });

  it('refuses a missing or empty token, even against an empty one', () => {
    expect(sameToken('abc123', undefined)).toBe(false);
    expect(sameToken('abc123', null)).toBe(false);
    expect(sameToken('', '')).toBe(false);
  });
});
