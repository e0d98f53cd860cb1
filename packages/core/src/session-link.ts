import type { SessionHost } from './session.js';
import { SessionLog } from './session-log.js';
import {
  type SessionEntry,
  type SessionStart,
  SessionState,
  type SessionStep,
  startedFrom,
} from './session-state.js';
import { storeKey } from './store/keys.js';
import type { HandoffStore } from './store/store.js';
import type { Firing } from './types.js';

export type StartedAt = SessionStart & { startedAt: number };

/**
 * `#startedAt` is kept less this: a time of day in ms is no small integer, so the field got a
 * heap number of its own (16 bytes a call); ms since the process loaded are small integers for its
 * first 24 days (a heap number after: same answers, a timestamp less one near it is exact).
 */
const EPOCH = Date.now();

/**
 * `n` as a small integer when it is one: arithmetic on heap numbers gives a heap number even for
 * an integral result (unoptimized code does not check), while `Math.floor` answers a small
 * integer whenever it fits.
 */
function asSmall(n: number): number {
  const floor = Math.floor(n);
  return floor === n ? floor : n;
}

/**
 * A session's log, what it writes to and what it drives, in one object per call: the log itself,
 * the store and key it appends to, the state it replays into and rebuilds, and where its errors
 * go (rather than a log, an options object, a target and a closure for each). It holds the
 * session's host and call id too, so the session keeps neither a second time.
 *
 * The state (transcript, rules, facts) is made by the first step that is not a start, or the
 * first read that needs it: an attached call that has not spoken yet, much of a call's life on a
 * busy gateway, keeps only its start.
 */
export class SessionLink<F extends Record<string, unknown>> extends SessionLog<SessionStep> {
  readonly host: SessionHost;
  readonly callId: string;
  /**
   * The start this instance wrote, kept only once a rebuild drops what was applied (the log's
   * first `start` wins; this stands in while the log holds none). Until then it is the start held.
   */
  #own: StartedAt | undefined;
  /**
   * The state once made; before that, the first start applied, if any, as the log holds it (the
   * state takes it when it is made): one field for the two, since a call holds one or the other.
   * This instance's own start is frozen, so the memory store keeps this object rather than a copy.
   */
  #state: SessionState<F> | SessionStart | undefined;
  /**
   * When the start held (not the state's) began, less EPOCH: a number here rather than an object
   * around the start.
   */
  #startedAt = 0;

  constructor(host: SessionHost, callId: string) {
    super();
    this.host = host;
    this.callId = callId;
  }

  /** The state, made now if it was not yet. */
  get state(): SessionState<F> {
    const held = this.#state;
    if (held instanceof SessionState) return held;
    const state = new SessionState<F>(this.host.options);
    state.start = held === undefined ? undefined : startedFrom(held, this.#startedAt + EPOCH);
    this.#state = state;
    return state;
  }

  /** The state if it was made: for reads a session with nothing in it answers as well. */
  get made(): SessionState<F> | undefined {
    const held = this.#state;
    return held instanceof SessionState ? held : undefined;
  }

  /** The call as the log's first start says, or this instance's own while the log holds none. */
  get start(): SessionStart {
    const held = this.#state;
    return (held instanceof SessionState ? held.start : held) ?? this.#own!;
  }

  /** When the call started, by the same start as `start`. */
  get startedAt(): number {
    const held = this.#state;
    if (held instanceof SessionState) return (held.start ?? this.#own!).startedAt;
    return held === undefined ? this.#own!.startedAt : this.#startedAt + EPOCH;
  }

  /** `start` with `startedAt`, as a packet takes it: the state's own object once it is made. */
  get startedWith(): StartedAt {
    return this.state.start ?? this.#own!;
  }

  // Read from the host rather than copied into fields: one object per call, kept smaller.
  get store(): HandoffStore {
    return this.host.store;
  }

  get ttlMs(): number {
    return this.host.sessionTtlMs;
  }

  /** Made when the log writes or reads, not kept: ~40 bytes per call. */
  get key(): string {
    return storeKey('session', this.callId);
  }

  /** Applies an entry, ours or another instance's: returns the firing that matters most, if any. */
  replay(entry: SessionEntry): Firing | undefined {
    if (entry.k === 'start' && !(this.#state instanceof SessionState)) {
      // As `SessionState` does: the first start wins.
      if (this.#state === undefined) {
        this.#state = entry.start;
        this.#startedAt = asSmall(entry.now - EPOCH);
      }
      return undefined;
    }
    return this.state.apply(entry);
  }

  protected reset(): void {
    // Before the first rebuild the start held is this instance's own: it was applied first, and
    // the first start applied is never replaced.
    if (this.#own === undefined) {
      const held = this.#state;
      if (held instanceof SessionState) this.#own = held.start;
      else if (held !== undefined) this.#own = startedFrom(held, this.#startedAt + EPOCH);
    }
    this.#state = undefined;
  }

  reportError(error: unknown, where: string): void {
    this.host.reportError(error, where);
  }
}
