import type { CallRecord } from './call.js';
import { formatConsoleTime, formatSessionStart } from './clock.js';
import { type SandboxContext, webhookNumber } from './context.js';

/** The parameters of a call's webhooks, as Vobiz sends them. Numbers never carry '+'. */

/** The standard parameters Vobiz sends with every call webhook. */
export function callWebhookParams(rec: CallRecord, ctx: SandboxContext): Record<string, string> {
  const { setup } = rec;
  const params: Record<string, string> = {
    CallUUID: setup.uuid,
    From: webhookNumber(setup.from),
    To: webhookNumber(setup.to),
    CallStatus: rec.status,
    Direction: setup.direction,
    ParentAuthID: ctx.authId,
    SessionStart: formatSessionStart(rec.createdAt),
  };
  if (setup.direction === 'outbound') {
    Object.assign(params, {
      ALegUUID: setup.uuid,
      ALegRequestUUID: setup.uuid,
      RequestUUID: setup.uuid,
      CallerName: setup.callerName,
      STIRAttestation: 'Not Applicable',
      STIRVerification: 'Not Applicable',
    });
  }
  return { ...params, ...setup.sipHeaders };
}

export function callIdentityParams(rec: CallRecord, ctx: SandboxContext): Record<string, string> {
  const { setup } = rec;
  return {
    From: webhookNumber(setup.from),
    To: webhookNumber(setup.to),
    CallUUID: setup.uuid,
    ParentAuthID: ctx.authId,
  };
}

/** hangup_url's parameters; `rec.hangup` is set by then. */
export function hangupParams(
  rec: CallRecord,
  ctx: SandboxContext,
  durationS: number,
): Record<string, string> {
  const info = rec.hangup!;
  const time = (ms: number | undefined) =>
    ms === undefined ? '' : formatConsoleTime(ms, ctx.consoleTimeZone);
  return {
    ...callWebhookParams(rec, ctx),
    Event: 'Hangup',
    HangupCause: info.cause,
    HangupCauseCode: String(info.code),
    HangupCauseName: info.name,
    HangupSource: info.source,
    Duration: String(durationS),
    BillDuration: String(billSeconds(durationS)),
    BillRate: '0.00000',
    TotalCost: '0.00000',
    StartTime: time(rec.createdAt),
    AnswerTime: time(rec.answeredAt),
    EndTime: time(rec.endedAt),
  };
}

/** Seconds since answer, rounded up; 0 for a call never answered. */
export function callDurationS(rec: CallRecord): number {
  const { answeredAt, endedAt } = rec;
  if (answeredAt === undefined) return 0;
  return Math.ceil(((endedAt ?? rec.now()) - answeredAt) / 1000);
}

export function billSeconds(durationS: number): number {
  return durationS > 0 ? Math.ceil(durationS / 60) * 60 : 0;
}
