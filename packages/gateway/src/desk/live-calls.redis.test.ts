import { createHandoff, type Handoff, type Instruction, type SpokenLine } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { type RedisStore, redisStore } from '@handoff/redis';
import { Hono } from 'hono';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertRedisUp, dropPrefix, skipRedis, TEST_REDIS_URL, uniquePrefix } from '../redis/test-redis.js';
import { deskRoutes } from './index.js';

const SUPERVISOR = 'supervisor-token-redis-0123456789';
const destinations = { loans: { number: '+919800000001', label: 'Relationship manager' } };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function instance(prefix: string, carrier: FakeTransferProvider): { handoff: Handoff; store: RedisStore } {
  const store = redisStore({ url: TEST_REDIS_URL, keyPrefix: prefix });
  const handoff = createHandoff({
    store,
    transfer: carrier,
    destinations,
    liveCalls: true,
    sayTimeoutMs: 100,
  });
  cleanups.push(async () => {
    await handoff.close();
    await store.close();
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
});
