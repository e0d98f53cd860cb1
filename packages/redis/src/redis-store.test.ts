import { isHandoffError, type StoreChange } from '@handoff/core';
import { Redis } from 'ioredis';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStoreFromEnv } from './env.js';
import { PUT_SCRIPT } from './put-script.js';
import { RedisStore, redisStore } from './redis-store.js';
import {
  assertRedisUp,
  dropPrefix,
  skipRedis,
  TEST_REDIS_URL,
  uniquePrefix,
  waitFor,
  withRawClient,
} from './testing.js';

describe.skipIf(skipRedis)('RedisStore (Redis-specific)', () => {
  beforeAll(assertRedisUp);

  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function open(options: Parameters<typeof redisStore>[0] & object = {}) {
    const keyPrefix = options.keyPrefix ?? uniquePrefix('store');
    const store = redisStore({ url: TEST_REDIS_URL, keyPrefix, ...options });
    cleanups.push(async () => {
      await store.close();
      await dropPrefix(keyPrefix);
    });
    return store;
  }

  /** Drops one of the store's connections from the server side, as a failover or a proxy would. */
  async function killConnection(name: string): Promise<void> {
    await withRawClient(async (raw) => {
      const list = (await raw.client('LIST')) as string;
      const line = list.split('\n').find((l) => l.includes(` name=${name} `));
      if (!line) throw new Error(`No connection named ${name}`);
      const id = /\bid=(\d+)/.exec(line)?.[1];
      await raw.client('KILL', 'ID', id!);
    });
  }

  it('appends a batch longer than the script pushes at once, in order, as one run with the ttl on the list', async () => {
    const keyPrefix = uniquePrefix('append');
    const store = open({ keyPrefix });
    await store.append('session:c', ['first']);
    const batch = Array.from({ length: 250 }, (_, i) => ({ i }));
    expect(await store.append('session:c', batch, { ttlMs: 60_000 })).toBe(251);
    expect(await store.range('session:c', 1)).toEqual(batch);
    await withRawClient(async (raw) => {
      const ttl = await raw.pttl(`${keyPrefix}session:c`);
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
    });
    await store.put('record', { n: 1 });
    await expect(store.append('record', [1])).rejects.toSatisfy((e) =>
      isHandoffError(e, 'invalid_arguments'),
    );
  });

  it('keeps each key as a JSON envelope under its prefix, with the ttl on the key', async () => {
    const keyPrefix = uniquePrefix('layout');
    const store = open({ keyPrefix, now: () => 1_700_000_000_000 });
    await store.put('handoff:abc', { status: 'persisted', list: [] }, { ttlMs: 60_000 });
    await withRawClient(async (raw) => {
      expect(JSON.parse((await raw.get(`${keyPrefix}handoff:abc`))!)).toEqual({
        v: 1,
        u: 1_700_000_000_000,
        w: expect.stringMatching(/^[0-9a-f]{12}:1$/),
        d: { status: 'persisted', list: [] },
      });
      const ttl = await raw.pttl(`${keyPrefix}handoff:abc`);
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
    });
    expect((await store.get('handoff:abc'))?.updatedAt).toBe(1_700_000_000_000);
  });

  it('applies a resent put once: same write id, one version bump, one change published', async () => {
    const keyPrefix = uniquePrefix('resend');
    cleanups.push(() => dropPrefix(keyPrefix));
    await withRawClient(async (raw) => {
      const messages: string[] = [];
      const sub = raw.duplicate();
      await sub.subscribe(`${keyPrefix}__changes`);
      sub.on('message', (_channel, message) => messages.push(message));
      const run = (writeId: string, expected: string) =>
        raw.eval(
          PUT_SCRIPT,
          1,
          `${keyPrefix}k`,
          expected,
          '{"n":1}',
          '1',
          '',
          `${keyPrefix}__changes`,
          '"k"',
          writeId,
        );
      expect(await run('w:1', '0')).toEqual([1, 1]);
      // The same command again, as ioredis resends it after a dropped connection.
      expect(await run('w:1', '0')).toEqual([1, 1]);
      expect(await run('w:2', '0')).toEqual([0, 1]);
      expect(await run('w:3', '')).toEqual([1, 2]);
      await waitFor(() => messages.length >= 2);
      await new Promise((resolve) => setTimeout(resolve, 30));
      sub.disconnect();
      expect(messages.map((m) => JSON.parse(m))).toEqual([
        { key: 'k', version: 1, value: { n: 1 } },
        { key: 'k', version: 2, value: { n: 1 } },
      ]);
    });
  });

  it('keeps deployments with different prefixes apart, data and events', async () => {
    const one = open();
    const two = open();
    const seen: StoreChange[] = [];
    two.subscribe('', (change) => seen.push(change));
    await two.ready();
    await one.put('k', 'one');
    await two.put('k', 'two');
    await waitFor(() => seen.length >= 1, 3_000, 'own change');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.map((c) => c.value)).toEqual(['two']);
    expect((await one.list('')).map((r) => r.value)).toEqual(['one']);
    expect((await two.get('k'))?.version).toBe(1);
  });

  it('hands a burst of changes to listeners all, in the order they were written', async () => {
    const store = open();
    const seen: StoreChange[] = [];
    store.subscribe('burst:', (change) => seen.push(change));
    await store.ready();
    // Sent without waiting: the changes come back in a few reads of the subscriber's socket, and
    // are queued to be handed out after that I/O; none may be dropped or overtake another.
    const writes: Array<Promise<unknown>> = [];
    for (let version = 1; version <= 100; version++) {
      writes.push(store.put('burst:one', { version }));
      writes.push(store.put(`burst:k${version}`, { version }));
    }
    await Promise.all(writes);
    await waitFor(() => seen.length >= 200, 3_000, 'every change');
    const one = seen.filter((change) => change.key === 'burst:one');
    expect(one.map((change) => change.version)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(one.map((change) => (change.value as { version: number }).version)).toEqual(
      one.map((change) => change.version),
    );
    expect(seen.map((change) => change.key)).toEqual(
      Array.from({ length: 100 }, (_, i) => ['burst:one', `burst:k${i + 1}`]).flat(),
    );
  });

  it('round-trips values through JSON, and refuses what JSON cannot hold', async () => {
    const store = open();
    const stored = await store.put('json', { at: new Date(0), gone: undefined, kept: 1 });
    expect(stored.value).toEqual({ at: '1970-01-01T00:00:00.000Z', kept: 1 });
    expect((await store.get('json'))?.value).toEqual(stored.value);
    await expect(store.put('bad', 10n)).rejects.toSatisfy((e) => isHandoffError(e, 'invalid_arguments'));
    await expect(store.put('bad', undefined)).rejects.toSatisfy((e) =>
      isHandoffError(e, 'invalid_arguments'),
    );
    expect(await store.get('bad')).toBeUndefined();
  });

  it('refuses, typed, a key under its prefix that something else wrote', async () => {
    const store = open();
    await withRawClient(async (raw) => {
      await raw.set(`${store.keyPrefix}foreign`, 'plain text');
      await raw.set(`${store.keyPrefix}json`, '{"status":"x"}');
    });
    for (const key of ['foreign', 'json']) {
      await expect(store.get(key)).rejects.toSatisfy((e) => isHandoffError(e, 'store_unavailable'));
    }
    await expect(store.put('foreign', 1)).rejects.toSatisfy(
      (e) => isHandoffError(e, 'store_unavailable') && /not a store envelope/.test((e as Error).message),
    );
  });

  it('gives up an update after the bounded number of conflict retries', async () => {
    // A client whose reads are always stale: every conditional write loses.
    const client = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    cleanups.push(async () => {
      client.disconnect();
    });
    const store = open({ client });
    await store.put('hot', 5);
    await store.put('hot', 6);
    const stale = (await client.get(`${store.keyPrefix}hot`))!.replace('"v":2', '"v":1');
    client.get = (async () => stale) as unknown as typeof client.get;
    let calls = 0;
    await expect(
      store.update<number>(
        'hot',
        (n) => {
          calls++;
          return (n ?? 0) + 1;
        },
        { retries: 3 },
      ),
    ).rejects.toSatisfy(
      (e) => isHandoffError(e, 'store_conflict') && /after 3 retries/.test((e as Error).message),
    );
    expect(calls).toBe(4);
    // The caller's own connection is theirs: the store leaves it open.
    await store.close();
    expect(client.status).toBe('ready');
  });

  it('heals after its connections are dropped: commands resume and the subscription is replayed', async () => {
    const name = `handoff-test-${process.pid}-${Date.now()}`;
    const writer = open({ connectionName: `${name}-w` });
    const reader = open({ keyPrefix: writer.keyPrefix, connectionName: `${name}-r` });
    const seen: StoreChange[] = [];
    reader.subscribe('', (change) => seen.push(change));
    await reader.ready();
    await writer.put('k', 1);
    await waitFor(() => seen.length === 1, 3_000, 'first change');

    await killConnection(`${name}-r-sub`);
    await killConnection(`${name}-w`);
    // The write waits out the reconnect instead of failing.
    expect((await writer.put('k', 2)).version).toBe(2);
    // Pub/sub is not durable: a write made while the subscriber is away is not delivered, so
    // keep writing until the resubscribed connection sees one.
    let version = 2;
    await waitFor(
      () => {
        if (seen.length === 1) void writer.put('k', ++version).catch(() => {});
        return seen.length > 1;
      },
      5_000,
      'a change after the subscriber reconnected',
    );
    expect(seen.at(-1)?.version).toBeGreaterThanOrEqual(2);
  });

  it('never lets connection errors escape, and reports them to onError', async () => {
    const errors: Error[] = [];
    const store = redisStore({
      url: 'redis://127.0.0.1:1',
      keyPrefix: uniquePrefix('down'),
      connectTimeoutMs: 300,
      onError: (e) => {
        errors.push(e);
        throw new Error('a logger that throws');
      },
    });
    cleanups.push(() => store.close());
    store.subscribe('', () => {});
    const started = Date.now();
    const failure = await store.get('k').catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(isHandoffError(failure, 'store_unavailable')).toBe(true);
    expect((failure as Error).message).toMatch(/127\.0\.0\.1:1 is unavailable.*ECONNREFUSED/);
    // Once down for longer than the connect timeout, operations fail at once (not after another 2 s wait).
    const again = Date.now();
    await expect(store.put('k', 1)).rejects.toSatisfy((e) => isHandoffError(e, 'store_unavailable'));
    expect(Date.now() - again).toBeLessThan(1_000);
    await expect(store.ready()).rejects.toSatisfy((e) => isHandoffError(e, 'store_unavailable'));
    expect(errors.length).toBeGreaterThan(0);
  });

  it('closes cleanly: idempotent, and later calls fail typed instead of hanging', async () => {
    const store = open();
    const seen: StoreChange[] = [];
    store.subscribe('', (change) => seen.push(change));
    await store.ready();
    await store.close();
    await store.close();
    await expect(store.get('k')).rejects.toSatisfy(
      (e) => isHandoffError(e, 'store_unavailable') && /closed/.test((e as Error).message),
    );
    expect(store.subscribe('', () => {})).toBeTypeOf('function');
    expect(seen).toEqual([]);
  });

  it('refuses an ioredis client with its own keyPrefix, which would break list()', () => {
    const client = new Redis(TEST_REDIS_URL, { keyPrefix: 'x:', lazyConnect: true });
    expect(() => redisStore({ client })).toThrow(expect.objectContaining({ code: 'invalid_options' }));
    client.disconnect();
  });
});

describe('createStoreFromEnv', () => {
  it('returns a RedisStore only when REDIS_URL is set', async () => {
    expect(createStoreFromEnv({})).toBeUndefined();
    expect(createStoreFromEnv({ REDIS_URL: '  ' })).toBeUndefined();
    const store = createStoreFromEnv({ REDIS_URL: 'redis://127.0.0.1:1' });
    expect(store).toBeInstanceOf(RedisStore);
    expect(store?.keyPrefix).toBe('handoff:v1:');
    await store?.close();
  });
});
