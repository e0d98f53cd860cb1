import { randomUUID } from 'node:crypto';
import {
  describeCause,
  type FailureOutcome,
  type Handoff,
  HandoffError,
  type PublicHandoffRecord,
  type ResolvedDestination,
  type TransferReceipt,
} from '@handoff/core';
import { type DialActionCallback, type HangupCallback, type VobizClient, vobizXml } from '@handoff/vobiz';
import type { FollowUps } from './follow-ups.js';
import { EMPTY_XML, hangupXml, type XmlSettings } from './handoff-xml.js';

/**
 * Call ids of handoffs that start with no live call (`POST /v1/handoffs` with `callbackNumber`).
 * The core keys every handoff by a call, so these get a synthetic one; the carrier below
 * recognises the prefix and places a new call instead of transferring one.
 */
export const CALLBACK_CALL_PREFIX = 'cb-';

export const isCallbackCall = (callId: string) => callId.startsWith(CALLBACK_CALL_PREFIX);

export const newCallbackCallId = () => `${CALLBACK_CALL_PREFIX}${randomUUID()}`;

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * A number a callback may dial: E.164 only, so never a short or emergency code (`112`), a SIP
 * URI, or anything Vobiz's `<Number>` would refuse.
 */
export function isDiallableNumber(number: string | undefined): number is string {
  return number !== undefined && E164.test(number);
}

export interface CallbackCallsOptions {
  handoff: Handoff;
  client?: Pick<VobizClient, 'makeCall'>;
  callerId?: string;
  xml: XmlSettings;
  followUps: FollowUps;
  logger?: Pick<Console, 'warn' | 'error'>;
}

/**
 * A handoff that connects a human and a customer with a new call: Vobiz rings the human
 * (destination by destination, as the ladder says), the human hears the brief, then Vobiz dials
 * the customer and bridges them. The human is the A-leg here and the customer the B-leg.
 */
export class CallbackCalls {
  constructor(private readonly options: CallbackCallsOptions) {}

  /** Placing calls needs a Vobiz client and a caller ID the account owns. */
  get enabled(): boolean {
    return this.options.client !== undefined && this.options.callerId !== undefined;
  }

  /**
   * Routes transfers of synthetic callback call ids to `place`, everything else to the carrier
   * the handoff was built with. Returns the undo.
   */
  install(): () => void {
    return this.options.handoff.routeCarrier((request) => isCallbackCall(request.callId), {
      name: 'vobiz-callback',
      transfer: (request) => {
        // Checked here too, whatever path made the session: this places a real call.
        if (!isDiallableNumber(request.context.call.from)) {
          throw new HandoffError(
            'invalid_arguments',
            'A callback handoff needs the customer number in E.164 form',
          );
        }
        return this.place(
          request.handoffId,
          request.token,
          request.destination,
          request.context.dialAttempts.at(-1)?.n ?? 1,
        );
      },
    });
  }

  /** Rings the human. Only the destination's first target: each answer would otherwise dial the customer. */
  async place(
    handoffId: string,
    token: string,
    destination: ResolvedDestination,
    attempt: number,
  ): Promise<TransferReceipt> {
    const { client, xml } = this.options;
    const from = destination.callerId ?? this.options.callerId;
    const to = destination.numbers[0] ?? destination.sipUris[0];
    if (!client || !from || !to) {
      throw new HandoffError(
        'invalid_options',
        'Callback calls need vobiz.authId (or client) and vobiz.callerId',
      );
    }
    const id = encodeURIComponent(handoffId);
    const query = { t: token, a: String(attempt) };
    const result = await client.makeCall({
      from,
      to,
      answerUrl: xml.urls.http(`/vobiz/callback/${id}/answer`, query),
      ringUrl: xml.urls.http(`/vobiz/callback/${id}/ring`, query),
      hangupUrl: xml.urls.http(`/vobiz/callback/${id}/hangup`, query),
      ringTimeout: destination.ringTimeoutSec ?? xml.ringTimeoutSec,
    });
    return {
      requestId: result.requestUuid,
      detail: `Vobiz placed call ${result.requestUuid} to ${destination.key}`,
    };
  }

  /** The human picked up: brief them, then dial the customer. */
  async answered(record: PublicHandoffRecord, token: string, attempt: number | undefined): Promise<string> {
    const { handoff, xml } = this.options;
    if (attempt !== record.ladder.attempt || !['transferring', 'ringing'].includes(record.status)) {
      return hangupXml(xml, 'This call is no longer needed. Thank you.');
    }
    await handoff.advance(record.id, {
      type: 'answered',
      attempt,
      detail: 'human answered the callback call',
    });
    const customer = record.context.call.from;
    if (!isDiallableNumber(customer)) return hangupXml(xml);
    const id = encodeURIComponent(record.id);
    const query = { t: token, a: String(attempt) };
    const brief = handoff.render.whisper(record.context);
    return vobizXml
      .response([
        ...(brief ? [vobizXml.speak(brief, xml.speak)] : []),
        vobizXml.dial(
          {
            ...(this.options.callerId ? { callerId: this.options.callerId } : {}),
            timeout: xml.ringTimeoutSec,
            action: xml.urls.http(`/vobiz/dial-result/${id}`, query),
            method: 'POST',
            redirect: true,
            callbackUrl: xml.urls.http(`/vobiz/dial-events/${id}`, query),
            callbackMethod: 'POST',
          },
          [vobizXml.number(customer)],
        ),
      ])
      .toString();
  }

  /** The customer leg's Dial result, from the human's side. */
  async customerResult(
    record: PublicHandoffRecord,
    result: DialActionCallback,
    attempt: number | undefined,
  ): Promise<string> {
    const { handoff, xml } = this.options;
    const at = attempt === undefined ? {} : { attempt };
    if (result.dialStatus === 'completed') {
      await handoff.advance(record.id, { type: 'bridged', ...at });
      await handoff.advance(record.id, { type: 'ended', detail: 'callback call ended' });
      return EMPTY_XML;
    }
    // The customer is the party who was waiting: not reaching them ends the handoff, and the
    // promise to call back stays open for a person to follow up.
    const advanced = await handoff.advance(record.id, {
      type: 'caller_hung_up',
      detail: `customer did not answer the callback: ${result.dialStatus}`,
    });
    if (advanced.changed) await this.#keepPromise(record, `customer_${result.dialStatus.replace(/-/g, '_')}`);
    return hangupXml(xml, 'The customer did not answer. The callback request stays open.');
  }

  /** The human's call ended: answered ones complete, unanswered ones climb the ladder. */
  async ended(
    record: PublicHandoffRecord,
    token: string,
    hangup: HangupCallback,
    attempt: number | undefined,
  ): Promise<void> {
    const { handoff } = this.options;
    const at = attempt === undefined ? {} : { attempt };
    if (hangup.callStatus === 'completed' || (hangup.duration ?? 0) > 0) {
      await handoff.advance(record.id, {
        type: 'ended',
        detail: hangup.hangupCauseName ?? 'callback call ended',
      });
      return;
    }
    const outcome = unansweredOutcome(hangup);
    const result = await handoff.advance(record.id, {
      type: 'failed',
      outcome,
      ...at,
      detail: [hangup.callStatus, hangup.hangupCause].filter(Boolean).join(': ') || outcome,
    });
    // A retried hangup callback gets the same step back: act only on the first.
    if (!result.changed || !result.step) return;
    if (result.step.kind === 'next_destination') {
      const { attempt: next } = result.step;
      const destination = await handoff.currentDestination(record.id);
      if (!destination) return;
      // Off the request path: Vobiz is waiting for this callback's 200.
      this.place(record.id, token, destination, next).catch(async (error: unknown) => {
        this.options.logger?.warn(
          { destination: destination.key, handoffId: record.id, cause: describeCause(error) },
          '[handoff] callback call failed',
        );
        await handoff
          .advance(record.id, {
            type: 'failed',
            outcome: 'failed',
            attempt: next,
            detail: 'make call failed',
          })
          .catch(() => undefined);
      });
      return;
    }
    if (result.step.kind !== 'none') await this.#keepPromise(record, outcome);
  }

  async #keepPromise(record: PublicHandoffRecord, reason: string): Promise<void> {
    await this.options.followUps.requestCallback({
      handoffId: record.id,
      callId: record.callId,
      ...(record.context.call.from ? { number: record.context.call.from } : {}),
      ...(record.destination ? { destination: record.destination.key } : {}),
      reason,
      status: 'pending',
      requestedAt: Date.now(),
    });
  }
}

function unansweredOutcome(hangup: HangupCallback): Exclude<FailureOutcome, 'caller_hung_up' | 'rejected'> {
  if (hangup.hangupCause === 'CALL_REJECTED') return 'declined';
  switch (hangup.callStatus) {
    case 'busy':
      return 'busy';
    case 'no-answer':
    case 'timeout':
    case 'cancel':
      return 'no_answer';
    default:
      return 'failed';
  }
}
