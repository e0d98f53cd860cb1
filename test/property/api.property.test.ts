/**
 * The gateway's `/v1` API (packages/gateway/src/api-routes.ts), through `gateway.fetch`: any body
 * on every POST route, any query on the reads, any method and path, any credentials. The answer is
 * a normal one or a typed 4xx, never a 5xx or a throw; a refused request moves no call, places no
 * call and writes nothing; replaying the same inputs grows nothing.
 */
import { MemoryStore } from '@handoff/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { API_KEY, PUBLIC, type Rig, rig } from '../reliability/harness.js';
import { bodyText, params } from './arbitraries.js';
import { assertEntryPoint, classify } from './http.js';

/** A Vobiz client that records the calls a callback handoff would place, and places none. */
function fakeClient() {
  const placed: string[] = [];
  return {
    placed,
    client: {
      async makeCall(options: { to: string | readonly string[] }) {
        placed.push(String(options.to));
        const uuid = `req-${placed.length}`;
        return { message: 'call fired', requestUuid: uuid, requestUuids: [uuid] };
      },
    },
  };
}

function apiRig(): { r: Rig; store: MemoryStore; placed: string[] } {
  const store = new MemoryStore();
  const { client, placed } = fakeClient();
  const r = rig({
    store,
    handoff: { now: () => Date.UTC(2026, 10, 23, 4, 30), sayTimeoutMs: 1 },
    gateway: {
      maxBodyBytes: 64 * 1024,
      vobiz: { authToken: 'vobiz-auth-token-for-reliability', callerId: '+918000000000', client },
    },
  });
  return { r, store, placed };
}

type RouteOptions = { mints?: boolean; refusedLeavesSession?: boolean; neverRefuses?: boolean };
const ROUTES: Array<[string, Record<string, unknown>, RouteOptions?]> = [
  ['/v1/handoffs', { callId: 'c-api', reason: 'help', department: 'support', urgency: 'high' }],
  [
    '/v1/handoffs',
    { callbackNumber: '+919811111111', reason: 'call me back', department: 'loans' },
    // Each accepted callback request is a new promise to call back, with its own id.
    { mints: true },
  ],
  [
    '/v1/handoffs',
    { callId: 'c-api-2', reason: 'help', transcript: [{ role: 'caller', text: 'I want a person' }] },
  ],
  ['/v1/calls/c-api/turns', { turns: [{ role: 'caller', text: 'hello' }], platform: 'x' }],
  ['/v1/sessions/c-api/turns', { role: 'agent', text: 'How can I help?' }],
  ['/v1/calls/c-api/ai-unavailable', { detail: 'llm down', platform: 'x' }],
  ['/v1/calls/c-api/end', {}, { neverRefuses: true }],
  ['/v1/client-tokens', { callId: 'c-api', ttlSeconds: 60 }, { mints: true }],
];

describe('/v1 API, for any body on every POST route', () => {
  for (const [path, base, options] of ROUTES) {
    it(`${path} (${Object.keys(base).join(', ') || 'empty'}): a normal answer or a typed 4xx`, async () => {
      const { r, store, placed } = apiRig();
      const placedBefore = () => placed.length;
      let before = 0;
      await assertEntryPoint({
        name: `/v1 POST ${path} {${Object.keys(base).join(', ')}}: any body`,
        inputs: bodyText(base),
        send: async (text) => {
          before = placedBefore();
          const response = await r.api(path, { raw: text });
          if (response.status >= 400) expect(placed.length, 'a refused request placed a call').toBe(before);
          return response;
        },
        carrier: r.carrier,
        store,
        ...options,
      });
      // The model never picks a number: every call placed dials a configured destination.
      for (const to of placed) expect(['+919800000001', '+919800000002']).toContain(to);
      await r.close();
    });
  }
});

const segment = fc.oneof(
  fc.constantFrom(
    'handoffs',
    'calls',
    'sessions',
    'turns',
    'tool',
    'events',
    'client-tokens',
    'cb-1',
    '..',
    '%2e%2e',
  ),
  fc.string({ maxLength: 20 }).map(encodeURIComponent),
  fc.constant('x'.repeat(300)),
);

describe('/v1 API, for any method, path and query', () => {
  it('answers a normal response or a typed 4xx, and a refused one changes nothing', async () => {
    const { r, store } = apiRig();
    await assertEntryPoint({
      name: '/v1: any method, path and query',
      inputs: fc.tuple(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        fc.dictionary(
          fc.constantFrom('status', 'limit', 'destination', 'handoffId', 'x'),
          fc.string({ maxLength: 12 }),
        ),
      ),
      send: ([method, segments, query]) => {
        // An open event stream never ends: its own tests cover it.
        const path = `/v1/${segments.join('/')}`;
        const search = new URLSearchParams(query).toString();
        const events = path === '/v1/handoffs/events';
        return r.api(`${events ? '/v1/handoffs/x' : path}${search ? `?${search}` : ''}`, {
          method,
          ...(method === 'POST' || method === 'PUT' || method === 'PATCH' ? { raw: '{}' } : {}),
        });
      },
      carrier: r.carrier,
      store,
    });
    await r.close();
  });

  it('GET /v1/handoffs with any status, limit and destination: a list or invalid_query', async () => {
    const { r } = apiRig();
    await fc.assert(
      fc.asyncProperty(
        fc.option(
          fc.oneof(
            fc.string({ maxLength: 30 }),
            fc.constantFrom('completed', 'ringing,failed', ' ringing , connected'),
          ),
        ),
        fc.option(fc.oneof(fc.string({ maxLength: 8 }), fc.integer({ min: -5, max: 2000 }).map(String))),
        fc.option(fc.string({ maxLength: 20 })),
        async (status, limit, destination) => {
          const query = new URLSearchParams();
          if (status !== null) query.set('status', status);
          if (limit !== null) query.set('limit', limit);
          if (destination !== null) query.set('destination', destination);
          const response = await r.api(`/v1/handoffs?${query}`);
          const verdict = await classify(response.clone(), 'GET /v1/handoffs');
          if (verdict === 'accepted')
            expect(Array.isArray(((await response.json()) as { handoffs: unknown }).handoffs)).toBe(true);
          else
            expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_query');
        },
      ),
      params(),
    );
    await r.close();
  });
});

describe('/v1 API, for any credentials', () => {
  it('refuses every wrong or malformed Authorization with a typed 401, changing nothing', async () => {
    const { r, store } = apiRig();
    const authorization = fc.oneof(
      fc.constantFrom(
        '',
        'Bearer',
        'Bearer ',
        `Bearer ${API_KEY.slice(0, -1)}`,
        `Bearer ${API_KEY}x`,
        `Basic ${API_KEY}`,
        `bearer  ${API_KEY} extra`,
      ),
      fc.string({ maxLength: 60 }).map((s) => `Bearer ${s.replace(/[\r\n\0]/g, '')}`),
    );
    await assertEntryPoint({
      name: '/v1: any wrong credentials',
      inputs: fc.tuple(
        authorization,
        fc.constantFrom('/v1/handoffs', '/v1/calls/c-api/turns', '/v1/client-tokens'),
      ),
      send: async ([auth, path]) => {
        const response = await r.gateway.fetch(
          new Request(`${PUBLIC}${path}`, {
            method: 'POST',
            headers: { authorization: auth, 'content-type': 'application/json' },
            body: JSON.stringify({ callId: 'c-api', reason: 'help' }),
          }),
        );
        expect([401, 403]).toContain(response.status);
        return response;
      },
      carrier: r.carrier,
      store,
    });
    await r.close();
  });
});
