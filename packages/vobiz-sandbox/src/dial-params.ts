import type { DialLeg } from './call.js';
import type { CallRunner } from './call-runner.js';
import { formatSessionStart } from './clock.js';
import { webhookNumber } from './context.js';
import type { DialStatus } from './events.js';

/** The parameters a `<Dial>` sends: B-leg events to callbackUrl, the result to action, B-leg requests. */

/** A B-leg event (DialAnswer, DialConnected, DialHangup, DialDigitsMatch) for callbackUrl. */
export function legEventParams(
  runner: CallRunner,
  leg: DialLeg,
  callerId: string,
  event: string,
  action: string,
  extra: Record<string, string>,
): Record<string, string> {
  return {
    ...runner.baseParams(),
    Event: event,
    DialAction: action,
    DialALegUUID: runner.rec.uuid,
    DialBLegUUID: leg.uuid,
    DialBLegFrom: callerId,
    DialBLegTo: webhookNumber(leg.to),
    DialBLegPosition: String(leg.position),
    DialBLegStatus: action,
    STIRVerification: 'Not Applicable',
    ...extra,
  };
}

/** The Dial's result for its action URL. */
export function dialActionParams(
  runner: CallRunner,
  status: DialStatus,
  leg: DialLeg | undefined,
  cause: string,
): Record<string, string> {
  return {
    ...runner.baseParams(),
    Event: runner.ctx.dialActionEvent,
    DialStatus: status,
    DialRingStatus: String(leg !== undefined),
    DialHangupCause: cause,
    DialALegUUID: runner.rec.uuid,
    DialBLegUUID: leg?.uuid ?? '',
  };
}

/** Parameters of a request made on behalf of the B-leg (confirmSound, B-leg transfer). */
export function bLegParams(
  runner: CallRunner,
  leg: DialLeg,
  callerId: string,
  answeredAt: number,
): Record<string, string> {
  const { rec } = runner;
  return {
    CallUUID: leg.uuid,
    From: callerId,
    To: webhookNumber(leg.to),
    CallStatus: 'in-progress',
    Direction: 'outbound',
    ParentAuthID: runner.ctx.authId,
    SessionStart: formatSessionStart(answeredAt),
    RequestUUID: leg.uuid,
    ALegUUID: rec.uuid,
    ALegRequestUUID: rec.uuid,
    DialALegUUID: rec.uuid,
    DialBLegUUID: leg.uuid,
  };
}
