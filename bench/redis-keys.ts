import { Redis } from 'ioredis';

/**
 * Deletes every key under `prefix` (a bench run's own prefix), so repeated runs do not leave
 * their records in a shared Redis. SCAN in batches, never KEYS: the Redis may be someone's.
 */
export async function dropKeysUnder(url: string, prefix: string): Promise<number> {
  if (!prefix.startsWith('handoff:bench:'))
    throw new Error(`refusing to drop keys outside handoff:bench: (${prefix})`);
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let dropped = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) dropped += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return dropped;
}
