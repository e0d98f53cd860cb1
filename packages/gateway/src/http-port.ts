import { randomBytes } from 'node:crypto';
import {
  type CallPort,
  type HandoffStore,
  type Instruction,
  keyPrefix,
  type Playout,
  type SpokenLine,
  storeKey,
} from '@handoff/core';

/** Where a remote platform's "this line has played" lands, on any instance. */
export const LINE_PLAYED_PREFIX = keyPrefix('linePlayed');
const LINE_PLAYED_TTL_MS = 10 * 60_000;

export function linePlayedKey(callId: string, lineId: string): string {
  return storeKey('linePlayed', callId, lineId);
}

/** What a remote platform must do, returned in the response to the request that caused it. */
export type PortAction =
  | ({ type: 'say'; lineId: string; ack?: string } & SpokenLine)
  | ({ type: 'instruct' } & Instruction);

export interface HttpPortOptions {
  store: HandoffStore;
  callId: string;
  /**
   * `ack`: the platform voices each line and posts `/v1/calls/:callId/lines/:lineId/played` when
   * it has played, and the call moves only then (or after the core's bound). `none`: lines are
   * for information, and the call moves without waiting.
   */
  playout: 'ack' | 'none';
  /** The ack URL's path, for the response (`/v1/calls/…/played`). */
  ackPath: (lineId: string) => string;
}

/**
 * The `CallPort` of a platform that runs elsewhere and speaks to the gateway over `/v1`: what the
 * core asks for is queued and handed back in the response; playout is acknowledged by a later
 * request, which may reach another instance, so the wait is on the store's change feed.
 */
export class HttpPort implements CallPort {
  readonly #options: HttpPortOptions;
  readonly #actions: PortAction[] = [];
  #notify: (() => void) | undefined;

  constructor(options: HttpPortOptions) {
    this.#options = options;
  }

  async say(line: SpokenLine): Promise<Playout> {
    const lineId = randomBytes(9).toString('base64url');
    const ack = this.#options.playout === 'ack';
    this.#push({ type: 'say', lineId, ...(ack ? { ack: this.#options.ackPath(lineId) } : {}), ...line });
    if (!ack) return 'played';
    await waitForKey(this.#options.store, linePlayedKey(this.#options.callId, lineId));
    return 'played';
  }

  instruct(instruction: Instruction): void {
    this.#push({ type: 'instruct', ...instruction });
  }

  /** The actions queued so far, handed over once. */
  take(): PortAction[] {
    return this.#actions.splice(0);
  }

  /** Resolves at the next queued action (at once if one is waiting), or when `until` settles. */
  nextAction(until: Promise<unknown>): Promise<void> {
    if (this.#actions.length > 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.#notify = resolve;
      until.then(
        () => resolve(),
        () => resolve(),
      );
    });
  }

  #push(action: PortAction): void {
    this.#actions.push(action);
    const notify = this.#notify;
    this.#notify = undefined;
    notify?.();
  }
}

/** Records that a line played; the instance waiting for it sees the write on the change feed. */
export async function markLinePlayed(store: HandoffStore, callId: string, lineId: string): Promise<void> {
  await store.put(linePlayedKey(callId, lineId), { at: Date.now() }, { ttlMs: LINE_PLAYED_TTL_MS });
}

/**
 * Resolves when `key` is written. The core bounds every `say`, so a line never acknowledged only
 * holds its subscription until the ack could no longer matter.
 */
function waitForKey(store: HandoffStore, key: string): Promise<void> {
  return new Promise<void>((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(expiry);
      unsubscribe();
      resolve();
    };
    const expiry = setTimeout(finish, LINE_PLAYED_TTL_MS);
    expiry.unref();
    const unsubscribe = store.subscribe(key, (change) => {
      if (change.key === key) finish();
    });
    // The ack may have landed before the subscription did.
    store.get(key).then(
      (found) => {
        if (found) finish();
      },
      () => {},
    );
  });
}
