import { type HandoffStore, isHandoffError, type StoreChange } from '@handoff/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/**
 * The behaviour every `HandoffStore` must have, as a reusable vitest suite. The memory store is
 * the reference; any other store (Redis, or one of your own) runs the same cases.
 */

export interface StoreFixture {
  /**
   * Two handles on the same data. For a shared store, two separate instances (two connections);
   * for an in-process store, the same object twice.
   */
  a: HandoffStore;
  b: HandoffStore;
  /** Closes both handles and removes what the test wrote. */
  cleanup(): Promise<void>;
}

export interface StoreContractOptions {
  /** For stores with a backend: one pointed at an address nothing listens on. */
  unreachable?: () => HandoffStore;
  /** How long an operation on the unreachable store may take to fail (default 5 s). */
  unreachableWithinMs?: number;
}

/** Stores that connect asynchronously expose `ready()`; waiting on it makes event tests exact. */
async function settled(store: HandoffStore): Promise<void> {
  await (store as HandoffStore & { ready?: () => Promise<void> }).ready?.();
}

async function eventually(condition: () => boolean, what: string, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const conflict = (e: unknown) => isHandoffError(e, 'store_conflict');

export function storeContract(
  name: string,
  makeStore: () => StoreFixture | Promise<StoreFixture>,
  options: StoreContractOptions = {},
): void {
  describe(`HandoffStore contract: ${name}`, () => {
    let fx: StoreFixture;
    beforeEach(async () => {
      fx = await makeStore();
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    it('starts at version 1 and adds one per write, with a timestamp', async () => {
      const { a, b } = fx;
      expect(await a.get('v:k')).toBeUndefined();
      const before = Date.now();
      const first = await a.put('v:k', { n: 1 });
      expect(first).toMatchObject({ key: 'v:k', value: { n: 1 }, version: 1 });
      expect(first.updatedAt).toBeGreaterThanOrEqual(before - 1_000);
      expect((await a.put('v:k', { n: 2 })).version).toBe(2);
      const read = await b.get<{ n: number }>('v:k');
      expect(read).toMatchObject({ key: 'v:k', value: { n: 2 }, version: 2 });
      expect(typeof read?.updatedAt).toBe('number');
    });

    it('stores plain JSON values of every shape', async () => {
      const { a, b } = fx;
      const value = {
        s: 'नमस्ते "quoted" \\ \n',
        n: -1.5,
        big: 2 ** 52,
        t: true,
        z: null,
        e: [],
        o: {},
        l: [1, [2]],
      };
      await a.put('shape:obj', value);
      await a.put('shape:num', 42);
      await a.put('shape:str', 'plain');
      await a.put('shape:arr', []);
      await a.put('shape:null', null);
      expect((await b.get('shape:obj'))?.value).toEqual(value);
      expect((await b.get('shape:num'))?.value).toBe(42);
      expect((await b.get('shape:str'))?.value).toBe('plain');
      expect((await b.get('shape:arr'))?.value).toEqual([]);
      expect((await b.get('shape:null'))?.value).toBeNull();
    });

    it('enforces expectedVersion, with 0 meaning only if absent', async () => {
      const { a, b } = fx;
      expect((await a.put('ev:k', 'x', { expectedVersion: 0 })).version).toBe(1);
      await expect(b.put('ev:k', 'y', { expectedVersion: 0 })).rejects.toSatisfy(conflict);
      await expect(b.put('ev:k', 'y', { expectedVersion: 2 })).rejects.toSatisfy(conflict);
      expect((await b.put('ev:k', 'y', { expectedVersion: 1 })).version).toBe(2);
      await expect(a.put('ev:k', 'z', { expectedVersion: 1 })).rejects.toSatisfy(conflict);
      await expect(a.put('ev:absent', 'z', { expectedVersion: 1 })).rejects.toSatisfy(conflict);
      expect(await a.get('ev:absent')).toBeUndefined();
      // A rejected write changed nothing.
      expect(await a.get('ev:k')).toMatchObject({ value: 'y', version: 2 });
    });

    it('lets exactly one of many racing put-if-absent writers win', async () => {
      const { a, b } = fx;
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).put('race:lock', { i }, { expectedVersion: 0 })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'rejected').every((r) => conflict(r.reason))).toBe(true);
      expect((await a.get('race:lock'))?.version).toBe(1);
    });

    it('keeps what was stored apart from the caller’s objects', async () => {
      const { a } = fx;
      const value = { list: [1] };
      await a.put('iso:k', value);
      value.list.push(2);
      expect((await a.get<{ list: number[] }>('iso:k'))?.value.list).toEqual([1]);
      // `fn` gets a copy: mutating it and returning undefined changes nothing.
      const same = await a.update<{ list: number[] }>('iso:k', (current) => {
        current?.list.push(99);
        return undefined;
      });
      expect(same).toMatchObject({ value: { list: [1] }, version: 1 });
      expect((await a.get<{ list: number[] }>('iso:k'))?.value.list).toEqual([1]);
    });

    it('updates: creates when absent, leaves the record alone on undefined', async () => {
      const { a, b } = fx;
      expect(await a.update('up:none', () => undefined)).toBeUndefined();
      expect(await a.get('up:none')).toBeUndefined();
      const seen: Array<number | undefined> = [];
      const created = await a.update<number>('up:n', (n) => {
        seen.push(n);
        return (n ?? 0) + 1;
      });
      expect(created).toMatchObject({ key: 'up:n', value: 1, version: 1 });
      expect(seen).toEqual([undefined]);
      const next = await b.update<number>('up:n', (n) => (n ?? 0) + 10);
      expect(next).toMatchObject({ value: 11, version: 2 });
      expect(await a.update<number>('up:n', () => undefined)).toMatchObject({ value: 11, version: 2 });
    });

    it('counts exactly when two instances increment the same counter 100 times', async () => {
      const { a, b } = fx;
      const increment = (store: HandoffStore) => store.update<number>('cnt:k', (n) => (n ?? 0) + 1);
      const loop = async (store: HandoffStore) => {
        for (let i = 0; i < 50; i++) await increment(store);
      };
      await Promise.all([loop(a), loop(b)]);
      expect(await a.get('cnt:k')).toMatchObject({ value: 100, version: 100 });

      // Heavier contention: 20 writers at once, retrying as long as they need.
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? a : b).update<number>('cnt:hot', (n) => (n ?? 0) + 1, { retries: 500 }),
        ),
      );
      expect(await b.get('cnt:hot')).toMatchObject({ value: 20, version: 20 });
    });

    it('expires a key after its ttl, and a later write starts again at version 1', async () => {
      const { a, b } = fx;
      await a.put('ttl:lock', { owner: 'a' }, { ttlMs: 150, expectedVersion: 0 });
      await a.put('ttl:kept', 1, { ttlMs: 150 });
      // A write without a ttl makes the key permanent again.
      await a.put('ttl:kept', 2);
      expect((await b.get('ttl:lock'))?.value).toEqual({ owner: 'a' });
      await sleep(400);
      expect(await b.get('ttl:lock')).toBeUndefined();
      expect((await b.list('ttl:')).map((r) => r.key)).toEqual(['ttl:kept']);
      expect(await b.get('ttl:kept')).toMatchObject({ value: 2, version: 2 });
      // What the idempotency lock relies on: once expired, the key can be claimed afresh.
      expect((await b.put('ttl:lock', { owner: 'b' }, { expectedVersion: 0 })).version).toBe(1);
    });

    it('lists by prefix, sorted by key, treating glob characters literally', async () => {
      const { a, b } = fx;
      const prefix = 'g*[x]?\\:';
      // In key order, so an insertion-ordered store lists them the same way.
      await a.put(`${prefix}a`, 1);
      await a.put(`${prefix}b`, 2);
      await a.put(`${prefix}c`, 3);
      // Each decoy would match if a glob character in the prefix were live.
      await a.put('gZ[x]?\\:a', 0);
      await a.put('g*x?\\:a', 0);
      await a.put('g*[x]!\\:a', 0);
      await a.put('g*[x]?/:a', 0);
      await a.put('g*[x]', 0);
      const listed = await b.list<number>(prefix);
      expect(listed.map((r) => r.key)).toEqual([`${prefix}a`, `${prefix}b`, `${prefix}c`]);
      expect(listed.map((r) => [r.value, r.version])).toEqual([
        [1, 1],
        [2, 1],
        [3, 1],
      ]);
      expect((await b.list(prefix, { limit: 2 })).map((r) => r.key)).toEqual([`${prefix}a`, `${prefix}b`]);
      expect(await b.list('nothing-here:')).toEqual([]);
      expect((await b.list('g')).length).toBe(8);
    });

    it('deletes, and a key written after a delete starts at version 1', async () => {
      const { a, b } = fx;
      await a.put('del:k', 1);
      await a.put('del:k', 2);
      await b.delete('del:k');
      expect(await a.get('del:k')).toBeUndefined();
      expect(await a.list('del:')).toEqual([]);
      await a.delete('del:never-there');
      expect((await a.put('del:k', 3, { expectedVersion: 0 })).version).toBe(1);
    });

    it('publishes every write to subscribers on every instance, in order, with its version', async () => {
      const { a, b } = fx;
      const onB: StoreChange[] = [];
      const onA: StoreChange[] = [];
      b.subscribe('sub:', (change) => onB.push(change));
      a.subscribe('sub:', (change) => onA.push(change));
      // A throwing listener neither fails the write nor starves the others.
      b.subscribe('sub:', () => {
        throw new Error('listener bug');
      });
      await Promise.all([settled(a), settled(b)]);
      await a.put('sub:x', { n: 1 });
      await a.put('other:y', { n: 0 });
      await a.update<{ n: number }>('sub:x', (v) => ({ n: (v?.n ?? 0) + 1 }));
      await b.put('sub:z', 'from b', { expectedVersion: 0 });
      await expect(a.put('sub:z', 'loses', { expectedVersion: 0 })).rejects.toSatisfy(conflict);
      await eventually(() => onB.length >= 3 && onA.length >= 3, 'three changes on each instance');
      const expected = [
        { key: 'sub:x', value: { n: 1 }, version: 1 },
        { key: 'sub:x', value: { n: 2 }, version: 2 },
        { key: 'sub:z', value: 'from b', version: 1 },
      ];
      // A rejected write is never published.
      await sleep(50);
      expect(onB).toEqual(expected);
      expect(onA).toEqual(expected);
    });

    it('stops delivering to a listener once unsubscribed', async () => {
      const { a, b } = fx;
      const gone: StoreChange[] = [];
      const kept: StoreChange[] = [];
      const off = b.subscribe('uns:', (change) => gone.push(change));
      b.subscribe('uns:', (change) => kept.push(change));
      await settled(b);
      await a.put('uns:1', 1);
      await eventually(() => gone.length === 1 && kept.length === 1, 'the first change');
      off();
      off();
      await a.put('uns:2', 2);
      await a.put('uns:3', 3);
      // The kept listener seeing the later writes proves they were delivered; the other saw none.
      await eventually(() => kept.length === 3, 'the later changes');
      expect(gone.map((c) => c.key)).toEqual(['uns:1']);
    });

    it.skipIf(!options.unreachable)(
      'rejects with a typed error, promptly, when its backend is unreachable',
      async () => {
        const store = options.unreachable!();
        const within = options.unreachableWithinMs ?? 5_000;
        try {
          const started = Date.now();
          const results = await Promise.allSettled([
            store.get('k'),
            store.put('k', 1),
            store.update('k', () => 1),
            store.list(''),
            store.delete('k'),
          ]);
          expect(Date.now() - started).toBeLessThan(within);
          for (const result of results) {
            expect(result.status).toBe('rejected');
            const reason = (result as PromiseRejectedResult).reason;
            expect(isHandoffError(reason, 'store_unavailable'), String(reason)).toBe(true);
            expect((reason as Error).message).toMatch(/unavailable/);
          }
          // Subscribing to a store that is down must not throw either.
          const off = store.subscribe('', () => {});
          off();
        } finally {
          await store.close?.();
        }
      },
    );
  });
}
