import type { FailureOutcome, HandoffStore } from '@handoff/core';
import { storeKey } from '@handoff/core';

/** Long enough for any warm transfer and its callbacks; the record itself lives longer. */
const TTL_MS = 6 * 60 * 60_000;

export type HumanDecision = { accept: true } | { accept: false; reason: string };

export type PhoneOutcome = Exclude<FailureOutcome, 'caller_hung_up' | 'rejected'>;

/** One phone of an attempt: every number (and SIP URI) of the destination rings at once, as `<Dial>` does. */
export interface HumanPhone {
  /** The number or SIP URI rung. */
  to: string;
  /** Vobiz's request UUID, once make-call answered (callbacks may come first). */
  callUuid?: string;
  /** The human picked up and a person (not a machine) was detected: the brief started. */
  answeredAt?: number;
  /** What the human decided in a consult (the stream agent's `accept`/`decline`). */
  decision?: HumanDecision;
  /** The brief has played and the human went into the room. */
  joinedAt?: number;
  endedAt?: number;
  /** Why this phone will not take the call (a machine, a decline, no answer): the others still may. */
  out?: { outcome: PhoneOutcome; detail: string };
}

/** The human's calls for one attempt of a conference warm transfer. */
export interface HumanLeg {
  destination: string;
  placedAt: number;
  phones: HumanPhone[];
  /** The phone whose human took the call first: the only one that walks into the room. */
  taken?: number;
  /** Every phone was out and the attempt's failure was reported (once). */
  settled?: true;
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

/** The phone whose human took the call and walked into the room, if any. */
export function joinedPhone(leg: HumanLeg | undefined): HumanPhone | undefined {
  if (leg?.taken === undefined) return undefined;
  const phone = leg.phones[leg.taken];
  return phone?.joinedAt === undefined ? undefined : phone;
}

/**
 * The attempt's outcome once every phone is out: the furthest any phone got (a human who said
 * no, a machine that answered, a busy line, a ring nobody took, a call that failed).
 */
const FURTHEST: readonly PhoneOutcome[] = ['declined', 'voicemail', 'busy', 'no_answer', 'failed'];

function attemptOutcome(phones: HumanPhone[]): { outcome: PhoneOutcome; detail: string } {
  const outs = phones.map((p) => p.out!);
  const rank = (o: PhoneOutcome) => {
    const i = FURTHEST.indexOf(o);
    return i < 0 ? FURTHEST.length : i;
  };
  const first = outs.reduce((best, o) => (rank(o.outcome) < rank(best.outcome) ? o : best));
  if (outs.length === 1) return first;
  const others = outs.filter((o) => o !== first).map((o) => o.outcome);
  return { outcome: first.outcome, detail: `${first.detail}; the other phones: ${others.join(', ')}` };
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
        // A store may run `fn` again after a conflict: each run starts from its own copy.
        const base =
          current === undefined
            ? callerUuid === undefined
              ? undefined
              : { callerUuid, humans: {} }
            : (structuredClone(current) as ConferenceState);
        return base === undefined ? undefined : fn(base);
      },
      { ttlMs: () => TTL_MS },
    );
    return stored?.value;
  }

  /** Claims an attempt's human calls: true for the first to ask, so an attempt rings its phones once. */
  async claimAttempt(
    handoffId: string,
    callerUuid: string,
    attempt: number,
    destination: string,
    targets: readonly string[],
  ): Promise<boolean> {
    let claimed = false;
    await this.update(handoffId, callerUuid, (state) => {
      // A store may run this again after a conflict: the last run decides.
      claimed = state.humans[attempt] === undefined;
      if (!claimed) return undefined;
      state.humans[attempt] = { destination, placedAt: Date.now(), phones: targets.map((to) => ({ to })) };
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

  /** Applies `fn` to one phone of an attempt. */
  async phone(
    handoffId: string,
    attempt: number,
    index: number,
    fn: (phone: HumanPhone, leg: HumanLeg) => void,
  ): Promise<ConferenceState | undefined> {
    return this.human(handoffId, attempt, (leg) => {
      const phone = leg.phones[index];
      if (phone) fn(phone, leg);
    });
  }

  /**
   * The human on phone `index` takes the call: true when they are the first, and they walk into
   * the room; false when another phone's human already did (this one is thanked and hung up).
   */
  async take(handoffId: string, attempt: number, index: number): Promise<boolean> {
    let mine = false;
    await this.human(handoffId, attempt, (leg) => {
      const phone = leg.phones[index];
      if (!phone || leg.settled) return;
      leg.taken ??= index;
      mine = leg.taken === index;
      if (mine) phone.joinedAt ??= Date.now();
    });
    return mine;
  }

  /**
   * Phone `index` will not take the call. Returns the attempt's outcome when this was the last
   * phone still in play and nobody took the call (to this caller only, so it is reported once).
   */
  async phoneOut(
    handoffId: string,
    attempt: number,
    index: number,
    out: { outcome: PhoneOutcome; detail: string },
  ): Promise<{ outcome: PhoneOutcome; detail: string } | undefined> {
    let settle: { outcome: PhoneOutcome; detail: string } | undefined;
    await this.human(handoffId, attempt, (leg) => {
      settle = undefined;
      const phone = leg.phones[index];
      if (!phone) return;
      phone.out ??= out;
      if (leg.taken !== undefined || leg.settled || leg.phones.some((p) => p.out === undefined)) return;
      leg.settled = true;
      settle = attemptOutcome(leg.phones);
    });
    return settle;
  }
}
