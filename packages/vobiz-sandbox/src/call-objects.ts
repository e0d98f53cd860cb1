import { randomUUID } from 'node:crypto';
import { billSeconds } from './call-params.js';
import type { CallRunner } from './call-runner.js';
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

/**
 * `GET /account/{id}/cdr/{uuid}`: the shape of the Node SDK's GetCdrResponse, `{ data, success }`.
 * Unlike webhooks, CDR times are ISO-8601 UTC, `duration` is wall clock including the ring while
 * `billsec` counts answered seconds, and `caller_id_number` keeps its '+' (`destination_number` does not).
 */
export function cdrRecord(runner: CallRunner): { data: Record<string, unknown>; success: true } {
  const { rec, ctx } = runner;
  const { setup } = rec;
  const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
  const end = rec.endedAt ?? rec.now();
  const ringEnd = rec.answeredAt ?? end;
  const source = rec.hangup?.source;
  const sentByVobiz =
    source === 'Vobiz' || source === 'API Request' || source === 'Answer XML' || source === 'Error';
  return {
    success: true,
    data: {
      id: Number.parseInt(rec.uuid.replace(/-/g, '').slice(0, 8), 16),
      uuid: rec.uuid,
      account_id: ctx.authId,
      call_direction: setup.direction,
      caller_id_name: setup.callerName,
      caller_id_number: setup.from.trim(),
      destination_number: webhookNumber(setup.to),
      start_time: iso(rec.createdAt),
      progress_time: iso(rec.createdAt),
      answer_time: iso(rec.answeredAt),
      end_time: iso(rec.endedAt),
      created_at: iso(rec.createdAt),
      updated_at: iso(end),
      duration: Math.ceil((end - rec.createdAt) / 1000),
      billsec: runner.durationS(),
      ring_time: Math.round((ringEnd - rec.createdAt) / 1000),
      hangup_cause: rec.hangup?.cause ?? '',
      hangup_cause_code: rec.hangup?.code ?? 0,
      hangup_cause_name: rec.hangup?.name ?? '',
      hangup_source: source ?? '',
      hangup_disposition:
        rec.answeredAt === undefined ? 'send_cancel' : sentByVobiz ? 'send_bye' : 'recv_bye',
      bridge_uuid: rec.bridgeUuid ?? '',
      codec: 'PCMU',
      context: setup.direction === 'inbound' ? 'public' : 'default',
      cost: 0,
      total_cost: 0,
      streaming_cost: 0,
      currency: 'INR',
      jitter: 0,
      mos: 4.4,
      packet_loss: 0,
      network_addr: '127.0.0.1',
      region: 'sandbox',
      origination_region: 'sandbox',
      sip_call_id: `${rec.uuid}@sandbox`,
      sip_user_agent: 'Vobiz',
      campaign_id: null,
      carrier_ip: null,
      customer_endpoint: null,
      failure_code: null,
      failure_reason: null,
      terminated_to: null,
      trunk_id: null,
    },
  };
}
