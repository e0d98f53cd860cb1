import { storeContract } from '@handoff/core/testing';
import { afterEach, beforeAll, beforeEach, describe, it } from 'vitest';
import { redisStore } from './redis-store.js';
import { assertRedisUp, dropPrefix, skipRedis, TEST_REDIS_URL, uniquePrefix } from './testing.js';

describe.skipIf(skipRedis)('RedisStore', () => {
  beforeAll(assertRedisUp);

  storeContract(
    { describe, it, beforeEach, afterEach },
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
