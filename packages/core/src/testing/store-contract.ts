import assert from 'node:assert/strict';
import { isHandoffError } from '../errors.js';
import type { HandoffStore, StoreChange } from '../store/store.js';

/**
 * The behaviour every `HandoffStore` must have, as a suite any test runner can run: pass your
 * runner's `describe`, `it`, `beforeEach` and `afterEach` (vitest, jest, mocha, `node:test`
 * with hooks). Assertions use `node:assert`, so nothing here depends on a test framework. The
 * memory store is the reference; the Redis store, and one of your own, run the same cases.
 *
 * ```ts
 * import { afterEach, beforeEach, describe, it } from 'vitest';
 * import { storeContract } from '@handoff/core/testing';
 * storeContract({ describe, it, beforeEach, afterEach }, 'MyStore', () => ({ a, b, cleanup }));
 * ```
 */

export interface TestRunner {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>, timeoutMs?: number): void;
  beforeEach(body: () => Promise<void>): void;
  afterEach(body: () => Promise<void>): void;
}

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
const pick = <T>(record: { key: string; value: T; version: number } | undefined) =>
  record && { key: record.key, value: record.value, version: record.version };

export function storeContract(
  t: TestRunner,
  name: string,
  makeStore: () => StoreFixture | Promise<StoreFixture>,
  options: StoreContractOptions = {},
): void {
  t.describe(`HandoffStore contract: ${name}`, () => {
    let fx: StoreFixture;
    t.beforeEach(async () => {
      fx = await makeStore();
    });
    t.afterEach(async () => {
      await fx.cleanup();
    });

    t.it('starts at version 1 and adds one per write, with a timestamp', async () => {
      const { a, b } = fx;
      assert.equal(await a.get('v:k'), undefined);
      const before = Date.now();
      const first = await a.put('v:k', { n: 1 });
      assert.deepEqual(pick(first), { key: 'v:k', value: { n: 1 }, version: 1 });
      assert.ok(first.updatedAt >= before - 1_000);
      assert.equal((await a.put('v:k', { n: 2 })).version, 2);
      const read = await b.get<{ n: number }>('v:k');
      assert.deepEqual(pick(read), { key: 'v:k', value: { n: 2 }, version: 2 });
      assert.equal(typeof read?.updatedAt, 'number');
    });

    t.it('stores plain JSON values of every shape', async () => {
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
      assert.deepEqual((await b.get('shape:obj'))?.value, value);
      assert.equal((await b.get('shape:num'))?.value, 42);
      assert.equal((await b.get('shape:str'))?.value, 'plain');
      assert.deepEqual((await b.get('shape:arr'))?.value, []);
      assert.equal((await b.get('shape:null'))?.value, null);
    });

    t.it('enforces expectedVersion, with 0 meaning only if absent', async () => {
      const { a, b } = fx;
      assert.equal((await a.put('ev:k', 'x', { expectedVersion: 0 })).version, 1);
      await assert.rejects(b.put('ev:k', 'y', { expectedVersion: 0 }), conflict);
      await assert.rejects(b.put('ev:k', 'y', { expectedVersion: 2 }), conflict);
      assert.equal((await b.put('ev:k', 'y', { expectedVersion: 1 })).version, 2);
      await assert.rejects(a.put('ev:k', 'z', { expectedVersion: 1 }), conflict);
      await assert.rejects(a.put('ev:absent', 'z', { expectedVersion: 1 }), conflict);
      assert.equal(await a.get('ev:absent'), undefined);
      // A rejected write changed nothing.
      assert.deepEqual(pick(await a.get('ev:k')), { key: 'ev:k', value: 'y', version: 2 });
    });

    t.it('lets exactly one of many racing put-if-absent writers win', async () => {
      const { a, b } = fx;
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).put('race:lock', { i }, { expectedVersion: 0 })),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      assert.ok(results.every((r) => r.status === 'fulfilled' || conflict(r.reason)));
      assert.equal((await a.get('race:lock'))?.version, 1);
    });

    t.it('keeps what was stored apart from the caller’s objects', async () => {
      const { a } = fx;
      const value = { list: [1] };
      await a.put('iso:k', value);
      value.list.push(2);
      assert.deepEqual((await a.get<{ list: number[] }>('iso:k'))?.value.list, [1]);
      // `fn` gets a copy: mutating it and returning undefined changes nothing.
      const same = await a.update<{ list: number[] }>('iso:k', (current) => {
        current?.list.push(99);
        return undefined;
      });
      assert.deepEqual(pick(same), { key: 'iso:k', value: { list: [1] }, version: 1 });
      assert.deepEqual((await a.get<{ list: number[] }>('iso:k'))?.value.list, [1]);
    });

    t.it('updates: creates when absent, leaves the record alone on undefined', async () => {
      const { a, b } = fx;
      assert.equal(await a.update('up:none', () => undefined), undefined);
      assert.equal(await a.get('up:none'), undefined);
      const seen: Array<number | undefined> = [];
      const created = await a.update<number>('up:n', (n) => {
        seen.push(n);
        return (n ?? 0) + 1;
      });
      assert.deepEqual(pick(created), { key: 'up:n', value: 1, version: 1 });
      assert.deepEqual(seen, [undefined]);
      assert.deepEqual(pick(await b.update<number>('up:n', (n) => (n ?? 0) + 10)), {
        key: 'up:n',
        value: 11,
        version: 2,
      });
      assert.deepEqual(pick(await a.update<number>('up:n', () => undefined)), {
        key: 'up:n',
        value: 11,
        version: 2,
      });
    });

    t.it('counts exactly when two instances increment the same counter 100 times', async () => {
      const { a, b } = fx;
      const increment = (store: HandoffStore) => store.update<number>('cnt:k', (n) => (n ?? 0) + 1);
      const loop = async (store: HandoffStore) => {
        for (let i = 0; i < 50; i++) await increment(store);
      };
      await Promise.all([loop(a), loop(b)]);
      assert.deepEqual(pick(await a.get('cnt:k')), { key: 'cnt:k', value: 100, version: 100 });
      // Heavier contention: 20 writers at once, retrying as long as they need.
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? a : b).update<number>('cnt:hot', (n) => (n ?? 0) + 1, { retries: 500 }),
        ),
      );
      assert.deepEqual(pick(await b.get('cnt:hot')), { key: 'cnt:hot', value: 20, version: 20 });
    });

    t.it('expires a key after its ttl, and a later write starts again at version 1', async () => {
      const { a, b } = fx;
      await a.put('ttl:lock', { owner: 'a' }, { ttlMs: 150, expectedVersion: 0 });
      await a.put('ttl:kept', 1, { ttlMs: 150 });
      // A write without a ttl makes the key permanent again.
      await a.put('ttl:kept', 2);
      assert.deepEqual((await b.get('ttl:lock'))?.value, { owner: 'a' });
      await sleep(400);
      assert.equal(await b.get('ttl:lock'), undefined);
      assert.deepEqual(
        (await b.list('ttl:')).map((r) => r.key),
        ['ttl:kept'],
      );
      assert.deepEqual(pick(await b.get('ttl:kept')), { key: 'ttl:kept', value: 2, version: 2 });
      // What the idempotency lock relies on: once expired, the key can be claimed afresh.
      assert.equal((await b.put('ttl:lock', { owner: 'b' }, { expectedVersion: 0 })).version, 1);
    });

    t.it('lists by prefix, sorted by key, treating glob characters literally', async () => {
      const { a, b } = fx;
      const prefix = 'g*[x]?\\:';
      // In key order, so an insertion-ordered store lists them the same way.
      await a.put(`${prefix}a`, 1);
      await a.put(`${prefix}b`, 2);
      await a.put(`${prefix}c`, 3);
      // Each decoy would match if a glob character in the prefix were live.
      for (const decoy of ['gZ[x]?\\:a', 'g*x?\\:a', 'g*[x]!\\:a', 'g*[x]?/:a', 'g*[x]'])
        await a.put(decoy, 0);
      const listed = await b.list<number>(prefix);
      assert.deepEqual(
        listed.map((r) => [r.key, r.value, r.version]),
        [
          [`${prefix}a`, 1, 1],
          [`${prefix}b`, 2, 1],
          [`${prefix}c`, 3, 1],
        ],
      );
      assert.deepEqual(
        (await b.list(prefix, { limit: 2 })).map((r) => r.key),
        [`${prefix}a`, `${prefix}b`],
      );
      assert.deepEqual(await b.list('nothing-here:'), []);
      assert.equal((await b.list('g')).length, 8);
    });

    t.it('deletes, and a key written after a delete starts at version 1', async () => {
      const { a, b } = fx;
      await a.put('del:k', 1);
      await a.put('del:k', 2);
      await b.delete('del:k');
      assert.equal(await a.get('del:k'), undefined);
      assert.deepEqual(await a.list('del:'), []);
      await a.delete('del:never-there');
      assert.equal((await a.put('del:k', 3, { expectedVersion: 0 })).version, 1);
    });

    t.it('publishes every write to subscribers on every instance, in order, with its version', async () => {
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
      await assert.rejects(a.put('sub:z', 'loses', { expectedVersion: 0 }), conflict);
      await eventually(() => onB.length >= 3 && onA.length >= 3, 'three changes on each instance');
      const expected = [
        { key: 'sub:x', value: { n: 1 }, version: 1 },
        { key: 'sub:x', value: { n: 2 }, version: 2 },
        { key: 'sub:z', value: 'from b', version: 1 },
      ];
      // A rejected write is never published.
      await sleep(50);
      assert.deepEqual(onB, expected);
      assert.deepEqual(onA, expected);
    });

    t.it('stops delivering to a listener once unsubscribed', async () => {
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
      assert.deepEqual(
        gone.map((c) => c.key),
        ['uns:1'],
      );
    });

    t.it('appends runs to a log and reads it from any index, on every instance', async () => {
      const { a, b } = fx;
      assert.deepEqual(await a.range('log:k', 0), []);
      const entry = { s: 'नमस्ते "q"', n: 1.5, e: [], o: {}, z: null };
      assert.equal(await a.append('log:k', [entry, 2]), 2);
      assert.equal(await b.append('log:k', ['three']), 3);
      assert.deepEqual(await b.range('log:k', 0), [entry, 2, 'three']);
      assert.deepEqual(await a.range('log:k', 2), ['three']);
      assert.deepEqual(await a.range('log:k', 3), []);
      assert.deepEqual(await a.range('log:k', 99), []);
      // A log is not a record: it is not listed, and never seen by `get`.
      assert.deepEqual(await a.list('log:'), []);
      // Copies both ways, as for records.
      entry.e.push(1 as never);
      const read = await a.range<typeof entry>('log:k', 0);
      read[0]!.o = { changed: true };
      assert.deepEqual((await b.range('log:k', 0))[0], { s: 'नमस्ते "q"', n: 1.5, e: [], o: {}, z: null });
    });

    t.it('keeps each append contiguous and in order when two instances append at once', async () => {
      const { a, b } = fx;
      const runs = Array.from({ length: 20 }, (_, i) => [`${i}.0`, `${i}.1`, `${i}.2`]);
      const lengths = await Promise.all(runs.map((run, i) => (i % 2 ? a : b).append('log:race', run)));
      assert.equal(new Set(lengths).size, runs.length);
      const log = await a.range<string>('log:race', 0);
      assert.equal(log.length, 60);
      runs.forEach((run, i) => {
        const start = lengths[i]! - run.length;
        assert.deepEqual(log.slice(start, start + run.length), run);
      });
    });

    t.it('reads a log tail with a negative index, as slice does', async () => {
      const { a, b } = fx;
      assert.deepEqual(await a.range('log:tail', -2), []);
      await a.append('log:tail', ['1', '2', '3', '4']);
      assert.deepEqual(await b.range('log:tail', -2), ['3', '4']);
      assert.deepEqual(await b.range('log:tail', -4), ['1', '2', '3', '4']);
      // Longer than the log: all of it, never an error.
      assert.deepEqual(await b.range('log:tail', -99), ['1', '2', '3', '4']);
    });

    t.it('gives an update the ttl its written value asks for, and none when it asks none', async () => {
      const { a, b } = fx;
      const ttlMs = (next: { done: boolean }) => (next.done ? 150 : undefined);
      await a.put('uttl:k', { done: false });
      await a.update<{ done: boolean }>('uttl:k', () => ({ done: false }), { ttlMs });
      await a.update<{ done: boolean }>('uttl:gone', () => ({ done: true }), { ttlMs });
      assert.deepEqual((await b.get('uttl:gone'))?.value, { done: true });
      await sleep(400);
      assert.equal(await b.get('uttl:gone'), undefined);
      assert.deepEqual(pick(await b.get('uttl:k')), { key: 'uttl:k', value: { done: false }, version: 2 });
    });

    t.it('expires a log after its ttl without appends, each append restarting the wait', async () => {
      const { a, b } = fx;
      await a.append('log:ttl', [1], { ttlMs: 600 });
      await sleep(300);
      await a.append('log:ttl', [2], { ttlMs: 600 });
      await sleep(300);
      // Past the first append's expiry, inside the second's.
      assert.deepEqual(await b.range('log:ttl', 0), [1, 2]);
      await sleep(700);
      assert.deepEqual(await b.range('log:ttl', 0), []);
      assert.equal(await b.append('log:ttl', [3]), 1);
      await b.delete('log:ttl');
      assert.deepEqual(await a.range('log:ttl', 0), []);
    });

    if (options.unreachable) {
      const unreachable = options.unreachable;
      t.it('rejects with a typed error, promptly, when its backend is unreachable', async () => {
        const store = unreachable();
        const within = options.unreachableWithinMs ?? 5_000;
        try {
          const started = Date.now();
          const results = await Promise.allSettled([
            store.get('k'),
            store.put('k', 1),
            store.update('k', () => 1),
            store.list(''),
            store.delete('k'),
            store.append('log', [1]),
            store.range('log', 0),
          ]);
          assert.ok(Date.now() - started < within, `took ${Date.now() - started} ms`);
          for (const result of results) {
            assert.equal(result.status, 'rejected');
            const reason = (result as PromiseRejectedResult).reason;
            assert.ok(isHandoffError(reason, 'store_unavailable'), String(reason));
            assert.match((reason as Error).message, /unavailable/);
          }
          // Subscribing to a store that is down must not throw either.
          const off = store.subscribe('', () => {});
          off();
        } finally {
          await store.close?.();
        }
      });
    }
  });
}
