import { createHandoff, type Handoff, type Instruction, type SpokenLine } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { type RedisStore, redisStore } from '@handoff/redis';
import { assertRedisUp, dropPrefix, skipRedis, TEST_REDIS_URL, uniquePrefix } from '@handoff/redis/testing';
import { Hono } from 'hono';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deskRoutes } from './index.js';

const SUPERVISOR = 'supervisor-token-redis-0123456789';
const destinations = { loans: { number: '+919800000001', label: 'Relationship manager' } };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function instance(
  prefix: string,
  carrier: FakeTransferProvider,
  now?: () => number,
): { handoff: Handoff; store: RedisStore } {
  const store = redisStore({ url: TEST_REDIS_URL, keyPrefix: prefix });
  const handoff = createHandoff({
    store,
    transfer: carrier,
    destinations,
    liveCalls: true,
    sayTimeoutMs: 100,
    ...(now ? { now } : {}),
  });
  cleanups.push(async () => {
    await handoff.close();
    await store.close().catch(() => undefined);
  });
  return { handoff, store };
}

describe.skipIf(skipRedis)('live calls across instances on one Redis', () => {
  beforeAll(assertRedisUp);

  it('a supervisor on instance A watches, hints and takes over a call served by instance B', async () => {
    const prefix = uniquePrefix('live-calls');
    cleanups.push(() => dropPrefix(prefix));
    const carrier = new FakeTransferProvider();
    const a = instance(prefix, carrier).handoff;
    const b = instance(prefix, carrier).handoff;
    const told: Instruction[] = [];
    const said: SpokenLine[] = [];
    const call = b.attachCall({
      callId: 'redis-live-1',
      platform: 'test',
      from: '+919811100007',
      port: {
        say: async (line) => {
          said.push(line);
          return 'played';
        },
        instruct: (i) => void told.push(i),
      },
    });
    const desk = new Hono();
    desk.route(
      '/desk',
      deskRoutes({ handoff: a, deskUsers: [{ token: SUPERVISOR, name: 'Meera', role: 'supervisor' }] }),
    );
    const post = (path: string, body: unknown) =>
      desk.request(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${SUPERVISOR}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    call.addTurn({ role: 'caller', text: 'My card was blocked and nobody is helping me, this is terrible' });
    type Listed = { calls?: Array<{ callId: string; turns: unknown[]; sentiment: unknown[] }> };
    let listed: NonNullable<Listed['calls']>[number] | undefined;
    for (let i = 0; i < 200 && !listed; i++) {
      const res = await desk.request('/desk/api/calls', {
        headers: { authorization: `Bearer ${SUPERVISOR}` },
      });
      const body = (await res.json()) as Listed;
      expect(res.status, JSON.stringify(body)).toBe(200);
      listed = body.calls?.find((c) => c.callId === 'redis-live-1');
      if (!listed) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(listed?.turns).toHaveLength(1);
    expect(listed?.sentiment).toHaveLength(1);

    const hint = await post('/desk/api/calls/redis-live-1/hint', {
      text: 'Offer to unblock the card after OTP',
    });
    expect(hint.status).toBe(200);
    expect(told.filter((i) => i.purpose === 'hint').map((i) => i.text)).toEqual([
      expect.stringContaining('Offer to unblock the card after OTP'),
    ]);

    const take = await post('/desk/api/calls/redis-live-1/take-over', { destination: 'loans' });
    expect(take.status).toBe(200);
    const { handoffId } = (await take.json()) as { handoffId: string };
    const record = await a.get(handoffId);
    expect(record?.context.trigger.kind).toBe('supervisor');
    expect(record?.audit?.map((e) => e.action)).toEqual(['hint', 'took_over']);
    expect(said.map((l) => l.purpose)).toEqual(['farewell']);
    expect(carrier.requests.map((r) => r.handoffId)).toEqual([handoffId]);
  });

  it('when the instance serving the call died, a hint is refused (409) and a take-over is done by another instance', async () => {
    const prefix = uniquePrefix('live-calls-dead');
    cleanups.push(() => dropPrefix(prefix));
    const carrier = new FakeTransferProvider();
    // A's clock runs ahead once B is gone: B's last lease has lapsed by A's reckoning.
    let ahead = 0;
    const a = instance(prefix, carrier, () => Date.now() + ahead).handoff;
    const served = instance(prefix, carrier);
    const told: Instruction[] = [];
    const call = served.handoff.attachCall({
      callId: 'redis-live-dead',
      platform: 'test',
      from: '+919811100008',
      port: { say: async () => 'played', instruct: (i) => void told.push(i) },
    });
    call.addTurn({ role: 'caller', text: 'I need to dispute a charge of 4000 rupees on my card' });
    const desk = new Hono();
    desk.route(
      '/desk',
      deskRoutes({ handoff: a, deskUsers: [{ token: SUPERVISOR, name: 'Meera', role: 'supervisor' }] }),
    );
    const post = (path: string, body: unknown) =>
      desk.request(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${SUPERVISOR}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    let seen: Awaited<ReturnType<Handoff['liveCall']>>;
    for (let i = 0; i < 200 && !seen?.turns.length; i++) {
      seen = await a.liveCall('redis-live-dead');
      if (!seen?.turns.length) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(seen?.leaseUntil).toBeGreaterThan(Date.now());

    // B dies: its store connection goes first, so nothing it does afterwards reaches Redis.
    await served.store.close();
    await served.handoff.close();
    // Well past any lease (the core's is 15 s), well inside the snapshot's 10-minute expiry.
    ahead = 5 * 60_000;

    const hint = await post('/desk/api/calls/redis-live-dead/hint', { text: 'Ask for the last four digits' });
    expect(hint.status).toBe(409);
    expect(((await hint.json()) as { error: { code: string } }).error.code).toBe('holder_gone');
    expect(told.filter((i) => i.purpose === 'hint')).toEqual([]);

    const take = await post('/desk/api/calls/redis-live-dead/take-over', { destination: 'loans' });
    const taken = (await take.json()) as { delivered: boolean; handoffId?: string };
    expect(take.status, JSON.stringify(taken)).toBe(200);
    expect(taken.handoffId).toBeDefined();
    const record = await a.get(taken.handoffId!);
    expect(record?.callId).toBe('redis-live-dead');
    expect(record?.context.trigger.kind).toBe('supervisor');
    expect(record?.audit?.map((e) => e.action)).toEqual(['took_over']);
    expect(record?.context.transcript.map((t) => t.text)).toContain(
      'I need to dispute a charge of 4000 rupees on my card',
    );
    expect(carrier.requests.map((r) => r.handoffId)).toEqual([taken.handoffId]);
    // The call is A's now: it renews the lease.
    expect((await a.liveCall('redis-live-dead'))?.holder).not.toBe(seen?.holder);
  });
});
