import { HandoffError, type ResolvedDestination, type TransferReceipt } from '@handoff/core';
import type { HangupCallback } from '@handoff/vobiz';
import type { PhoneOutcome } from './conference-state.js';
import type { ConferenceTransfersOptions } from './conference-transfers-options.js';
import { conferenceUrl } from './conference-xml.js';

// The Vobiz requests on the humans' own calls for `ConferenceTransfers`: ringing an attempt's
// phones, and ending the phones that are no longer wanted.

/**
 * Rings the humans for `attempt` (once, whoever asks again), with machine detection: every
 * number and SIP URI of the destination at once, as `<Dial>` rings them. The first human to take
 * the call walks into the room and the other phones are hung up; a machine or a "no" on one
 * phone leaves the others ringing.
 */
export async function ringAttempt(
  o: ConferenceTransfersOptions,
  handoffId: string,
  token: string,
  destination: ResolvedDestination,
  attempt: number,
  callerUuid: string,
  fail: (outcome: PhoneOutcome, detail: string) => Promise<unknown>,
): Promise<TransferReceipt | undefined> {
  const { legs } = o;
  const from = destination.callerId ?? o.callerId;
  const targets = [...destination.numbers, ...destination.sipUris];
  if (!from || targets.length === 0) {
    throw new HandoffError(
      'invalid_options',
      'The conference strategy needs vobiz.callerId (or the destination’s callerId) and a number or SIP URI',
    );
  }
  if (!(await legs.claimAttempt(handoffId, callerUuid, attempt, destination.key, targets))) return undefined;
  const placed = await Promise.allSettled(
    targets.map((to, phone) => ringPhone(o, handoffId, token, destination, attempt, phone, from, to)),
  );
  const rung = placed.flatMap((p) => (p.status === 'fulfilled' ? [p.value] : []));
  if (rung.length === 0) {
    const errors = placed.map((p) => (p as PromiseRejectedResult).reason as { outcomeUnknown?: boolean });
    // A call may be ringing after an unknown outcome; only clear refusals free the attempt.
    if (!errors.some((e) => e?.outcomeUnknown)) await legs.releaseAttempt(handoffId, attempt);
    throw errors[0];
  }
  for (const [phone, p] of placed.entries()) {
    if (p.status !== 'rejected' || (p.reason as { outcomeUnknown?: boolean })?.outcomeUnknown) continue;
    const out = { outcome: 'failed' as const, detail: 'make call failed' };
    const settle = await legs.phoneOut(handoffId, attempt, phone, out);
    // The phones that did ring may all be out already (a fast busy): the attempt fails now.
    if (settle) {
      void fail(settle.outcome, settle.detail).catch((error: unknown) =>
        o.handoff.reportError(error, 'conference-step'),
      );
    }
  }
  return {
    requestId: rung[0]!,
    detail: `Vobiz rings ${destination.key} (${rung.length === 1 ? `call ${rung[0]}` : `${rung.length} phones`}) while the caller waits`,
  };
}

/** One phone of an attempt: its callbacks carry the attempt and the phone's index. */
async function ringPhone(
  o: ConferenceTransfersOptions,
  handoffId: string,
  token: string,
  destination: ResolvedDestination,
  attempt: number,
  phone: number,
  from: string,
  to: string,
): Promise<string> {
  const { client, legs, xml } = o;
  const target = { handoffId, token, attempt, phone };
  const placed = await client.makeCall({
    from,
    to,
    answerUrl: conferenceUrl(xml, target, 'human'),
    ringUrl: conferenceUrl(xml, target, 'human-ring'),
    hangupUrl: conferenceUrl(xml, target, 'human-hangup'),
    ringTimeout: destination.ringTimeoutSec ?? xml.ringTimeoutSec,
    // Synchronous detection: the answer URL is asked only once Vobiz knows who picked up.
    ...(o.machineDetection ? { machineDetection: true } : {}),
    ...(o.machineDetection && o.machineDetectionTimeMs !== undefined
      ? { machineDetectionTime: o.machineDetectionTimeMs }
      : {}),
  });
  await legs.phone(handoffId, attempt, phone, (leg) => {
    leg.callUuid ??= placed.requestUuid;
  });
  return placed.requestUuid;
}

/**
 * The phones of `attempt` other than the one whose human took the call: a phone still ringing
 * stops, a human already in their brief is told a colleague took the call, then hung up.
 */
export async function hangUpOthers(
  o: ConferenceTransfersOptions,
  handoffId: string,
  token: string,
  attempt: number,
  keep: number,
): Promise<void> {
  const { client, legs, xml } = o;
  const leg = (await legs.get(handoffId))?.humans[attempt];
  if (!leg) return;
  const results = await Promise.allSettled(
    leg.phones.map(async (phone, i) => {
      if (i === keep || phone.endedAt !== undefined || phone.out || !phone.callUuid) return;
      if (phone.answeredAt === undefined) return void (await client.hangupCall(phone.callUuid));
      await client.transferCall(phone.callUuid, {
        legs: 'aleg',
        alegUrl: conferenceUrl(xml, { handoffId, token, attempt, phone: i }, 'human-taken'),
        alegMethod: 'POST',
      });
    }),
  );
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
}

/** Ends the humans' calls still up: one attempt's, or all; `except` a phone left to its own document. */
export async function hangUpPhones(
  o: ConferenceTransfersOptions,
  handoffId: string,
  attempt?: number,
  except?: number,
): Promise<void> {
  const state = await o.legs.get(handoffId);
  if (!state) return;
  const calls = Object.entries(state.humans)
    .filter(([n]) => attempt === undefined || Number(n) === attempt)
    .flatMap(([, leg]) =>
      leg.phones.filter((phone, i) => phone.endedAt === undefined && phone.callUuid && i !== except),
    )
    .map((phone) => phone.callUuid!);
  // One call already gone (404) does not keep the others up.
  const results = await Promise.allSettled(calls.map((uuid) => o.client.hangupCall(uuid)));
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
}

/** The human's call ended before it reached the caller: which failure that was. */
export function humanLegOutcome(
  hangup: HangupCallback,
  leg: { answeredAt?: number; joinedAt?: number } | undefined,
): { outcome: PhoneOutcome; detail: string } {
  const cause = [hangup.callStatus, hangup.hangupCauseName ?? hangup.hangupCause].filter(Boolean).join(': ');
  if (hangup.hangupCauseName === 'Machine Detected') return { outcome: 'voicemail', detail: cause };
  if (leg?.joinedAt !== undefined)
    return { outcome: 'declined', detail: 'the human left before the caller joined' };
  if (leg?.answeredAt !== undefined)
    return { outcome: 'declined', detail: 'the human hung up during the brief' };
  if (hangup.hangupCause === 'CALL_REJECTED') return { outcome: 'declined', detail: cause };
  switch (hangup.callStatus) {
    case 'busy':
      return { outcome: 'busy', detail: cause };
    case 'no-answer':
    case 'timeout':
    case 'cancel':
      return { outcome: 'no_answer', detail: cause };
    default:
      return { outcome: 'failed', detail: cause || 'the human’s call failed' };
  }
}
