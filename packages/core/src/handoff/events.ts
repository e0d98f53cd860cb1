import type { HandoffEvent, HandoffEventType } from '../handoff-types.js';
import { type HandoffRecord, publicRecord } from '../record.js';
import type { Session } from '../session.js';
import { isFailure } from '../state/machine.js';
import type { StoreChange } from '../store/store.js';
import type { Firing, HandoffStatus } from '../types.js';

export type HandoffListener = (event: HandoffEvent) => void;
export type FiringListener = (firing: Firing, session: Session) => void;

/**
 * How many handoffs' last statuses are remembered. Only a late write to a finished handoff that
 * has since been forgotten (after this many others changed) is affected: it is reported again as
 * completed or failed, which webhook consumers already see as a repeat of the same status.
 */
export const TRACKED_STATUSES = 10_000;

/**
 * Handoff events, made from the store's change feed so a change on any instance reaches the
 * listeners on every instance, and rule firings from this instance's sessions. A listener that
 * throws is reported and never stops the others.
 */
export class EventBus {
  readonly #listeners = new Map<HandoffEventType | '*', Set<HandoffListener>>();
  readonly #firingListeners = new Set<FiringListener>();
  readonly #lastStatus = new Map<string, HandoffStatus>();
  readonly #now: () => number;
  readonly #reportError: (error: unknown, where: string) => void;

  constructor(now: () => number, reportError: (error: unknown, where: string) => void) {
    this.#now = now;
    this.#reportError = reportError;
  }

  on(type: HandoffEventType | '*', listener: HandoffListener): () => void {
    let set = this.#listeners.get(type);
    if (!set) {
      set = new Set();
      this.#listeners.set(type, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  /** How many handoffs' statuses are remembered now (bounded by `TRACKED_STATUSES`). */
  get trackedStatuses(): number {
    return this.#lastStatus.size;
  }

  onFiring(listener: FiringListener): () => void {
    this.#firingListeners.add(listener);
    return () => this.#firingListeners.delete(listener);
  }

  emitFiring(session: Session, firing: Firing): void {
    for (const listener of this.#firingListeners) {
      try {
        listener(firing, session);
      } catch (error) {
        this.#reportError(error, 'firing-listener');
      }
    }
  }

  /** A write to a handoff record, from this instance or another. */
  recordChanged(change: StoreChange): void {
    const record = change.value as HandoffRecord;
    const previous = this.#lastStatus.get(record.id);
    // Least recently changed first, so the oldest is the one forgotten: the map stays bounded
    // however many handoffs an instance sees in its lifetime.
    this.#lastStatus.delete(record.id);
    this.#lastStatus.set(record.id, record.status);
    if (this.#lastStatus.size > TRACKED_STATUSES) {
      this.#lastStatus.delete(this.#lastStatus.keys().next().value!);
    }
    let type: HandoffEventType = 'handoff.updated';
    if (change.version === 1) type = 'handoff.created';
    // The write that recorded the human's outcome stamps both with the same time.
    else if (record.disposition !== undefined && record.disposition.at === record.updatedAt)
      type = 'handoff.disposed';
    else if (record.status === 'completed' && previous !== 'completed') type = 'handoff.completed';
    else if (isFailure(record.status) && previous !== record.status) type = 'handoff.failed';
    const event: HandoffEvent = {
      type,
      handoffId: record.id,
      status: record.status,
      version: change.version,
      record: publicRecord(record),
      at: this.#now(),
    };
    this.#emit(type, event);
    this.#emit('*', event);
    // A created-and-rejected handoff is also a failure; tell listeners of both.
    if (type === 'handoff.created' && isFailure(record.status)) {
      this.#emit('handoff.failed', { ...event, type: 'handoff.failed' });
    }
  }

  #emit(key: HandoffEventType | '*', event: HandoffEvent): void {
    for (const listener of this.#listeners.get(key) ?? []) {
      try {
        listener(event);
      } catch (error) {
        this.#reportError(error, 'event-listener');
      }
    }
  }
}
