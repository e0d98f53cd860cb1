import { claimOnce, type HandoffStore, storeKey } from '@handoff/core';

/** A caller's (or a briefed human's) bounded wait, as every instance sees it. */
export interface WaitDeadline {
  handoffId: string;
  /** The handoff's URL token, which the ladder's next document needs. */
  token: string;
  attempt: number;
  /** Epoch ms after which nobody has joined in time. */
  deadline: number;
}

/** Kept a while past the deadline, so instances that were busy or restarting still find it on a sweep. */
const GRACE_MS = 10 * 60_000;

/**
 * The due-time index: each deadline's handoff id is appended to the log of the window it falls in
 * (`conference-wait:due:<window>`), so a sweep reads the few windows that have come due by key
 * instead of listing the key space (a SCAN on Redis, whatever else the store holds). The same on
 * every instance, whatever its `maxWaitSec`, since they read each other's windows.
 */
export const DUE_WINDOW_MS = 5_000;

const windowOf = (at: number) => Math.floor(at / DUE_WINDOW_MS);
const dueKey = (window: number) => storeKey('conferenceWait', 'due', window);
const waitKey = (handoffId: string) => storeKey('conferenceWait', handoffId);

/**
 * The bounded wait of the conference strategy, kept in the store rather than in one instance's
 * timer: a deadline per handoff, enforced by whichever instance notices it first (the one that
 * armed it, through a local timer; any instance, on a conference callback or on its periodic
 * sweep). `claimOnce` makes the expiry happen once, so a caller is never left in a room whose
 * instance died, and never moved twice.
 */
export class ConferenceWaits {
  readonly #timers = new Map<string, NodeJS.Timeout>();
  #sweep: NodeJS.Timeout | undefined;
  #closed = false;
  /** The first due window the next sweep reads; unset, it reaches back as far as a wait is kept. */
  #fromWindow: number | undefined;

  constructor(
    private readonly store: HandoffStore,
    private readonly waitMs: number,
    private readonly expire: (wait: WaitDeadline) => Promise<void>,
    private readonly reportError: (error: unknown) => void,
  ) {}

  /** Sweeps often enough that a dead instance's wait overruns by a fraction of it, at most 5 s. */
  get sweepMs(): number {
    return Math.min(5000, Math.max(50, Math.round(this.waitMs / 4)));
  }

  /** Starts (or restarts) the wait for `attempt`: nobody joined by the deadline, and it expires. */
  async arm(handoffId: string, token: string, attempt: number): Promise<void> {
    if (this.#closed) return;
    const now = Date.now();
    const wait: WaitDeadline = { handoffId, token, attempt, deadline: now + this.waitMs };
    const window = windowOf(wait.deadline);
    await Promise.all([
      this.store.put(waitKey(handoffId), wait, { ttlMs: this.waitMs + GRACE_MS }),
      // The log lives as long as the waits due in its window can still be swept.
      this.store.append(dueKey(window), [handoffId], {
        ttlMs: (window + 1) * DUE_WINDOW_MS - now + GRACE_MS,
      }),
    ]);
    this.#clearTimer(handoffId);
    const timer = setTimeout(() => {
      this.#timers.delete(handoffId);
      this.#run(this.check(handoffId));
    }, this.waitMs);
    timer.unref();
    this.#timers.set(handoffId, timer);
  }

  /** The wait is over (the call connected, or the ladder left the room): nothing expires. */
  async clear(handoffId: string): Promise<void> {
    this.#clearTimer(handoffId);
    // Its id stays in the due log: a sweep finds no wait under it and moves on.
    await this.store.delete(waitKey(handoffId));
  }

  /** Expires this handoff's wait if its deadline has passed. */
  async check(handoffId: string): Promise<void> {
    const wait = (await this.store.get<WaitDeadline>(waitKey(handoffId)))?.value;
    if (wait) await this.#expireIfDue(wait, Date.now());
  }

  /**
   * Every wait in the store whose deadline has passed, whichever instance armed it: the ids in the
   * due windows from where the last sweep stopped to now, each looked up by key. A re-armed wait
   * is looked up under its older window too, and found not yet due there.
   */
  async sweep(): Promise<void> {
    const now = Date.now();
    const last = windowOf(now);
    const first = this.#fromWindow ?? windowOf(now - GRACE_MS);
    const windows = Array.from({ length: last - first + 1 }, (_, i) => first + i);
    const logs = await Promise.all(windows.map((w) => this.store.range<string>(dueKey(w), 0)));
    // The window before this one is read once more: another instance, its clock a little behind
    // this one's, may still append to it.
    this.#fromWindow = Math.max(first, last - 1);
    const ids = [...new Set(logs.flat())];
    const waits = await Promise.all(ids.map((id) => this.store.get<WaitDeadline>(waitKey(id))));
    for (const [i, stored] of waits.entries()) {
      if (stored && stored.value.handoffId === ids[i]) await this.#expireIfDue(stored.value, now);
    }
  }

  /** The periodic sweep on this instance; `close` stops it. */
  start(): void {
    if (this.#closed || this.#sweep) return;
    let running = false;
    this.#sweep = setInterval(() => {
      if (running) return;
      running = true;
      this.#run(this.sweep().finally(() => (running = false)));
    }, this.sweepMs);
    this.#sweep.unref();
  }

  close(): void {
    this.#closed = true;
    if (this.#sweep) clearInterval(this.#sweep);
    this.#sweep = undefined;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  async #expireIfDue(wait: WaitDeadline, now: number): Promise<void> {
    if (this.#closed || now < wait.deadline) return;
    // One deadline, one expiry, on whichever instance claims it first.
    const id = `${wait.handoffId}:${wait.attempt}:${wait.deadline}`;
    if (!(await claimOnce(this.store, 'conferenceWaitClaim', id, this.waitMs + 2 * GRACE_MS))) return;
    await this.expire(wait);
  }

  #clearTimer(handoffId: string): void {
    const timer = this.#timers.get(handoffId);
    if (timer) clearTimeout(timer);
    this.#timers.delete(handoffId);
  }

  #run(work: Promise<unknown>): void {
    void work.catch((error: unknown) => this.reportError(error));
  }
}
