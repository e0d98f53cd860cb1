import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHandoff, MemoryStore } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { DESTINATIONS, until } from './__fixtures__/harness.js';
import { CALL_UUID, offline } from './__fixtures__/offline.js';
import { createGateway } from './gateway.js';
import { signWebhook, verifyWebhookSignature } from './webhook-signature.js';

const SECRET = 'whsec_test_0123456789';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  verified: boolean;
}

/** A CRM that checks every signature, and fails while `failing` is set. */
async function receiver() {
  const received: Received[] = [];
  const state = { failing: false, hits: 0 };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      state.hits++;
      const verified = verifyWebhookSignature({
        secret: SECRET,
        body,
        signature: req.headers['x-handoff-signature'] as string,
        timestamp: req.headers['x-handoff-timestamp'] as string,
      });
      if (state.failing) {
        res.writeHead(503).end();
        return;
      }
      received.push({ headers: req.headers, body, verified });
      res.writeHead(verified ? 204 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/handoff?tenant=acme`;
  return { url, received, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('CRM webhooks', () => {
  it('posts signed events a receiver can verify, created before anyone answers', async () => {
    const crm = await receiver();
    cleanups.push(crm.close);
    const o = offline({ gateway: { webhooks: [{ url: crm.url, secret: SECRET }] } });
    cleanups.push(() => o.gateway.close());
    const { handoffId } = await o.transfer();
    await o.gateway.webhooks.idle();

    expect(crm.received.length).toBeGreaterThanOrEqual(2);
    expect(crm.received.every((r) => r.verified)).toBe(true);
    const first = crm.received[0]!;
    expect(first.headers['x-handoff-event']).toBe('handoff.created');
    expect(first.headers['x-handoff-delivery']).toMatch(new RegExp(`^${handoffId}-1-[0-9a-f]{16}$`));
    const payload = JSON.parse(first.body);
    expect(Object.keys(payload).sort()).toEqual(['at', 'context', 'handoffId', 'status', 'type']);
    expect(payload).toMatchObject({ type: 'handoff.created', handoffId, status: 'persisted' });
    expect(payload.context.schema).toBe('handoff.context.v1');
    expect(payload.context.transcript[0].text).toContain('charged twice');
    const types = crm.received.map((r) => r.headers['x-handoff-event']);
    expect(types.slice(1).every((t) => t === 'handoff.updated')).toBe(true);
  });

  it('sends only the event types a target asked for, and completed/failed at the end', async () => {
    const crm = await receiver();
    cleanups.push(crm.close);
    const o = offline({
      gateway: {
        webhooks: [{ url: crm.url, secret: SECRET, events: ['handoff.created', 'handoff.completed'] }],
      },
    });
    cleanups.push(() => o.gateway.close());
    await o.transfer();
    await o.vobiz('/vobiz/hangup', { CallUUID: CALL_UUID, Event: 'Hangup' });
    await o.gateway.webhooks.idle();
    // Hung up while ringing: a failure (caller_hung_up), not a completion.
    expect(crm.received.map((r) => r.headers['x-handoff-event'])).toEqual(['handoff.created']);
  });

  it('retries with backoff, dead-letters, lists and replays', async () => {
    const crm = await receiver();
    cleanups.push(crm.close);
    crm.state.failing = true;
    const o = offline({
      gateway: {
        webhooks: [{ url: crm.url, secret: SECRET, events: ['handoff.created'] }],
        webhookAttempts: 3,
        webhookBackoffMs: 5,
      },
    });
    cleanups.push(() => o.gateway.close());
    const { handoffId } = await o.transfer();
    await o.gateway.webhooks.idle();
    expect(crm.state.hits).toBe(3);

    const listed = (await (await o.api('/v1/webhooks/dead-letters')).json()) as {
      deadLetters: Array<{
        deliveryId: string;
        handoffId: string;
        target: string;
        attempts: number;
        lastStatus: number;
      }>;
    };
    expect(listed.deadLetters).toHaveLength(1);
    const letter = listed.deadLetters[0]!;
    expect(letter).toMatchObject({ handoffId, attempts: 3, lastStatus: 503 });
    // The receiver's query string (often a secret) is not echoed back.
    expect(letter.target).not.toContain('tenant');

    crm.state.failing = false;
    const replay = await o.api(`/v1/webhooks/dead-letters/${letter.deliveryId}/replay`, { method: 'POST' });
    expect(replay.status).toBe(200);
    expect(crm.received).toHaveLength(1);
    expect(crm.received[0]!.verified).toBe(true);
    expect(crm.received[0]!.headers['x-handoff-delivery']).toBe(letter.deliveryId);
    const after = (await (await o.api('/v1/webhooks/dead-letters')).json()) as { deadLetters: unknown[] };
    expect(after.deadLetters).toEqual([]);
  });

  it('dead-letters on network errors too', async () => {
    const o = offline({
      gateway: {
        webhooks: [{ url: 'http://127.0.0.1:9/unreachable', secret: SECRET, events: ['handoff.created'] }],
        webhookAttempts: 2,
        webhookBackoffMs: 1,
      },
    });
    cleanups.push(() => o.gateway.close());
    await o.transfer();
    await o.gateway.webhooks.idle();
    const letters = await o.gateway.webhooks.deadLetters();
    expect(letters).toHaveLength(1);
    expect(letters[0]!.lastError).toBeDefined();
  });

  it('two instances on one store deliver each event once', async () => {
    const crm = await receiver();
    cleanups.push(crm.close);
    const store = new MemoryStore();
    const carrier = new FakeTransferProvider();
    const instances = [1, 2].map(() => {
      const handoff = createHandoff({ transfer: carrier, store, destinations: DESTINATIONS });
      const gateway = createGateway({
        handoff,
        publicUrl: 'https://gw.example.com',
        vobiz: { authToken: 'token' },
        answer: { kind: 'stream' },
        webhooks: [{ url: crm.url, secret: SECRET }],
      });
      cleanups.push(() => gateway.close());
      return { handoff, gateway };
    });
    const session = instances[0]!.handoff.startSession({ callId: 'call-1', platform: 'vobiz' });
    const { handoffId } = await session.transfer({ reason: 'help', department: 'loans' });
    await instances[1]!.handoff.advance(handoffId, { type: 'ringing', attempt: 1 });
    await Promise.all(instances.map((i) => i.gateway.webhooks.idle()));
    await until(() => (crm.received.length >= 3 ? true : undefined));
    const deliveries = crm.received.map((r) => r.headers['x-handoff-delivery']);
    expect(new Set(deliveries).size).toBe(deliveries.length);
    expect(deliveries).toHaveLength(3); // created (persisted), transferring, ringing
  });
});

describe('verifyWebhookSignature', () => {
  it('rejects a changed body, a wrong secret and a stale timestamp', () => {
    const now = Date.now();
    const timestamp = String(Math.floor(now / 1000));
    const body = '{"type":"handoff.created"}';
    const signature = signWebhook(SECRET, timestamp, body);
    expect(verifyWebhookSignature({ secret: SECRET, body, signature, timestamp })).toBe(true);
    expect(verifyWebhookSignature({ secret: SECRET, body: `${body} `, signature, timestamp })).toBe(false);
    expect(verifyWebhookSignature({ secret: 'other', body, signature, timestamp })).toBe(false);
    expect(
      verifyWebhookSignature({ secret: SECRET, body, signature, timestamp, now: () => now + 10 * 60_000 }),
    ).toBe(false);
    expect(verifyWebhookSignature({ secret: SECRET, body, signature: undefined, timestamp })).toBe(false);
  });

  it("takes Node's req.headers values as they are, and refuses a header sent twice", () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const body = '{"type":"handoff.created"}';
    const signature = signWebhook(SECRET, timestamp, body);
    const headers: IncomingHttpHeaders = {
      'x-handoff-signature': signature,
      'x-handoff-timestamp': timestamp,
    };
    const fromNode = { signature: headers['x-handoff-signature'], timestamp: headers['x-handoff-timestamp'] };
    expect(verifyWebhookSignature({ secret: SECRET, body, ...fromNode })).toBe(true);
    expect(verifyWebhookSignature({ secret: SECRET, body, signature: [signature], timestamp })).toBe(true);
    expect(
      verifyWebhookSignature({ secret: SECRET, body, signature: [signature, signature], timestamp }),
    ).toBe(false);
    expect(verifyWebhookSignature({ secret: SECRET, body, signature, timestamp: [timestamp, '1'] })).toBe(
      false,
    );
  });
});
