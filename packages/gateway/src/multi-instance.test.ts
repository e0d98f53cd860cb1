import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHandoff, type Handoff } from '@handoff/core';
import { redisStore } from '@handoff/redis';
import { assertRedisUp, dropPrefix, skipRedis, TEST_REDIS_URL, uniquePrefix } from '@handoff/redis/testing';
import { vobizCarrier } from '@handoff/vobiz';
import { createVobizSandbox } from '@handoff/vobiz-sandbox';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { API_KEY, CALLER, DESTINATIONS, DID, waitForStatus } from './__fixtures__/harness.js';
import { createGateway, type Gateway } from './gateway.js';

/** Sends each request to the next instance in turn, as a load balancer without affinity would. */
async function roundRobin(targets: () => string[]): Promise<{ url: string; hits: number[]; server: Server }> {
  let next = 0;
  const hits = [0, 0];
  const server = createServer((req, res) => {
    const index = next++ % 2;
    hits[index]!++;
    const target = new URL(req.url ?? '/', targets()[index]);
    const upstream = httpRequest(target, { method: req.method, headers: req.headers }, (response) => {
      res.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, server };
}

describe.skipIf(skipRedis)('two gateway instances on one Redis, behind a round-robin balancer', () => {
  beforeAll(assertRedisUp);
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('any instance serves any callback of the call: ladder, bridge and completion, seen on both', async () => {
    const keyPrefix = uniquePrefix('gateway');
    cleanups.push(() => dropPrefix(keyPrefix));
    const sandbox = await createVobizSandbox({
      timeScale: 0.01,
      endpoints: { '+919800000001': { kind: 'no_answer' } },
    });
    cleanups.push(() => sandbox.close());
    // The AI lives elsewhere: a plain socket the stream connects to.
    const ai = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => ai.once('listening', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => ai.close(() => resolve())));
    const aiUrl = `ws://127.0.0.1:${(ai.address() as AddressInfo).port}/ai`;

    // Each instance listens on a port of its own choosing; the balancer reads them when it forwards.
    const instanceUrls: string[] = [];
    const balancer = await roundRobin(() => instanceUrls);
    cleanups.push(() => new Promise<void>((resolve) => balancer.server.close(() => resolve())));

    const instances: Array<{ handoff: Handoff; gateway: Gateway }> = [];
    for (let i = 0; i < 2; i++) {
      const store = redisStore({ url: TEST_REDIS_URL, keyPrefix });
      const handoff = createHandoff({
        store,
        transfer: vobizCarrier({
          authId: sandbox.authId,
          authToken: sandbox.authToken,
          baseUrl: sandbox.baseUrl,
        }),
        gatewayUrl: balancer.url,
        destinations: DESTINATIONS,
        capabilities: { backToAi: true },
      });
      await store.ready();
      const gateway = createGateway({
        handoff,
        publicUrl: balancer.url,
        vobiz: { authToken: sandbox.authToken, callerId: DID },
        answer: { kind: 'stream', url: aiUrl },
        apiKeys: [API_KEY],
      });
      instanceUrls.push((await gateway.listen(0)).url);
      cleanups.push(async () => {
        await gateway.close();
        await handoff.close();
        await store.close();
      });
      instances.push({ handoff, gateway });
    }
    const [a, b] = instances as [(typeof instances)[0], (typeof instances)[0]];

    // Instance B's event stream, read directly: it must see what A does too.
    const events = await fetch(`${instanceUrls[1]}/v1/handoffs/events`, {
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    const reader = events.body!.getReader();
    let streamed = '';
    const pump = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        streamed += new TextDecoder().decode(value);
      }
    })();
    cleanups.push(async () => {
      await reader.cancel().catch(() => undefined);
      await pump.catch(() => undefined);
    });

    const call = sandbox.placeInboundCall({
      from: CALLER,
      to: DID,
      answerUrl: `${balancer.url}/vobiz/answer`,
      hangupUrl: `${balancer.url}/vobiz/hangup`,
    });
    await call.waitFor('stream_connected');
    // Both instances hold a session for the call: the answering one, and the one the API reaches.
    for (const instance of instances) instance.handoff.startSession({ callId: call.uuid, platform: 'vobiz' });

    const response = await fetch(`${balancer.url}/v1/handoffs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        callId: call.uuid,
        reason: 'Caller wants a home loan',
        department: 'loans',
        transcript: [{ role: 'caller', text: 'I want a home loan of 40 lakh' }],
      }),
    });
    expect(response.status).toBe(201);
    const { handoffId } = (await response.json()) as { handoffId: string };

    // loans never answers; the ladder moves to support, which does.
    await call.waitFor('bridged', { match: (e) => e.to === '+919800000002' });
    const onA = await waitForStatus(a.handoff, handoffId, 'connected');
    const onB = await waitForStatus(b.handoff, handoffId, 'connected');
    expect(onA.context.dialAttempts.map((x) => x.destination)).toEqual(['loans', 'support']);
    expect(onB.updatedAt).toBe(onA.updatedAt);
    expect(call.whisper).toHaveLength(1);
    // Both instances answered Vobiz.
    expect(balancer.hits.every((n) => n > 2)).toBe(true);

    call.hangup('caller');
    await waitForStatus(b.handoff, handoffId, 'completed');
    await waitForStatus(a.handoff, handoffId, 'completed');
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Whichever instance heard the hang-up, neither keeps the call's session.
    expect(a.handoff.session(call.uuid)).toBeUndefined();
    expect(b.handoff.session(call.uuid)).toBeUndefined();
    expect(streamed).toContain(`"handoffId":"${handoffId}"`);
    expect(streamed).toContain('event: handoff.created');
    expect(streamed).toContain('event: handoff.completed');
  });
});
