import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MakeCallOptions } from '@handoff/vobiz';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signedHeaders } from './__fixtures__/harness.js';
import { AUTH_TOKEN, CALL_UUID, offline, PUBLIC } from './__fixtures__/offline.js';
import type { GatewayOptions } from './options.js';

// The conference warm transfer's callbacks on the `/vobiz` fast path (issue 19): served without
// Fetch/Hono, with every check the Hono routes had, and the same statuses and documents.

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const HUMAN_UUID = 'b7c0a1d2-0000-4000-8000-00000000beef';

/** A Vobiz client that records what the conference carrier asks of it. */
function fakeClient() {
  const calls: MakeCallOptions[] = [];
  return {
    calls,
    client: {
      makeCall: async (options: MakeCallOptions) => {
        calls.push(options);
        return { message: 'call fired', requestUuid: HUMAN_UUID, requestUuids: [HUMAN_UUID] };
      },
      transferCall: async (callUuid: string) => ({ message: 'transferred', callUuid }),
      hangupCall: async () => ({ alreadyEnded: false }),
    },
  };
}

async function served(gateway: Partial<GatewayOptions> = {}, conference = true) {
  const fake = fakeClient();
  const o = offline({
    gateway: {
      vobiz: { authToken: AUTH_TOKEN, callerId: '+918000000000', client: fake.client },
      ...(conference ? { transferStrategy: 'conference' as const } : {}),
      ...gateway,
    },
  });
  const hono = vi.spyOn(o.gateway.app, 'fetch');
  const server = createServer(o.gateway.nodeHandler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = async (
    path: string,
    fields: Record<string, string> = { CallUUID: HUMAN_UUID, Event: 'StartApp' },
    init: { headers?: Record<string, string>; body?: string; unsigned?: boolean } = {},
  ) => {
    const [pathname] = path.split('?');
    const signed = init.unsigned ? {} : signedHeaders(`${PUBLIC}${pathname}`, AUTH_TOKEN);
    const response = await fetch(`${origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...signed, ...init.headers },
      body: init.body ?? new URLSearchParams(fields).toString(),
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      text: await response.text(),
    };
  };
  /** The same callback through Hono (`gateway.fetch`), as it was served before the fast path took it. */
  const viaHono = async (path: string, fields: Record<string, string> = { CallUUID: HUMAN_UUID }) => {
    const response = await o.vobiz(path, fields);
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      text: await response.text(),
    };
  };
  /** A live call hands off: the human's phone is rung, and its callback URLs carry the token. */
  const transfer = async () => {
    const session = o.handoff.startSession({ callId: CALL_UUID, platform: 'vobiz' });
    session.addTurn({ role: 'caller', text: 'My card ending 4242 was charged twice' });
    const { handoffId } = await session.transfer({ reason: 'double charge', department: 'loans' });
    await vi.waitFor(() => expect(fake.calls.length).toBeGreaterThan(0));
    const answerUrl = new URL(fake.calls[0]!.answerUrl);
    return { handoffId, token: answerUrl.searchParams.get('t')!, answerUrl };
  };
  return { ...o, origin, post, viaHono, hono, transfer, fake };
}

describe('the conference callbacks on the /vobiz fast path', () => {
  it('serves them without Hono, with the documents Hono serves', async () => {
    const s = await served();
    const { handoffId, token, answerUrl } = await s.transfer();
    expect(answerUrl.pathname).toBe(`/vobiz/conference/${handoffId}/human`);
    const phone = `t=${token}&a=1&p=0`;
    const base = `/vobiz/conference/${handoffId}`;
    s.hono.mockClear();

    const ring = await s.post(`${base}/human-ring?${phone}`);
    expect(ring).toMatchObject({ status: 200, type: 'application/xml; charset=utf-8' });
    expect((await s.handoff.get(handoffId))?.status).toBe('ringing');
    const brief = await s.post(`${base}/human?${phone}`);
    expect(brief.status).toBe(200);
    expect(brief.text).toContain('<Speak');
    expect(brief.text).toContain(`/vobiz/conference/${handoffId}/human-join`);
    const hold = await s.post(`${base}/hold?t=${token}`);
    expect(hold.text).toContain('<Wait');
    const room = await s.post(`${base}/caller?t=${token}`, { CallUUID: CALL_UUID, Event: 'Transfer' });
    expect(room.text).toContain('<Conference');
    expect(s.hono).not.toHaveBeenCalled();

    // Each is safe to repeat: through Hono, the same document again.
    expect(await s.viaHono(`${base}/human-ring?${phone}`)).toEqual(ring);
    expect(await s.viaHono(`${base}/human?${phone}`)).toEqual(brief);
    expect(await s.viaHono(`${base}/hold?t=${token}`)).toEqual(hold);
    expect(await s.viaHono(`${base}/caller?t=${token}`, { CallUUID: CALL_UUID })).toEqual(room);

    const join = await s.post(`${base}/human-join?${phone}`);
    expect(join.text).toContain('startConferenceOnEnter="true"');
    expect((await s.handoff.get(handoffId))?.status).toBe('connected');
  });

  it('keeps every check: signature, replay, token, unknown handoff, media type, body limits', async () => {
    const s = await served({ maxBodyBytes: 256 });
    const { handoffId, token } = await s.transfer();
    s.hono.mockClear();
    const path = `/vobiz/conference/${handoffId}/human-ring?t=${token}&a=1&p=0`;
    const unsigned = await s.post(path, undefined, { unsigned: true });
    expect(unsigned).toMatchObject({ status: 403, type: 'text/plain; charset=utf-8' });
    expect(unsigned.text).toBe('invalid_signature: Vobiz signature missing\n');
    const misdirected = signedHeaders(`${PUBLIC}/vobiz/conference/${handoffId}/human`, AUTH_TOKEN);
    expect((await s.post(path, undefined, { unsigned: true, headers: misdirected })).status).toBe(403);
    const once = signedHeaders(`${PUBLIC}/vobiz/conference/${handoffId}/human-ring`, AUTH_TOKEN);
    expect((await s.post(path, undefined, { unsigned: true, headers: once })).status).toBe(200);
    expect((await s.post(path, undefined, { unsigned: true, headers: once })).status).toBe(403);
    const wrong = await s.post(`/vobiz/conference/${handoffId}/human-ring?t=wrong&a=1`);
    expect(wrong).toMatchObject({ status: 403, text: 'invalid_token: Missing or wrong handoff token\n' });
    expect((await s.post(`/vobiz/conference/${handoffId}/caller`)).status).toBe(403);
    const unknown = await s.post(`/vobiz/conference/hoNOPE/caller?t=${token}`);
    expect(unknown).toMatchObject({ status: 404, text: 'handoff_not_found: No such handoff\n' });
    const json = await s.post(path, undefined, {
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
    expect((await s.post(path, { CallUUID: HUMAN_UUID, Pad: 'x'.repeat(300) })).status).toBe(413);
    expect((await s.post(path, {}, { body: '' })).status).toBe(400);
    // An attempt on the URL that is not the handoff's: the human is told the caller is gone.
    const stale = await s.post(`/vobiz/conference/${handoffId}/human?t=${token}&a=7&p=0`);
    expect(stale).toMatchObject({ status: 200 });
    expect(stale.text).toContain('<Hangup');
    expect(s.hono).not.toHaveBeenCalled();
    // Each answered as Hono answers it.
    expect((await s.viaHono(`/vobiz/conference/hoNOPE/caller?t=${token}`)).text).toBe(unknown.text);
    expect(await s.viaHono(`/vobiz/conference/${handoffId}/human?t=${token}&a=7&p=0`)).toEqual(stale);
  });

  it('answers 404 while the conference strategy is off, on both fronts', async () => {
    const s = await served({}, false);
    const session = s.handoff.startSession({ callId: CALL_UUID, platform: 'vobiz' });
    session.addTurn({ role: 'caller', text: 'I need a person please' });
    const { handoffId } = await session.transfer({ reason: 'asked', department: 'loans' });
    const token = s.carrier.requests.find((r) => r.handoffId === handoffId)!.token;
    s.hono.mockClear();
    const off = await s.post(`/vobiz/conference/${handoffId}/caller?t=${token}`);
    expect(off).toMatchObject({
      status: 404,
      text: 'not_found: The conference strategy is not enabled\n',
    });
    expect(s.hono).not.toHaveBeenCalled();
    expect(await s.viaHono(`/vobiz/conference/${handoffId}/caller?t=${token}`)).toEqual(off);
  });

  it('leaves to Hono what it does not match exactly, which answers as before', async () => {
    const s = await served();
    const { handoffId, token } = await s.transfer();
    s.hono.mockClear();
    expect((await s.post(`/vobiz/conference/${handoffId}/nowhere?t=${token}`)).status).toBe(404);
    expect((await s.post(`/vobiz/conference/${handoffId}/caller/?t=${token}`)).status).toBe(404);
    expect(s.hono).toHaveBeenCalledTimes(2);
  });
});
