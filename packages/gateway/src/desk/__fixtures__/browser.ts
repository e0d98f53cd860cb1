import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Handoff } from '@handoff/core';
import { type ServerType, serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/ensure-chromium.sh first`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function serveApp(app: Hono): Promise<{ server: ServerType; base: string }> {
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export function closeServer(server: ServerType | undefined): Promise<unknown> {
  return new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
}

let calls = 0;

/** A short call the way a plugin would feed it, handed to `department`. */
export async function callAndTransfer(
  handoff: Handoff,
  department: string,
  turns: Array<[caller: boolean, text: string]>,
  reason: string,
) {
  const session = handoff.startSession({
    callId: `desk-call-${++calls}-${department}`,
    platform: 'livekit',
    from: '+919811100000',
    to: '+918000000000',
  });
  for (const [caller, text] of turns) session.addTurn({ role: caller ? 'caller' : 'agent', text });
  return session.transfer({
    reason,
    department,
    customer: { name: 'Priya Sharma', accountNumber: '00112233445566' },
  });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/**
 * axe-core's default rules over the page as it is now. Evaluated through the DevTools protocol,
 * which the page's CSP (`script-src 'self'`) does not govern, so the page's own policy stays on.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const { axe } = globalThis as typeof globalThis & {
      axe: { run(): Promise<{ violations: AxeViolation[] }> };
    };
    return (await axe.run()).violations;
  });
  return violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/** Presses Tab until `want` says the focused element is the one, or gives up after `max`. */
export async function tabTo(page: Page, want: (focus: string) => boolean, max = 40): Promise<string> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (want(now)) return now;
  }
  throw new Error(`Tab never reached the element (${max} presses)`);
}

/** What has keyboard focus: `body`, or a selector-like description of the element. */
export function focused(page: Page): Promise<string> {
  // A string, run in the page: this package compiles without the DOM's types.
  return page.evaluate<string>(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    const key = el.getAttribute('data-handoff') ?? el.getAttribute('data-call');
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (key ? '[' + key + ']' : '');
  })()`);
}
