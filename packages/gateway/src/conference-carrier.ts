import {
  type AdvanceResult,
  describeCause,
  type FailureOutcome,
  type HandoffContext,
  type HumanMessages,
  humanLanguage,
  humanMessagesFor,
  type LadderStep,
  type ResolvedDestination,
  type TransferProvider,
  type TransferReceipt,
  type TransferRequest,
} from '@handoff/core';
import { isCallbackCall } from './callback-calls.js';
import { hangUpOthers, hangUpPhones, ringAttempt } from './conference-human-calls.js';
import type { ConferenceLegs, ConferenceState } from './conference-state.js';
import type { ConferenceClient, ConferenceTransfersOptions } from './conference-transfers-options.js';
import { ConferenceWaits, type WaitDeadline } from './conference-wait.js';
import { conferenceUrl } from './conference-xml.js';

export { humanLegOutcome } from './conference-human-calls.js';
export type { ConferenceClient, ConferenceTransfersOptions } from './conference-transfers-options.js';

/** Statuses in which an attempt may still reach the caller. */
const WAITING = new Set(['transferring', 'ringing']);

/**
 * The conference strategy's Vobiz side (issue 17): rings the human with make-call as soon as the
 * core asks (under the farewell), moves the caller into a waiting room with the Transfer API once
 * the farewell has played, and carries out the ladder's steps the human's callbacks lead to. The
 * core decides every outcome; this only translates them into Vobiz requests.
 */
export class ConferenceTransfers {
  readonly #o: ConferenceTransfersOptions;
  /** The bounded waits, kept in the store so any instance ends one whose instance went away. */
  readonly waits: ConferenceWaits;

  constructor(options: ConferenceTransfersOptions) {
    this.#o = options;
    this.waits = new ConferenceWaits(
      options.handoff.store,
      options.maxWaitSec * 1000,
      (wait) => this.#waitedTooLong(wait),
      (error) => options.handoff.reportError(error, 'conference-wait'),
    );
  }

  get legs(): ConferenceLegs {
    return this.#o.legs;
  }

  /** The language the human of this handoff is spoken to in: the option, else the core's rule. */
  humanLanguage(context: HandoffContext): string {
    return this.#o.humanLanguage ?? humanLanguage(context, this.#o.handoff.options);
  }

  /** Every line the gateway says to the human on their leg, in their language. */
  humanMessages(context: HandoffContext): HumanMessages {
    return humanMessagesFor(this.humanLanguage(context));
  }

  #consultAgents = 0;

  /** How the human is briefed now: a `stream` consult falls back to the brief while no agent is registered. */
  get consult(): 'none' | 'keys' | 'stream' {
    if (this.#o.consult === 'stream' && this.#consultAgents === 0) return 'none';
    return this.#o.consult;
  }

  /** A consult agent is registered (`gateway.onConsult`); returns the undo. */
  useConsultAgent(): () => void {
    this.#consultAgents += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#consultAgents -= 1;
    };
  }

  /** Routes every live-call handoff to this carrier and hangs up humans whose caller left. Returns the undo. */
  install(): () => void {
    const { handoff } = this.#o;
    const unroute = handoff.routeCarrier((request) => !isCallbackCall(request.callId), this.carrier);
    this.waits.start();
    const unlisten = handoff.on('handoff.failed', (event) => {
      if (event.status !== 'caller_hung_up') return;
      void this.#hangUpHumans(event.handoffId).catch((error: unknown) =>
        handoff.reportError(error, 'conference-hangup'),
      );
    });
    return () => {
      unroute();
      unlisten();
      this.close();
    };
  }

  close(): void {
    this.waits.close();
  }

  readonly carrier: TransferProvider = {
    name: 'vobiz-conference',
    prepare: (request) =>
      this.place(
        request.handoffId,
        request.token,
        request.destination,
        request.context.dialAttempts.at(-1)?.n ?? 1,
        request.platformCallId ?? request.callId,
      ),
    transfer: (request) => this.#moveCaller(request),
    hangup: async (callId) => {
      await this.#o.client.hangupCall(callId);
    },
  };

  /** Rings the humans for `attempt` (once, whoever asks again): see `ringAttempt`. */
  place(
    handoffId: string,
    token: string,
    destination: ResolvedDestination,
    attempt: number,
    callerUuid: string,
  ): Promise<TransferReceipt | undefined> {
    return ringAttempt(this.#o, handoffId, token, destination, attempt, callerUuid, (outcome, detail) =>
      this.fail(handoffId, token, attempt, outcome, detail),
    );
  }

  /** After the farewell: the caller's leg goes to the waiting room. */
  async #moveCaller(request: TransferRequest): Promise<TransferReceipt> {
    const { client, legs, xml } = this.#o;
    const callerUuid = request.platformCallId ?? request.callId;
    const target = { handoffId: request.handoffId, token: request.token };
    let result: Awaited<ReturnType<ConferenceClient['transferCall']>>;
    try {
      result = await client.transferCall(callerUuid, {
        legs: 'aleg',
        alegUrl: conferenceUrl(xml, target, 'caller'),
        alegMethod: 'POST',
      });
    } catch (error) {
      // The caller stays where they are, and the core walks the ladder: a human rung for this
      // attempt is hung up rather than briefed for nobody.
      if (!(error as { outcomeUnknown?: boolean }).outcomeUnknown) {
        await this.#hangUpHumans(request.handoffId).catch(() => undefined);
      }
      throw error;
    }
    // From here a failed attempt reaches the caller with the Transfer API. Until now it needed
    // not: the waiting room, when Vobiz fetches it, serves the ladder's step instead.
    await legs.update(request.handoffId, callerUuid, (state) => {
      state.callerMovedAt ??= Date.now();
      return state;
    });
    const detail = `Vobiz moved ${result.callUuid} to the waiting room`;
    return result.apiId === undefined ? { detail } : { requestId: result.apiId, detail };
  }

  /**
   * Carries out the ladder's step after a failed attempt: the next human is rung (the caller keeps
   * waiting); any other step reaches a caller already moved through the handoff URL, which serves
   * the step's document. A caller still with the AI gets the step from the core's answer instead.
   */
  async deliver(handoffId: string, token: string, result: AdvanceResult): Promise<void> {
    const step = result.step;
    if (!result.changed || !step) return;
    const state = await this.#o.legs.get(handoffId);
    if (!state) return;
    if (step.kind === 'next_destination') {
      await this.#ringNext(handoffId, token, step, state);
      return;
    }
    await this.waits.clear(handoffId);
    if (step.kind === 'none' || state.callerMovedAt === undefined) return;
    await this.#o.client.transferCall(state.callerUuid, {
      legs: 'aleg',
      alegUrl: this.#o.xml.urls.http(`/vobiz/handoff/${encodeURIComponent(handoffId)}`, { t: token }),
      alegMethod: 'POST',
    });
  }

  async #ringNext(
    handoffId: string,
    token: string,
    step: Extract<LadderStep, { kind: 'next_destination' }>,
    state: ConferenceState,
  ): Promise<void> {
    const { handoff } = this.#o;
    const destination = await handoff.currentDestination(handoffId);
    if (!destination) return;
    if (state.callerInRoomAt !== undefined) await this.startWait(handoffId, token, step.attempt);
    try {
      await this.place(handoffId, token, destination, step.attempt, state.callerUuid);
    } catch (error) {
      this.#o.logger?.warn(
        { destination: destination.key, handoffId, cause: describeCause(error) },
        '[handoff] conference call to the human failed',
      );
      const failed = await handoff.advance(handoffId, {
        type: 'failed',
        outcome: 'failed',
        attempt: step.attempt,
        detail: 'make call failed',
      });
      await this.deliver(handoffId, token, failed);
    }
  }

  /**
   * Reports a failed attempt, hangs its humans up if still on, and carries out the step.
   * `answering`: the phone whose callback reports it, left to the document that callback answers
   * (the thanks after a decline, then its own `<Hangup>`) instead of cut off mid-line.
   */
  async fail(
    handoffId: string,
    token: string,
    attempt: number,
    outcome: Exclude<FailureOutcome, 'caller_hung_up' | 'rejected'>,
    detail: string,
    answering?: number,
  ): Promise<AdvanceResult> {
    const result = await this.#o.handoff.advance(handoffId, { type: 'failed', outcome, attempt, detail });
    if (result.changed) {
      await this.#hangUpHumans(handoffId, attempt, answering).catch(() => undefined);
      // Off the callback's path: Vobiz waits a few seconds at most for its answer.
      void this.deliver(handoffId, token, result).catch((error: unknown) =>
        this.#o.handoff.reportError(error, 'conference-step'),
      );
    }
    return result;
  }

  /**
   * Bounds the wait: if nobody is talking to the caller `maxWaitSec` after the caller entered the
   * room (or a briefed human entered it), the attempt fails as unanswered and the ladder moves on.
   * The deadline lives in the store: any instance enforces it.
   */
  startWait(handoffId: string, token: string, attempt: number): Promise<void> {
    return this.waits.arm(handoffId, token, attempt);
  }

  async #waitedTooLong(wait: WaitDeadline): Promise<void> {
    const { handoffId, token, attempt } = wait;
    const record = await this.#o.handoff.get(handoffId);
    if (!record || record.ladder.attempt !== attempt || !WAITING.has(record.status)) return;
    await this.fail(
      handoffId,
      token,
      attempt,
      'no_answer',
      `nobody joined the caller within ${this.#o.maxWaitSec} s`,
    );
  }

  /**
   * The phones of `attempt` other than the one whose human took the call: a phone still ringing
   * stops, a human already in their brief is told a colleague took the call, then hung up.
   */
  hangUpOthers(handoffId: string, token: string, attempt: number, keep: number): Promise<void> {
    return hangUpOthers(this.#o, handoffId, token, attempt, keep);
  }

  /** Ends the humans' calls still up (one attempt's, or all), and the wait with them. */
  async #hangUpHumans(handoffId: string, attempt?: number, except?: number): Promise<void> {
    await this.waits.clear(handoffId);
    await hangUpPhones(this.#o, handoffId, attempt, except);
  }
}
