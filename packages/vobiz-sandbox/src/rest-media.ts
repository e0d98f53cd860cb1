import { randomUUID } from 'node:crypto';
import { DEFAULT_CONTENT_TYPE, parseContentType } from './codec.js';
import { HttpError, readJson, sendJson, sendNoContent } from './http-util.js';
import {
  inProgressRunner,
  invalid,
  methodField,
  notInProgress,
  optionalBoolean,
  optionalNumber,
  optionalString,
  optionalUrl,
  requiredString,
  requiredUrl,
} from './rest-fields.js';
import type { RouteContext } from './rest-routes.js';
import type { AudioTrack } from './stream-client.js';
import { parseKeyValueList } from './xml-parse.js';

// Mid-call Speak/Play/DTMF: the sandbox records them in the call log; nothing is synthesized.

function legsField(body: Record<string, unknown>, field: 'legs' | 'leg'): string {
  const legs = (optionalString(body, field) ?? 'aleg').toLowerCase();
  const allowed = ['aleg', 'bleg', 'both'];
  if (!allowed.includes(legs)) throw invalid(field, `${field} must be ${allowed.join(', ')}`);
  return legs;
}

export async function speak(c: RouteContext): Promise<void> {
  const runner = inProgressRunner(c);
  const body = await readJson(c.req);
  const text = requiredString(body, 'text');
  runner.rec.push('api_speak', { text, legs: legsField(body, 'legs') });
  sendJson(c.res, 202, { api_id: randomUUID(), message: 'speak started' });
}

export function stopSpeak(c: RouteContext): void {
  inProgressRunner(c).rec.push('api_speak_stopped', {});
  sendNoContent(c.res);
}

export async function play(c: RouteContext): Promise<void> {
  const runner = inProgressRunner(c);
  const body = await readJson(c.req);
  const raw = body.urls;
  const urls = (Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(',') : [])
    .map((u) => u.trim())
    .filter(Boolean);
  if (urls.length === 0) throw invalid('urls', 'Missing required field: urls');
  runner.rec.push('api_play', { urls, legs: legsField(body, 'legs') });
  sendJson(c.res, 202, { api_id: randomUUID(), message: 'play started' });
}

export function stopPlay(c: RouteContext): void {
  inProgressRunner(c).rec.push('api_play_stopped', {});
  sendNoContent(c.res);
}

export async function dtmf(c: RouteContext): Promise<void> {
  const runner = inProgressRunner(c);
  const body = await readJson(c.req);
  const digits = requiredString(body, 'digits');
  if (!/^[0-9*#wWA-Da-d]+$/.test(digits))
    throw invalid('digits', 'digits may contain 0-9, *, #, A-D, w and W');
  // DTMF takes the singular `leg`, unlike Speak/Play's `legs`; a client that sends `legs` is not refused.
  const leg = legsField(body, body.leg === undefined && body.legs !== undefined ? 'legs' : 'leg');
  runner.rec.push('api_dtmf', { digits, leg });
  sendJson(c.res, 202, { api_id: randomUUID(), message: 'digits sent' });
}

export function stopDtmf(c: RouteContext): void {
  inProgressRunner(c);
  sendNoContent(c.res);
}

/** POST …/Stream/ — forks the call's audio to a WebSocket, like <Stream> but owned by the call. */
export async function startStream(c: RouteContext): Promise<void> {
  const runner = inProgressRunner(c);
  const body = await readJson(c.req);
  const url = requiredUrl(body, 'service_url', ['ws:', 'wss:']);
  const bidirectional = optionalBoolean(body, 'bidirectional') ?? false;
  const audioTrack = (optionalString(body, 'audio_track') ?? 'inbound') as AudioTrack;
  if (!['inbound', 'outbound', 'both'].includes(audioTrack)) {
    throw invalid('audio_track', 'audio_track must be inbound, outbound or both');
  }
  if (bidirectional && audioTrack !== 'inbound') {
    throw invalid('audio_track', 'bidirectional streams support only audio_track=inbound');
  }
  const contentType = optionalString(body, 'content_type') ?? audioFormat(body) ?? DEFAULT_CONTENT_TYPE;
  if (!parseContentType(contentType))
    throw invalid('content_type', `unsupported content_type ${contentType}`);
  const extra = parseKeyValueList(optionalString(body, 'extra_headers'));
  if (extra.rejected.length > 0) throw invalid('extra_headers', 'extra_headers allow only [A-Za-z0-9]');
  const session = runner.startStream(
    {
      url,
      bidirectional,
      audioTrack,
      contentType,
      keepCallAlive: false,
      streamTimeoutS: optionalNumber(body, 'stream_timeout') ?? 86400,
      maxRetries: 0,
      statusCallbackUrl: optionalUrl(body, 'status_callback_url'),
      statusCallbackMethod: methodField(body, 'status_callback_method'),
      extraHeaders: extra.values,
      source: 'api',
    },
    undefined,
  );
  sendJson(c.res, 202, { api_id: randomUUID(), stream_id: session.streamId, message: 'Stream started' });
}

/**
 * Vobiz's Node SDK sends `audio_format: pcm | mulaw` where the docs page has `content_type`; both
 * are accepted, and an explicit `content_type` wins. PCM is L16 at the documented default 8 kHz.
 */
function audioFormat(body: Record<string, unknown>): string | undefined {
  const format = optionalString(body, 'audio_format')?.toLowerCase();
  if (format === undefined) return undefined;
  if (format === 'mulaw') return 'audio/x-mulaw;rate=8000';
  if (format === 'pcm') return 'audio/x-l16;rate=8000';
  throw invalid('audio_format', 'audio_format must be pcm or mulaw');
}

function anyRunner(c: RouteContext) {
  const uuid = c.params.uuid ?? '';
  const runner = c.api.ctx.runners.get(uuid);
  if (!runner) throw notInProgress(uuid);
  return runner;
}

export function listStreams(c: RouteContext): void {
  const streams = [...new Set(anyRunner(c).allStreams.values())];
  const limit = Number(c.query.get('limit') ?? 20) || 20;
  const offset = Number(c.query.get('offset') ?? 0) || 0;
  sendJson(c.res, 200, {
    api_id: randomUUID(),
    meta: { limit, offset, total_count: streams.length, next: null, previous: null },
    objects: streams.slice(offset, offset + limit).map((s) => s.describe()),
  });
}

export function getStream(c: RouteContext): void {
  const stream = anyRunner(c).allStreams.get(c.params.streamId ?? '');
  if (!stream) throw new HttpError(404, 'NOT_FOUND', `Stream ${c.params.streamId} not found`);
  sendJson(c.res, 200, { api_id: randomUUID(), ...stream.describe() });
}

export function stopStream(c: RouteContext): void {
  const runner = anyRunner(c);
  const stream = runner.allStreams.get(c.params.streamId ?? '');
  if (!stream?.active) throw new HttpError(404, 'NOT_FOUND', `Stream ${c.params.streamId} is not active`);
  stream.close('api');
  sendNoContent(c.res);
}

export function stopAllStreams(c: RouteContext): void {
  const runner = inProgressRunner(c);
  for (const stream of [...runner.rec.streams]) stream.close('api');
  sendNoContent(c.res);
}
