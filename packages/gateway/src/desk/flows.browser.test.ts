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

const AGENT = 'loans-agent-token-for-flows-0123';

let handoff: Handoff;
let server: ServerType;
let base: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let carrier: FakeTransferProvider;

beforeAll(async () => {
  carrier = new FakeTransferProvider();
  handoff = createHandoff({
    transfer: carrier,
    capabilities: { backToAi: true },
    destinations: {
      loans: { number: '+919800000001', label: 'Relationship manager' },
      triage: { sip: 'sip:nurse@pbx.example.com', label: 'Triage nurse' },
    },
  });
  const app = new Hono();
  app.route(
    '/desk',
    deskRoutes({ handoff, deskUsers: [{ token: AGENT, name: 'Asha', role: 'agent', teams: ['loans'] }] }),
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
  await handoff?.close();
});

describe('desk flows from the keyboard', () => {
  it('records an outcome with a note, as the signed-in agent, and shows it', async () => {
    const triage = await callAndTransfer(handoff, 'triage', [[true, 'I have chest pain']], 'Symptom');
    const { handoffId } = await callAndTransfer(
      handoff,
      'loans',
      [[true, 'My EMI was debited twice this month']],
      'Double EMI debit',
    );
    await handoff.advance(handoffId, { type: 'bridged' });
    await page.goto(`${base}/desk/?token=${AGENT}`);
    await page.locator(`a.item[data-handoff="${handoffId}"]`).waitFor({ timeout: 5000 });
    // An agent of the loans team never sees a triage handoff.
    await expect(page.locator(`a.item[data-handoff="${triage.handoffId}"]`).count()).resolves.toBe(0);

    await page.locator(`a.item[data-handoff="${handoffId}"]`).focus();
    await page.keyboard.press('Enter');
    await tabTo(page, (f) => f.startsWith('input#outcome-'));
    // Arrow keys move within the radio group; nothing is saved until the button.
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toBe('input#outcome-needs_follow_up');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('textarea#disposition-note');
    await page.keyboard.type('Send the statement by email');
    expect((await handoff.get(handoffId))?.disposition).toBeUndefined();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');

    await page.locator('.disposition[data-outcome="needs_follow_up"]').waitFor({ timeout: 2000 });
    await expect(page.locator('.disposition .note').textContent()).resolves.toBe(
      'Send the statement by email',
    );
    const record = await handoff.get(handoffId);
    expect(record?.disposition).toMatchObject({
      outcome: 'needs_follow_up',
      note: 'Send the statement by email',
      by: { name: 'Asha', role: 'agent' },
    });
    // A locator, not a string predicate: the desk's CSP forbids eval, which polling a string needs.
    await page.locator('#status-announcer', { hasText: /^Outcome saved$/ }).waitFor({ timeout: 10_000 });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('hands the caller back to the AI with a note: the call moves, the packet records the round trip', async () => {
    const { handoffId } = await callAndTransfer(
      handoff,
      'loans',
      [[true, 'I want a refund of the processing fee']],
      'Refund needs identity check',
    );
    await handoff.advance(handoffId, { type: 'bridged' });
    const item = page.locator(`a.item[data-handoff="${handoffId}"]`);
    await item.waitFor({ timeout: 3000 });
    await item.focus();
    await page.keyboard.press('Enter');
    await tabTo(page, (f) => f === 'textarea#hand-back-note');
    await page.keyboard.type('Identity verified, proceed with the refund');
    await page.keyboard.press('Tab');
    expect(carrier.requests.filter((r) => r.handoffId === handoffId)).toHaveLength(1);
    await page.keyboard.press('Enter');

    await page.locator('#sec-round-trip').waitFor({ timeout: 2000 });
    await expect(page.locator('.round-trip + .note').textContent()).resolves.toBe(
      'Identity verified, proceed with the refund',
    );
    await page.locator('.detail-head .badge[data-status="completed"]').waitFor({ timeout: 2000 });
    await expect(page.locator('#hand-back-form').count()).resolves.toBe(0);
    // The carrier was asked once more: to send the caller to the handoff URL, now `back_to_ai`.
    expect(carrier.requests.filter((r) => r.handoffId === handoffId)).toHaveLength(2);
    const record = await handoff.get(handoffId);
    expect(record?.context.roundTrip).toMatchObject({
      by: { name: 'Asha', role: 'agent' },
      note: 'Identity verified, proceed with the refund',
    });
    expect(record?.lastStep).toMatchObject({ kind: 'back_to_ai', reason: 'handed_back' });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('draws the figures page with Chart.js served by the desk, for the agent’s team only', async () => {
    await page.goto(`${base}/desk/analytics`);
    await page.locator('#figures-status', { hasText: 'handoffs from' }).waitFor({ timeout: 10_000 });
    // Two loans handoffs above; the triage one is another team's.
    await expect(page.locator('[data-figure="Handoffs"] dd').textContent()).resolves.toBe('2');
    // No AI-call log here (live calls are off), so the calls are those the handoffs came from.
    await expect(page.locator('[data-figure="Handoff rate"] dd').textContent()).resolves.toBe(
      '2 of 2 AI calls (100 %)',
    );
    await expect(page.locator('[data-figure="First-contact resolution"] dd').textContent()).resolves.toBe(
      '0 of 1 (0 %)',
    );
    await expect(page.evaluate("Chart.getChart('chart-trigger')?.data.datasets[0].data")).resolves.toEqual([
      2,
    ]);
    await expect(page.locator('#chart-destination').getAttribute('aria-label')).resolves.toBe(
      'By destination: loans 2 handoffs',
    );
    expect(await axeViolations(page)).toEqual([]);
  });
});
