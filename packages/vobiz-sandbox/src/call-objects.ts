import { randomUUID } from 'node:crypto';
import { billSeconds, type CallRunner } from './call-runner.js';
import { formatConsoleTime, formatSessionStart } from './clock.js';
import { webhookNumber } from './context.js';

/** `GET …/Call/{uuid}/?status=live` (fields of the Node SDK's GetLiveCallResponse). */
export function liveCallObject(runner: CallRunner): Record<string, unknown> {
  const { rec } = runner;
  const { setup } = rec;
  return {
    api_id: randomUUID(),
    call_status: rec.status,
    call_uuid: rec.uuid,
    caller_name: setup.callerName,
    direction: setup.direction,
    from: webhookNumber(setup.from),
    to: webhookNumber(setup.to),
    request_uuid: rec.uuid,
    session_start: formatSessionStart(rec.createdAt),
    stir_attestation: 'Not Applicable',
    stir_verification: 'Not Applicable',
  };
}

/** The record of an ended call (`GET …/Call/{uuid}/` without status, and `…/cdr/{uuid}`). */
export function cdrObject(runner: CallRunner): Record<string, unknown> {
  const { rec, ctx } = runner;
  const { setup } = rec;
  const time = (ms: number | undefined) =>
    ms === undefined ? null : formatConsoleTime(ms, ctx.consoleTimeZone);
  const duration = runner.durationS();
  const billed = billSeconds(duration);
  return {
    api_id: randomUUID(),
    call_uuid: rec.uuid,
    call_direction: setup.direction,
    from_number: webhookNumber(setup.from),
    to_number: webhookNumber(setup.to),
    caller_name: setup.callerName,
    call_state: rec.status,
    initiation_time: time(rec.createdAt),
    answer_time: time(rec.answeredAt),
    end_time: time(rec.endedAt),
    call_duration: duration,
    billsec: duration,
    bill_duration: billed,
    billed_duration: billed,
    hangup_cause: rec.hangup?.cause ?? null,
    hangup_cause_code: rec.hangup?.code ?? null,
    hangup_cause_name: rec.hangup?.name ?? null,
    hangup_source: rec.hangup?.source ?? null,
    bridge_uuid: rec.bridgeUuid ?? null,
    parent_call_uuid: null,
    total_amount: '0.00000',
    total_rate: '0.00000',
    cost: 0,
    total_cost: 0,
    streaming_cost: 0,
    currency: 'INR',
    resource_uri: `/api/v1/Account/${ctx.authId}/Call/${rec.uuid}/`,
  };
}
