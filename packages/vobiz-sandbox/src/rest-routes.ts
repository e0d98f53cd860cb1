import type { IncomingMessage, ServerResponse } from 'node:http';
import { authIdMismatch, checkCredentials, wrongPathShape } from './auth.js';
import type { CallSetup } from './call.js';
import type { CallRunner } from './call-runner.js';
import type { SandboxContext } from './context.js';
import { HttpError, sendError } from './http-util.js';
import type { OutboundOptions } from './outbound.js';
import type { RateLimiter } from './rate-limit.js';
import * as calls from './rest-calls.js';
import * as conference from './rest-conference.js';
import * as media from './rest-media.js';
import * as record from './rest-record.js';

/** What the REST handlers need from the sandbox. */
export interface RestApi {
  ctx: SandboxContext;
  authToken: string;
  limiter: RateLimiter;
  liveCalls(): number;
  placeOutbound(setup: CallSetup, options: OutboundOptions): CallRunner;
}

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
  api: RestApi;
}

type Method = 'GET' | 'POST' | 'DELETE';

interface Route {
  method: Method;
  strict: RegExp;
  loose: RegExp;
  names: string[];
  handler: (c: RouteContext) => Promise<void> | void;
}

/**
 * `slash: 'required'` reproduces Vobiz's 401 on a missing trailing slash; GET and DELETE accept
 * both forms because Vobiz's own SDK omits the slash there.
 */
function route(
  method: Method,
  path: string,
  slash: 'required' | 'optional',
  handler: Route['handler'],
): Route {
  const names: string[] = [];
  const body = path
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return {
    method,
    names,
    strict: new RegExp(`^/${body}${slash === 'required' ? '/' : '/?'}$`),
    loose: new RegExp(`^/${body}/?$`, 'i'),
    handler,
  };
}

const CALL = '/Account/:authId/Call/:uuid';
const CONF = '/Account/:authId/Conference';
const ROOM = `${CONF}/:name`;
const MEMBER = `${ROOM}/Member/:memberId`;

const routes: Route[] = [
  route('POST', '/Account/:authId/Call', 'required', calls.makeCall),
  route('GET', '/Account/:authId/Call', 'optional', calls.listCalls),
  route('GET', CALL, 'optional', calls.getCall),
  route('POST', CALL, 'required', calls.transfer),
  route('DELETE', CALL, 'optional', calls.hangup),
  route('POST', `${CALL}/Speak`, 'required', media.speak),
  route('DELETE', `${CALL}/Speak`, 'optional', media.stopSpeak),
  route('POST', `${CALL}/Play`, 'required', media.play),
  route('DELETE', `${CALL}/Play`, 'optional', media.stopPlay),
  route('POST', `${CALL}/DTMF`, 'required', media.dtmf),
  route('DELETE', `${CALL}/DTMF`, 'optional', media.stopDtmf),
  route('POST', `${CALL}/Stream`, 'required', media.startStream),
  route('GET', `${CALL}/Stream`, 'optional', media.listStreams),
  route('DELETE', `${CALL}/Stream`, 'optional', media.stopAllStreams),
  route('GET', `${CALL}/Stream/:streamId`, 'optional', media.getStream),
  route('DELETE', `${CALL}/Stream/:streamId`, 'optional', media.stopStream),
  route('POST', `${CALL}/Record`, 'required', record.startRecording),
  route('DELETE', `${CALL}/Record`, 'optional', record.stopRecording),
  route('GET', CONF, 'optional', conference.listConferences),
  route('DELETE', CONF, 'optional', conference.hangupAllConferences),
  route('GET', ROOM, 'optional', conference.getConference),
  route('DELETE', ROOM, 'optional', conference.hangupConference),
  route('POST', `${ROOM}/Record`, 'required', conference.recordConference),
  route('DELETE', `${ROOM}/Record`, 'optional', conference.stopRecordConference),
  route('DELETE', MEMBER, 'optional', conference.hangupMember),
  route('POST', `${MEMBER}/Kick`, 'required', conference.kickMember),
  route('POST', `${MEMBER}/Mute`, 'required', conference.muteMember),
  route('DELETE', `${MEMBER}/Mute`, 'optional', conference.unmuteMember),
  route('POST', `${MEMBER}/Deaf`, 'required', conference.deafMember),
  route('DELETE', `${MEMBER}/Deaf`, 'optional', conference.undeafMember),
  route('POST', `${MEMBER}/Play`, 'required', conference.playMember),
  route('DELETE', `${MEMBER}/Play`, 'optional', conference.stopPlayMember),
  route('POST', `${MEMBER}/Speak`, 'required', conference.speakMember),
  route('DELETE', `${MEMBER}/Speak`, 'optional', conference.stopSpeakMember),
  // CDRs live under lowercase paths on Vobiz; the docs show both casings of "account".
  route('GET', '/account/:authId/cdr/:uuid', 'optional', calls.cdr),
  route('GET', '/Account/:authId/cdr/:uuid', 'optional', calls.cdr),
  route('GET', '/auth/me', 'optional', calls.me),
];

export const API_PREFIX = '/api/v1';

/** Handles one request under /api/v1: credentials, then exact-path routing. */
export async function dispatch(req: IncomingMessage, res: ServerResponse, api: RestApi): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    let path = url.pathname.slice(API_PREFIX.length) || '/';
    // Vobiz's Node SDK joins `api/v1/…` onto its base URL, so a client handed the printed base URL
    // (which already ends in /api/v1) asks for /api/v1/api/v1/…: the same API.
    if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) path = path.slice(API_PREFIX.length) || '/';
    const method = (req.method ?? 'GET').toUpperCase();
    checkCredentials(req, api.ctx.authId, api.authToken);
    for (const r of routes) {
      const m = r.method === method ? r.strict.exec(path) : null;
      if (!m) continue;
      const params = Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')]));
      if (params.authId !== undefined && params.authId !== api.ctx.authId) throw authIdMismatch();
      await r.handler({ req, res, params, query: url.searchParams, api });
      return;
    }
    if (routes.some((r) => r.method === method && r.loose.test(path))) throw wrongPathShape();
    if (routes.some((r) => r.strict.test(path))) {
      throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on this path`);
    }
    throw new HttpError(404, 'NOT_FOUND', `No API at ${url.pathname}`);
  } catch (err) {
    if (err instanceof HttpError) {
      sendError(res, err);
      return;
    }
    console.error('[vobiz-sandbox] request failed:', err);
    sendError(res, new HttpError(500, 'INTERNAL_ERROR', 'Internal sandbox error'));
  }
}
