import { createHandoff, type Handoff, type PublicHandoffRecord } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { redisStore } from '@handoff/redis';
import { assertRedisUp, dropPrefix, skipRedis, TEST_REDIS_URL, uniquePrefix } from '@handoff/redis/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, DESTINATIONS } from '../__fixtures__/harness.js';
import { createGateway, type Gateway } from '../gateway.js';

/**
 * A webhook platform behind a load balancer: one call's turns land on two gateway instances in
 * turn, each with its own core and its own connection to one Redis, and the handoff is asked of
 * either. The packet must hold every turn, in order, whichever instance built it.
 */

const CALL = 'b1e3c2d0-0000-4000-8000-00000000a001';
const CONVERSATION = [
  ['agent', 'Thanks for calling Acme Finance, how can I help?'],
  ['caller', 'Hi, my name is Priya Sharma, I want a home loan of 50 lakh'],
  ['agent', 'Happy to help. What is your monthly income?'],
  ['caller', 'About two lakh rupees a month'],
  ['agent', 'And is the property already chosen?'],
  ['caller', 'Yes, a flat in Pune, the builder needs an answer this week'],
  ['agent', 'Understood. Anything else I should note?'],
  ['caller', 'I already have a car loan with you'],
] as const;

interface Instance {
  handoff: Handoff;
  gateway: Gateway;
  api(path: string, body?: unknown): Promise<Response>;
}

describe.skipIf(skipRedis)('scale-out: one call’s turns through two gateways on one Redis', () => {
  beforeAll(assertRedisUp);

  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function instance(keyPrefix: string, carrier: FakeTransferProvider): Promise<Instance> {
    const store = redisStore({ url: TEST_REDIS_URL, keyPrefix });
    const handoff = createHandoff({
      store,
      transfer: carrier,
      gatewayUrl: 'https://gw.example.com',
      destinations: DESTINATIONS,
    });
    const gateway = createGateway({
      handoff,
      publicUrl: 'https://gw.example.com',
      vobiz: { authToken: 'vobiz-auth-token-for-tests', callerId: '+918000000000' },
      answer: { kind: 'stream' },
      apiKeys: [API_KEY],
    });
    await store.ready();
    cleanups.push(async () => {
      await gateway.close();
      await handoff.close();
      await store.close();
    });
    const api = (path: string, body?: unknown) =>
      gateway.fetch(
        new Request(`https://gw.example.com${path}`, {
          method: body === undefined ? 'GET' : 'POST',
          headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      );
    return { handoff, gateway, api };
  }

  async function twoInstances() {
    const keyPrefix = uniquePrefix('sessions');
    cleanups.push(() => dropPrefix(keyPrefix));
    const carrier = new FakeTransferProvider();
    return { a: await instance(keyPrefix, carrier), b: await instance(keyPrefix, carrier), carrier };
  }

  it('persists a packet with every turn in order when turns alternate between A and B and B hands off', async () => {
    const { a, b, carrier } = await twoInstances();
    for (const [i, [role, text]] of CONVERSATION.entries()) {
      const to = i % 2 === 0 ? a : b;
      const response = await to.api(`/v1/sessions/${CALL}/turns`, {
        role,
        text,
        platform: 'vapi',
        ...(i === 0 ? { from: '+919811111111' } : {}),
      });
      expect(response.status, await response.clone().text()).toBe(200);
      // Each instance answers with the length of the whole call, not of its own share.
      expect(((await response.json()) as { turns: number }).turns).toBe(i + 1);
    }

    const created = await b.api('/v1/handoffs', { callId: CALL, reason: 'home loan', department: 'loans' });
    expect(created.status, await created.clone().text()).toBe(201);
    const { handoffId } = (await created.json()) as { handoffId: string };

    // Read back on the instance that did not build it: the persisted packet.
    const record = (await (await a.api(`/v1/handoffs/${handoffId}`)).json()) as PublicHandoffRecord;
    expect(record.context.transcript.map((t) => [t.role, t.text])).toEqual(
      CONVERSATION.map(([role, text]) => [role, text]),
    );
    const times = record.context.transcript.map((t) => t.at);
    expect([...times].sort((x, y) => x - y)).toEqual(times);
    expect(record.context.call).toMatchObject({ callId: CALL, platform: 'vapi', from: '+919811111111' });
    expect(record.context.extracted.customer.name).toBe('Priya Sharma');
    expect(carrier.requests.map((r) => r.handoffId)).toEqual([handoffId]);
  });

  it('A builds the packet just as well, turns it never saw included', async () => {
    const { a, b } = await twoInstances();
    for (const [i, [role, text]] of CONVERSATION.entries()) {
      const response = await (i % 2 === 1 ? a : b).api(`/v1/sessions/${CALL}/turns`, { role, text });
      expect(response.status).toBe(200);
    }
    const created = await a.api('/v1/handoffs', { callId: CALL, reason: 'home loan', department: 'loans' });
    const { handoffId } = (await created.json()) as { handoffId: string };
    const record = await b.handoff.get(handoffId);
    expect(record?.context.transcript.map((t) => t.text)).toEqual(CONVERSATION.map(([, text]) => text));
  });
});
