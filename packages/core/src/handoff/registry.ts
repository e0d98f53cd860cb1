import { HandoffError } from '../errors.js';
import { type CallHost, PlatformCall } from '../platform/call.js';
import type { AttachCallInit, AttachedCall } from '../platform/port.js';
import { assertSessionInit, Session, type SessionHost, type SessionInit } from '../session.js';

/** How long `close()` waits for steps not yet written to the store. */
const CLOSE_FLUSH_MS = 1_000;

/**
 * This instance's sessions and attached calls, by call id. A session here is a cache of the
 * call's log in the store (another instance may hold one too); an attached call is the platform
 * connection, which lives in exactly one process.
 */
export class CallRegistry {
  /**
   * A call's session, or its attached call (which holds the session): one map, not one for each,
   * since most calls are attached and a map entry costs ~60 bytes a call.
   */
  readonly #live = new Map<string, Session | PlatformCall>();
  readonly #sessionHost: SessionHost;
  readonly #callHost: CallHost;

  constructor(sessionHost: Omit<SessionHost, 'forget'>, callHost: Omit<CallHost, 'release'>) {
    this.#sessionHost = { ...sessionHost, forget: (session) => this.#forget(session) };
    this.#callHost = {
      ...callHost,
      release: (call) => {
        if (this.#live.get(call.callId) === call) this.#live.delete(call.callId);
      },
    };
  }

  startSession(init: SessionInit): Session {
    assertSessionInit(init);
    // A reconnecting stream sends a fresh start for the same call: it joins the session it had.
    const existing = this.session(init.callId);
    if (existing && !existing.ended) return existing;
    const session = new Session(this.#sessionHost, init);
    this.#live.set(init.callId, session);
    return session;
  }

  session(callId: string): Session | undefined {
    const live = this.#live.get(callId);
    return live instanceof PlatformCall ? live.session : live;
  }

  attachCall(init: AttachCallInit): AttachedCall {
    const existing = this.#live.get(init?.callId);
    if (existing instanceof PlatformCall && !existing.ended) {
      existing.reattach(init);
      return existing;
    }
    const { port, resumed, ...sessionInit } = init ?? ({} as AttachCallInit);
    if (port !== undefined && (typeof port.say !== 'function' || typeof port.instruct !== 'function')) {
      throw new HandoffError('invalid_arguments', 'attachCall: `port` needs say() and instruct()');
    }
    const session = this.startSession(sessionInit);
    const call = new PlatformCall(this.#callHost, session, { port, resumed });
    this.#live.set(session.callId, call);
    return call;
  }

  call(callId: string): AttachedCall | undefined {
    const call = this.#live.get(callId);
    return call instanceof PlatformCall && !call.ended ? call : undefined;
  }

  async close(): Promise<void> {
    const sessions = [...this.#live.values()].map((live) =>
      live instanceof PlatformCall ? live.session : live,
    );
    this.#live.clear();
    // One last write of steps not yet in the store, bounded: a store that is down must not hold close().
    const flushed = Promise.allSettled(sessions.filter((s) => s.pendingWrites > 0).map((s) => s.sync()));
    await Promise.race([flushed, new Promise((resolve) => setTimeout(resolve, CLOSE_FLUSH_MS).unref())]);
    for (const session of sessions) session.close();
  }

  #forget(session: Session): void {
    const live = this.#live.get(session.callId);
    if (live === session || (live instanceof PlatformCall && live.session === session))
      this.#live.delete(session.callId);
  }
}
