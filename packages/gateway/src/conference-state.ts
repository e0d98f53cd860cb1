import { type HandoffStore, storeKey } from '@handoff/core';

/** Long enough for any warm transfer and its callbacks; the record itself lives longer. */
const TTL_MS = 6 * 60 * 60_000;

export type HumanDecision = { accept: true } | { accept: false; reason: string };

/** The human's call for one attempt of a conference warm transfer. */
export interface HumanLeg {
  destination: string;
  placedAt: number;
  /** Vobiz's request UUID, once make-call answered (callbacks may come first). */
  callUuid?: string;
  /** The human picked up and a person (not a machine) was detected: the brief started. */
  answeredAt?: number;
  /** What the human decided in a consult (the stream agent's `accept`/`decline`). */
  decision?: HumanDecision;
  /** The brief has played and the human went into the room. */
  joinedAt?: number;
  endedAt?: number;
}

/**
 * Where the legs of one conference warm transfer are, shared by every instance through the
 * handoff's store: the core's record says how the handoff is going, this says which calls carry it.
 */
export interface ConferenceState {
  /** The caller's Vobiz call (the A-leg), which the Transfer API moves. */
  callerUuid: string;
  /** By attempt number. */
  humans: Record<string, HumanLeg>;
  /** The carrier asked Vobiz to move the caller into the waiting room. */
  callerMovedAt?: number;
  /** Vobiz fetched the waiting room: the caller is in it (or about to be). */
  callerInRoomAt?: number;
}

export class ConferenceLegs {
  constructor(private readonly store: HandoffStore) {}

  async get(handoffId: string): Promise<ConferenceState | undefined> {
    return (await this.store.get<ConferenceState>(storeKey('conference', handoffId)))?.value;
  }

  /** Applies `fn` to the state (created for `callerUuid` when absent); `undefined` from `fn` writes nothing. */
  async update(
    handoffId: string,
    callerUuid: string | undefined,
    fn: (state: ConferenceState) => ConferenceState | undefined,
  ): Promise<ConferenceState | undefined> {
    const stored = await this.store.update<ConferenceState>(
      storeKey('conference', handoffId),
      (current) => {
        const base = current ?? (callerUuid === undefined ? undefined : { callerUuid, humans: {} });
        return base === undefined ? undefined : fn(base);
      },
      { ttlMs: () => TTL_MS },
    );
    return stored?.value;
  }

  /** Claims an attempt's human call: true for the first to ask, so an attempt rings one phone once. */
  async claimAttempt(
    handoffId: string,
    callerUuid: string,
    attempt: number,
    destination: string,
  ): Promise<boolean> {
    let claimed = false;
    await this.update(handoffId, callerUuid, (state) => {
      // A store may run this again after a conflict: the last run decides.
      claimed = state.humans[attempt] === undefined;
      if (!claimed) return undefined;
      state.humans[attempt] = { destination, placedAt: Date.now() };
      return state;
    });
    return claimed;
  }

  /** Gives an attempt's claim back after make-call demonstrably failed, so a retry may ring again. */
  async releaseAttempt(handoffId: string, attempt: number): Promise<void> {
    await this.update(handoffId, undefined, (state) => {
      delete state.humans[attempt];
      return state;
    });
  }

  async human(
    handoffId: string,
    attempt: number,
    fn: (leg: HumanLeg) => void,
  ): Promise<ConferenceState | undefined> {
    return this.update(handoffId, undefined, (state) => {
      const leg = state.humans[attempt];
      if (!leg) return undefined;
      fn(leg);
      return state;
    });
  }
}
