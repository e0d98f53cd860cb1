import type { MakeCallOptions } from '@handoff/vobiz';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { API_KEY } from './__fixtures__/harness.js';
import { CALL_UUID, type Offline, offline } from './__fixtures__/offline.js';

const OTHER_CALL = '7f0c2a9e-1b1d-4c55-9d0e-5a4b3c2d1e0f';
const CUSTOMER = '+919822222222';

interface Issued {
  token: string;
  id: string;
  callId: string;
  callbackNumber?: string;
  expiresAt: string;
}

async function mint(o: Offline, body: Record<string, unknown>): Promise<Issued> {
  const response = await o.api('/v1/client-tokens', { body });
  expect(response.status).toBe(201);
  return (await response.json()) as Issued;
}

async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

/** A gateway that can place callback calls, recording what it asked Vobiz for. */
function withCallbacks(): Offline & { calls: MakeCallOptions[] } {
  const calls: MakeCallOptions[] = [];
  const o = offline({
    gateway: {
      vobiz: {
        authToken: 'vobiz-auth-token-for-tests',
        callerId: '+918000000000',
        client: {
          async makeCall(options) {
            calls.push(options);
            return { message: 'call fired', requestUuid: `req-${calls.length}`, requestUuids: [] };
          },
        },
      },
    },
  });
  return Object.assign(o, { calls });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('POST /v1/client-tokens', () => {
  it('issues a token for one call that works on that call’s routes', async () => {
    const o = offline();
    const issued = await mint(o, { callId: CALL_UUID, ttlSeconds: 120 });
    expect(issued.token).toMatch(/^hct_[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(issued.callId).toBe(CALL_UUID);
    expect(Date.parse(issued.expiresAt) - Date.now()).toBeGreaterThan(110_000);

    const turns = await o.api(`/v1/calls/${CALL_UUID}/turns`, {
      key: issued.token,
      body: { platform: 'pipecat', turns: [{ role: 'caller', text: 'Hello there' }] },
    });
    expect(turns.status).toBe(200);
    expect(o.handoff.session(CALL_UUID)?.turns.map((t) => t.text)).toEqual(['Hello there']);
  });

  it('keeps only a hash of the secret in the store', async () => {
    const o = offline();
    const issued = await mint(o, { callId: CALL_UUID });
    const secret = issued.token.split('.')[1]!;
    const stored = await o.handoff.store.get(`client-token:${issued.id}`);
    expect(stored).toBeDefined();
    expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it('needs an API key, and a client token cannot mint another', async () => {
    const o = offline();
    expect((await o.api('/v1/client-tokens', { key: null, body: { callId: CALL_UUID } })).status).toBe(401);
    const issued = await mint(o, { callId: CALL_UUID });
    const again = await o.api('/v1/client-tokens', { key: issued.token, body: { callId: CALL_UUID } });
    expect(again.status).toBe(403);
  });

  it('422 for neither or both scopes, a bad call id, a bad number or a TTL out of range', async () => {
    const o = offline();
    const bad = [
      {},
      { callId: CALL_UUID, callbackNumber: CUSTOMER },
      { callId: 'has spaces' },
      { callbackNumber: '12' },
      { callId: CALL_UUID, ttlSeconds: 5 },
      { callId: CALL_UUID, ttlSeconds: 5 * 60 * 60 },
      { callId: CALL_UUID, ttlSeconds: 'soon' },
    ];
    for (const body of bad) {
      const response = await o.api('/v1/client-tokens', { body });
      expect(response.status, JSON.stringify(body)).toBe(422);
    }
  });

  it('501 for a web session when the gateway cannot place callback calls', async () => {
    const o = offline();
    const response = await o.api('/v1/client-tokens', { body: { callbackNumber: CUSTOMER } });
    expect(response.status).toBe(501);
  });
});

describe('a client token on /v1', () => {
  it('401 when missing, malformed, tampered, unknown or expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const o = offline();
    const issued = await mint(o, { callId: CALL_UUID, ttlSeconds: 60 });
    const path = `/v1/calls/${CALL_UUID}/turns`;
    const body = { turns: [{ role: 'caller', text: 'hi' }] };
    const [id, secret] = issued.token.slice(4).split('.') as [string, string];
    const flipped = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    for (const key of [null, 'hct_short', `hct_${id}.${flipped}`, `hct_${'x'.repeat(22)}.${secret}`]) {
      const response = await o.api(path, { key, body });
      expect(response.status, String(key)).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
    }
    expect((await o.api(path, { key: issued.token, body })).status).toBe(200);
    vi.setSystemTime(Date.now() + 61_000);
    const expired = await o.api(path, { key: issued.token, body });
    expect(expired.status).toBe(401);
    expect(await errorCode(expired)).toBe('unauthorized');
  });

  it('403 on another call, on routes outside its call, and on a handoff for another call', async () => {
    const o = offline();
    const { token } = await mint(o, { callId: CALL_UUID });
    const other = await o.api(`/v1/calls/${OTHER_CALL}/turns`, {
      key: token,
      body: { turns: [{ role: 'caller', text: 'hi' }] },
    });
    expect(other.status).toBe(403);
    expect(await errorCode(other)).toBe('forbidden');
    expect((await o.api(`/v1/sessions/${OTHER_CALL}/turns`, { key: token, body: {} })).status).toBe(403);
    expect((await o.api(`/v1/calls/${OTHER_CALL}/end`, { key: token, body: {} })).status).toBe(403);
    expect((await o.api('/v1/handoffs', { key: token })).status).toBe(403);
    expect((await o.api('/v1/callbacks', { key: token })).status).toBe(403);
    expect((await o.api('/v1/webhooks/dead-letters', { key: token })).status).toBe(403);
    const handoff = await o.api('/v1/handoffs', {
      key: token,
      body: { callId: OTHER_CALL, reason: 'help', department: 'support' },
    });
    expect(handoff.status).toBe(403);
    const callback = await o.api('/v1/handoffs', {
      key: token,
      body: { callbackNumber: CUSTOMER, reason: 'help' },
    });
    expect(callback.status).toBe(403);
    expect(o.carrier.requests).toHaveLength(0);
  });

  it('hands off its own call, whatever call the body names or leaves out', async () => {
    const o = offline();
    const { token } = await mint(o, { callId: CALL_UUID });
    const response = await o.api('/v1/handoffs', {
      key: token,
      body: { platform: 'pipecat', trigger: 'tool', reason: 'asked for a person', department: 'support' },
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { reply: { ok: boolean; message: string } };
    expect(body.reply.ok).toBe(true);
    expect(o.carrier.requests.map((r) => r.callId)).toEqual([CALL_UUID]);
  });

  it('is revoked by the API key or by itself, and not by another token', async () => {
    const o = offline();
    const first = await mint(o, { callId: CALL_UUID });
    const second = await mint(o, { callId: CALL_UUID });
    const path = `/v1/calls/${CALL_UUID}/turns`;
    const body = { turns: [{ role: 'caller', text: 'hi' }] };
    const byOther = await o.api(`/v1/client-tokens/${first.id}`, { method: 'DELETE', key: second.token });
    expect(byOther.status).toBe(403);
    expect(
      (await o.api(`/v1/client-tokens/${first.id}`, { method: 'DELETE', key: first.token })).status,
    ).toBe(204);
    expect((await o.api(path, { key: first.token, body })).status).toBe(401);
    expect((await o.api(`/v1/client-tokens/${second.id}`, { method: 'DELETE', key: API_KEY })).status).toBe(
      204,
    );
    expect((await o.api(path, { key: second.token, body })).status).toBe(401);
  });
});

describe('a web-session token (callbackNumber)', () => {
  it('keeps the session on the token’s number and hands off by calling that number back', async () => {
    const o = withCallbacks();
    const issued = await mint(o, { callbackNumber: '+91 98222 22222' });
    expect(issued.callbackNumber).toBe(CUSTOMER);
    expect(issued.callId).toMatch(/^cb-/);
    const turns = await o.api(`/v1/calls/${issued.callId}/turns`, {
      key: issued.token,
      body: {
        platform: 'pipecat',
        from: '+15550000000',
        turns: [
          { role: 'agent', text: 'Hello, how can I help?' },
          { role: 'caller', text: 'My card was charged twice.' },
        ],
      },
    });
    expect(turns.status).toBe(200);

    const wrongNumber = await o.api('/v1/handoffs', {
      key: issued.token,
      body: { callbackNumber: '+919833333333', reason: 'help' },
    });
    expect(wrongNumber.status).toBe(403);
    expect(o.calls).toHaveLength(0);

    const created = await o.api('/v1/handoffs', {
      key: issued.token,
      body: { callbackNumber: CUSTOMER, platform: 'pipecat', trigger: 'tool', reason: 'double charge' },
    });
    expect(created.status).toBe(201);
    const result = (await created.json()) as {
      reply: { ok: boolean };
      handoff: { callId: string; context: { call: { from: string }; transcript: Array<{ text: string }> } };
    };
    expect(result.reply.ok).toBe(true);
    expect(result.handoff.callId).toBe(issued.callId);
    expect(result.handoff.context.call.from).toBe(CUSTOMER);
    expect(result.handoff.context.transcript.map((t) => t.text)).toEqual([
      'Hello, how can I help?',
      'My card was charged twice.',
    ]);
    expect(o.calls).toHaveLength(1);

    const again = await o.api('/v1/handoffs', {
      key: issued.token,
      body: { callbackNumber: CUSTOMER, trigger: 'tool', reason: 'double charge' },
    });
    expect(((await again.json()) as { reply: { status: string } }).reply.status).toBe('already_transferring');
    expect(o.calls).toHaveLength(1);
  });
});

describe('CORS for browsers', () => {
  it('answers the preflight and marks errors too, so a page can read them', async () => {
    const o = offline();
    const preflight = await o.gateway.fetch(
      new Request(`https://gw.example.com/v1/calls/${CALL_UUID}/turns`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://app.example.com',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    const denied = await o.gateway.fetch(
      new Request(`https://gw.example.com/v1/calls/${CALL_UUID}/turns`, {
        method: 'POST',
        headers: { origin: 'https://app.example.com', 'content-type': 'application/json' },
        body: '{}',
      }),
    );
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe('*');
  });
});
