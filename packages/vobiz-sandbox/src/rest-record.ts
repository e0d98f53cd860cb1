import { randomUUID } from 'node:crypto';
import type { CallRunner } from './call-runner.js';
import { HttpError, readJson, sendJson, sendNoContent } from './http-util.js';
import {
  inProgressRunner,
  invalid,
  methodField,
  optionalNumber,
  optionalString,
  optionalUrl,
} from './rest-fields.js';
import type { RouteContext } from './rest-routes.js';
import type { HttpMethod } from './types.js';

interface ApiRecording {
  id: string;
  url: string;
  apiId: string;
  startedAt: number;
  callbackUrl: string | undefined;
  callbackMethod: HttpMethod;
  timer: NodeJS.Timeout;
}

const recordings = new WeakMap<CallRunner, Map<string, ApiRecording>>();

function recordingsOf(runner: CallRunner): Map<string, ApiRecording> {
  let map = recordings.get(runner);
  if (!map) {
    const created = new Map<string, ApiRecording>();
    recordings.set(runner, created);
    // Recordings stop with the call, as the docs say; each still reports to its callback.
    runner.rec.ended.signal.addEventListener(
      'abort',
      () => {
        for (const r of [...created.values()]) finish(runner, r, 'call_ended');
      },
      { once: true },
    );
    map = created;
  }
  return map;
}

function finish(runner: CallRunner, r: ApiRecording, reason: string): void {
  const map = recordingsOf(runner);
  if (!map.delete(r.id)) return;
  clearTimeout(r.timer);
  const endedAt = runner.rec.now();
  const durationMs = endedAt - r.startedAt;
  runner.rec.push('record_stopped', { recordingId: r.id, durationMs, reason });
  if (!r.callbackUrl) return;
  runner.notify('record_callback', r.callbackUrl, r.callbackMethod, {
    api_id: r.apiId,
    record_url: r.url,
    call_uuid: runner.rec.uuid,
    recording_id: r.id,
    recording_duration: String(Math.round(durationMs / 1000)),
    recording_duration_ms: String(durationMs),
    recording_start_ms: String(r.startedAt),
    recording_end_ms: String(endedAt),
    recording_end_reason: reason,
  });
}

/** POST …/Call/{uuid}/Record/ — starts one more recording of the live call (several may run at once). */
export async function startRecording(c: RouteContext): Promise<void> {
  const runner = inProgressRunner(c);
  const body = await readJson(c.req);
  const format = (optionalString(body, 'file_format') ?? 'mp3').toLowerCase();
  if (format !== 'mp3' && format !== 'wav') throw invalid('file_format', 'file_format must be mp3 or wav');
  const channels = (optionalString(body, 'record_channel_type') ?? 'mono').toLowerCase();
  if (channels !== 'mono' && channels !== 'stereo')
    throw invalid('record_channel_type', 'record_channel_type must be mono or stereo');
  const timeLimitS = optionalNumber(body, 'time_limit') ?? 60;
  const id = randomUUID();
  const apiId = randomUUID();
  const recording: ApiRecording = {
    id,
    apiId,
    url: `${runner.ctx.url()}/recordings/${id}.${format}`,
    startedAt: runner.rec.now(),
    callbackUrl: optionalUrl(body, 'callback_url'),
    callbackMethod: methodField(body, 'callback_method'),
    timer: setTimeout(() => finish(runner, recording, 'time_limit'), runner.ctx.scaled(timeLimitS)),
  };
  recordingsOf(runner).set(id, recording);
  runner.rec.push('record_started', { recordingId: id, session: false });
  sendJson(c.res, 200, { api_id: apiId, message: 'recording started', recording_id: id, url: recording.url });
}

/** DELETE …/Call/{uuid}/Record/ — stops the recording named by `URL`, or every one when it is absent. */
export async function stopRecording(c: RouteContext): Promise<void> {
  const runner = inProgressRunner(c);
  const body = await readJson(c.req);
  const url = optionalString(body, 'URL') ?? optionalString(body, 'url');
  const active = [...recordingsOf(runner).values()];
  const chosen = url === undefined ? active : active.filter((r) => r.url === url);
  if (url !== undefined && chosen.length === 0)
    throw new HttpError(404, 'NOT_FOUND', `No active recording at ${url}`);
  for (const r of chosen) finish(runner, r, 'api');
  sendNoContent(c.res);
}
