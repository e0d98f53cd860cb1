import { type AttachedCall, createHandoff, type Handoff, type Instruction, MemoryStore } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import type { ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  closeServer,
  focused,
  launchChromium,
  serveApp,
  tabTo,
} from './__fixtures__/browser.js';
import { deskRoutes } from './index.js';

const SUPERVISOR = 'supervisor-token-for-live-0123456';
const AGENT = 'agent-token-for-live-0123456789ab';
const destinations = {
  loans: { number: '+919800000001', label: 'Relationship manager' },
  triage: { sip: 'sip:nurse@pbx.example.com', label: 'Triage nurse' },
};

/** Instance A serves the desk; instance B serves the AI call; one store between them. */
let a: Handoff;
let b: Handoff;
let carrier: FakeTransferProvider;
let call: AttachedCall;
const told: Instruction[] = [];
let server: ServerType;
let base: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  const store = new MemoryStore();
  carrier = new FakeTransferProvider();
  a = createHandoff({ transfer: carrier, destinations, store, liveCalls: true, sayTimeoutMs: 50 });
  b = createHandoff({ transfer: carrier, destinations, store, liveCalls: true, sayTimeoutMs: 50 });
  call = b.attachCall({
    callId: 'live-browser-1',
    platform: 'test',
    from: '+919811100009',
    port: { say: async () => 'played', instruct: (i) => void told.push(i) },
  });
  const app = new Hono();
  app.route(
    '/desk',
    deskRoutes({
      handoff: a,
      deskUsers: [
        { token: SUPERVISOR, name: 'Meera', role: 'supervisor' },
        { token: AGENT, name: 'Asha', role: 'agent', teams: ['loans'] },
      ],
    }),
  );
  ({ server, base } = await serveApp(app));
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await closeServer(server);
  await a?.close();
  await b?.close();
});

describe('a supervisor on instance A, a call on instance B', () => {
  it('refuses live calls and their actions to an agent', async () => {
    call.addTurn({ role: 'caller', text: 'Hello, I have a question about my loan' });
    const auth = { authorization: `Bearer ${AGENT}`, 'content-type': 'application/json' };
    expect((await fetch(`${base}/desk/api/calls`, { headers: auth })).status).toBe(403);
    const hint = await fetch(`${base}/desk/api/calls/live-browser-1/hint`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ text: 'x' }),
    });
    expect(hint.status).toBe(403);
    const take = await fetch(`${base}/desk/api/calls/live-browser-1/take-over`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ destination: 'loans' }),
    });
    expect(take.status).toBe(403);
    expect(told).toEqual([]);
    expect(carrier.requests).toEqual([]);
  });

  it('watches the call live, sends a hint and takes it over, from the keyboard', async () => {
    await page.goto(`${base}/desk/?token=${SUPERVISOR}`);
    const item = page.locator('button[data-call="live-browser-1"]');
    await item.waitFor({ timeout: 10_000 });
    await item.focus();
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe('h2#detail-title');
    call.addTurn({ role: 'agent', text: 'Sure, which loan is it about?' });
    call.addTurn({
      role: 'caller',
      text: 'My name is Priya Sharma and this is the third time I am calling, it is terrible',
    });
    await page.locator('.live-call .turn-text', { hasText: 'third time' }).waitFor({ timeout: 10_000 });
    await expect(page.locator('.live-call .spark').count()).resolves.toBe(1);
    await expect(page.locator('.live-call .facts', { hasText: 'Priya Sharma' }).count()).resolves.toBe(1);

    await tabTo(page, (f) => f === 'textarea#hint-text');
    await page.keyboard.type('Apologise and offer a callback from the loans team');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    // A locator, not a string predicate: the desk's CSP forbids eval, which polling a string needs.
    await page
      .locator('#status-announcer', { hasText: /^Hint sent to the AI$/ })
      .waitFor({ timeout: 10_000 });
    expect(told.filter((i) => i.purpose === 'hint').map((i) => i.text)).toEqual([
      expect.stringContaining('Apologise and offer a callback from the loans team'),
    ]);
    await page.locator('#sec-live-audit + ul li', { hasText: 'Apologise' }).waitFor({ timeout: 10_000 });
    expect(await axeViolations(page)).toEqual([]);

    await tabTo(page, (f) => f === 'select#take-over-destination');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const opened = page.locator('article.handoff[data-handoff]');
    await opened.waitFor({ timeout: 10_000 });
    const handoffId = await opened.getAttribute('data-handoff');
    const record = await a.get(handoffId!);
    expect(record?.context.trigger.kind).toBe('supervisor');
    expect(record?.destination?.key).toBe('loans');
    expect(record?.audit?.map((e) => [e.action, e.by.name])).toEqual([
      ['hint', 'Meera'],
      ['took_over', 'Meera'],
    ]);
    expect(carrier.requests.map((r) => r.handoffId)).toEqual([handoffId]);
    await expect(
      page.locator('section[aria-labelledby="sec-why"] .facts', { hasText: 'Supervisor took over' }).count(),
    ).resolves.toBe(1);
  });
});
