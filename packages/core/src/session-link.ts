import type { SessionHost } from './session.js';
import { SessionLog } from './session-log.js';
import { type SessionEntry, type SessionStart, SessionState, type SessionStep } from './session-state.js';
import { storeKey } from './store/keys.js';
import type { HandoffStore } from './store/store.js';
import type { Firing } from './types.js';

export type StartedAt = SessionStart & { startedAt: number };

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
  /** The start this instance wrote: the log's first `start` wins, this stands in while it is rebuilt. */
  init!: StartedAt;
  /**
   * The state once made; before that, the first start applied, if any (the state takes it when it
   * is made): one field for the two, since a call holds one or the other.
   */
  #state: SessionState<F> | StartedAt | undefined;

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
    state.start = held;
    this.#state = state;
    return state;
  }

  /** The state if it was made: for reads a session with nothing in it answers as well. */
  get made(): SessionState<F> | undefined {
    const held = this.#state;
    return held instanceof SessionState ? held : undefined;
  }

  /** The first start applied since the last rebuild, if any. */
  get start(): StartedAt | undefined {
    const held = this.#state;
    return held instanceof SessionState ? held.start : held;
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
      this.#state ??= startedFrom(entry.start, entry.now);
      return undefined;
    }
    return this.state.apply(entry);
  }

  protected reset(): void {
    this.#state = undefined;
  }

  reportError(error: unknown, where: string): void {
    this.host.reportError(error, where);
  }
}

/**
 * The call's start as one literal of a fixed shape, the one `SessionState` makes, so a start kept
 * here and one kept there share a hidden class.
 */
function startedFrom(start: SessionStart, startedAt: number): StartedAt {
  return {
    callId: start.callId,
    platform: start.platform,
    from: start.from,
    to: start.to,
    platformCallId: start.platformCallId,
    startedAt,
  };
}
