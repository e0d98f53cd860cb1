export { createStoreFromEnv } from './env.js';
export { RedisStore, type RedisStoreOptions, redisStore } from './redis-store.js';
