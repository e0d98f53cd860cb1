import { HandoffError } from '../errors.js';
import { copyValue } from './copy.js';
import { OneEntryLog } from './one-entry-log.js';
import type {
  AppendOptions,
  HandoffStore,
  PutOptions,
  StoreChange,
  StoredRecord,
  UpdateOptions,
} from './store.js';

/**
 * Keys looked at for expiry per write, from where the last write stopped. Constant work per
 * write: a sweep of the whole map every thousand writes paused that one write for as long as the
 * map is large (30 days of records in a long-running gateway), right on a handoff's path. With
 * more keys looked at per write than writes add, expired keys nobody reads stay bounded.
 */
const SWEEP_PER_WRITE = 4;

/**
 * `n` as a small integer when it is one: arithmetic on heap numbers gives a heap number even for
 * an integral result (unoptimized code does not check), while `Math.floor` answers a small
 * integer whenever it fits.
 */
function asSmall(n: number): number {
  const floor = Math.floor(n);
  return floor === n ? floor : n;
}

/** Expiry times are kept as ms since the store was made (`#sinceMade`), so small integers. */
interface Entry {
  record: StoredRecord<unknown>;
  expiresAt?: number;
}

interface Log {
  /** Every entry, from the second appended on: a log of one holds it in `only` instead. */
  entries: unknown[] | undefined;
  /**
   * The entry of a log that has one and is no `OneEntryLog`: no array kept for it (~50 bytes).
   */
  only: unknown;
  expiresAt: number | undefined;
}

function expiryOf(log: Log | OneEntryLog): number | undefined {
  return log instanceof OneEntryLog ? OneEntryLog.expiresAt(log) : log.expiresAt;
}

/**
 * In-process store. Writes are synchronous under the promise, so a put-if-absent is atomic
 * within the process, which is all the idempotency lock needs on one instance.
 */
export class MemoryStore implements HandoffStore {
  readonly #entries = new Map<string, Entry>();
  readonly #logs = new Map<string, Log | OneEntryLog>();
  readonly #listeners = new Set<{ prefix: string; listener: (change: StoreChange) => void }>();
  readonly #now: () => number;
  /**
   * When the store was made: expiry times are kept less this. A time of day in ms is no small
   * integer, so each expiry held one got a heap number of its own (16 bytes a key); ms since the
   * store was made are small integers for its first 24 days (a heap number after: same answers).
   */
  readonly #madeAt: number;
  #entryCursor: Iterator<string> | undefined;
  #logCursor: Iterator<string> | undefined;
  /** Deferrals not yet released (`deferChanges`): while any is, changes wait in `#queued`. */
  #deferred = 0;
  /** Changes not yet delivered, oldest first, from `#next` on; made only when one has to wait. */
  #queued: StoreChange[] | undefined;
  #next = 0;
  #draining = false;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
    this.#madeAt = this.#now();
  }

  #sinceMade(): number {
    return this.#now() - this.#madeAt;
  }

  async get<T>(key: string): Promise<StoredRecord<T> | undefined> {
    return this.#read(key) as StoredRecord<T> | undefined;
  }

  async put<T>(key: string, value: T, options: PutOptions = {}): Promise<StoredRecord<T>> {
    return this.#write(key, value, options);
  }

  async update<T>(
    key: string,
    fn: (current: T | undefined) => T | undefined,
    options: UpdateOptions<T> = {},
  ): Promise<StoredRecord<T> | undefined> {
    // Read and write happen in one synchronous step, so no other writer can interleave.
    const current = this.#read(key) as StoredRecord<T> | undefined;
    const draft = current === undefined ? undefined : copyValue(current.value);
    const next = fn(draft);
    if (next === undefined) return current;
    // A draft edited in place is already a private copy; any other object may still be held by
    // the caller, so it is copied like a put.
    const ttlMs = options.ttlMs?.(next);
    return this.#write(key, next, { expectedVersion: current?.version ?? 0, ttlMs }, next !== draft);
  }

  async list<T>(prefix: string, options: { limit?: number } = {}): Promise<Array<StoredRecord<T>>> {
    const out: Array<StoredRecord<T>> = [];
    for (const key of this.#entries.keys()) {
      if (!key.startsWith(prefix)) continue;
      const record = this.#read(key);
      if (record) out.push(record as StoredRecord<T>);
      if (options.limit !== undefined && out.length >= options.limit) break;
    }
    return out;
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
    this.#logs.delete(key);
  }

  async append<T>(key: string, entries: readonly T[], options: AppendOptions = {}): Promise<number> {
    if (this.#read(key)) throw new HandoffError('invalid_arguments', `"${key}" holds a record, not a log`);
    const held = this.#readLog(key);
    const expiresAt = options.ttlMs === undefined ? undefined : asSmall(this.#sinceMade() + options.ttlMs);
    let length: number;
    if (!held) {
      // Copied like a put: the caller may go on mutating its objects. A new log is made at its
      // exact size: `[]` then push reserves 17 slots. Its `expiresAt` is in the literal, so
      // setting it later fills a slot rather than adding one.
      if (entries.length === 1) {
        const only = copyValue(entries[0]);
        const one = OneEntryLog.of(only, expiresAt, this.#madeAt);
        this.#logs.set(key, one ?? { entries: undefined, only, expiresAt });
      } else {
        const copies = entries.map((entry) => copyValue(entry));
        this.#logs.set(key, { entries: copies, only: undefined, expiresAt });
      }
      length = entries.length;
    } else {
      let log: Log;
      if (held instanceof OneEntryLog) {
        // A spread of the store's own object: its fields are the store's copies already.
        const first = OneEntryLog.entry(held, this.#madeAt, false);
        log = { entries: [first], only: undefined, expiresAt: OneEntryLog.expiresAt(held) };
        this.#logs.set(key, log);
      } else log = held;
      if (log.entries === undefined) {
        log.entries = [log.only];
        log.only = undefined;
      }
      for (const entry of entries) log.entries.push(copyValue(entry));
      if (expiresAt !== undefined) log.expiresAt = expiresAt;
      length = log.entries.length;
    }
    this.#sweep();
    return length;
  }

  async range<T>(key: string, from: number): Promise<T[]> {
    const log = this.#readLog(key);
    if (log instanceof OneEntryLog)
      return [log].slice(Math.floor(from)).map((one) => OneEntryLog.entry(one, this.#madeAt, true)) as T[];
    const entries = log === undefined ? [] : (log.entries ?? [log.only]);
    return copyValue(entries.slice(Math.floor(from))) as T[];
  }

  subscribe(prefix: string, listener: (change: StoreChange) => void): () => void {
    const entry = { prefix, listener };
    this.#listeners.add(entry);
    return () => this.#listeners.delete(entry);
  }

  /**
   * Holds back delivering changes until the returned release (idempotent) has been called, and
   * every other deferral made meanwhile has been released too; the writes themselves happen at
   * once, as always. Every change made in between is then delivered, in the order written, to
   * the listeners subscribed by then, as Redis delivers its changes after the write returns.
   * A handoff's own writes thus cost its transfer request no listener work: the attempt releases
   * once the carrier was asked.
   */
  deferChanges(): () => void {
    this.#deferred++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#deferred--;
      this.#drain();
    };
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    this.#queued = undefined;
    this.#next = 0;
  }

  #read(key: string): StoredRecord<unknown> | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= this.#sinceMade()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.record;
  }

  #readLog(key: string): Log | OneEntryLog | undefined {
    const log = this.#logs.get(key);
    if (log === undefined) return undefined;
    const expiresAt = expiryOf(log);
    if (expiresAt !== undefined && expiresAt <= this.#sinceMade()) {
      this.#logs.delete(key);
      return undefined;
    }
    return log;
  }

  #write<T>(key: string, value: T, options: PutOptions, copy = true): StoredRecord<T> {
    if (this.#readLog(key)) throw new HandoffError('invalid_arguments', `"${key}" holds a log, not a record`);
    const current = this.#read(key);
    const currentVersion = current?.version ?? 0;
    if (options.expectedVersion !== undefined && options.expectedVersion !== currentVersion) {
      throw new HandoffError(
        'store_conflict',
        `Write to "${key}" expected version ${options.expectedVersion} but found ${currentVersion}`,
      );
    }
    // Stored values are cloned so a caller mutating its object cannot change what was persisted.
    // `copyValue`, not `structuredClone`: a handoff record is plain data, copied in a fifth of the
    // time, and two of these copies lie between a trigger and the carrier.
    const record: StoredRecord<T> = {
      key,
      value: copy ? copyValue(value) : value,
      version: currentVersion + 1,
      updatedAt: this.#now(),
    };
    const entry: Entry = { record };
    if (options.ttlMs !== undefined && Number.isFinite(options.ttlMs))
      entry.expiresAt = asSmall(this.#sinceMade() + options.ttlMs);
    this.#entries.set(key, entry);
    // Keys with a ttl that nobody reads again would otherwise stay forever in a long-running process.
    this.#sweep();
    this.#publish({ key, value: record.value, version: record.version });
    return record;
  }

  #sweep(): void {
    const now = this.#sinceMade();
    this.#entryCursor = sweepSome(this.#entries, this.#entryCursor, now, entryExpiry);
    this.#logCursor = sweepSome(this.#logs, this.#logCursor, now, expiryOf);
  }

  /** How many keys (records and logs) are held, expired ones included until the next sweep. */
  get size(): number {
    return this.#entries.size + this.#logs.size;
  }

  #publish(change: StoreChange): void {
    // A change written while earlier ones still wait (a listener writing as the queue drains
    // included) takes its turn behind them.
    if (this.#deferred > 0 || this.#queued !== undefined) {
      if (this.#queued === undefined) this.#queued = [change];
      else this.#queued.push(change);
      this.#drain();
      return;
    }
    this.#deliver(change);
  }

  /** Delivers the waiting changes in order while no deferral holds them; a deferral taken by a listener stops it. */
  #drain(): void {
    const queued = this.#queued;
    // Already draining further up the stack, or held: that drain, or the last release, goes on.
    if (queued === undefined || this.#deferred > 0 || this.#draining) return;
    this.#draining = true;
    try {
      while (this.#deferred === 0 && this.#queued === queued && this.#next < queued.length)
        this.#deliver(queued[this.#next++]!);
    } finally {
      this.#draining = false;
    }
    if (this.#next >= queued.length && this.#queued === queued) {
      this.#queued = undefined;
      this.#next = 0;
    }
  }

  #deliver(change: StoreChange): void {
    for (const { prefix, listener } of this.#listeners) {
      if (!change.key.startsWith(prefix)) continue;
      try {
        listener(change);
      } catch {
        // A failing subscriber must not fail the write that has already happened.
      }
    }
  }
}

/**
 * Looks at up to SWEEP_PER_WRITE keys of `map` from `cursor` (a live iterator: deletions and
 * additions since are seen), deletes those expired, and returns where to go on from; a pass that
 * reaches the end starts over.
 */
function sweepSome<V>(
  map: Map<string, V>,
  cursor: Iterator<string> | undefined,
  now: number,
  expiryOf: (value: V) => number | undefined,
): Iterator<string> {
  let keys = cursor ?? map.keys();
  for (let looked = 0, restarted = false; looked < SWEEP_PER_WRITE; looked++) {
    let next = keys.next();
    if (next.done) {
      // Once per call at most: an empty map must not spin.
      if (restarted) break;
      restarted = true;
      keys = map.keys();
      next = keys.next();
      if (next.done) break;
    }
    const value = map.get(next.value);
    const expiresAt = value === undefined ? undefined : expiryOf(value);
    if (expiresAt !== undefined && expiresAt <= now) map.delete(next.value);
  }
  return keys;
}

function entryExpiry(entry: Entry): number | undefined {
  return entry.expiresAt;
}

export function memoryStore(options?: { now?: () => number }): MemoryStore {
  return new MemoryStore(options);
}
