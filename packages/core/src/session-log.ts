import { HandoffError } from './errors.js';
import { randomToken } from './handoff/random-ids.js';
import type { HandoffStore } from './store/store.js';

type Stamped = { w: string; s: number };

/**
 * A log's state that most calls never need, made at the first need: on a call served by one
 * instance that never syncs (most calls), four fewer fields kept per call.
 */
interface Rare {
  /** Highest sequence number seen in the log per other writer (see `seenOf`). */
  seen: Map<string, number> | undefined;
  /** `sync()` calls so far. */
  syncs: number;
  /** Every entry written before the `read`-th `sync()` call is known here (applied or pending). */
  read: number;
  retry: { timer?: NodeJS.Timeout; delayMs: number; since: number } | undefined;
}

/** Where every log's chain of store operations starts: one settled promise, not one per call. */
const SETTLED: Promise<void> = Promise.resolve();
/** Every idle log's backlog: nothing is pushed to it (`record` makes an array of its own first). */
const NONE = Object.freeze([]) as never[];

const FLUSH_QUEUED = 1;
const CLOSED = 2;
/** The lowest bit of `#flags` a subclass may use for its own flags (`flagged`, `flag`). */
export const FIRST_FREE_FLAG = 4;

/** Entries per append: a burst of turns goes out in one round trip, a backlog in a few. */
const MAX_BATCH = 200;
const RETRY_FIRST_MS = 50;
const RETRY_MAX_MS = 5_000;
/** Background retries stop after this long failing; the next write or sync starts them again. */
const RETRY_FOR_MS = 10 * 60_000;

/**
 * Keeps one instance's copy of a call's session in step with the call's log in the store, so
 * turns and facts may arrive at any instance and each replays the others' in the log's order.
 *
 * Local writes apply at once (the caller gets its firing synchronously), are stamped with this
 * copy's writer id and a sequence number, and are appended in the background, in order, never
 * dropped: a failed append stays pending and is retried, and `sync()` flushes before reading.
 * Reading takes only the entries past the last one seen, so the cost of a step does not grow
 * with the call. If another instance's entry landed before ours (two instances writing at once),
 * the local copy no longer matches the log's order and is rebuilt from the log: rare, and the
 * price of every instance ending in the same state.
 */
export abstract class SessionLog<D extends object> {
  protected readonly writer = randomToken(6);
  /** The sequence number of this writer's last entry; its entries are numbered 1, 2, 3… in order. */
  #seq = 0;
  /** Entries of the log applied here (or known to be duplicates). */
  #cursor = 0;
  /** Applied here, not yet seen in the log, in the order they were applied; the shared empty array when none. */
  #unconfirmed: Array<D & Stamped> = NONE;
  /** The last store operation queued, or SETTLED once it is done (no count kept per call). */
  #chain: Promise<void> = SETTLED;
  /** FLUSH_QUEUED, CLOSED and the subclass's own, in one field rather than one each: every call keeps them. */
  #flags = 0;
  /** What a call keeps only once it syncs, hears from another instance or retries; see `Rare`. */
  #rare: Rare | undefined;

  // What a log is written to and drives, from the subclass: the session's own object holds them,
  // so a call keeps no options object, target or closure apart from it.
  protected abstract get store(): HandoffStore;
  protected abstract get key(): string;
  /** How long the log outlives its last entry. */
  protected abstract get ttlMs(): number;
  /** Applies an entry another instance wrote (or one of ours, during a rebuild), firing nothing. */
  protected abstract replay(entry: D & Stamped): void;
  /** Forgets everything: what was applied here turned out to be in another order than the log's. */
  protected abstract reset(): void;
  protected abstract reportError(error: unknown, where: string): void;

  /** A subclass's flag (`FIRST_FREE_FLAG` and up), kept in the log's own field. */
  protected flagged(bit: number): boolean {
    return (this.#flags & bit) !== 0;
  }

  protected flag(bit: number): void {
    this.#flags |= bit;
  }

  /**
   * Another writer's highest sequence number seen in the log: a higher one is new, a lower a copy.
   * From `#rare`: a call only one instance writes (most calls) keeps no map. This writer's own
   * need no record (8 bytes a call): its entries are applied here when written, and those the log
   * has not shown yet are `#unconfirmed`, in order, so one of them in the log confirms it and
   * those before it, and any other is a copy.
   */
  private seenOf(writer: string): number {
    return this.#rare?.seen?.get(writer) ?? 0;
  }

  private see(writer: string, s: number): void {
    const rare = this.rareMade();
    rare.seen ??= new Map();
    rare.seen.set(writer, s);
  }

  private rareMade(): Rare {
    this.#rare ??= { seen: undefined, syncs: 0, read: 0, retry: undefined };
    return this.#rare;
  }

  /** Every entry written before the `issuedAfter`-th `sync()` call is known here now. */
  private readUpTo(issuedAfter: number): void {
    // No record yet means no sync() yet: nothing to note (`issuedAfter` is 0).
    const rare = this.#rare;
    if (rare !== undefined) rare.read = Math.max(rare.read, issuedAfter);
  }

  /** Entries applied here that no instance can read yet. */
  protected get pending(): number {
    return this.#unconfirmed.length;
  }

  /** Stamps an entry this instance just applied (in place: it is the session's own) and queues it for the log. */
  protected record(entry: D): D & Stamped {
    const stamped = entry as D & Stamped;
    stamped.w = this.writer;
    stamped.s = ++this.#seq;
    if (this.#unconfirmed === NONE) this.#unconfirmed = [];
    this.#unconfirmed.push(stamped);
    this.queueFlush();
    return stamped;
  }

  /**
   * Writes every step applied here to the store and applies, in the log's order, the steps other
   * instances wrote since the last sync. A step that reached another instance is in this copy
   * once this resolves. Rejects (`store_unavailable`) when the store is down; nothing is lost:
   * pending steps stay applied here and are written when the store is back.
   */
  sync(): Promise<void> {
    const rare = this.rareMade();
    const call = ++rare.syncs;
    return this.serial(async () => {
      await this.flush();
      // An append issued after this call that landed right behind what was read already proves
      // nothing else was written before it: a turn then costs one round trip, not two.
      if (rare.read < call) await this.catchUp();
    }).then(
      () => this.recovered(),
      (error: unknown) => {
        // The caller hears of this failure; what is still pending is retried in the background.
        if (this.#unconfirmed.length > 0) this.retryLater();
        throw error;
      },
    );
  }

  /** Stops background retries; pending entries get one last flush from `sync()` if anyone calls it. */
  close(): void {
    this.#flags |= CLOSED;
    clearTimeout(this.#rare?.retry?.timer);
  }

  /** One store operation at a time per session, so appends land in the order entries were applied. */
  private serial(step: () => Promise<void>): Promise<void> {
    const run = this.#chain.then(step);
    // The chain goes on after a failed operation (its caller hears of the failure). Once idle (no
    // operation queued behind this one), it starts again from the shared settled promise, so an
    // idle call keeps no promise of its own.
    const done = () => {
      if (this.#chain === tail) this.#chain = SETTLED;
    };
    const tail = run.then(done, done);
    this.#chain = tail;
    return run;
  }

  private queueFlush(): void {
    if (this.#flags & FLUSH_QUEUED || this.#rare?.retry?.timer) return;
    this.#flags |= FLUSH_QUEUED;
    this.serial(async () => {
      this.#flags &= ~FLUSH_QUEUED;
      await this.flush();
    }).then(
      () => this.recovered(),
      (error: unknown) => this.failed(error),
    );
  }

  private async flush(): Promise<void> {
    while (this.#unconfirmed.length > 0) {
      const batch = this.#unconfirmed.slice(0, MAX_BATCH);
      const { store, key, ttlMs } = this;
      const issuedAfter = this.#rare?.syncs ?? 0;
      const length = await store.append(key, batch, { ttlMs });
      const start = length - batch.length;
      if (start < this.#cursor) {
        // The log is shorter than what was read from it: it expired or was deleted. The copy
        // here stays whole; the log carries on from this batch.
        this.reportError(
          new HandoffError('store_unavailable', `The session log at "${key}" was lost (expired?)`),
          'session-log',
        );
        this.#cursor = start;
      }
      if (start === this.#cursor) {
        // Nobody wrote in between: the batch is the log's next entries, applied here already.
        // All confirmed (the common case): the shared empty array rather than the emptied one,
        // which would keep its grown backing store for the rest of the call.
        if (batch.length === this.#unconfirmed.length) this.#unconfirmed = NONE;
        else this.#unconfirmed.splice(0, batch.length);
        this.#cursor = length;
        this.readUpTo(issuedAfter);
        continue;
      }
      await this.catchUp();
      if (this.#unconfirmed[0] === batch[0]) {
        throw new HandoffError(
          'store_unavailable',
          `Appended to "${key}" but could not read the entries back`,
        );
      }
    }
  }

  private async catchUp(): Promise<void> {
    const issuedAfter = this.#rare?.syncs ?? 0;
    const from = this.#cursor;
    const entries = await this.store.range<D & Stamped>(this.key, from);
    this.readUpTo(issuedAfter);
    for (const entry of entries) {
      this.#cursor++;
      if (entry.w === this.writer) {
        // Ours, applied here already (see `seenOf`): it and any before it are in the log.
        while (this.#unconfirmed.length > 0 && this.#unconfirmed[0]!.s <= entry.s) this.#unconfirmed.shift();
        continue;
      }
      if (entry.s <= this.seenOf(entry.w)) continue;
      this.see(entry.w, entry.s);
      // An entry ordered before ones applied here already: the local order is not the log's.
      if (this.#unconfirmed.length > 0) return this.rebuild(from === 0 ? entries : undefined);
      this.replay(entry);
    }
  }

  /** Starts over from the whole log (already read, when the last read started at its beginning). */
  private async rebuild(log?: Array<D & Stamped>): Promise<void> {
    const entries = log ?? (await this.store.range<D & Stamped>(this.key, 0));
    this.reset();
    if (this.#rare) this.#rare.seen = undefined;
    this.#cursor = entries.length;
    /** The highest of ours in the log: every entry is applied again, ours too. */
    let ours = 0;
    for (const entry of entries) {
      if (entry.w === this.writer) {
        if (entry.s <= ours) continue;
        ours = entry.s;
      } else {
        if (entry.s <= this.seenOf(entry.w)) continue;
        this.see(entry.w, entry.s);
      }
      this.replay(entry);
    }
    this.#unconfirmed = this.#unconfirmed.filter((entry) => entry.s > ours);
    for (const entry of this.#unconfirmed) this.replay(entry);
  }

  private recovered(): void {
    const rare = this.#rare;
    if (!rare?.retry) return;
    clearTimeout(rare.retry.timer);
    rare.retry = undefined;
    if (this.#unconfirmed.length > 0) this.queueFlush();
  }

  /** A background append failed: the entries stay pending, and are retried with backoff. */
  private failed(error: unknown): void {
    // Once per outage: a store that is down for a minute must not flood `onError`.
    if (!this.#rare?.retry) this.reportError(error, 'session-log');
    this.retryLater();
  }

  private retryLater(): void {
    const now = Date.now();
    const rare = this.rareMade();
    rare.retry ??= { delayMs: RETRY_FIRST_MS, since: now };
    const retry = rare.retry;
    if (retry.timer) return;
    if (this.#flags & CLOSED || now - retry.since > RETRY_FOR_MS) {
      rare.retry = undefined;
      return;
    }
    retry.timer = setTimeout(() => {
      retry.timer = undefined;
      this.queueFlush();
    }, retry.delayMs);
    retry.timer.unref?.();
    retry.delayMs = Math.min(RETRY_MAX_MS, retry.delayMs * 2);
  }
}
