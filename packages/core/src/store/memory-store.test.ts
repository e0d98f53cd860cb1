import { describe, expect, it } from 'vitest';
import { isHandoffError } from '../errors.js';
import { MemoryStore } from './memory-store.js';

describe('MemoryStore', () => {
  it('versions writes and enforces expected versions', async () => {
    const store = new MemoryStore();
    const a = await store.put('k', { n: 1 }, { expectedVersion: 0 });
    expect(a.version).toBe(1);
    await expect(store.put('k', { n: 2 }, { expectedVersion: 0 })).rejects.toSatisfy((e) =>
      isHandoffError(e, 'store_conflict'),
    );
    const b = await store.put('k', { n: 2 }, { expectedVersion: 1 });
    expect(b.version).toBe(2);
    expect((await store.get<{ n: number }>('k'))?.value.n).toBe(2);
  });

  it('reads a log of one entry, and one grown from it, as any other log', async () => {
    let now = 1_000;
    const store = new MemoryStore({ now: () => now });
    const start = { k: 'start', start: { callId: 'c1', platform: 'test' }, w: 'a', s: 1 };
    expect(await store.append('log', [start], { ttlMs: 100 })).toBe(1);
    start.start.platform = 'changed';
    expect(await store.range('log', 0)).toEqual([{ ...start, start: { callId: 'c1', platform: 'test' } }]);
    expect(await store.range('log', 1)).toEqual([]);
    expect(await store.range('log', -1)).toHaveLength(1);
    const read = await store.range<typeof start>('log', 0);
    read[0]!.s = 99;
    expect((await store.range<typeof start>('log', 0))[0]!.s).toBe(1);
    expect(await store.append('log', [{ n: 2 }, { n: 3 }])).toBe(3);
    expect(await store.range('log', 1)).toEqual([{ n: 2 }, { n: 3 }]);
    expect(((await store.range<{ k?: string }>('log', 0))[0] as { k: string }).k).toBe('start');
    // An append without a ttl keeps the log's; one with a ttl restarts it.
    now += 99;
    expect(await store.range('log', 0)).toHaveLength(3);
    now += 2;
    expect(await store.range('log', 0)).toEqual([]);
    expect(await store.append('empty', [])).toBe(0);
    expect(await store.append('empty', [{ n: 1 }])).toBe(1);
    expect(await store.range('empty', 0)).toEqual([{ n: 1 }]);
  });

  it('isolates stored values from later mutation by the caller', async () => {
    const store = new MemoryStore();
    const value = { list: [1] };
    await store.put('k', value);
    value.list.push(2);
    expect((await store.get<{ list: number[] }>('k'))?.value.list).toEqual([1]);
  });

  it('updates atomically and leaves the record alone when fn returns undefined', async () => {
    const store = new MemoryStore();
    await Promise.all(Array.from({ length: 50 }, () => store.update<number>('count', (n) => (n ?? 0) + 1)));
    expect((await store.get<number>('count'))?.value).toBe(50);
    const same = await store.update<number>('count', () => undefined);
    expect(same?.version).toBe(50);
  });

  it('lists by prefix, expires ttl keys and publishes changes to subscribers', async () => {
    let now = 1000;
    const store = new MemoryStore({ now: () => now });
    const seen: string[] = [];
    const off = store.subscribe('handoff:', (c) => seen.push(`${c.key}@${c.version}`));
    await store.put('handoff:a', 1);
    await store.put('handoff:b', 2);
    await store.put('other', 3, { ttlMs: 50 });
    expect((await store.list('handoff:')).map((r) => r.key)).toEqual(['handoff:a', 'handoff:b']);
    now += 51;
    expect(await store.get('other')).toBeUndefined();
    off();
    await store.put('handoff:a', 4);
    expect(seen).toEqual(['handoff:a@1', 'handoff:b@1']);
  });

  it('sweeps expired keys that are never read again', async () => {
    let now = 0;
    const store = new MemoryStore({ now: () => now });
    for (let i = 0; i < 500; i++) await store.put(`lock:${i}`, i, { ttlMs: 10 });
    now = 100;
    for (let i = 0; i < 500; i++) await store.put(`kept:${i}`, i);
    expect(store.size).toBe(500);
  });

  it('sweeps expired logs too, and keys that expired after a pass went by them', async () => {
    let now = 0;
    const store = new MemoryStore({ now: () => now });
    for (let i = 0; i < 100; i++) await store.append(`log:${i}`, [i], { ttlMs: 10 });
    for (let i = 0; i < 100; i++) await store.put(`late:${i}`, i, { ttlMs: 1_000 });
    now = 100;
    // The logs are gone within a pass; the `late:` keys are not expired yet and stay.
    for (let i = 0; i < 100; i++) await store.put(`kept:${i}`, i);
    expect(store.size).toBe(200);
    now = 2_000;
    // A later pass starts over and finds the keys that expired since.
    for (let i = 0; i < 100; i++) await store.put(`kept:${i}`, i);
    expect(store.size).toBe(100);
    expect(await store.range('log:1', 0)).toEqual([]);
  });

  it('keeps working on an empty store and after every key was swept', async () => {
    let now = 0;
    const store = new MemoryStore({ now: () => now });
    await store.put('a', 1, { ttlMs: 1 });
    now = 10;
    await store.put('b', 2, { ttlMs: 1 });
    now = 20;
    await store.put('c', 3);
    expect(store.size).toBe(1);
    await store.delete('c');
    await store.put('d', 4);
    expect((await store.get('d'))?.value).toBe(4);
  });

  it('expires records and logs to the ms on a real clock (expiry kept as ms since the store was made)', async () => {
    let now = Date.now() + 1_234_567;
    const store = new MemoryStore({ now: () => now });
    now += 5_000;
    await store.put('r', 1, { ttlMs: 60_000 });
    await store.append('l', [1], { ttlMs: 60_000 });
    const made = await store.get('r');
    expect(made?.updatedAt).toBe(now);
    now += 59_999;
    expect((await store.get('r'))?.value).toBe(1);
    expect(await store.range('l', 0)).toEqual([1]);
    now += 1;
    expect(await store.get('r')).toBeUndefined();
    expect(await store.range('l', 0)).toEqual([]);
  });

  it('reads back a log of one object entry exactly, whatever its fields, times of day included', async () => {
    let now = Date.now();
    const store = new MemoryStore({ now: () => now });
    const entries: Array<Record<string, unknown>> = [
      { k: 'start', now, start: Object.freeze({ callId: 'c' }), w: 'abc', s: 1 },
      { s: 1, now: now + 5, later: now - 7 },
      { at: now + 0.5 },
      { at: now + 2 ** 31, next: now },
      { at: -now },
      { at: -0, b: 2 ** 30 },
      { 2: 'two', 1: 'one', entries: [now], expiresAt: 3, constructor: 'c', only: { now } },
      JSON.parse('{"__proto__": {"polluted": true}, "at": 1}') as Record<string, unknown>,
    ];
    for (const [i, entry] of entries.entries()) await store.append(`log:${i}`, [entry], { ttlMs: 60_000 });
    for (const [i, entry] of entries.entries()) {
      const [read] = await store.range<Record<string, unknown>>(`log:${i}`, 0);
      expect(read).toStrictEqual({ ...entry });
      expect(Object.keys(read!)).toEqual(Object.keys(entry));
      expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
      expect(Object.hasOwn(read!, '__proto__')).toBe(Object.hasOwn(entry, '__proto__'));
      // Each read is a copy of its own; the next append keeps the entry as it was.
      read!.now = 1;
      expect(await store.append(`log:${i}`, [{ n: 2 }])).toBe(2);
      expect(await store.range(`log:${i}`, 0)).toStrictEqual([{ ...entry }, { n: 2 }]);
    }
    // Such logs expire to the ms and are swept like any other.
    for (let i = 0; i < 100; i++) await store.append(`one:${i}`, [{ k: 'start', now }], { ttlMs: 10 });
    expect(store.size).toBe(entries.length + 100);
    now += 9;
    expect(await store.range('one:0', 0)).toEqual([{ k: 'start', now: now - 9 }]);
    now += 1;
    expect(await store.range('one:1', 0)).toEqual([]);
    for (let i = 0; i < 100; i++) await store.put(`kept:${i}`, i);
    expect(store.size).toBe(entries.length + 100);
  });

  describe('deferChanges', () => {
    const watch = (store: MemoryStore) => {
      const seen: string[] = [];
      store.subscribe('k', (change) => seen.push(`${change.key}@${change.version}`));
      return seen;
    };

    it('writes at once and tells every change, in order, once released', async () => {
      const store = new MemoryStore();
      const seen = watch(store);
      const release = store.deferChanges();
      await store.put('k1', { n: 1 });
      await store.update<{ n: number }>('k1', (v) => ({ n: (v?.n ?? 0) + 1 }));
      await store.put('k2', { n: 1 });
      // The writes are there to read; only their telling waits.
      expect((await store.get<{ n: number }>('k1'))?.value.n).toBe(2);
      expect(seen).toEqual([]);
      release();
      expect(seen).toEqual(['k1@1', 'k1@2', 'k2@1']);
      release();
      await store.put('k1', { n: 3 });
      expect(seen).toEqual(['k1@1', 'k1@2', 'k2@1', 'k1@3']);
    });

    it('waits for the last of several deferrals, and keeps a later write behind the queued ones', async () => {
      const store = new MemoryStore();
      const seen = watch(store);
      const first = store.deferChanges();
      const second = store.deferChanges();
      await store.put('k1', { n: 1 });
      first();
      await store.put('k2', { n: 1 });
      expect(seen).toEqual([]);
      second();
      expect(seen).toEqual(['k1@1', 'k2@1']);
    });

    it("tells a listener's own write after the changes queued before it", async () => {
      const store = new MemoryStore();
      const seen = watch(store);
      store.subscribe('k1', (change) => {
        if (change.version === 1) void store.put('k3', { n: 1 });
      });
      const release = store.deferChanges();
      await store.put('k1', { n: 1 });
      await store.put('k2', { n: 1 });
      release();
      expect(seen).toEqual(['k1@1', 'k2@1', 'k3@1']);
    });

    it('stops telling when a listener defers, and goes on from there when it releases', async () => {
      const store = new MemoryStore();
      const seen = watch(store);
      let inner: (() => void) | undefined;
      store.subscribe('k1', () => {
        inner ??= store.deferChanges();
      });
      const release = store.deferChanges();
      await store.put('k1', { n: 1 });
      await store.put('k2', { n: 1 });
      release();
      expect(seen).toEqual(['k1@1']);
      await store.put('k4', { n: 1 });
      inner!();
      expect(seen).toEqual(['k1@1', 'k2@1', 'k4@1']);
    });

    it('forgets what waited when closed', async () => {
      const store = new MemoryStore();
      const seen = watch(store);
      const release = store.deferChanges();
      await store.put('k1', { n: 1 });
      await store.close();
      release();
      const after = watch(store);
      await store.put('k2', { n: 1 });
      expect(seen).toEqual([]);
      expect(after).toEqual(['k2@1']);
    });
  });
});
