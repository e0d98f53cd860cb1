import { createHandoff, type HandoffStore, storeKey } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisStore, redisStore } from './redis-store.js';
import { assertRedisUp, dropPrefix, skipRedis, TEST_REDIS_URL, uniquePrefix } from './testing.js';

const MONDAY_10_IST = Date.UTC(2026, 10, 23, 4, 30);
const DAY = 24 * 60 * 60_000;

/**
 * Issue 10, item 9 on Redis: listing read every `handoff:*` key (113–142 ms for `limit=1` with
 * ~4,300 handoffs). Counted in store calls and entries read, never in time.
 */
describe.skipIf(skipRedis)('listing handoffs on Redis (issue 10, item 9)', () => {
  const keyPrefix = uniquePrefix('listing');
  let store: RedisStore;
  beforeAll(async () => {
    await assertRedisUp();
    store = redisStore({ url: TEST_REDIS_URL, keyPrefix });
  });
  afterAll(async () => {
    await store.close();
    await dropPrefix(keyPrefix);
  });

  it('reads O(limit) with 3,000 handoffs in Redis, and never scans', async () => {
    const writes: Array<Promise<unknown>> = [];
    for (let i = 0; i < 3_000; i++) {
      const createdAt = MONDAY_10_IST - (3_000 - i) * 60_000;
      const id = `seed-${i}`;
      writes.push(
        store
          .put(storeKey('handoff', id), {
            id,
            token: 't',
            callId: `call-${i}`,
            status: 'completed',
            context: {},
            ladder: { rung: 0, remaining: [], attempt: 0 },
            createdAt,
            updatedAt: createdAt,
          })
          .then(() => store.append(storeKey('handoffIndex', Math.floor(createdAt / DAY)), [id])),
      );
      if (writes.length >= 200) await Promise.all(writes.splice(0));
    }
    await Promise.all(writes);

    const reads = { get: 0, range: 0, list: 0, entries: 0 };
    const counting = new Proxy(store, {
      get(target, property) {
        const value = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        if (property !== 'get' && property !== 'range' && property !== 'list') return value.bind(target);
        return async (...args: unknown[]) => {
          const out = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          reads[property]++;
          reads.entries += Array.isArray(out) ? out.length : out ? 1 : 0;
          return out;
        };
      },
    }) as HandoffStore;
    const handoff = createHandoff({
      store: counting,
      transfer: new FakeTransferProvider(),
      gatewayUrl: 'https://gw.example.com',
      destinations: { support: { number: '+919800000002', label: 'Support' } },
      now: () => MONDAY_10_IST,
    });
    expect((await handoff.list({ limit: 1 })).map((r) => r.id)).toEqual(['seed-2999']);
    expect(reads.list).toBe(0);
    expect(reads.get).toBe(1);
    expect(reads.entries).toBeLessThanOrEqual(16 + 1);
    await handoff.close();
  });
});
