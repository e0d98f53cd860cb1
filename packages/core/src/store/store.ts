/** A value as stored, with the version used for optimistic concurrency. */
export interface StoredRecord<T> {
  key: string;
  value: T;
  /** Starts at 1 on create and grows by one on every write. */
  version: number;
  updatedAt: number;
}

export interface PutOptions {
  /**
   * Write only if the stored version is this one; `0` means "only if absent". Omit for an
   * unconditional write. A mismatch throws `HandoffError('store_conflict')`.
   */
  expectedVersion?: number;
  /** Drop the key after this long (used for idempotency locks). */
  ttlMs?: number;
}

export interface AppendOptions {
  /** Drop the whole log after this long without an append; every append starts the wait again. */
  ttlMs?: number;
}

export interface UpdateOptions<T> {
  retries?: number;
  /**
   * The written value's time to live, decided from the value `fn` returned (a handoff record gets
   * its retention only once it turns terminal). `undefined` writes it without one, as a `put`
   * without `ttlMs` does.
   */
  ttlMs?: (next: T) => number | undefined;
}

export interface StoreChange<T = unknown> {
  key: string;
  value: T;
  version: number;
}

/**
 * Where handoffs live. The memory store is the zero-config default; the gateway brings a Redis
 * one so several instances share state. Every write is published to subscribers, on every
 * instance, which is how the desk and webhooks see changes made elsewhere.
 */
export interface HandoffStore {
  get<T>(key: string): Promise<StoredRecord<T> | undefined>;
  put<T>(key: string, value: T, options?: PutOptions): Promise<StoredRecord<T>>;
  /**
   * Read-modify-write with optimistic versioning, retried on conflict. `fn` may be called more
   * than once and must be pure. Returning `undefined` leaves the record as it is.
   */
  update<T>(
    key: string,
    fn: (current: T | undefined) => T | undefined,
    options?: UpdateOptions<T>,
  ): Promise<StoredRecord<T> | undefined>;
  list<T>(prefix: string, options?: { limit?: number }): Promise<Array<StoredRecord<T>>>;
  delete(key: string): Promise<void>;
  subscribe(prefix: string, listener: (change: StoreChange) => void): () => void;
  /**
   * Appends `entries` to the log at `key` (created when absent) as one contiguous run, in order,
   * and resolves to the log's new length: the run sits at indices `length - entries.length` to
   * `length - 1`. A call's session lives in such a log, so that any instance can replay it.
   * Appends are not published to subscribers. A key holds either a record or a log, never both.
   */
  append<T>(key: string, entries: readonly T[], options?: AppendOptions): Promise<number>;
  /**
   * The log's entries from index `from` (0-based) to its end; `[]` when it is absent or shorter.
   * A negative `from` counts from the end, as `Array.prototype.slice` does: `-n` is the last `n`
   * entries (all of them when the log is shorter), which is how a reader takes a log's tail
   * without knowing its length.
   */
  range<T>(key: string, from: number): Promise<T[]>;
  /**
   * For a store that tells its subscribers inside the write (the memory store): holds those
   * deliveries back until the returned release is called, then makes them all, in order. A
   * store whose changes arrive after the write anyway (Redis) has no need of it.
   */
  deferChanges?(): () => void;
  close?(): Promise<void>;
}
