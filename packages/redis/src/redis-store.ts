import { randomBytes } from 'node:crypto';
import {
  type AppendOptions,
  HandoffError,
  type HandoffStore,
  isHandoffError,
  type PutOptions,
  type StoreChange,
  type StoredRecord,
  type UpdateOptions,
} from '@handoff/core';
import { Redis, type Result } from 'ioredis';
import { APPEND_COMMAND, APPEND_SCRIPT } from './append-script.js';
import {
  ConnectionWatch,
  closeConnection,
  commandClientOptions,
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  isUnsent,
  subscriberOverrides,
} from './connection.js';
import {
  decodeChange,
  decodeEntry,
  decodeRecord,
  encodeValue,
  escapeGlob,
  listLength,
  writtenRecord,
  wrongType,
} from './envelope.js';
import { PUT_COMMAND, PUT_SCRIPT } from './put-script.js';
import type { RedisStoreOptions } from './redis-store-options.js';

export type { RedisStoreOptions };

declare module 'ioredis' {
  interface RedisCommander<Context> {
    /** `PUT_SCRIPT`: replies `[ok, version]`. Defined on every connection the store makes or is given. */
    [PUT_COMMAND](
      key: string,
      expectedVersion: string,
      json: string,
      updatedAt: string,
      ttlMs: string,
      channel: string,
      keyJson: string,
      writeId: string,
    ): Result<[ok: number, version: number], Context>;
    /** `APPEND_SCRIPT`, defined on every connection the store makes or is given. */
    [APPEND_COMMAND](key: string, ttlMs: string, ...entries: string[]): Result<number, Context>;
  }
}

const SCAN_COUNT = 500;
const MGET_CHUNK = 200;

/**
 * The store for running several gateway instances: state in Redis, every write published on one
 * channel per key prefix and fanned out to local listeners, so a change made on any instance
 * reaches listeners on every instance. Same contract and version semantics as `MemoryStore`.
 */
export class RedisStore implements HandoffStore {
  readonly keyPrefix: string;
  readonly #client: Redis;
  readonly #ownsClient: boolean;
  readonly #watch: ConnectionWatch;
  readonly #channel: string;
  readonly #connectTimeoutMs: number;
  readonly #updateRetries: number;
  readonly #now: () => number;
  readonly #onError: ((error: Error) => void) | undefined;
  readonly #listeners = new Set<{ prefix: string; listener: (change: StoreChange) => void }>();
  readonly #instanceId = randomBytes(6).toString('hex');
  #writes = 0;
  #subscriber: Redis | undefined;
  #subscriberWatch: ConnectionWatch | undefined;
  #subscribed: Promise<void> | undefined;
  #isSubscribed = false;
  /** Change messages received and not yet dispatched (see `#queueChange`). */
  #changes: string[] = [];
  #closed = false;

  constructor(options: RedisStoreOptions = {}) {
    this.keyPrefix = options.keyPrefix ?? 'handoff:v1:';
    this.#channel = `${this.keyPrefix}__changes`;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.#updateRetries = options.updateRetries ?? 10;
    this.#now = options.now ?? Date.now;
    this.#onError = options.onError;
    if (options.client?.options.keyPrefix) {
      // ioredis would prefix GET and SET but not the keys SCAN returns, breaking `list`.
      throw new HandoffError('invalid_options', 'Pass `keyPrefix` to redisStore, not to the ioredis client');
    }
    this.#ownsClient = !options.client;
    this.#client =
      options.client ??
      new Redis(
        options.url ?? 'redis://127.0.0.1:6379',
        commandClientOptions({
          connectTimeoutMs: this.#connectTimeoutMs,
          commandTimeoutMs: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
          connectionName: options.connectionName ?? 'handoff-store',
        }),
      );
    this.#watch = new ConnectionWatch(this.#client, this.#onError);
    this.#client.defineCommand(PUT_COMMAND, { numberOfKeys: 1, lua: PUT_SCRIPT });
    this.#client.defineCommand(APPEND_COMMAND, { numberOfKeys: 1, lua: APPEND_SCRIPT });
  }

  async get<T>(key: string): Promise<StoredRecord<T> | undefined> {
    const raw = await this.#getRaw(key);
    return raw === null ? undefined : decodeRecord<T>(key, raw);
  }

  async put<T>(key: string, value: T, options: PutOptions = {}): Promise<StoredRecord<T>> {
    const json = encodeValue(key, value);
    const now = this.#now();
    // Spliced into the envelope as a JSON number, so it must be one.
    const updatedAt = Number.isFinite(now) ? Math.round(now) : Date.now();
    const expected = options.expectedVersion === undefined ? '' : String(options.expectedVersion);
    const ttl =
      options.ttlMs === undefined || !Number.isFinite(options.ttlMs)
        ? ''
        : String(Math.max(1, Math.ceil(options.ttlMs)));
    // Our own listeners must see our own writes, so a write waits for a pending subscription;
    // but not while Redis is down, when the write is going to fail anyway.
    if (this.#subscribed && !this.#isSubscribed && this.#client.status === 'ready') {
      await this.#subscriptionSettled();
    }
    const [ok, version] = await this.#call('put', key, () =>
      this.#client[PUT_COMMAND](
        this.keyPrefix + key,
        expected,
        json,
        String(updatedAt),
        ttl,
        this.#channel,
        JSON.stringify(key),
        `${this.#instanceId}:${++this.#writes}`,
      ),
    );
    if (ok !== 1) {
      throw new HandoffError(
        'store_conflict',
        `Write to "${key}" expected version ${options.expectedVersion} but found ${version}`,
      );
    }
    return writtenRecord<T>(key, json, version, updatedAt);
  }

  async update<T>(
    key: string,
    fn: (current: T | undefined) => T | undefined,
    options: UpdateOptions<T> = {},
  ): Promise<StoredRecord<T> | undefined> {
    const retries = options.retries ?? this.#updateRetries;
    for (let attempt = 0; ; attempt++) {
      const raw = await this.#getRaw(key);
      const current = raw === null ? undefined : decodeRecord<T>(key, raw);
      const next = fn(current?.value);
      // Decoded afresh: `fn` may have mutated the copy it was given, as with the memory store.
      if (next === undefined) return raw === null ? undefined : decodeRecord<T>(key, raw);
      try {
        return await this.put(key, next, {
          expectedVersion: current?.version ?? 0,
          ttlMs: options.ttlMs?.(next),
        });
      } catch (error) {
        if (!isHandoffError(error, 'store_conflict')) throw error;
        if (attempt >= retries) {
          throw new HandoffError(
            'store_conflict',
            `Update of "${key}" still conflicted after ${retries} retries: other writers keep winning`,
            { cause: error },
          );
        }
        await sleep(backoffMs(attempt));
      }
    }
  }

  async list<T>(prefix: string, options: { limit?: number } = {}): Promise<Array<StoredRecord<T>>> {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    return this.#call('list', `${prefix}*`, async () => {
      const keys = (await this.#scan(this.keyPrefix + prefix)).sort();
      const out: Array<StoredRecord<T>> = [];
      // Chunked, so a limit does not fetch everything; a key that expired after SCAN is skipped.
      for (let i = 0; i < keys.length && out.length < limit; i += MGET_CHUNK) {
        const chunk = keys.slice(i, i + MGET_CHUNK);
        const values = await this.#client.mget(...chunk);
        chunk.forEach((fullKey, j) => {
          const raw = values[j];
          if (raw == null || out.length >= limit) return;
          out.push(decodeRecord<T>(fullKey.slice(this.keyPrefix.length), raw));
        });
      }
      return out;
    });
  }

  async delete(key: string): Promise<void> {
    await this.#call('delete', key, () => this.#client.del(this.keyPrefix + key));
  }

  async append<T>(key: string, entries: readonly T[], options: AppendOptions = {}): Promise<number> {
    const values = entries.map((entry) => encodeValue(key, entry));
    const fullKey = this.keyPrefix + key;
    const ttl =
      options.ttlMs === undefined || !Number.isFinite(options.ttlMs)
        ? undefined
        : Math.max(1, Math.ceil(options.ttlMs));
    return this.#call('append', key, async () => {
      if (values.length === 0) return listLength(key, await this.#client.llen(fullKey).catch(wrongType(key)));
      // One script: the run lands contiguous and the expiry moves with it, in one command (a
      // MULTI of RPUSH and PEXPIRE is four, and a quarter slower per turn on loopback).
      const length = await this.#client
        .handoffAppend(fullKey, ttl === undefined ? '' : String(ttl), ...values)
        .catch(wrongType(key));
      return listLength(key, length);
    });
  }

  async range<T>(key: string, from: number): Promise<T[]> {
    const raw = await this.#call('range', key, () =>
      // LRANGE counts a negative start from the end and clamps it to the head, as slice does.
      this.#client.lrange(this.keyPrefix + key, Math.floor(from), -1).catch(wrongType(key)),
    );
    return raw.map((value) => decodeEntry<T>(key, value));
  }

  subscribe(prefix: string, listener: (change: StoreChange) => void): () => void {
    if (this.#closed) return () => {};
    const entry = { prefix, listener };
    this.#listeners.add(entry);
    this.#ensureSubscriber();
    return () => {
      this.#listeners.delete(entry);
    };
  }

  /**
   * Resolves once the connection is up and, if anything subscribed, the subscription is live:
   * from then on, writes made on any instance reach this one's listeners.
   */
  async ready(): Promise<void> {
    await this.#watch.ready(this.#connectTimeoutMs);
    if (!this.#subscribed || this.#isSubscribed) return;
    await this.#subscriptionSettled();
    if (!this.#isSubscribed) {
      throw (this.#subscriberWatch ?? this.#watch).unavailable(
        `not subscribed within ${this.#connectTimeoutMs} ms`,
      );
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#listeners.clear();
    this.#watch.dispose();
    this.#subscriberWatch?.dispose();
    await Promise.all([
      this.#subscriber ? closeConnection(this.#subscriber) : undefined,
      this.#ownsClient ? closeConnection(this.#client) : undefined,
    ]);
  }

  async #getRaw(key: string): Promise<string | null> {
    return this.#call('get', key, () => this.#client.get(this.keyPrefix + key));
  }

  async #scan(fullPrefix: string): Promise<string[]> {
    const pattern = `${escapeGlob(fullPrefix)}*`;
    const found = new Set<string>();
    let cursor = '0';
    do {
      const [next, keys] = await this.#client.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT);
      // SCAN may return a key twice; the startsWith check is belt and braces over the escaping.
      for (const key of keys) if (key.startsWith(fullPrefix)) found.add(key);
      cursor = next;
    } while (cursor !== '0');
    return [...found];
  }

  /** Every Redis call goes through here: bounded wait for the connection, typed errors. */
  async #call<R>(op: string, key: string, run: () => Promise<R>): Promise<R> {
    if (this.#closed) throw new HandoffError('store_unavailable', `Redis store is closed (${op} "${key}")`);
    await this.#watch.ready(this.#connectTimeoutMs);
    try {
      try {
        return await run();
      } catch (error) {
        if (!isUnsent(error)) throw error;
        await this.#watch.ready(this.#connectTimeoutMs, { reconnecting: true });
        return await run();
      }
    } catch (error) {
      if (error instanceof HandoffError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw this.#watch.unavailable(`${op} "${key}" failed: ${message}`, error);
    }
  }

  #ensureSubscriber(): void {
    if (this.#subscriber) return;
    const subscriber = this.#client.duplicate(subscriberOverrides(this.#client));
    this.#subscriber = subscriber;
    this.#subscriberWatch = new ConnectionWatch(subscriber, this.#onError);
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.#channel) this.#queueChange(message);
    });
    this.#subscribed = subscriber.subscribe(this.#channel).then(
      () => {
        this.#isSubscribed = true;
      },
      (error: unknown) => {
        if (!this.#closed) this.#onError?.(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }

  /** Waits for a pending subscription, but never longer than a connection would be waited for. */
  async #subscriptionSettled(): Promise<void> {
    if (!this.#subscribed || this.#isSubscribed) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.#subscribed,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.#connectTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  /**
   * Changes are decoded and fanned out after the I/O that arrived with them: a write's change
   * comes back on the subscriber's socket at about the moment its reply comes back on the
   * command connection, and a handoff's change carries its whole packet (parse it, then every
   * listener: events, metrics, webhooks, the desk). Handled first, that would sit between a
   * handoff's store reply and its Transfer request. Order among changes is kept.
   */
  #queueChange(message: string): void {
    this.#changes.push(message);
    if (this.#changes.length === 1) setImmediate(() => this.#drainChanges());
  }

  #drainChanges(): void {
    const messages = this.#changes;
    this.#changes = [];
    for (const message of messages) {
      if (this.#closed) return;
      this.#dispatch(message);
    }
  }

  #dispatch(message: string): void {
    const change = decodeChange(message);
    if (!change) return;
    for (const { prefix, listener } of this.#listeners) {
      if (!change.key.startsWith(prefix)) continue;
      try {
        listener(change);
      } catch {
        // A failing subscriber must not stop the others; the write has already happened.
      }
    }
  }
}

/** Full jitter over a small, capped exponential: contenders spread out instead of colliding again. */
function backoffMs(attempt: number): number {
  return Math.random() * Math.min(50, 2 * 2 ** attempt);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function redisStore(urlOrOptions: string | RedisStoreOptions = {}): RedisStore {
  return new RedisStore(typeof urlOrOptions === 'string' ? { url: urlOrOptions } : urlOrOptions);
}
