import { randomUUID } from 'node:crypto';
import { cdrObject, cdrRecord, liveCallObject } from './call-objects.js';
import { HttpError, readJson, sendJson, sendNoContent } from './http-util.js';
import type { MachineDetection } from './outbound.js';
import {
  inProgressRunner,
  invalid,
  methodField,
  notInProgress,
  optionalNumber,
  optionalString,
  optionalUrl,
  requiredString,
  requiredUrl,
} from './rest-fields.js';
import type { RouteContext } from './rest-routes.js';
import { parseKeyValueList } from './xml-parse.js';

/** POST /Account/{id}/Call/ — rings `to` (up to 1000 destinations separated by '<'). */
export async function makeCall(c: RouteContext): Promise<void> {
  const body = await readJson(c.req);
  const from = requiredString(body, 'from');
  const to = requiredString(body, 'to');
  const answerUrl = requiredUrl(body, 'answer_url');
  const destinations = to
    .split('<')
    .map((d) => d.trim())
    .filter(Boolean);
  if (destinations.length === 0) throw invalid('to', 'to has no destination');
  if (destinations.length > 1000) throw invalid('to', 'to accepts at most 1000 destinations');
  const sipHeaders = parseKeyValueList(optionalString(body, 'sip_headers'));
  if (sipHeaders.rejected.length > 0) {
    throw invalid(
      'sip_headers',
      `sip_headers allow only [A-Za-z0-9] keys and values: ${sipHeaders.rejected.join(', ')}`,
    );
  }
  const common = {
    direction: 'outbound' as const,
    from,
    callerName: (optionalString(body, 'caller_name') ?? '').slice(0, 50),
    answerUrl,
    answerMethod: methodField(body, 'answer_method'),
    hangupUrl: optionalUrl(body, 'hangup_url'),
    hangupMethod: methodField(body, 'hangup_method'),
    fallbackUrl: optionalUrl(body, 'fallback_url'),
    fallbackMethod: methodField(body, 'fallback_method'),
    ringUrl: optionalUrl(body, 'ring_url'),
    ringMethod: methodField(body, 'ring_method'),
    sipHeaders: Object.fromEntries(Object.entries(sipHeaders.values).map(([k, v]) => [`X-VH-${k}`, v])),
    audio: undefined,
  };
  const options = {
    ringTimeoutS: optionalNumber(body, 'ring_timeout') ?? 120,
    timeLimitS: optionalNumber(body, 'time_limit') ?? 14400,
    machineDetection: machineDetectionOptions(body),
  };
  c.api.limiter.checkCall(c.api.liveCalls(), destinations.length);
  const uuids = destinations.map(
    (dest) => c.api.placeOutbound({ ...common, uuid: randomUUID(), to: dest }, options).rec.uuid,
  );
  sendJson(c.res, 201, {
    api_id: randomUUID(),
    message: 'call fired',
    request_uuid: uuids.length === 1 ? uuids[0] : uuids,
  });
}

/** `machine_detection` and its tuning fields, validated against the documented values and ranges. */
function machineDetectionOptions(body: Record<string, unknown>): MachineDetection | undefined {
  const raw = body.machine_detection;
  const mode =
    raw === true
      ? 'true'
      : raw === false
        ? undefined
        : optionalString(body, 'machine_detection')?.toLowerCase();
  const url = optionalUrl(body, 'machine_detection_url');
  const ranges: Array<[string, number, number]> = [
    ['machine_detection_time', 2000, 10000],
    ['machine_detection_maximum_speech_length', 1000, 6000],
    ['machine_detection_initial_silence', 2000, 10000],
    ['machine_detection_maximum_words', 2, 10],
    ['machine_detection_initial_greeting', 1000, 5000],
  ];
  for (const [field, min, max] of ranges) {
    const n = optionalNumber(body, field);
    if (n !== undefined && (n < min || n > max))
      throw invalid(field, `${field} must be between ${min} and ${max}`);
  }
  if (mode === undefined || mode === 'false') {
    if (url)
      throw invalid('machine_detection', 'machine_detection_url needs machine_detection "true" or "hangup"');
    return undefined;
  }
  if (mode !== 'true' && mode !== 'hangup')
    throw invalid('machine_detection', 'machine_detection must be "true" or "hangup"');
  return {
    mode,
    timeMs: optionalNumber(body, 'machine_detection_time') ?? 5000,
    url,
    method: methodField(body, 'machine_detection_method'),
  };
}

/** GET /Account/{id}/Call?status=live lists live call UUIDs; without status, ended calls' records. */
export function listCalls(c: RouteContext): void {
  const runners = [...c.api.ctx.runners.values()];
  const status = c.query.get('status');
  if (status === 'live') {
    const calls = runners.filter((r) => !r.rec.isEnded).map((r) => r.rec.uuid);
    sendJson(c.res, 200, { api_id: randomUUID(), calls });
    return;
  }
  if (status) {
    // The sandbox never queues calls.
    sendJson(c.res, 200, { api_id: randomUUID(), calls: [] });
    return;
  }
  const ended = runners.filter((r) => r.rec.isEnded);
  const limit = Math.min(Number(c.query.get('limit') ?? 20) || 20, 20);
  const offset = Number(c.query.get('offset') ?? 0) || 0;
  sendJson(c.res, 200, {
    api_id: randomUUID(),
    meta: { limit, offset, total_count: ended.length, next: null, previous: null },
    objects: ended.slice(offset, offset + limit).map(cdrObject),
  });
}

/** GET …/Call/{uuid}/?status=live → the live call; without status → the record of an ended call. */
export function getCall(c: RouteContext): void {
  const uuid = c.params.uuid ?? '';
  const runner = c.api.ctx.runners.get(uuid);
  const status = c.query.get('status');
  if (status === 'live') {
    if (!runner || runner.rec.isEnded) throw notInProgress(uuid);
    sendJson(c.res, 200, liveCallObject(runner));
    return;
  }
  if (status || !runner?.rec.isEnded) throw new HttpError(404, 'NOT_FOUND', `No call record for ${uuid}`);
  sendJson(c.res, 200, cdrObject(runner));
}

export function cdr(c: RouteContext): void {
  const uuid = c.params.uuid ?? '';
  const runner = c.api.ctx.runners.get(uuid);
  if (!runner?.rec.isEnded) throw new HttpError(404, 'NOT_FOUND', `No CDR for ${uuid}`);
  sendJson(c.res, 200, cdrRecord(runner));
}

/** POST …/Call/{uuid}/ — the Transfer API. */
export async function transfer(c: RouteContext): Promise<void> {
  const runner = inProgressRunner(c);
  const body = await readJson(c.req);
  const legs = (optionalString(body, 'legs') ?? 'aleg').toLowerCase();
  if (legs !== 'aleg' && legs !== 'bleg' && legs !== 'both')
    throw invalid('legs', 'legs must be aleg, bleg or both');
  const alegUrl = optionalUrl(body, 'aleg_url');
  const blegUrl = optionalUrl(body, 'bleg_url');
  if (legs !== 'bleg' && !alegUrl)
    throw invalid('aleg_url', 'aleg_url is required when legs is aleg or both');
  if (legs !== 'aleg' && !blegUrl)
    throw invalid('bleg_url', 'bleg_url is required when legs is bleg or both');
  if (legs === 'bleg' && !runner.rec.bridge) {
    throw new HttpError(404, 'NOT_FOUND', `Call ${runner.rec.uuid} has no bridged B-leg to transfer`);
  }
  runner.transfer(
    legs,
    alegUrl ? { url: alegUrl, method: methodField(body, 'aleg_method') } : undefined,
    blegUrl ? { url: blegUrl, method: methodField(body, 'bleg_method') } : undefined,
  );
  sendJson(c.res, 202, { api_id: randomUUID(), message: 'call transferred', call_uuid: runner.rec.uuid });
}

/** DELETE …/Call/{uuid}/ — 204; 404 once the call has ended. */
export function hangup(c: RouteContext): void {
  const uuid = c.params.uuid ?? '';
  const runner = c.api.ctx.runners.get(uuid);
  if (!runner || runner.rec.isEnded) throw notInProgress(uuid);
  runner.hangupByApi();
  sendNoContent(c.res);
}

export function me(c: RouteContext): void {
  sendJson(c.res, 200, {
    api_id: randomUUID(),
    auth_id: c.api.ctx.authId,
    name: 'Vobiz Sandbox',
    account_type: 'sandbox',
    status: 'active',
  });
}
