import { existsSync } from 'node:fs';
import { createHandoff, type Handoff, type PublicHandoffRecord } from '@handoff/core';
import { createGateway, type Gateway } from '@handoff/gateway';
import { vobizCarrier } from '@handoff/vobiz';
import { createVobizSandbox, type VobizSandbox } from '@handoff/vobiz-sandbox';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePage, type PageServer, startPageServer } from './server.js';

const CHROMIUM = '/usr/bin/chromium';
const API_KEY = 'pipecat-web-api-key-0123456789';
const CUSTOMER = '+919822222222';
const LOANS = '+919800000001';

describe('the page bundle', () => {
  it('builds for browsers with the plugin and the Pipecat client, and nothing of Node or the core', async () => {
    const { code, inputs } = await bundlePage({ conditions: ['@handoff/source'] });
    expect(inputs.some((path) => path.includes('packages/pipecat/src/attach.ts'))).toBe(true);
    expect(inputs.some((path) => path.includes('@pipecat-ai/client-js'))).toBe(true);
    expect(inputs.filter((path) => path.includes('packages/core/'))).toEqual([]);
    expect(code).not.toMatch(/from\s*["']node:/u);
    expect(code).not.toContain(API_KEY);
  });
});

describe.skipIf(!existsSync(CHROMIUM))('the page in headless Chromium', () => {
  let sandbox: VobizSandbox;
  let handoff: Handoff;
  let gateway: Gateway;
  let site: PageServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    sandbox = await createVobizSandbox({ timeScale: 0.01, defaultEndpoint: { kind: 'answer', afterMs: 20 } });
    handoff = createHandoff({
      transfer: vobizCarrier({
        authId: sandbox.authId,
        authToken: sandbox.authToken,
        baseUrl: sandbox.baseUrl,
      }),
      destinations: { loans: { number: LOANS, label: 'Relationship manager' } },
      sayTimeoutMs: 8_000,
      messages: { en: { transferring: 'Connecting you to our {label} now.' } },
    });
    gateway = createGateway({
      handoff,
      vobiz: {
        authToken: sandbox.authToken,
        authId: sandbox.authId,
        baseUrl: sandbox.baseUrl,
        callerId: '+918000000000',
      },
      answer: { kind: 'stream', platform: 'pipecat' },
      apiKeys: [API_KEY],
    });
    const { url } = await gateway.listen(0, '127.0.0.1');
    // Another origin than the gateway's: the page's calls to /v1 are cross-origin, as in production.
    site = await startPageServer({ gatewayUrl: url, apiKey: API_KEY, callbackNumber: CUSTOMER });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
    page = await (await browser.newContext()).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await gateway?.close();
    await sandbox?.close();
    await handoff?.close();
  });

  it('hands the visitor to a human who calls them back, with the conversation', async () => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(site.url);
    await page.locator('#status[data-state="connected"]').waitFor({ timeout: 10_000 });

    await page.evaluate(async () => {
      const { bot, handoff } = (window as unknown as { demo: DemoHandles }).demo;
      bot.botSays('Welcome to Sahayak Bank. How can I help you today?');
      bot.userSays('I would like a home loan for a flat in Pune.');
      await handoff.flush();
    });
    const result = await page.evaluate(async () => {
      const { bot } = (window as unknown as { demo: DemoHandles }).demo;
      const sent = await bot.callsFunction('transfer_to_human', {
        reason: 'Home-loan applicant',
        department: 'loans',
      });
      return (sent.data as { result: { ok: boolean; status: string; message: string } }).result;
    });
    expect(result).toMatchObject({ ok: true, status: 'transferring' });
    const farewell = /"(.+)"$/u.exec(result.message)![1]!;
    await page.evaluate((line) => {
      (window as unknown as { demo: DemoHandles }).demo.bot.botSays(line);
    }, farewell);

    const human = await sandbox.waitForCall({ direction: 'outbound', to: LOANS });
    await human.waitFor('bridged');
    expect(human.events('dial_started')[0]?.targets).toEqual([{ kind: 'number', address: CUSTOMER }]);
    let record: PublicHandoffRecord | undefined;
    for (let i = 0; i < 200 && record?.status !== 'connected'; i++) {
      record = (await handoff.list({ limit: 1 }))[0];
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(record?.callId).toMatch(/^cb-/u);
    expect(record?.context.call).toMatchObject({ platform: 'pipecat', from: CUSTOMER });
    expect(record?.context.transcript.map((t) => t.text)).toEqual([
      'Welcome to Sahayak Bank. How can I help you today?',
      'I would like a home loan for a flat in Pune.',
    ]);

    await expect(page.locator('#conversation li').allTextContents()).resolves.toEqual([
      'Assistant: Welcome to Sahayak Bank. How can I help you today?',
      'You: I would like a home loan for a flat in Pune.',
      `Assistant: ${farewell}`,
    ]);
    await expect(page.locator('#handoff').textContent()).resolves.toBe(
      `A specialist will call you on ${CUSTOMER}.`,
    );
    expect(await page.locator('#status').getAttribute('data-error')).toBeNull();
    expect(await page.content()).not.toContain(API_KEY);
    expect(errors).toEqual([]);
  });
});

/** What page.ts puts on `window.demo`. */
interface DemoHandles {
  bot: import('@handoff/pipecat/testing').ScriptedBot;
  handoff: import('@handoff/pipecat').PipecatHandoff;
}
