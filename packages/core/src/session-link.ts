import { SessionLog } from './session-log.js';
import {
  type SessionEntry,
  type SessionRules,
  type SessionStart,
  SessionState,
  type SessionStep,
  startedFrom,
} from './session-state.js';
import { storeKey } from './store/keys.js';
import type { HandoffStore } from './store/store.js';
import type { Firing } from './types.js';

/**
 * What a link needs of the handoff: where the log lives, how long it is kept, the rules its state
 * is made with. `Session`'s host is more than this; the link asks for no more, so this module does
 * not import the session's.
 */
export interface LinkHost {
  readonly options: SessionRules;
  readonly store: HandoffStore;
  readonly sessionTtlMs: number;
  reportError(error: unknown, where: string): void;
}

export type StartedAt = SessionStart & { startedAt: number };

/**
 * `#since` is kept less this: a time of day in ms is no small integer, so the field got a
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
 * A session's log, what it writes to and what it drives: the log itself, the store and key it
 * appends to, the state it replays into and rebuilds, and where its errors go. `Session` extends
 * it, so a call's session is one object (rather than a session, a log, an options object, a
 * target and a closure): ~170 bytes less per call than the session and its link apart.
 *
 * The state (transcript, rules, facts) is made by the first step that is not a start, or the
 * first read that needs it: an attached call that has not spoken yet, much of a call's life on a
 * busy gateway, keeps only its start.
 */
export abstract class SessionLink<
  F extends Record<string, unknown>,
  H extends LinkHost = LinkHost,
> extends SessionLog<SessionStep> {
  protected readonly host: H;
  /**
   * The state once made; before that, the first start applied, if any, as the log holds it (the
   * state takes it when it is made): one field for the two, since a call holds one or the other.
   * This instance's own start is frozen, so the memory store keeps this object rather than a copy.
   */
  #state: SessionState<F> | SessionStart | undefined;
  /**
   * Until a rebuild, when the start held (not the state's) began, less EPOCH: a number here
   * rather than an object around the start. A rebuild makes the state, so no start is held apart
   * from it again, and this holds what the time was kept for, the start this instance wrote: the
   * log's first `start` wins, and this one stands in while the log holds none (it was lost). One
   * field for the two, since a call needs one or the other.
   */
  #since: number | StartedAt = 0;

  constructor(host: H) {
    super();
    this.host = host;
  }

  /** Read from the start rather than kept twice: every start in the call's log names the call. */
  get callId(): string {
    return this.start.callId;
  }

  /** The state, made now if it was not yet. */
  protected get state(): SessionState<F> {
    const held = this.#state;
    if (held instanceof SessionState) return held;
    const state = new SessionState<F>(this.host.options);
    state.start = held === undefined ? undefined : startedFrom(held, (this.#since as number) + EPOCH);
    this.#state = state;
    return state;
  }

  /** The state if it was made: for reads a session with nothing in it answers as well. */
  protected get made(): SessionState<F> | undefined {
    const held = this.#state;
    return held instanceof SessionState ? held : undefined;
  }

  /** The call as the log's first start says, or this instance's own while the log holds none. */
  protected get start(): SessionStart {
    const held = this.#state;
    return (held instanceof SessionState ? held.start : held) ?? this.standIn()!;
  }

  /** When the call started, by the same start as `start`. */
  get startedAt(): number {
    const held = this.#state;
    if (held instanceof SessionState) return (held.start ?? this.standIn()!).startedAt;
    return held === undefined ? this.standIn()!.startedAt : (this.#since as number) + EPOCH;
  }

  /** `start` with `startedAt`, as a packet takes it: the state's own object once it is made. */
  protected get startedWith(): StartedAt {
    return this.state.start ?? this.standIn()!;
  }

  // Read from the host rather than copied into fields: one object per call, kept smaller.
  protected get store(): HandoffStore {
    return this.host.store;
  }

  protected get ttlMs(): number {
    return this.host.sessionTtlMs;
  }

  /**
   * Made when the log writes or reads, not kept: ~40 bytes per call. `storeKey`'s template gives a
   * cons string over the call id, which the start holds already: a store that keeps the key (the
   * memory store's map of logs) keeps 32 bytes for it, where a flat copy is 16 plus its length.
   */
  protected get key(): string {
    return storeKey('session', this.callId);
  }

  /** Applies an entry, ours or another instance's: returns the firing that matters most, if any. */
  protected replay(entry: SessionEntry): Firing | undefined {
    if (entry.k === 'start' && !(this.#state instanceof SessionState)) {
      // As `SessionState` does: the first start wins.
      if (this.#state === undefined) {
        this.#state = entry.start;
        this.#since = asSmall(entry.now - EPOCH);
      }
      return undefined;
    }
    return this.state.apply(entry);
  }

  protected reset(): void {
    // Before the first rebuild the start held is this instance's own: it was applied first, and
    // the first start applied is never replaced. Later rebuilds keep the one the first kept.
    if (typeof this.#since === 'number') this.#since = this.startedWith;
    // Made now, with no start: the log's first start, if it holds one, is applied to it.
    this.#state = new SessionState<F>(this.host.options);
  }

  /**
   * The start this instance wrote, once a rebuild kept it (see `#since`). Not a `#` method: a
   * class with one gives each instance a brand slot, 8 bytes a call.
   */
  private standIn(): StartedAt | undefined {
    const since = this.#since;
    return typeof since === 'number' ? undefined : since;
  }

  protected reportError(error: unknown, where: string): void {
    this.host.reportError(error, where);
  }
}
