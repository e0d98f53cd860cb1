/**
 * The gateway's `/vobiz/*` routes, through `gateway.fetch`: any form body, on any route, naming a
 * live handoff or not, with its token or not, any attempt; and any forged signature. The answer is
 * XML or a typed 4xx (`code: message`), never a 5xx or a throw; a refused callback moves no call
 * and writes nothing; replaying the same callbacks grows nothing.
 */
import { MemoryStore } from '@handoff/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AUTH_TOKEN, PUBLIC, type Rig, rig } from '../reliability/harness.js';
import { formText } from './arbitraries.js';
import { assertEntryPoint } from './http.js';

const CALL = '2ded13fe-4f9b-4958-9bfb-093ea2f29f91';
const CALLBACK = {
  CallUUID: CALL,
  CallStatus: 'in-progress',
  From: '+919811111111',
  To: '+918000000000',
  Direction: 'inbound',
  Event: 'StartApp',
  DialStatus: 'completed',
  DialAction: 'answer',
  DialBLegStatus: 'answered',
  HangupCause: 'NORMAL_CLEARING',
  Duration: '12',
};

const ROUTES = [
  '/vobiz/answer',
  '/vobiz/hangup',
  '/vobiz/handoff/:id',
  '/vobiz/whisper/:id',
  '/vobiz/dial-events/:id',
  '/vobiz/dial-result/:id',
  '/vobiz/recording/:id',
  '/vobiz/callback/:id/ring',
  '/vobiz/callback/:id/answer',
  '/vobiz/callback/:id/hangup',
] as const;

/** A gateway with live handoffs to aim at: one on a normal call (its token known), more on demand. */
async function vobizRig(signatures: 'optional' | 'require') {
  const store = new MemoryStore();
  const r: Rig = rig({
    store,
    handoff: { now: () => Date.UTC(2026, 10, 23, 4, 30), sayTimeoutMs: 1 },
    gateway: {
      maxBodyBytes: 16 * 1024,
      vobiz: { authToken: AUTH_TOKEN, callerId: '+918000000000', signatures },
    },
  });
  const live: Array<{ id: string; token: string }> = [];
  for (const callId of [CALL, 'call-b', 'call-c']) {
    const result = await r.handoff.startSession({ callId, platform: 'x' }).transfer({ reason: 'help' });
    const request = r.carrier.requests.find((q) => q.handoffId === result.handoffId);
    live.push({ id: result.handoffId, token: request!.token });
  }
  return { r, store, live };
}

const text = fc.string({ maxLength: 24 });

describe('/vobiz/* routes, for any callback', () => {
  it('answer XML or a typed 4xx; a refused callback changes nothing; replays grow nothing', async () => {
    const { r, store, live } = await vobizRig('optional');
    const inputs = fc.record({
      route: fc.constantFrom(...ROUTES),
      // Mostly a live handoff with its token, so the body reaches the parser and the core.
      target: fc.oneof(
        { weight: 4, arbitrary: fc.nat({ max: live.length - 1 }) },
        { weight: 1, arbitrary: text.map(encodeURIComponent) },
      ),
      token: fc.oneof(
        { weight: 4, arbitrary: fc.constant<'real'>('real') },
        { weight: 1, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: text },
      ),
      attempt: fc.option(fc.oneof(fc.constantFrom('1', '2', '0', '99999', '-1', '1e3'), text)),
      method: fc.constantFrom('POST', 'POST', 'POST', 'GET'),
      body: formText(CALLBACK),
      type: fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain', ''),
    });
    await assertEntryPoint({
      name: '/vobiz/*: any callback',
      inputs,
      send: (input) => {
        const handoff = typeof input.target === 'number' ? live[input.target]! : undefined;
        const path = input.route.replace(':id', handoff?.id ?? input.target.toString());
        const query = new URLSearchParams();
        const token = input.token === 'real' ? handoff?.token : input.token;
        if (token !== undefined) query.set('t', token);
        if (input.attempt !== null) query.set('a', input.attempt);
        const url = `${PUBLIC}${path}${query.size ? `?${query}` : ''}`;
        const headers: Record<string, string> = input.type ? { 'content-type': input.type } : {};
        return r.gateway.fetch(
          new Request(url, {
            method: input.method,
            headers,
            ...(input.method === 'POST' ? { body: input.body } : {}),
          }),
        );
      },
      carrier: r.carrier,
      store,
      factor: 2,
    });
    await r.close();
  });

  it('refuses a forged, missing or misdirected signature with a typed 403, changing nothing', async () => {
    const { r, store } = await vobizRig('require');
    const forged = fc.record({
      route: fc.constantFrom('/vobiz/answer', '/vobiz/hangup', '/vobiz/dial-result/x'),
      version: fc.constantFrom('v3', 'v2', 'ma-v3', 'ma-v2'),
      signature: fc.option(fc.oneof(fc.base64String({ maxLength: 60 }), fc.string({ maxLength: 40 }))),
      nonce: fc.option(fc.oneof(fc.stringMatching(/^[0-9]{1,20}$/), fc.string({ maxLength: 30 }))),
      body: formText(CALLBACK),
    });
    await assertEntryPoint({
      name: '/vobiz/*: forged signatures',
      inputs: forged,
      send: (input) => {
        const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
        const clean = (s: string) => s.replace(/[\r\n\0]/g, '');
        if (input.signature !== null) headers[`x-vobiz-signature-${input.version}`] = clean(input.signature);
        if (input.nonce !== null) headers[`x-vobiz-signature-${input.version}-nonce`] = clean(input.nonce);
        return r.gateway
          .fetch(new Request(`${PUBLIC}${input.route}`, { method: 'POST', headers, body: input.body }))
          .then((response) => {
            expect(response.status).toBe(403);
            return response;
          });
      },
      carrier: r.carrier,
      store,
    });
    await r.close();
  });
});
