import { MemoryStore } from '@handoff/core';
import { beforeAll, describe } from 'vitest';
import { redisStore } from './redis-store.js';
import { storeContract } from './store-contract.js';
import { assertRedisUp, dropPrefix, skipRedis, TEST_REDIS_URL, uniquePrefix } from './test-redis.js';

storeContract('MemoryStore', () => {
  const store = new MemoryStore();
  return { a: store, b: store, cleanup: () => store.close() };
});

describe.skipIf(skipRedis)('RedisStore', () => {
  beforeAll(assertRedisUp);

  storeContract(
    'RedisStore',
    () => {
      const keyPrefix = uniquePrefix('contract');
      const a = redisStore({ url: TEST_REDIS_URL, keyPrefix });
      const b = redisStore({ url: TEST_REDIS_URL, keyPrefix });
      return {
        a,
        b,
        cleanup: async () => {
          await Promise.all([a.close(), b.close()]);
          await dropPrefix(keyPrefix);
        },
      };
    },
    {
      unreachable: () => redisStore({ url: 'redis://127.0.0.1:1', keyPrefix: uniquePrefix('down') }),
      unreachableWithinMs: 4_000,
    },
  );
});
