import { createHandoff, type Handoff } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import type { ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  callAndTransfer,
  closeServer,
  focused,
  launchChromium,
  serveApp,
  tabTo,
} from './__fixtures__/browser.js';
import { deskRoutes } from './index.js';

const TOKEN = 'desk-token-for-a11y-0123456789';

let handoff: Handoff;
let server: ServerType;
let base: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Event-stream connections the server accepted, to see whether a key press reconnected. */
let streams = 0;
const ids: string[] = [];

const loanCall = (text: string) =>
  callAndTransfer(
    handoff,
    'loans',
    [
      [false, 'Namaste, this is the Acme Bank assistant. How can I help?'],
      [true, text],
    ],
    'Caller wants a relationship manager',
  );

/** Waits until the list shows `id` with `status` (the live update has landed and been drawn). */
const listed = (id: string, status: string) =>
  page.locator(`a.item[data-handoff="${id}"] .badge[data-status="${status}"]`).waitFor({ timeout: 3000 });

beforeAll(async () => {
  handoff = createHandoff({
    transfer: new FakeTransferProvider(),
    destinations: {
      loans: { number: '+919800000001', label: 'Relationship manager' },
      triage: { sip: 'sip:nurse@pbx.example.com', label: 'Triage nurse' },
    },
  });
  const app = new Hono();
  app.use('/desk/events', async (_c, next) => {
    streams++;
    await next();
  });
  app.route('/desk', deskRoutes({ handoff, deskToken: TOKEN, title: 'Loans desk', heartbeatMs: 60_000 }));
  ({ server, base } = await serveApp(app));
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  for (const text of [
    'I want a home loan of 50 lakh rupees',
    'My EMI was debited twice this month',
    'Please close my personal loan account',
  ]) {
    ids.push((await loanCall(text)).handoffId);
  }
  await page.goto(`${base}/desk/?token=${TOKEN}`);
  await page.locator('#live[data-state="live"]').waitFor({ timeout: 5000 });
  for (const id of ids) await listed(id, 'transferring');
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await closeServer(server);
  await handoff?.close();
});

describe('desk from the keyboard', () => {
  it('has no axe-core violations with a handoff open', async () => {
    await page.locator('article.handoff').waitFor({ timeout: 3000 });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('skips to the open handoff without reading #detail as a handoff id', async () => {
    const open = await page.locator('article.handoff').getAttribute('data-handoff');
    await page.locator('body').focus();
    await page.evaluate('document.activeElement?.blur()');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('a');
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe('h2#detail-title');
    expect(new URL(page.url()).hash).toBe(`#${open}`);
    await expect(page.locator('#detail').textContent()).resolves.not.toContain('not found');
    await expect(page.locator('article.handoff').getAttribute('data-handoff')).resolves.toBe(open);
  });

  it('keeps focus on a list row while live updates arrive, new handoffs included', async () => {
    const target = ids[1]!;
    expect(await tabTo(page, (f) => f === `a[${target}]`)).toBe(`a[${target}]`);
    const losses: string[] = [];
    const check = async (step: string) => {
      const now = await focused(page);
      if (now !== `a[${target}]`) losses.push(`${step}: ${now}`);
    };
    await handoff.advance(ids[0]!, { type: 'ringing' });
    await listed(ids[0]!, 'ringing');
    await check('other row ringing');
    await handoff.advance(target, { type: 'ringing' });
    await listed(target, 'ringing');
    await check('own row ringing');
    const fresh = await loanCall('My loan statement shows a wrong interest rate');
    ids.push(fresh.handoffId);
    await listed(fresh.handoffId, 'transferring');
    await check('new handoff above');
    await handoff.advance(target, { type: 'bridged' });
    await listed(target, 'connected');
    await check('own row connected');
    expect(losses).toEqual([]);
  });

  it('moves focus into the handoff on Enter, and Tab carries on inside it', async () => {
    const target = ids[1]!;
    await page.locator(`a.item[data-handoff="${target}"]`).focus();
    await page.keyboard.press('Enter');
    await page.locator(`article.handoff[data-handoff="${target}"]`).waitFor({ timeout: 2000 });
    expect(await focused(page)).toBe('h2#detail-title');
    await page.keyboard.press('Tab');
    const inside = await page.evaluate("document.getElementById('detail').contains(document.activeElement)");
    expect(inside).toBe(true);
  });

  it('keeps focus in an open handoff’s field through its live updates', async () => {
    const target = ids[2]!;
    await page.locator(`a.item[data-handoff="${target}"]`).focus();
    await page.keyboard.press('Enter');
    await page.locator(`article.handoff[data-handoff="${target}"]`).waitFor({ timeout: 2000 });
    await tabTo(page, (f) => f === 'input#f-name');
    await handoff.advance(target, { type: 'ringing' });
    await page.locator('.detail-head .badge[data-status="ringing"]').waitFor({ timeout: 2000 });
    expect(await focused(page)).toBe('input#f-name');
    await handoff.advance(target, { type: 'bridged' });
    await page.locator('.detail-head .badge[data-status="connected"]').waitFor({ timeout: 2000 });
    expect(await focused(page)).toBe('input#f-name');
  });

  it('announces status changes politely', async () => {
    const region = page.locator('#status-announcer');
    await expect(region.getAttribute('aria-live')).resolves.toBe('polite');
    const target = ids[0]!;
    await handoff.advance(target, { type: 'bridged' });
    const record = await handoff.get(target);
    const announced = `${record?.context.summary.oneLine}: connected`;
    // The exact line (another handoff's may already be there), through a locator, not a string
    // predicate: the desk's CSP forbids the eval that polling a string needs.
    await region.filter({ hasText: announced }).waitFor({ timeout: 10_000 });
    await expect(region.textContent()).resolves.toBe(announced);
  });

  it('does not switch destination on an arrow key: only Show applies it, and the open handoff stays', async () => {
    const open = await page.locator('article.handoff').getAttribute('data-handoff');
    const before = streams;
    await page.locator('#destination').focus();
    await page.keyboard.press('ArrowDown');
    await expect(page.locator('#destination').inputValue()).resolves.toBe('loans');
    // Give a (wrong) reconnect the time it would take to show.
    await page.waitForTimeout(300);
    expect(streams).toBe(before);
    await expect(page.locator('article.handoff').getAttribute('data-handoff')).resolves.toBe(open);
    await expect(page.locator('a.item').count()).resolves.toBe(ids.length);

    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button#apply-filter');
    await page.keyboard.press('Enter');
    await page.locator('#live[data-state="live"]').waitFor({ timeout: 5000 });
    expect(streams).toBe(before + 1);
    // The open handoff is on the loans desk, so it stays open.
    await expect(page.locator('article.handoff').getAttribute('data-handoff')).resolves.toBe(open);
  });

  it('scrolls a focused field clear of the sticky bar', async () => {
    await page.setViewportSize({ width: 1280, height: 560 });
    await page.locator('#f-intent').focus();
    // Put the next field right under the bar, then Tab to it as a keyboard user would.
    await page.evaluate(
      "window.scrollBy(0, document.getElementById('f-issueType').getBoundingClientRect().top - 6)",
    );
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('input#f-issueType');
    const field = await page.locator('#f-issueType').boundingBox();
    const bar = await page.locator('.topbar').boundingBox();
    expect(field!.y).toBeGreaterThanOrEqual(bar!.y + bar!.height);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('shows every handoff in the list at 200 % zoom', async () => {
    const zoomed = await browser.newContext({ viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 });
    try {
      await zoomed.addCookies(await context.cookies());
      const tab = await zoomed.newPage();
      await tab.goto(`${base}/desk/`);
      await tab.locator('#live[data-state="live"]').waitFor({ timeout: 5000 });
      await tab
        .locator('a.item')
        .nth(ids.length - 1)
        .waitFor({ timeout: 3000 });
      const queue = (await tab.locator('.queue').boundingBox())!;
      const clipped: number[] = [];
      for (const [i, item] of (await tab.locator('a.item').all()).entries()) {
        const box = await item.boundingBox();
        if (!box || box.height === 0 || box.y < queue.y || box.y + box.height > queue.y + queue.height) {
          clipped.push(i);
        }
      }
      expect(clipped).toEqual([]);
      expect(await axeViolations(tab)).toEqual([]);
    } finally {
      await zoomed.close();
    }
  });
});
