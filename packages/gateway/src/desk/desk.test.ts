import { createHandoff, type Handoff } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { deskRoutes } from './index.js';

const TOKEN = 'desk-token-0123456789abcdef';

function setup(options: { deskToken?: string; title?: string; heartbeatMs?: number } = { deskToken: TOKEN }) {
  const handoff = createHandoff({
    transfer: new FakeTransferProvider(),
    destinations: {
      loans: { number: '+919800000001', label: 'Relationship manager', fallback: 'support' },
      support: { numbers: ['+919800000002'], label: 'Senior care' },
      triage: { sip: 'sip:nurse@pbx.example.com', label: 'Triage nurse' },
    },
  });
  const app = new Hono();
  app.route('/desk', deskRoutes({ handoff, ...options }));
  const auth = { authorization: `Bearer ${TOKEN}` };
  return { handoff, app, auth };
}

let calls = 0;
async function transfer(handoff: Handoff, department: string, text = 'I need help with my loan') {
  const session = handoff.startSession({ callId: `c${++calls}`, platform: 'vobiz', from: '+919811111111' });
  session.addTurn({ role: 'caller', text });
  return session.transfer({ reason: 'Caller asked for a human', department });
}

type Listed = { handoffs: Array<{ id: string }> };

async function json<T = Record<string, unknown>>(res: Response | Promise<Response>): Promise<T> {
  return (await (await res).json()) as T;
}

/** Reads an SSE body until `done` says it has seen enough. */
async function readUntil(body: ReadableStream<Uint8Array>, done: (text: string) => boolean) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!done(text)) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    text += decoder.decode(value, { stream: true });
  }
  return { text, reader };
}

describe('desk token flow', () => {
  it('turns ?token= into an HttpOnly SameSite=Strict cookie and a 303 to the clean URL', async () => {
    const { app } = setup();
    const res = await app.request(`/desk/?token=${TOKEN}&x=1`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('./?x=1');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^handoff_desk=[A-Za-z0-9_-]+; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).not.toContain('Path=');
    expect(cookie).not.toContain('Secure');
    expect(cookie).not.toContain(TOKEN);

    const value = cookie.split(';')[0] ?? '';
    const api = await app.request('/desk/api/handoffs', { headers: { cookie: value } });
    expect(api.status).toBe(200);
    const forged = await app.request('/desk/api/handoffs', { headers: { cookie: `handoff_desk=${TOKEN}` } });
    expect(forged.status).toBe(401);
  });

  it('marks the cookie Secure behind an https proxy', async () => {
    const { app } = setup();
    const res = await app.request(`/desk/?token=${TOKEN}`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers.get('set-cookie')).toContain('Secure');
  });

  it('answers a wrong token with the page and a 401, and no cookie', async () => {
    const { app } = setup();
    const res = await app.request('/desk/?token=wrong');
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('content-type')).toContain('text/html');
  });

  it('requires the token on every API and event route, with a JSON 401', async () => {
    const { app, auth } = setup();
    for (const path of ['/desk/api/config', '/desk/api/handoffs', '/desk/api/handoffs/x', '/desk/events']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
    expect((await app.request('/desk/api/config', { headers: { authorization: 'Bearer x' } })).status).toBe(
      401,
    );
    expect((await app.request('/desk/api/config', { headers: auth })).status).toBe(200);
  });

  it('is open without a token, and says so in the page', async () => {
    const { app } = setup({ title: '<Loans> & co' });
    expect((await app.request('/desk/api/handoffs')).status).toBe(200);
    const page = await app.request('/desk/');
    const html = await page.text();
    expect(html).toContain('data-access="open"');
    expect(html).toContain('&lt;Loans&gt; &amp; co');
    expect(html).not.toContain('<Loans>');
    expect((await app.request('/desk/?token=anything')).headers.get('location')).toBe('./');
  });

  it('refuses an empty token at start-up rather than running open by accident', () => {
    expect(() => setup({ deskToken: '' })).toThrow(/must not be empty/);
  });
});

describe('desk page and assets', () => {
  it('redirects the bare mount path to a trailing slash so relative URLs work', async () => {
    const { app } = setup();
    const res = await app.request(`/desk?token=${TOKEN}`);
    expect(res.status).toBe(308);
    expect(res.headers.get('location')).toBe(`desk/?token=${TOKEN}`);
  });

  it('works under any mount prefix, including the root', async () => {
    const { handoff } = setup();
    for (const mount of ['/', '/ops/agent-desk']) {
      const app = new Hono();
      app.route(mount, deskRoutes({ handoff }));
      const root = mount === '/' ? '' : mount;
      expect((await app.request(`${root}/`)).status, mount).toBe(200);
      expect((await app.request(`${root}/desk.css`)).status, mount).toBe(200);
      expect((await app.request(`${root}/api/handoffs`)).status, mount).toBe(200);
      if (root) expect((await app.request(root)).headers.get('location')).toBe('agent-desk/');
    }
  });

  it('serves the page with a strict CSP and no caching', async () => {
    const { app } = setup();
    const res = await app.request('/desk/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await res.text()).toContain('<script type="module" src="desk.js"></script>');
  });

  it('serves assets with an ETag and only files that exist', async () => {
    const { app } = setup();
    const js = await app.request('/desk/desk.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    const etag = js.headers.get('etag') ?? '';
    expect((await app.request('/desk/desk.js', { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await app.request('/desk/nope.js')).status).toBe(404);
    expect((await app.request('/desk/..%2f..%2fpackage.json')).status).toBe(404);
    expect((await app.request('/desk/a/b')).status).toBe(404);
  });
});

describe('desk API', () => {
  it('lists public records newest first, filtered by destination and status, never with the token', async () => {
    const { app, handoff, auth } = setup();
    const first = await transfer(handoff, 'loans');
    const second = await transfer(handoff, 'triage');
    const res = await app.request('/desk/api/handoffs', { headers: auth });
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    expect(text).not.toMatch(/"token"/);
    const all = JSON.parse(text) as { handoffs: Array<{ id: string }> };
    expect(all.handoffs.map((h) => h.id)).toEqual([second.handoffId, first.handoffId]);

    const loans = await json<Listed>(app.request('/desk/api/handoffs?destination=loans', { headers: auth }));
    expect(loans.handoffs.map((h) => h.id)).toEqual([first.handoffId]);
    const none = await json<Listed>(app.request('/desk/api/handoffs?status=connected', { headers: auth }));
    expect(none.handoffs).toEqual([]);
    const bad = await app.request('/desk/api/handoffs?status=nonsense', { headers: auth });
    expect(bad.status).toBe(400);
  });

  it("keeps a handoff on the first destination's desk after the ladder moves it on", async () => {
    const { app, handoff, auth } = setup();
    const result = await transfer(handoff, 'loans');
    await handoff.advance(result.handoffId, { type: 'failed', outcome: 'no_answer', attempt: 1 });
    const record = await handoff.get(result.handoffId);
    expect(record?.destination?.key).toBe('support');
    for (const destination of ['loans', 'support']) {
      const body = await json<Listed>(
        app.request(`/desk/api/handoffs?destination=${destination}`, { headers: auth }),
      );
      expect(
        body.handoffs.map((h) => h.id),
        destination,
      ).toEqual([result.handoffId]);
    }
  });

  it('returns one record by id, or a 404', async () => {
    const { app, handoff, auth } = setup();
    const result = await transfer(handoff, 'loans');
    const res = await app.request(`/desk/api/handoffs/${result.handoffId}`, { headers: auth });
    const body = await json<{ handoff: { id: string; token?: string } }>(res);
    expect(body.handoff.id).toBe(result.handoffId);
    expect(body.handoff.token).toBeUndefined();
    expect((await app.request('/desk/api/handoffs/nope', { headers: auth })).status).toBe(404);
  });

  it('lists destinations (keys and labels, never numbers) for the filter', async () => {
    const { app, auth } = setup();
    const config = await json(app.request('/desk/api/config', { headers: auth }));
    expect(config.access).toBe('token');
    expect(config.destinations).toEqual([
      { key: 'loans', label: 'Relationship manager' },
      { key: 'support', label: 'Senior care' },
      { key: 'triage', label: 'Triage nurse' },
    ]);
    expect(JSON.stringify(config)).not.toContain('+91');
  });
});

describe('desk events', () => {
  it('sends a snapshot, then each change for the destination, heartbeats, and lets go on abort', async () => {
    const { app, handoff, auth } = setup({ deskToken: TOKEN, heartbeatMs: 20 });
    let listeners = 0;
    const on = handoff.on.bind(handoff);
    handoff.on = (type, listener) => {
      listeners++;
      const off = on(type, listener);
      return () => {
        listeners--;
        off();
      };
    };
    const earlier = await transfer(handoff, 'triage');
    const res = await app.request('/desk/events?destination=triage', { headers: auth });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const body = res.body as ReadableStream<Uint8Array>;
    const { text: head, reader } = await readUntil(body, (t) => t.includes('event: snapshot'));
    expect(head).toContain(earlier.handoffId);
    expect(listeners).toBe(1);

    await transfer(handoff, 'loans');
    const mine = await transfer(handoff, 'triage', 'chest pain');
    const decoder = new TextDecoder();
    let text = '';
    while (!(text.includes(`"handoffId":"${mine.handoffId}"`) && text.includes(': heartbeat'))) {
      const { value } = await reader.read();
      text += decoder.decode(value, { stream: true });
    }
    const events = text
      .split('\n\n')
      .filter((block) => block.startsWith('event: handoff'))
      .map((block) => JSON.parse(block.slice(block.indexOf('data: ') + 6)));
    expect(events.every((e) => e.record.destination?.key === 'triage')).toBe(true);
    expect(events[0]).toMatchObject({ type: 'handoff.created', handoffId: mine.handoffId });
    expect(text).not.toMatch(/"token"/);

    await reader.cancel();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(listeners).toBe(0);
  });
});
