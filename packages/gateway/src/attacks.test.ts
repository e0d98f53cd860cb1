import type { MakeCallOptions } from '@handoff/vobiz';
import { describe, expect, it } from 'vitest';
import { type Offline, offline } from './__fixtures__/offline.js';

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

describe('the callback path checks the number it dials (issue 10, item 3)', () => {
  it('refuses a caller-chosen callback call id with an unchecked from on every /v1 route', async () => {
    const o = withCallbacks();
    for (const from of ['112', 'sip:attacker@evil.example', '+91 98222 22222']) {
      const response = await o.api('/v1/handoffs', {
        body: { callId: 'cb-forged', from, reason: 'call me' },
      });
      expect(response.status).toBe(422);
    }
    expect((await o.api('/v1/calls/cb-forged/ai-unavailable', { body: { platform: 'x' } })).status).toBe(422);
    const turns = await o.api('/v1/calls/cb-forged/turns', {
      body: { from: '112', turns: [{ role: 'caller', text: 'hi' }] },
    });
    expect(turns.status).toBe(422);
    expect(o.calls).toHaveLength(0);
  });

  it('never places a callback call to a number that is not E.164, whatever made the session', async () => {
    const o = withCallbacks();
    const result = await o.handoff
      .startSession({ callId: 'cb-from-a-plugin', platform: 'x', from: '112' })
      .transfer({ reason: 'x' });
    expect(result.status).not.toBe('transferring');
    expect(o.calls).toHaveLength(0);
  });

  it("hangs up, rather than answering 500, when the human picks up and the customer's number is bad", async () => {
    const o = withCallbacks();
    const created = await o.api('/v1/handoffs', { body: { callbackNumber: '+919822222222', reason: 'x' } });
    expect(created.status).toBe(201);
    const { handoffId } = (await created.json()) as { handoffId: string };
    // A record written before numbers were checked, or edited in the store.
    await o.handoff.store.update<{ context: { call: { from?: string } } }>(`handoff:${handoffId}`, (r) => {
      if (r) r.context.call.from = 'sip:attacker@evil.example';
      return r;
    });
    const token = new URL(o.calls[0]!.answerUrl).searchParams.get('t')!;
    const answer = await o.vobiz(`/vobiz/callback/${handoffId}/answer?t=${token}&a=1`, {
      CallUUID: 'human-leg',
      Event: 'StartApp',
    });
    expect(answer.status).toBe(200);
    const body = await answer.text();
    expect(body).toContain('<Hangup');
    expect(body).not.toContain('evil.example');
  });
});

describe('log injection (issue 10, item 4)', () => {
  it('writes a refused callback on a path with %0a as one line, the path escaped', async () => {
    const lines: Array<[{ path?: string }, string]> = [];
    const logger = {
      info: () => {},
      warn: (fields: { path?: string }, message: string) => lines.push([fields, message]),
      error: (fields: { path?: string }, message: string) => lines.push([fields, message]),
    };
    const o = offline({ gateway: { logger } });
    const forged = '/vobiz/answer%0a[handoff]%20transfer%20approved%20for%20admin%0d%0a';
    const response = await o.gateway.fetch(
      new Request(`https://gw.example.com${forged}`, { method: 'POST', body: 'CallUUID=x' }),
    );
    expect(response.status).toBe(403);
    expect(lines).toHaveLength(1);
    const [fields, message] = lines[0]!;
    expect(message).toBe('[handoff] refused a Vobiz callback: bad signature');
    // The attacker's path is a field, escaped, never part of the message a line-based reader splits.
    expect(fields.path).not.toMatch(/[\r\n]/);
    expect(fields.path).toContain('\\u000a');
  });
});

describe('replay protection (issue 10, item 5)', () => {
  it('refuses a captured callback replayed after the process-local nonce cache forgot it', async () => {
    const { NonceCache } = await import('@handoff/vobiz');
    const { signedHeaders } = await import('./__fixtures__/harness.js');
    // A tiny cache stands in for 10,000 genuine callbacks pushing the captured nonce out.
    const o = offline({ gateway: { nonceCache: new NonceCache({ maxSize: 2 }) } });
    const url = 'https://gw.example.com/vobiz/answer';
    const send = (nonce: string, callUuid: string) =>
      o.gateway.fetch(
        new Request(url, {
          method: 'POST',
          headers: signedHeaders(url, 'vobiz-auth-token-for-tests', nonce),
          body: new URLSearchParams({ CallUUID: callUuid, Event: 'StartApp' }).toString(),
        }),
      );
    expect((await send('11111111111111111111', 'call-a')).status).toBe(200);
    for (let i = 0; i < 5; i++)
      expect((await send(`2222222222222222222${i}`, `call-b${i}`)).status).toBe(200);
    const replay = await send('11111111111111111111', 'call-a');
    expect(replay.status).toBe(403);
  });
});

describe('the desk sign-in (issue 10, item 7)', () => {
  it('refuses a desk cookie once its session has expired, server-side, whatever the browser keeps', async () => {
    const { createHandoff } = await import('@handoff/core');
    const { FakeTransferProvider } = await import('@handoff/core/testing');
    const { deskRoutes } = await import('./desk/index.js');
    const clock = { now: Date.UTC(2026, 10, 23) };
    const handoff = createHandoff({
      transfer: new FakeTransferProvider(),
      destinations: { a: { number: '+919800000001', label: 'A' } },
    });
    const token = 'a-long-random-desk-token-for-tests';
    const app = deskRoutes({ handoff, deskToken: token, sessionMs: 60_000, now: () => clock.now });
    const signIn = await app.request(`/?token=${token}`);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^handoff_desk=/);
    expect((await app.request('/api/handoffs', { headers: { cookie } })).status).toBe(200);
    clock.now += 61_000;
    expect((await app.request('/api/handoffs', { headers: { cookie } })).status).toBe(401);
    // A forged expiry does not pass: the expiry is signed with the session.
    const value = cookie.slice('handoff_desk='.length);
    const later = (clock.now + 3_600_000).toString(16).padStart(12, '0');
    const forged = `handoff_desk=${value.slice(0, 16)}${later}${value.slice(28)}`;
    expect((await app.request('/api/handoffs', { headers: { cookie: forged } })).status).toBe(401);
  });

  it('the example config starts no desk with a placeholder token', async () => {
    const { readFile } = await import('node:fs/promises');
    const source = await readFile(
      new URL('../../../examples/gateway-config/handoff.config.ts', import.meta.url),
      'utf8',
    );
    expect(source).not.toContain('change-me');
    expect(source).toMatch(/deskToken: env\('HANDOFF_DESK_TOKEN'\)/);
  });
});

describe('a record that vanished while the human rang (issue 10, item 10)', () => {
  it('tells the human the notes were lost instead of bridging them with no word', async () => {
    const o = offline();
    const { handoffId, token } = await o.transfer();
    await o.handoff.store.delete(`handoff:${handoffId}`); // Redis restarted without persistence.
    const whisper = await o.vobiz(`/vobiz/whisper/${handoffId}?t=${token}&a=1`, { CallUUID: 'human-leg' });
    expect(whisper.status).toBe(200);
    expect(await whisper.text()).toContain('notes for this call were lost');
  });
});
