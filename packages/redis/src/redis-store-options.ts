import type { Redis } from 'ioredis';

export interface RedisStoreOptions {
  /** e.g. `redis://:password@host:6379/0`. Default `redis://127.0.0.1:6379`. Ignored with `client`. */
  url?: string;
  /**
   * A connection of your own. The store uses it as is (set `maxRetriesPerRequest` and timeouts on
   * it yourself), subscribes on a duplicate of it, and leaves it open on `close()`.
   */
  client?: Redis;
  /** Namespace for keys and the change channel, so deployments can share a Redis. */
  keyPrefix?: string;
  /** Connect timeout, and the longest an operation waits for a lost connection to return. */
  connectTimeoutMs?: number;
  /** Longest wait for Redis to answer a command that was sent. */
  commandTimeoutMs?: number;
  /** Conflict retries for `update` when the call does not say (default 10). */
  updateRetries?: number;
  /** Shown in `CLIENT LIST` (the subscriber gets `-sub`), to tell instances apart. Default `handoff-store`. */
  connectionName?: string;
  /** Connection errors, for logging. The store itself never throws them. */
  onError?: (error: Error) => void;
  /** Clock for `updatedAt`, for tests. */
  now?: () => number;
}
