import { type RedisStore, redisStore } from './redis-store.js';

/**
 * `REDIS_URL` set: a Redis store, so several instances share handoffs and events. Unset:
 * `undefined`, and the core falls back to its in-memory store for a single instance.
 */
export function createStoreFromEnv(env: NodeJS.ProcessEnv = process.env): RedisStore | undefined {
  const url = env.REDIS_URL?.trim();
  return url ? redisStore({ url }) : undefined;
}
