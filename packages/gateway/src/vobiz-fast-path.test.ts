import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHandoff, type HandoffRecord, type HandoffStore, MemoryStore, storeKey } from '@handoff/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DESTINATIONS, signedHeaders } from './__fixtures__/harness.js';
import { AUTH_TOKEN, CALL_UUID, offline, PUBLIC } from './__fixtures__/offline.js';

const FORM = { CallUUID: CALL_UUID, From: '919811111111', To: '918000000000', Event: 'StartApp' };

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/**
 * A gateway behind a Node server of our own (`nodeHandler`), its public URL still PUBLIC: the
 * fast path serves `/vobiz/*`, and a spy on the Hono app tells what reached Hono instead.
 */
async function served(options: Parameters<typeof offline>[0] = {}) {
  const o = offline(options);
  const hono = vi.spyOn(o.gateway.app, 'fetch');
  const server = createServer(o.gateway.nodeHandler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = async (
    path: string,
    fields: Record<string, string> = FORM,
    init: {
      headers?: Record<string, string>;
      body?: string | ReadableStream<Uint8Array>;
      unsigned?: boolean;
    } = {},
  ) => {
    const [pathname] = path.split('?');
    const signed = init.unsigned ? {} : signedHeaders(`${PUBLIC}${pathname}`, AUTH_TOKEN);
    const response = await fetch(`${origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...signed, ...init.headers },
      body: init.body ?? new URLSearchParams(fields).toString(),
      ...(init.body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      text: await response.text(),
    };
  };
  return { ...o, origin, post, hono };
}

describe('the /vobiz fast path', () => {
  it('serves the XML routes without Hono, with the same documents as gateway.fetch', async () => {
    const s = await served();
    const { handoffId, token } = await s.transfer();
    const answer = await s.post('/vobiz/answer');
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('application/xml; charset=utf-8');
    expect(answer.text).toContain('<Stream');
    const first = await s.post(`/vobiz/handoff/${handoffId}?t=${token}`);
    expect(first.status).toBe(200);
    expect(first.text).toContain('<Number>+919800000001</Number>');
    expect((await s.handoff.get(handoffId))?.status).toBe('ringing');
    // The same document through Hono: the two fronts run the same handlers.
    const viaFetch = await (await s.vobiz(`/vobiz/handoff/${handoffId}?t=${token}`, FORM)).text();
    expect(viaFetch).toBe(first.text);
    s.hono.mockClear();
    const health = await fetch(`${s.origin}/healthz`);
    expect(health.status).toBe(200);
    expect(s.hono).toHaveBeenCalledTimes(1);
    s.hono.mockClear();
    await s.post(`/vobiz/handoff/${handoffId}?t=${token}`);
    expect(s.hono).not.toHaveBeenCalled();
  });

  it('keeps every check: signature, replay, token, unknown handoff, media type, body limits', async () => {
    const s = await served({ gateway: { maxBodyBytes: 256 } });
    const { handoffId, token } = await s.transfer();
    const path = `/vobiz/handoff/${handoffId}?t=${token}`;
    expect((await s.post(path, FORM, { unsigned: true })).status).toBe(403);
    const wrong = signedHeaders(`${PUBLIC}/vobiz/answer`, AUTH_TOKEN);
    const misdirected = await s.post(path, FORM, { unsigned: true, headers: wrong });
    expect(misdirected).toMatchObject({ status: 403, type: 'text/plain; charset=utf-8' });
    expect(misdirected.text).toBe('invalid_signature: Vobiz signature mismatch\n');
    const once = signedHeaders(`${PUBLIC}/vobiz/handoff/${handoffId}`, AUTH_TOKEN);
    expect((await s.post(path, FORM, { unsigned: true, headers: once })).status).toBe(200);
    expect((await s.post(path, FORM, { unsigned: true, headers: once })).status).toBe(403);
    expect((await s.post(`/vobiz/handoff/${handoffId}?t=wrong`)).status).toBe(403);
    expect((await s.post(`/vobiz/handoff/${handoffId}`)).status).toBe(403);
    expect((await s.post(`/vobiz/handoff/hoNOPE?t=${token}`)).text).toBe(
      'handoff_not_found: No such handoff\n',
    );
    const json = await s.post(path, FORM, { headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
    expect((await s.post(path, { CallUUID: CALL_UUID, Pad: 'x'.repeat(300) })).status).toBe(413);
    const chunks = ['CallUUID=x&Pad=', 'y'.repeat(200), 'y'.repeat(200)];
    const streamed = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    expect((await s.post(path, FORM, { body: streamed })).status).toBe(413);
    // The attempt rides on the URL: an event for an attempt that is not the current one changes nothing.
    const before = await s.handoff.get(handoffId);
    const events = `/vobiz/dial-events/${handoffId}?t=${token}&a=7`;
    const late = { CallUUID: CALL_UUID, Event: 'DialConnected', DialAction: 'connected', DialBLegUUID: 'b' };
    expect((await s.post(events, late)).status).toBe(200);
    expect((await s.handoff.get(handoffId))?.status).toBe(before?.status);
    expect(s.hono).not.toHaveBeenCalled();
    expect((await s.handoff.get(handoffId))?.status).toBe('ringing');
  });

  it('leaves to Hono what it does not match exactly, which answers as before', async () => {
    const s = await served();
    const { handoffId, token } = await s.transfer();
    expect((await s.post(`/vobiz/handoff/${handoffId}/?t=${token}`)).status).toBe(404);
    expect((await s.post('/vobiz/nowhere')).status).toBe(404);
    // Hono decodes an escaped path, so what Vobiz signed (the escaped form) no longer matches.
    expect((await s.post(`/vobiz/handoff/${handoffId}%2E?t=${token}`)).status).toBe(403);
    const get = await fetch(`${s.origin}/vobiz/handoff/${handoffId}?t=${token}`);
    expect(get.status).toBe(403);
    expect(s.hono).toHaveBeenCalledTimes(4);
  });
});

/** A store whose `get` can hand out an altered handoff record under the same version. */
function tamperable(inner: HandoffStore) {
  let alter: ((record: HandoffRecord) => HandoffRecord) | undefined;
  const store = new Proxy(inner, {
    get(target, property) {
      if (property === 'get') {
        return async (key: string) => {
          const stored = await target.get<HandoffRecord>(key);
          return stored && alter && key.startsWith(storeKey('handoff', ''))
            ? { ...stored, value: alter(stored.value) }
            : stored;
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store, tamper: (fn: typeof alter) => (alter = fn) };
}

const renumber = (number: string) => (record: HandoffRecord) => ({
  ...record,
  destination: { ...record.destination!, numbers: [number] },
});

describe('documents rendered once per record version and attempt', () => {
  it('serves a retry from the cache and renders again once the record changes, from any instance', async () => {
    const shared = new MemoryStore();
    const { store, tamper } = tamperable(shared);
    const s = await served({ handoff: { store } });
    const { handoffId, token } = await s.transfer();
    const path = `/vobiz/handoff/${handoffId}?t=${token}`;
    await s.post(path); // transferring → ringing: the next read sees a new version
    const ringing = (await s.post(path)).text;
    expect(ringing).toContain('+919800000001');
    // Same version, different content: only a cached document can still name the old number.
    tamper(renumber('+919800000077'));
    expect((await s.post(path)).text).toBe(ringing);
    tamper(undefined);
    // Another instance on the same store changes the record: a new version, a new document.
    const other = createHandoff({
      transfer: s.carrier,
      gatewayUrl: PUBLIC,
      destinations: DESTINATIONS,
      store: shared,
    });
    await other.store.update<HandoffRecord>(
      storeKey('handoff', handoffId),
      (r) => r && renumber('+919800000055')(r),
    );
    const changed = (await s.post(path)).text;
    expect(changed).toContain('+919800000055');
    expect(changed).not.toContain('+919800000001');
    await other.close();
  });

  it('keeps each handoff and each attempt to its own document', async () => {
    const s = await served();
    const a = await s.transfer();
    const whisper = (attempt: number) => s.post(`/vobiz/whisper/${a.handoffId}?t=${a.token}&a=${attempt}`);
    await whisper(1); // ringing → connected
    const brief = (await whisper(1)).text;
    expect(brief).toContain('<Speak');
    // The brief is rendered from what `answered` returns: counting renders is what tells a hit.
    const render = vi.spyOn(s.handoff.render, 'whisper');
    expect((await whisper(1)).text).toBe(brief);
    expect(render).not.toHaveBeenCalled();
    expect((await whisper(2)).text).toContain('<Speak');
    expect(render).toHaveBeenCalledTimes(1);

    const other = s.handoff.startSession({ callId: 'a-second-call', platform: 'vobiz' });
    other.addTurn({ role: 'caller', text: 'I need a person please' });
    const { handoffId } = await other.transfer({ reason: 'asked', department: 'support' });
    const b = { handoffId, token: s.carrier.requests.find((r) => r.handoffId === handoffId)!.token };
    expect(b.handoffId).not.toBe(a.handoffId);
    const docA = (await s.post(`/vobiz/handoff/${a.handoffId}?t=${a.token}`)).text;
    const docB = (await s.post(`/vobiz/handoff/${b.handoffId}?t=${b.token}`)).text;
    expect(docB).toContain(`/vobiz/whisper/${b.handoffId}`);
    expect(docA).toContain(`/vobiz/whisper/${a.handoffId}`);
  });
});
