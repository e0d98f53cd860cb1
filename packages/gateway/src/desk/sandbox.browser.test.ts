import type { AddressInfo } from 'node:net';
import {
  type AttachedCall,
  createHandoff,
  type Handoff,
  type Instruction,
  type SpokenLine,
} from '@handoff/core';
import { redisStore } from '@handoff/redis';
import { assertRedisUp, dropPrefix, skipRedis, TEST_REDIS_URL, uniquePrefix } from '@handoff/redis/testing';
import { vobizCarrier } from '@handoff/vobiz';
import { createVobizSandbox, type VobizSandbox } from '@handoff/vobiz-sandbox';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { CALLER, DESTINATIONS, DID, waitForStatus } from '../__fixtures__/harness.js';
import { splitRouter } from '../__fixtures__/split-router.js';
import { createGateway, type Gateway } from '../gateway.js';
import { axeViolations, launchChromium, tabTo } from './__fixtures__/browser.js';

const SUPERVISOR = 'supervisor-token-sandbox-0123456789';

const cleanups: Array<() => Promise<unknown>> = [];
let sandbox: VobizSandbox;
let front: string;
let a: Handoff;
let b: Handoff;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  if (skipRedis) return;
  await assertRedisUp();
  const keyPrefix = uniquePrefix('desk-sandbox');
  cleanups.push(() => dropPrefix(keyPrefix));
  sandbox = await createVobizSandbox({ timeScale: 0.02 });
  cleanups.push(() => sandbox.close());
  // The AI's side of the media stream: a socket that accepts; the test plays the AI through the port.
  const ai = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => ai.once('listening', () => resolve()));
  cleanups.push(() => new Promise<void>((resolve) => ai.close(() => resolve())));
  const aiUrl = `ws://127.0.0.1:${(ai.address() as AddressInfo).port}/ai`;
  const urls: string[] = [];
  // The desk on instance A; Vobiz's callbacks and the AI's media on instance B.
  const front0 = await splitRouter('/desk', () => ({ matched: urls[0]!, rest: urls[1]! }));
  front = front0.url;
  cleanups.push(() => new Promise<void>((resolve) => front0.server.close(() => resolve())));
  const handoffs: Handoff[] = [];
  for (let i = 0; i < 2; i++) {
    const store = redisStore({ url: TEST_REDIS_URL, keyPrefix });
    const handoff = createHandoff({
      store,
      transfer: vobizCarrier({
        authId: sandbox.authId,
        authToken: sandbox.authToken,
        baseUrl: sandbox.baseUrl,
      }),
      gatewayUrl: front,
      destinations: DESTINATIONS,
      capabilities: { backToAi: true },
      liveCalls: true,
      sayTimeoutMs: 50,
    });
    await store.ready();
    const gateway: Gateway = createGateway({
      handoff,
      publicUrl: front,
      vobiz: { authToken: sandbox.authToken, callerId: DID },
      answer: { kind: 'stream', url: aiUrl },
      deskUsers: [{ token: SUPERVISOR, name: 'Meera', role: 'supervisor' }],
    });
    urls.push((await gateway.listen(0)).url);
    cleanups.push(async () => {
      await gateway.close();
      await handoff.close();
      await store.close();
    });
    handoffs.push(handoff);
  }
  [a, b] = handoffs as [Handoff, Handoff];
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  cleanups.push(async () => {
    await context.close();
    await browser.close();
  });
});

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.skipIf(skipRedis)('the desk against the Vobiz sandbox, two instances on Redis', () => {
  it('a supervisor on A watches a call B serves, hints, takes over, hands back and records the outcome', async () => {
    const call = sandbox.placeInboundCall({
      from: CALLER,
      to: DID,
      answerUrl: `${front}/vobiz/answer`,
      hangupUrl: `${front}/vobiz/hangup`,
    });
    const first = await call.waitFor('stream_connected');
    // Instance B runs the AI for this call: what it is told and what it says go through this port.
    const told: Instruction[] = [];
    const said: SpokenLine[] = [];
    const live: AttachedCall = b.attachCall({
      callId: call.uuid,
      platform: 'vobiz',
      from: CALLER,
      to: DID,
      port: {
        say: async (line) => {
          said.push(line);
          return 'played';
        },
        instruct: (i) => void told.push(i),
      },
    });
    live.addTurn({ role: 'caller', text: 'I want to close my home loan early' });
    live.addTurn({ role: 'agent', text: 'I can help with that. May I have your name?' });

    // Watch: the call is listed on A's desk, its transcript running.
    await page.goto(`${front}/desk/?token=${SUPERVISOR}`);
    const item = page.locator(`button[data-call="${call.uuid}"]`);
    await item.waitFor({ timeout: 10_000 });
    await item.focus();
    await page.keyboard.press('Enter');
    live.addTurn({
      role: 'caller',
      text: 'Priya Sharma, and I have asked three times already, this is terrible',
    });
    await page.locator('.live-call .turn-text', { hasText: 'three times' }).waitFor({ timeout: 10_000 });

    // Hint: reaches the AI on B.
    await tabTo(page, (f) => f === 'textarea#hint-text');
    await page.keyboard.type('Apologise and offer the foreclosure statement');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page
      .locator('#status-announcer', { hasText: /^Hint sent to the AI$/ })
      .waitFor({ timeout: 10_000 });
    expect(told.filter((i) => i.purpose === 'hint').map((i) => i.text)).toEqual([
      expect.stringContaining('Apologise and offer the foreclosure statement'),
    ]);

    // Take over to loans: B says the farewell, Vobiz moves the call, the human answers.
    await tabTo(page, (f) => f === 'select#take-over-destination');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const opened = page.locator('article.handoff[data-handoff]');
    await opened.waitFor({ timeout: 10_000 });
    const handoffId = (await opened.getAttribute('data-handoff'))!;
    await call.waitFor('bridged', { match: (e) => e.to === '+919800000001' });
    await page.locator('.detail-head .badge[data-status="connected"]').waitFor({ timeout: 10_000 });
    expect(said.map((l) => l.purpose)).toContain('farewell');
    const taken = await a.get(handoffId);
    expect(taken?.context.trigger.kind).toBe('supervisor');
    expect(taken?.audit?.map((e) => [e.action, e.by.name])).toEqual([
      ['hint', 'Meera'],
      ['took_over', 'Meera'],
    ]);
    expect(call.whisper.length).toBeGreaterThan(0);

    // Hand back: Vobiz moves the caller from the human to the AI's stream again.
    await tabTo(page, (f) => f === 'textarea#hand-back-note');
    await page.keyboard.type('Identity verified, send the foreclosure statement');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('#sec-round-trip').waitFor({ timeout: 10_000 });
    await call.waitFor('stream_connected', { match: (e) => e.streamId !== first.streamId });
    const back = await waitForStatus(a, handoffId, 'completed');
    expect(back.context.roundTrip).toMatchObject({
      by: { name: 'Meera', role: 'supervisor' },
      note: 'Identity verified, send the foreclosure statement',
    });
    expect(back.lastStep).toMatchObject({ kind: 'back_to_ai', reason: 'handed_back' });

    // Dispose.
    await tabTo(page, (f) => f.startsWith('input#outcome-'));
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Statement to be emailed');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('.disposition[data-outcome="needs_follow_up"]').waitFor({ timeout: 10_000 });
    const disposed = await b.get(handoffId);
    expect(disposed?.disposition).toMatchObject({
      outcome: 'needs_follow_up',
      note: 'Statement to be emailed',
      by: { name: 'Meera', role: 'supervisor' },
    });
    expect(await axeViolations(page)).toEqual([]);
    call.hangup('caller');
  });
});
