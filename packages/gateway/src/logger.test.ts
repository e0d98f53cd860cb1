import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHandoff, HandoffError } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { vobizCarrier } from '@handoff/vobiz';
import { afterEach, describe, expect, it } from 'vitest';
import { DESTINATIONS } from './__fixtures__/harness.js';
import { createGateway } from './gateway.js';
import { createLogger } from './logger.js';
import type { GatewayOptions } from './options.js';

const AUTH_TOKEN = 'vobiz-token-never-logged';

/** A pino destination that keeps each JSON line. */
function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  return {
    lines,
    raw,
    write(chunk: string) {
      raw.push(chunk);
      lines.push(JSON.parse(chunk) as Record<string, unknown>);
    },
  };
}

const savedLevel = process.env.LOG_LEVEL;
afterEach(() => {
  if (savedLevel === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = savedLevel;
});

describe('the default logger (issue 14, item 8)', () => {
  it('writes JSON lines with credentials and signature headers redacted', () => {
    const out = capture();
    const logger = createLogger({ level: 'info', destination: out });
    const secrets = {
      headers: {
        authorization: 'Bearer sk-live-1',
        cookie: 'session=sk-live-2',
        'x-vobiz-signature': 'sk-live-3',
        'x-retell-signature': 'sk-live-4',
        'x-vapi-secret': 'sk-live-5',
      },
      authToken: 'sk-live-6',
      apiKey: 'sk-live-7',
      target: { token: 'sk-live-8', url: 'https://crm.example.com/hook' },
    };
    logger.warn(secrets, 'callback refused');
    expect(out.lines).toHaveLength(1);
    expect(out.lines[0]).toMatchObject({ level: 40, msg: 'callback refused', apiKey: '[Redacted]' });
    expect(out.raw[0]).toContain('https://crm.example.com/hook');
    expect(out.raw[0]).not.toMatch(/sk-live/);
  });

  it('takes its level from LOG_LEVEL, info by default, and refuses an unknown one by name', () => {
    delete process.env.LOG_LEVEL;
    const byDefault = capture();
    createLogger({ destination: byDefault }).info('shown');
    expect(byDefault.lines.map((l) => l.msg)).toEqual(['shown']);

    process.env.LOG_LEVEL = 'warn';
    const quiet = capture();
    const logger = createLogger({ destination: quiet });
    logger.info('hidden');
    logger.warn('shown');
    expect(quiet.lines.map((l) => l.msg)).toEqual(['shown']);

    process.env.LOG_LEVEL = 'loud';
    expect(() => createLogger()).toThrow(HandoffError);
    expect(() => createLogger()).toThrow(/LOG_LEVEL/);
  });
});

describe('a transfer that fails without onError (issue 14, item 8)', () => {
  it("is logged through the gateway's logger with its typed cause and without the credentials", async () => {
    // Vobiz answering a transfer with bad credentials.
    const vobiz = createServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'Authentication failed' }));
    });
    await new Promise<void>((resolve) => vobiz.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(vobiz.address() as AddressInfo).port}`;
    const handoff = createHandoff({
      transfer: vobizCarrier({ authId: 'MA_BAD', authToken: AUTH_TOKEN, baseUrl }),
      gatewayUrl: 'https://gw.example.com',
      destinations: DESTINATIONS,
    });
    const out = capture();
    const gateway = createGateway({
      handoff,
      vobiz: { authToken: AUTH_TOKEN },
      answer: { kind: 'stream' },
      logger: createLogger({ level: 'info', destination: out }),
    });
    try {
      const session = handoff.startSession({ callId: 'call-401', platform: 'vobiz' });
      await session.transfer({ reason: 'wants a human' });
      for (let i = 0; i < 500 && (await handoff.forCall('call-401'))?.status !== 'failed'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect((await handoff.forCall('call-401'))?.status).toBe('failed');
      const failure = out.lines.find((l) => String(l.msg).includes('transfer-provider failed'));
      // Structured: the where and the typed cause are fields a log query can select on.
      expect(failure).toMatchObject({ level: 40, where: 'transfer-provider' });
      expect(String(failure?.cause)).toMatch(/VobizError\(\w+, status 401\)/);
      expect(out.raw.join('')).not.toContain(AUTH_TOKEN);
    } finally {
      await gateway.close();
      await handoff.close();
      vobiz.close();
    }
  });
});

describe('required secrets (issue 14, item 8)', () => {
  const handoff = createHandoff({ transfer: new FakeTransferProvider(), destinations: DESTINATIONS });
  const base: GatewayOptions = {
    handoff,
    vobiz: { authToken: 'token' },
    answer: { kind: 'stream' },
    logger: createLogger({ level: 'silent' }),
  };
  const unset: string | undefined = process.env.HANDOFF_TEST_NEVER_SET;

  it.each([
    ['apiKeys[1]', { apiKeys: ['k1', unset as string] }],
    ['vobiz.authId', { vobiz: { authToken: 'token', authId: unset } }],
    ['webhooks[0].secret', { webhooks: [{ url: 'https://crm.example.com', secret: unset as string }] }],
    ['deskUsers[0].token', { deskUsers: [{ token: ' ', name: 'Asha', role: 'agent' as const }] }],
  ])('refuses an unset %s at construction, naming it', (name, overrides) => {
    const build = () => createGateway({ ...base, ...overrides } as GatewayOptions);
    expect(build).toThrow(HandoffError);
    expect(build).toThrow(`\`${name}\``);
  });
});
