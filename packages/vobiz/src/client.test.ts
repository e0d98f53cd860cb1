import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HandoffError } from '@handoff/core';
import { afterEach, describe, expect, it } from 'vitest';
import { HANDOFF_VERSION, VobizClient, type VobizClientOptions } from './client.js';
import { VobizError } from './errors.js';

// A deliberately dumb server: it records exactly what arrived on the wire and replays canned
// answers, so every assertion below is about bytes, not about our own client's idea of them.

interface Seen {
  method: string;
  url: string;
  rawHeaders: string[];
  headers: IncomingHttpHeaders;
  body: string;
}

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Record<string, unknown>;
  delayMs?: number;
}

interface TestServer {
  baseUrl: string;
  seen: Seen[];
  close(): Promise<void>;
}

const servers: TestServer[] = [];

async function startServer(replies: Reply[] | ((seen: Seen, index: number) => Reply)): Promise<TestServer> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry: Seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        rawHeaders: req.rawHeaders,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(entry);
      const index = seen.length - 1;
      const reply =
        typeof replies === 'function' ? replies(entry, index) : (replies[index] ?? { status: 599 });
      const send = () => {
        if (res.destroyed) return;
        const body =
          reply.body === undefined
            ? ''
            : typeof reply.body === 'string'
              ? reply.body
              : JSON.stringify(reply.body);
        const headers: Record<string, string> = { ...reply.headers };
        if (typeof reply.body === 'object') headers['content-type'] ??= 'application/json';
        res.writeHead(reply.status, headers);
        res.end(body);
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const handle: TestServer = {
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(handle);
  return handle;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const AUTH_ID = 'MA_TEST1234';
const AUTH_TOKEN = 'tok_s3cret_value';
const CALL = '2ded13fe-4f9b-4958-9bfb-093ea2f29f91';

function client(server: TestServer, options: Partial<VobizClientOptions> = {}): VobizClient {
  return new VobizClient({
    authId: AUTH_ID,
    authToken: AUTH_TOKEN,
    baseUrl: `${server.baseUrl}/`,
    retryBaseDelayMs: 1,
    ...options,
  });
}

/** Header as sent, with its exact spelling (Node lower-cases `req.headers`, not `rawHeaders`). */
function rawHeader(seen: Seen, name: string): string | undefined {
  for (let i = 0; i < seen.rawHeaders.length; i += 2) {
    if (seen.rawHeaders[i] === name) return seen.rawHeaders[i + 1];
  }
  return undefined;
}

function expectAuth(seen: Seen): void {
  expect(rawHeader(seen, 'X-Auth-ID')).toBe(AUTH_ID);
  expect(rawHeader(seen, 'X-Auth-Token')).toBe(AUTH_TOKEN);
  expect(seen.headers['user-agent']).toBe(`handoff/${HANDOFF_VERSION}`);
  expect(seen.headers.authorization).toBeUndefined();
}

function expectJsonBody(seen: Seen, body: Record<string, unknown>): void {
  expect(seen.headers['content-type']).toBe('application/json');
  expect(JSON.parse(seen.body)).toEqual(body);
}

async function caught(promise: Promise<unknown>): Promise<VobizError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(VobizError);
    return error as VobizError;
  }
  throw new Error('expected a rejection');
}

const ACCOUNT = `/api/v1/Account/${AUTH_ID}`;

describe('VobizClient wire format', () => {
  it('transferCall posts the documented JSON to the PascalCase path with a trailing slash', async () => {
    const server = await startServer([
      { status: 202, body: { api_id: 'api-1', message: 'call transferred', call_uuid: CALL } },
    ]);
    const result = await client(server).transferCall(CALL, {
      alegUrl: 'https://gw.example/vobiz/handoff/h1?t=a&b=c',
    });
    expect(result).toEqual({ apiId: 'api-1', message: 'call transferred', callUuid: CALL });
    const [req] = server.seen;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe(`${ACCOUNT}/Call/${CALL}/`);
    expectAuth(req!);
    expectJsonBody(req!, {
      legs: 'aleg',
      aleg_url: 'https://gw.example/vobiz/handoff/h1?t=a&b=c',
      aleg_method: 'POST',
    });
  });

  it('transferCall sends both legs and accepts a call_uuids array', async () => {
    const server = await startServer([
      { status: 202, body: { message: 'call transferred', call_uuids: [CALL] } },
    ]);
    const result = await client(server).transferCall('other', {
      legs: 'both',
      alegUrl: 'https://a.example/x',
      blegUrl: 'https://b.example/y',
      blegMethod: 'GET',
    });
    expect(result).toEqual({ message: 'call transferred', callUuid: CALL });
    expectJsonBody(server.seen[0]!, {
      legs: 'both',
      aleg_url: 'https://a.example/x',
      aleg_method: 'POST',
      bleg_url: 'https://b.example/y',
      bleg_method: 'GET',
    });
  });

  it('transferCall reads a reply field of the wrong type as absent', async () => {
    const server = await startServer([
      { status: 202, body: { api_id: 7, message: ['no'], call_uuid: null, call_uuids: [CALL, 3] } },
      { status: 202, body: { api_id: 'a1', message: 'ok', call_uuid: 9, call_uuids: [CALL] } },
    ]);
    const c = client(server);
    expect(await c.transferCall('other', { alegUrl: 'https://a.example/x' })).toEqual({
      message: '',
      callUuid: 'other',
    });
    expect(await c.transferCall('other', { alegUrl: 'https://a.example/x' })).toEqual({
      apiId: 'a1',
      message: 'ok',
      callUuid: CALL,
    });
  });

  it('transferCall validates the leg URLs before sending anything', async () => {
    const server = await startServer([]);
    const c = client(server);
    const missingA = await caught(c.transferCall(CALL, {}));
    expect(missingA.code).toBe('invalid_request');
    expect(missingA.status).toBe(0);
    expect(missingA.message).toMatch(/alegUrl/);
    expect(
      (await caught(c.transferCall(CALL, { legs: 'bleg', alegUrl: 'https://a.example' }))).message,
    ).toMatch(/blegUrl/);
    expect((await caught(c.transferCall(CALL, { alegUrl: '/relative' }))).code).toBe('invalid_request');
    expect(server.seen).toHaveLength(0);
  });

  it('URL-encodes path segments', async () => {
    const server = await startServer([{ status: 204 }]);
    await client(server).hangupCall('a/b c?d');
    expect(server.seen[0]?.url).toBe(`${ACCOUNT}/Call/a%2Fb%20c%3Fd/`);
  });

  it('hangupCall sends DELETE and treats 404 as already ended', async () => {
    const server = await startServer([{ status: 204 }, { status: 404, body: { error: 'call not found' } }]);
    const c = client(server);
    expect(await c.hangupCall(CALL)).toEqual({ alreadyEnded: false });
    expect(await c.hangupCall(CALL)).toEqual({ alreadyEnded: true });
    expect(server.seen.map((s) => [s.method, s.url])).toEqual([
      ['DELETE', `${ACCOUNT}/Call/${CALL}/`],
      ['DELETE', `${ACCOUNT}/Call/${CALL}/`],
    ]);
    expectAuth(server.seen[0]!);
    expect(server.seen[0]?.headers['content-type']).toBeUndefined();
    expect(server.seen[0]?.body).toBe('');
  });

  it('getLiveCall asks for status=live and maps the live call object', async () => {
    const server = await startServer([
      {
        status: 200,
        body: {
          api_id: 'a2',
          call_status: 'in-progress',
          call_uuid: CALL,
          caller_name: 'Asha',
          direction: 'inbound',
          from: '919800000001',
          to: '918000000000',
          request_uuid: CALL,
          session_start: '2026-07-21 08:08:38.662991',
          stir_attestation: 'Not Applicable',
          stir_verification: 'Not Applicable',
        },
      },
      { status: 404, body: { api_id: 'a3', error: 'call not found' } },
    ]);
    const c = client(server);
    const live = await c.getLiveCall(CALL);
    expect(server.seen[0]?.method).toBe('GET');
    expect(server.seen[0]?.url).toBe(`${ACCOUNT}/Call/${CALL}/?status=live`);
    expectAuth(server.seen[0]!);
    expect(live).toMatchObject({
      callStatus: 'in-progress',
      callUuid: CALL,
      callerName: 'Asha',
      direction: 'inbound',
      from: '919800000001',
      to: '918000000000',
      requestUuid: CALL,
      apiId: 'a2',
    });
    expect(live?.raw.stir_attestation).toBe('Not Applicable');
    expect(await c.getLiveCall(CALL)).toBeUndefined();
  });

  it('getLiveCall reads a 200 with a final call_status as not live', async () => {
    const statuses = ['completed', 'busy', 'failed', 'timeout', 'no-answer', 'Completed'];
    const server = await startServer(
      statuses.map((call_status) => ({ status: 200, body: { api_id: 'a5', call_status, call_uuid: CALL } })),
    );
    const c = client(server);
    for (const _ of statuses) expect(await c.getLiveCall(CALL)).toBeUndefined();
    expect(server.seen).toHaveLength(statuses.length);
  });

  it('makeCall maps options to snake_case and reads request_uuid from a 201', async () => {
    const server = await startServer([
      { status: 201, body: { api_id: 'a4', message: 'Call fired', request_uuid: CALL } },
    ]);
    const result = await client(server).makeCall({
      from: '+918000000000',
      to: ['+919800000001', '+919800000002'],
      answerUrl: 'https://gw.example/answer?x=1&y=2',
      hangupUrl: 'https://gw.example/hangup',
      ringUrl: 'https://gw.example/ring',
      fallbackUrl: 'https://gw.example/fallback',
      callerName: 'Handoff',
      timeLimit: 600,
      ringTimeout: 30,
      machineDetection: 'hangup',
      sipHeaders: { handoffId: 'h123' },
      extra: { machine_detection_timeout: 5, answer_method: 'GET' },
    });
    expect(result).toEqual({ apiId: 'a4', message: 'Call fired', requestUuid: CALL, requestUuids: [CALL] });
    const [req] = server.seen;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe(`${ACCOUNT}/Call/`);
    expectAuth(req!);
    expectJsonBody(req!, {
      from: '+918000000000',
      to: '+919800000001<+919800000002',
      answer_url: 'https://gw.example/answer?x=1&y=2',
      answer_method: 'POST',
      hangup_url: 'https://gw.example/hangup',
      ring_url: 'https://gw.example/ring',
      fallback_url: 'https://gw.example/fallback',
      caller_name: 'Handoff',
      time_limit: 600,
      ring_timeout: 30,
      machine_detection: 'hangup',
      sip_headers: 'handoffId=h123',
      machine_detection_timeout: 5,
    });
  });

  it('makeCall accepts a 200 with a lower-case message and a list of request uuids', async () => {
    const server = await startServer([
      { status: 200, body: { message: 'call fired', request_uuid: ['u1', 'u2'] } },
    ]);
    const result = await client(server).makeCall({ from: '1', to: '2', answerUrl: 'https://a.example' });
    expect(result.requestUuid).toBe('u1');
    expect(result.requestUuids).toEqual(['u1', 'u2']);
  });

  it('makeCall treats a 2xx without request_uuid as an unknown outcome', async () => {
    const server = await startServer([{ status: 201, body: { message: 'call fired' } }]);
    const error = await caught(
      client(server).makeCall({ from: '1', to: '2', answerUrl: 'https://a.example' }),
    );
    expect(error.code).toBe('invalid_response');
    expect(error.outcomeUnknown).toBe(true);
  });

  it('speak, play and sendDigits post to their sub-resources; stops send DELETE', async () => {
    const server = await startServer((seen) =>
      seen.method === 'DELETE' ? { status: 204 } : { status: 202, body: { api_id: 'x', message: 'ok' } },
    );
    const c = client(server);
    await c.speak(CALL, {
      text: 'Hello & welcome',
      voice: 'WOMAN',
      language: 'en-IN',
      legs: 'aleg',
      loop: false,
      mix: true,
    });
    await c.stopSpeak(CALL);
    await c.play(CALL, {
      urls: ['https://a.example/1.mp3', 'https://a.example/2,3.mp3'],
      legs: 'both',
      loop: true,
    });
    await c.stopPlay(CALL);
    expect(await c.sendDigits(CALL, { digits: '12w#', leg: 'bleg' })).toEqual({ apiId: 'x', message: 'ok' });

    expect(server.seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      `POST ${ACCOUNT}/Call/${CALL}/Speak/`,
      `DELETE ${ACCOUNT}/Call/${CALL}/Speak/`,
      `POST ${ACCOUNT}/Call/${CALL}/Play/`,
      `DELETE ${ACCOUNT}/Call/${CALL}/Play/`,
      `POST ${ACCOUNT}/Call/${CALL}/DTMF/`,
    ]);
    for (const seen of server.seen) expectAuth(seen);
    expectJsonBody(server.seen[0]!, {
      text: 'Hello & welcome',
      voice: 'WOMAN',
      language: 'en-IN',
      legs: 'aleg',
      loop: false,
      mix: true,
    });
    expectJsonBody(server.seen[2]!, {
      urls: 'https://a.example/1.mp3,https://a.example/2%2C3.mp3',
      legs: 'both',
      loop: true,
    });
    expectJsonBody(server.seen[4]!, { digits: '12w#', leg: 'bleg' });
  });

  it('sendDigits rejects characters Vobiz cannot play', async () => {
    const server = await startServer([]);
    expect((await caught(client(server).sendDigits(CALL, { digits: '12;3' }))).code).toBe('invalid_request');
    expect(server.seen).toHaveLength(0);
  });

  it('startStream always sends the format fields explicitly', async () => {
    const server = await startServer([
      { status: 201, body: { stream_id: 'st-1', message: 'Stream started', api_id: 'a5' } },
      { status: 204 },
      { status: 204 },
    ]);
    const c = client(server);
    const started = await c.startStream(CALL, {
      serviceUrl: 'wss://agent.example/media/abc?x=1&y=2',
      bidirectional: true,
      audioTrack: 'inbound',
      contentType: 'audio/x-l16;rate=16000',
      streamTimeout: 3600,
      statusCallbackUrl: 'https://gw.example/stream-status',
      statusCallbackMethod: 'POST',
      extraHeaders: { handoffId: 'h1' },
    });
    expect(started).toEqual({ streamId: 'st-1', message: 'Stream started', apiId: 'a5' });
    expect(server.seen[0]?.url).toBe(`${ACCOUNT}/Call/${CALL}/Stream/`);
    expectJsonBody(server.seen[0]!, {
      service_url: 'wss://agent.example/media/abc?x=1&y=2',
      bidirectional: 'true',
      audio_track: 'inbound',
      content_type: 'audio/x-l16;rate=16000',
      stream_timeout: 3600,
      status_callback_url: 'https://gw.example/stream-status',
      status_callback_method: 'POST',
      extra_headers: 'handoffId=h1',
    });
    expect(await c.stopStream(CALL, 'st-1')).toEqual({ alreadyStopped: false });
    await c.stopStream(CALL);
    expect(server.seen.slice(1).map((s) => `${s.method} ${s.url}`)).toEqual([
      `DELETE ${ACCOUNT}/Call/${CALL}/Stream/st-1/`,
      `DELETE ${ACCOUNT}/Call/${CALL}/Stream/`,
    ]);
  });

  it('startStream rejects formats Vobiz does not stream', async () => {
    const server = await startServer([]);
    const error = await caught(
      client(server).startStream(CALL, {
        serviceUrl: 'wss://a.example',
        bidirectional: false,
        audioTrack: 'inbound',
        contentType: 'audio/x-mulaw;rate=16000' as never,
      }),
    );
    expect(error.code).toBe('invalid_request');
    expect(server.seen).toHaveLength(0);
  });
});

describe('VobizClient errors', () => {
  it('parses the documented envelope, honouring details.retryAfter', async () => {
    const server = await startServer([
      {
        status: 429,
        body: {
          status: 'error',
          error: {
            code: 'RATE_LIMIT_EXCEEDED',
            message: 'CPS limit reached',
            details: { limitType: 'cps', limit: 10, current: 15, retryAfter: 7 },
          },
          timestamp: '2026-07-21T08:00:00Z',
          requestId: 'req_abc',
        },
      },
    ]);
    const error = await caught(client(server, { retries: 0 }).getLiveCall(CALL));
    expect(error).toMatchObject({
      status: 429,
      code: 'RATE_LIMIT_EXCEEDED',
      retryAfter: 7,
      requestId: 'req_abc',
      details: { limitType: 'cps', limit: 10, current: 15, retryAfter: 7 },
    });
    expect(error.message).toContain('CPS limit reached');
  });

  it('parses the flat shape, taking an identifier-like error as the code', async () => {
    const server = await startServer([
      { status: 409, body: { error: 'did_cool_off_in_effect', details: { until: 'tomorrow' } } },
      { status: 400, body: { error: 'aleg_url is not a valid URL', details: {} } },
    ]);
    const c = client(server);
    const first = await caught(c.makeCall({ from: '1', to: '2', answerUrl: 'https://a.example' }));
    expect(first).toMatchObject({
      status: 409,
      code: 'did_cool_off_in_effect',
      details: { until: 'tomorrow' },
    });
    const second = await caught(c.makeCall({ from: '1', to: '2', answerUrl: 'https://a.example' }));
    expect(second).toMatchObject({ status: 400, code: 'bad_request' });
    expect(second.message).toContain('aleg_url is not a valid URL');
  });

  it('parses the Plivo-style shape, using api_id as the request id', async () => {
    const server = await startServer([{ status: 404, body: { api_id: 'plivo-like-1', error: 'not found' } }]);
    const error = await caught(client(server).speak(CALL, { text: 'hi' }));
    expect(error).toMatchObject({ status: 404, code: 'not_found', requestId: 'plivo-like-1' });
    expect(error.outcomeUnknown).toBeUndefined();
  });

  it('parses plain text and HTML bodies', async () => {
    const server = await startServer([
      { status: 401, body: 'Unauthorized', headers: { 'content-type': 'text/plain' } },
      {
        status: 502,
        body: '<html><head><title>502</title></head><body><h1>Bad Gateway</h1></body></html>',
        headers: { 'content-type': 'text/html' },
      },
    ]);
    const c = client(server, { retries: 0 });
    const text = await caught(c.getLiveCall(CALL));
    expect(text).toMatchObject({ status: 401, code: 'unauthorized', body: 'Unauthorized' });
    const html = await caught(c.getLiveCall(CALL));
    expect(html).toMatchObject({ status: 502, code: 'server_error' });
    expect(html.message).toContain('Bad Gateway');
    expect(html.message).not.toContain('<h1>');
  });

  it('lets the Retry-After header win over details.retryAfter', async () => {
    const server = await startServer([
      {
        status: 429,
        headers: { 'Retry-After': '12' },
        body: { status: 'error', error: { code: 'RATE_LIMIT_EXCEEDED', details: { retryAfter: 1 } } },
      },
      { status: 503, headers: { 'Retry-After': new Date(Date.now() + 3_600_000).toUTCString() } },
    ]);
    const c = client(server, { retries: 0 });
    expect((await caught(c.getLiveCall(CALL))).retryAfter).toBe(12);
    const dated = (await caught(c.getLiveCall(CALL))).retryAfter;
    expect(dated).toBeGreaterThan(3590);
    expect(dated).toBeLessThanOrEqual(3600);
  });

  it('never puts the auth token in an error, even when the server echoes it', async () => {
    const server = await startServer([{ status: 400, body: { error: `bad token ${AUTH_TOKEN}` } }]);
    const error = await caught(client(server).speak(CALL, { text: 'x' }));
    expect(error.message).not.toContain(AUTH_TOKEN);
    expect(error.body).not.toContain(AUTH_TOKEN);
    expect(error.message).toContain('[redacted]');
    expect(JSON.stringify(error)).not.toContain(AUTH_TOKEN);
  });

  it('reports a timeout as code timeout, status 0', async () => {
    const server = await startServer([{ status: 200, body: {}, delayMs: 1000 }]);
    const error = await caught(client(server, { timeoutMs: 100, retries: 0 }).getLiveCall(CALL));
    expect(error).toMatchObject({ status: 0, code: 'timeout' });
    expect(error.message).toContain('100 ms');
  });

  it('reports a refused connection as code network', async () => {
    const server = await startServer([]);
    const baseUrl = server.baseUrl;
    await server.close();
    servers.length = 0;
    const c = new VobizClient({ authId: AUTH_ID, authToken: AUTH_TOKEN, baseUrl, retries: 0 });
    const error = await caught(c.hangupCall(CALL));
    expect(error).toMatchObject({ status: 0, code: 'network' });
    expect(error.message).not.toContain(AUTH_TOKEN);
  });
});

describe('VobizClient retries', () => {
  it('retries a GET on 503 and then succeeds', async () => {
    const server = await startServer([
      { status: 503, body: 'busy' },
      { status: 200, body: { call_status: 'in-progress', call_uuid: CALL } },
    ]);
    const live = await client(server).getLiveCall(CALL);
    expect(live?.callStatus).toBe('in-progress');
    expect(server.seen.map((s) => s.method)).toEqual(['GET', 'GET']);
  });

  it('gives up after the configured number of retries', async () => {
    const server = await startServer(() => ({ status: 500, body: 'nope' }));
    const error = await caught(client(server, { retries: 2 }).hangupCall(CALL));
    expect(error.status).toBe(500);
    expect(server.seen).toHaveLength(3);
  });

  it('waits out Retry-After (seconds) before retrying', async () => {
    const server = await startServer([{ status: 429, headers: { 'Retry-After': '1' } }, { status: 204 }]);
    const started = Date.now();
    expect(await client(server).hangupCall(CALL)).toEqual({ alreadyEnded: false });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.seen).toHaveLength(2);
  });

  it('does not retry when Retry-After exceeds the longest allowed wait', async () => {
    const server = await startServer([{ status: 429, headers: { 'Retry-After': '30' } }, { status: 204 }]);
    const error = await caught(client(server, { retryMaxDelayMs: 1000 }).hangupCall(CALL));
    expect(error).toMatchObject({ status: 429, retryAfter: 30 });
    expect(server.seen).toHaveLength(1);
  });

  it('never retries other 4xx', async () => {
    const server = await startServer([
      { status: 400, body: { error: 'bad' } },
      { status: 200, body: {} },
    ]);
    await caught(client(server).getLiveCall(CALL));
    expect(server.seen).toHaveLength(1);
  });

  it('retries a POST on 429, since Vobiz rejected it before acting', async () => {
    const server = await startServer([
      { status: 429, headers: { 'Retry-After': '0' } },
      { status: 202, body: { message: 'call transferred', call_uuid: CALL } },
    ]);
    await client(server).transferCall(CALL, { alegUrl: 'https://a.example/h' });
    expect(server.seen.map((s) => s.method)).toEqual(['POST', 'POST']);
  });

  it('never retries makeCall on 5xx and flags the outcome as unknown', async () => {
    const server = await startServer(() => ({ status: 500, body: { error: 'internal' } }));
    const error = await caught(
      client(server).makeCall({ from: '1', to: '2', answerUrl: 'https://a.example' }),
    );
    expect(error).toMatchObject({ status: 500, code: 'server_error', outcomeUnknown: true });
    expect(server.seen).toHaveLength(1);
  });

  it('never retries makeCall on timeout', async () => {
    const server = await startServer(() => ({ status: 201, body: { request_uuid: 'late' }, delayMs: 500 }));
    const error = await caught(
      client(server, { timeoutMs: 100 }).makeCall({ from: '1', to: '2', answerUrl: 'https://a.example' }),
    );
    expect(error).toMatchObject({ status: 0, code: 'timeout', outcomeUnknown: true });
    expect(server.seen).toHaveLength(1);
  });
});

describe('VobizClient transfer after an unknown outcome', () => {
  const transferPath = `${ACCOUNT}/Call/${CALL}/`;
  const livePath = `${transferPath}?status=live`;
  const liveBody = { call_status: 'in-progress', call_uuid: CALL };

  it('does not retry blindly on 500: one POST, one live check, original error rethrown', async () => {
    const server = await startServer((seen) =>
      seen.method === 'POST' ? { status: 500, body: { error: 'internal' } } : { status: 200, body: liveBody },
    );
    const error = await caught(client(server).transferCall(CALL, { alegUrl: 'https://gw.example/h' }));
    expect(error).toMatchObject({ status: 500, outcomeUnknown: true });
    expect(server.seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      `POST ${transferPath}`,
      `GET ${livePath}`,
    ]);
  });

  it('reports call_not_live when the call has gone', async () => {
    const server = await startServer((seen) =>
      seen.method === 'POST'
        ? { status: 502, body: 'bad gateway' }
        : { status: 404, body: { error: 'not found' } },
    );
    const error = await caught(client(server).transferCall(CALL, { alegUrl: 'https://gw.example/h' }));
    expect(error.code).toBe('call_not_live');
    expect(error.cause).toBeInstanceOf(VobizError);
    expect(server.seen.map((s) => s.method)).toEqual(['POST', 'GET']);
  });

  it('reports call_not_live, retrying nothing, when the live-call lookup says completed', async () => {
    let asked = 0;
    const server = await startServer((seen) =>
      seen.method === 'POST'
        ? { status: 502, body: 'bad gateway' }
        : { status: 200, body: { ...liveBody, call_status: 'completed' } },
    );
    const error = await caught(
      client(server).transferCall(CALL, {
        alegUrl: 'https://gw.example/h',
        verify: async () => {
          asked++;
          return false;
        },
      }),
    );
    expect(error.code).toBe('call_not_live');
    expect(asked).toBe(0);
    expect(server.seen.map((s) => s.method)).toEqual(['POST', 'GET']);
  });

  it('retries exactly once when verify() shows the transfer did not happen', async () => {
    let posts = 0;
    const server = await startServer((seen) => {
      if (seen.method === 'GET') return { status: 200, body: liveBody };
      posts++;
      return posts === 1
        ? { status: 500, body: 'oops' }
        : { status: 202, body: { api_id: 'r2', message: 'call transferred', call_uuid: CALL } };
    });
    let asked = 0;
    const result = await client(server).transferCall(CALL, {
      alegUrl: 'https://gw.example/h',
      verify: async () => {
        asked++;
        return false;
      },
    });
    expect(result).toEqual({ apiId: 'r2', message: 'call transferred', callUuid: CALL });
    expect(asked).toBe(1);
    expect(server.seen.map((s) => s.method)).toEqual(['POST', 'GET', 'POST']);
    expect(server.seen[2]?.body).toBe(server.seen[0]?.body);
  });

  it('does not retry a second time when the retry also fails', async () => {
    const server = await startServer((seen) =>
      seen.method === 'GET' ? { status: 200, body: liveBody } : { status: 500, body: 'still broken' },
    );
    const error = await caught(
      client(server).transferCall(CALL, { alegUrl: 'https://gw.example/h', verify: async () => false }),
    );
    expect(error.outcomeUnknown).toBe(true);
    expect(server.seen.map((s) => s.method)).toEqual(['POST', 'GET', 'POST']);
  });

  it('returns success without resending when verify() confirms the transfer', async () => {
    const server = await startServer((seen) =>
      seen.method === 'GET' ? { status: 200, body: liveBody } : { status: 200, body: {}, delayMs: 500 },
    );
    const result = await client(server, { timeoutMs: 100 }).transferCall(CALL, {
      alegUrl: 'https://gw.example/h',
      verify: async () => true,
    });
    expect(result).toMatchObject({ callUuid: CALL, verified: true });
    expect(server.seen.map((s) => s.method)).toEqual(['POST', 'GET']);
  });

  it('rethrows the original error when the live check itself fails', async () => {
    const server = await startServer((seen) =>
      seen.method === 'POST' ? { status: 500, body: 'x' } : { status: 401, body: 'Unauthorized' },
    );
    const error = await caught(
      client(server).transferCall(CALL, { alegUrl: 'https://gw.example/h', verify: async () => false }),
    );
    expect(error).toMatchObject({ status: 500, outcomeUnknown: true });
    expect(server.seen.map((s) => s.method)).toEqual(['POST', 'GET']);
  });

  it('does not enter the live check for a 4xx', async () => {
    const server = await startServer([{ status: 404, body: { error: 'call not in progress' } }]);
    const error = await caught(client(server).transferCall(CALL, { alegUrl: 'https://gw.example/h' }));
    expect(error.status).toBe(404);
    expect(server.seen).toHaveLength(1);
  });
});

describe('VobizClient construction', () => {
  it('strips a trailing slash from baseUrl and defaults to the production API', () => {
    expect(
      new VobizClient({ authId: 'a', authToken: 'b', baseUrl: 'https://x.example/api/v1//' }).baseUrl,
    ).toBe('https://x.example/api/v1');
    expect(new VobizClient({ authId: 'a', authToken: 'b' }).baseUrl).toBe('https://api.vobiz.ai/api/v1');
  });

  it('rejects missing credentials with a typed error', () => {
    expect(() => new VobizClient({ authId: '', authToken: 'b' })).toThrow(HandoffError);
    expect(() => new VobizClient({ authId: 'a', authToken: ' ' })).toThrow(/authToken/);
  });

  it('keeps the User-Agent version in step with package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(HANDOFF_VERSION).toBe(pkg.version);
  });
});
