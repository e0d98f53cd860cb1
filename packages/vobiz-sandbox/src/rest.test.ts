import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppServer, startAppServer, xml } from './__fixtures__/harness.js';
import { createVobizSandbox, type VobizSandbox } from './index.js';

let sandbox: VobizSandbox;
let app: AppServer;

beforeEach(async () => {
  app = await startAppServer({ '/answer': () => xml('<Wait length="600"/>') });
  sandbox = await createVobizSandbox({ authToken: 'secret-token' });
});

afterEach(async () => {
  await sandbox.close();
  await app.close();
});

function api(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  return fetch(`${sandbox.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'X-Auth-ID': sandbox.authId,
      'X-Auth-Token': sandbox.authToken,
      ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...init.headers,
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

const makeCallBody = () => ({ from: '+918000000000', to: '+919800000001', answer_url: `${app.url}/answer` });

async function liveInboundCall() {
  const call = sandbox.placeInboundCall({
    from: '+919000000001',
    to: '+918000000000',
    answerUrl: `${app.url}/answer`,
  });
  await call.waitFor('wait');
  return call;
}

describe('authentication and path shape', () => {
  it('401s on lowercase account/call paths even with valid credentials', async () => {
    const res = await api(`/account/${sandbox.authId}/call/`, { method: 'POST', body: makeCallBody() });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { status: string; error: { code: string } };
    expect(body.status).toBe('error');
    expect(body.error.code).toBe('UNAUTHORIZED');
  });

  it('401s on a make-call POST without the trailing slash', async () => {
    const res = await api(`/Account/${sandbox.authId}/Call`, { method: 'POST', body: makeCallBody() });
    expect(res.status).toBe(401);
  });

  it('401s on a wrong token, a missing header, and an auth_id that is not the caller', async () => {
    const path = `/Account/${sandbox.authId}/Call/`;
    expect(
      (await api(path, { method: 'POST', body: makeCallBody(), headers: { 'X-Auth-Token': 'nope' } })).status,
    ).toBe(401);
    const noToken = await fetch(`${sandbox.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'X-Auth-ID': sandbox.authId, 'Content-Type': 'application/json' },
      body: JSON.stringify(makeCallBody()),
    });
    expect(noToken.status).toBe(401);
    expect(
      (await api('/Account/MA_SOMEONE_ELSE/Call/', { method: 'POST', body: makeCallBody() })).status,
    ).toBe(401);
  });

  it('treats header names case-insensitively, as HTTP does', async () => {
    const res = await fetch(`${sandbox.baseUrl}/auth/me`, {
      headers: { 'x-auth-id': sandbox.authId, 'x-auth-token': sandbox.authToken },
    });
    expect(res.status).toBe(200);
  });
});

describe('make call', () => {
  it('answers 201 "call fired" and rings the destination, which fetches answer_url as an outbound call', async () => {
    const res = await api(`/Account/${sandbox.authId}/Call/`, { method: 'POST', body: makeCallBody() });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { api_id: string; message: string; request_uuid: string };
    expect(body.message).toBe('call fired');
    expect(body.api_id).toMatch(/^[0-9a-f-]{36}$/);
    const answer = await app.waitFor((r) => r.path === '/answer');
    expect(answer.params).toMatchObject({
      CallUUID: body.request_uuid,
      ALegUUID: body.request_uuid,
      RequestUUID: body.request_uuid,
      Direction: 'outbound',
      From: '918000000000',
      To: '919800000001',
      CallStatus: 'in-progress',
      Event: 'StartApp',
    });
  });

  it('400s when a required field is missing', async () => {
    const res = await api(`/Account/${sandbox.authId}/Call/`, {
      method: 'POST',
      body: { from: '1', to: '2' },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: { field: string } } };
    expect(body.error.details.field).toBe('answer_url');
  });
});

describe('live call API', () => {
  it('returns the live call object with ?status=live and 404 without it while the call is up', async () => {
    const call = await liveInboundCall();
    const live = await api(`/Account/${sandbox.authId}/Call/${call.uuid}/?status=live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({
      call_status: 'in-progress',
      call_uuid: call.uuid,
      direction: 'inbound',
      from: '919000000001',
      to: '918000000000',
      request_uuid: call.uuid,
    });
    expect((await api(`/Account/${sandbox.authId}/Call/${call.uuid}/`)).status).toBe(404);
  });

  it('hangs up with DELETE (204, HangupSource "API Request"), then 404s', async () => {
    const call = await liveInboundCall();
    const path = `/Account/${sandbox.authId}/Call/${call.uuid}`; // the Node SDK omits the slash here
    expect((await api(path, { method: 'DELETE' })).status).toBe(204);
    expect(call.hangupInfo).toMatchObject({ source: 'API Request', code: 4000 });
    expect((await api(`${path}/`, { method: 'DELETE' })).status).toBe(404);
    const record = await api(`${path}/`);
    expect(record.status).toBe(200);
    expect(await record.json()).toMatchObject({ call_uuid: call.uuid, hangup_source: 'API Request' });
  });

  it('404s a transfer, speak or stream for a call that is not in progress', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const base = `/Account/${sandbox.authId}/Call/${missing}`;
    expect(
      (await api(`${base}/`, { method: 'POST', body: { legs: 'aleg', aleg_url: `${app.url}/x` } })).status,
    ).toBe(404);
    expect((await api(`${base}/Speak/`, { method: 'POST', body: { text: 'hi' } })).status).toBe(404);
    expect(
      (await api(`${base}/Stream/`, { method: 'POST', body: { service_url: 'ws://127.0.0.1:1/' } })).status,
    ).toBe(404);
  });

  it('400s a transfer without the URL its legs need, and 202s a good one', async () => {
    const call = await liveInboundCall();
    const path = `/Account/${sandbox.authId}/Call/${call.uuid}/`;
    expect((await api(path, { method: 'POST', body: { legs: 'aleg' } })).status).toBe(400);
    expect(
      (await api(path, { method: 'POST', body: { legs: 'both', aleg_url: `${app.url}/x` } })).status,
    ).toBe(400);
    const ok = await api(path, { method: 'POST', body: { legs: 'aleg', aleg_url: `${app.url}/handoff` } });
    expect(ok.status).toBe(202);
    expect(await ok.json()).toMatchObject({ message: 'call transferred', call_uuid: call.uuid });
  });

  it('202s Speak/Play/DTMF with their documented messages and records them', async () => {
    const call = await liveInboundCall();
    const base = `/Account/${sandbox.authId}/Call/${call.uuid}`;
    const speak = await api(`${base}/Speak/`, {
      method: 'POST',
      body: { text: 'Please hold', legs: 'aleg' },
    });
    expect(speak.status).toBe(202);
    expect(await speak.json()).toMatchObject({ message: 'speak started' });
    const play = await api(`${base}/Play/`, {
      method: 'POST',
      body: { urls: 'https://x/a.mp3,https://x/b.mp3' },
    });
    expect(play.status).toBe(202);
    expect(await play.json()).toMatchObject({ message: 'play started' });
    const dtmf = await api(`${base}/DTMF/`, { method: 'POST', body: { digits: '12#', leg: 'aleg' } });
    expect(dtmf.status).toBe(202);
    expect(await dtmf.json()).toMatchObject({ message: 'digits sent' });
    expect((await api(`${base}/Speak/`, { method: 'DELETE' })).status).toBe(204);
    expect(call.events('api_speak')[0]?.text).toBe('Please hold');
    expect(call.events('api_play')[0]?.urls).toEqual(['https://x/a.mp3', 'https://x/b.mp3']);
    expect(call.events('api_dtmf')[0]).toMatchObject({ digits: '12#', leg: 'aleg' });
    expect(call.events('api_speak_stopped')).toHaveLength(1);
  });
});

describe('rate limits', () => {
  it('429s over the CPS limit with Retry-After and the documented details', async () => {
    await sandbox.close();
    sandbox = await createVobizSandbox({ cps: 2, defaultEndpoint: { kind: 'no_answer' } });
    const path = `/Account/${sandbox.authId}/Call/`;
    const statuses = [];
    let limited: Response | undefined;
    for (let i = 0; i < 3; i++) {
      const res = await api(path, { method: 'POST', body: makeCallBody() });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses).toEqual([201, 201, 429]);
    expect(limited?.headers.get('retry-after')).toBe('1');
    const body = (await limited!.json()) as { error: { code: string; details: Record<string, unknown> } };
    expect(body.error.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(body.error.details).toEqual({ limitType: 'cps', limit: 2, current: 3, retryAfter: 1 });
  });

  it('429s over the concurrency limit, counting inbound calls, and refuses inbound calls past it', async () => {
    await sandbox.close();
    sandbox = await createVobizSandbox({ maxConcurrent: 2, defaultEndpoint: { kind: 'no_answer' } });
    await liveInboundCall();
    const path = `/Account/${sandbox.authId}/Call/`;
    expect((await api(path, { method: 'POST', body: makeCallBody() })).status).toBe(201);
    const res = await api(path, { method: 'POST', body: makeCallBody() });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBeTruthy();
    const body = (await res.json()) as { error: { details: Record<string, unknown> } };
    expect(body.error.details).toMatchObject({ limitType: 'concurrency', limit: 2, current: 3 });
    const refused = sandbox.placeInboundCall({ from: '1', to: '2', answerUrl: `${app.url}/answer` });
    expect(refused.status).toBe('failed');
    expect(refused.events('rejected')).toHaveLength(1);
  });
});
