import { claimInboundCall, claimOnce, recordInboundCall } from '@handoff/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RedisStore, redisStore } from './redis-store.js';
import { assertRedisUp, dropPrefix, skipRedis, TEST_REDIS_URL, uniquePrefix } from './testing.js';

const CALLER = '+919811111111';
const DID = '+918000000000';

/**
 * The core's inbound-call index and claimOnce on two connections to one Redis, as two gateway
 * instances see it: what one instance claimed, the other cannot take.
 */
describe.skipIf(skipRedis)('inbound-call index and claimOnce on Redis', () => {
  beforeAll(assertRedisUp);
  let prefix = '';
  let stores: RedisStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await dropPrefix(prefix);
  });

  function twoInstances() {
    prefix = uniquePrefix('inbound');
    stores = [
      redisStore({ url: TEST_REDIS_URL, keyPrefix: prefix }),
      redisStore({ url: TEST_REDIS_URL, keyPrefix: prefix }),
    ];
    return stores as [RedisStore, RedisStore];
  }

  it('gives one dialled call to exactly one of several platform calls racing on two instances', async () => {
    const [a, b] = twoInstances();
    await recordInboundCall(a, { callId: 'vobiz-1', from: [DID, CALLER], to: [DID] });
    const sighting = (id: string) => ({
      platform: 'retell',
      platformCallId: id,
      from: CALLER,
      to: DID,
      arrivedAt: Date.now(),
    });
    const found = await Promise.all([
      claimInboundCall(a, sighting('r1')),
      claimInboundCall(b, sighting('r2')),
      claimInboundCall(a, sighting('r3')),
      claimInboundCall(b, sighting('r4')),
    ]);
    expect(found.filter((id) => id === 'vobiz-1')).toHaveLength(1);
    const winner = `r${found.indexOf('vobiz-1') + 1}`;
    // The winner, asked again on the other instance, still has its call.
    expect(await claimInboundCall(b, sighting(winner))).toBe('vobiz-1');
  });

  it('lets one platform call asked about on both instances at once have its call on both', async () => {
    const [a, b] = twoInstances();
    await recordInboundCall(b, { callId: 'vobiz-1', from: [CALLER], to: [DID] });
    const sighting = { platform: 'vapi', platformCallId: 'v1', from: CALLER, to: DID, arrivedAt: Date.now() };
    expect(await Promise.all([claimInboundCall(a, sighting), claimInboundCall(b, sighting)])).toEqual([
      'vobiz-1',
      'vobiz-1',
    ]);
  });

  it('claimOnce: one winner across connections until the claim expires', async () => {
    const [a, b] = twoInstances();
    const results = await Promise.all([
      claimOnce(a, 'platformReplay', 'retell:sig', 300),
      claimOnce(b, 'platformReplay', 'retell:sig', 300),
    ]);
    expect(results.sort()).toEqual([false, true]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await claimOnce(b, 'platformReplay', 'retell:sig', 300)).toBe(true);
  });
});
