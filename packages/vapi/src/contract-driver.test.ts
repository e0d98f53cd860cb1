/**
 * The contract suite's scenarios through the VAPI driver alone, with the suite's own assertions,
 * and the packet compared with the `/v1` API driver's: until the suite runner lists the VAPI
 * driver, this is where it is held to the contract.
 */
import type { PublicHandoffRecord } from '@handoff/core';
import { afterAll, describe, expect, it } from 'vitest';
import type { PlatformDriver } from '../../../test/contract/driver.js';
import { apiDriver } from '../../../test/contract/drivers/api.js';
import { vapiDriver } from '../../../test/contract/drivers/vapi.js';
import { comparablePacket } from '../../../test/contract/normalize.js';
import { SCENARIOS, type Scenario } from '../../../test/contract/scenarios.js';
import { startRun } from '../../../test/contract/stack.js';

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function play(driver: PlatformDriver, scenario: Scenario) {
  await driver.setup?.();
  const run = await startRun({
    ...(scenario.endpoints ? { endpoints: scenario.endpoints } : {}),
    ...(driver.platforms ? { platforms: (handoff) => driver.platforms!(handoff) } : {}),
  });
  try {
    const { ctx } = run;
    const call = ctx.call.sandboxCall;
    if (scenario.callerHangsUpWhileRinging) {
      void call
        .waitFor('dial_ringing', { timeoutMs: 15_000 })
        .then(() => call.hangup('caller'))
        .catch(() => {});
    }
    const result = await driver.run(ctx, scenario);
    const record = await until<PublicHandoffRecord>(async () => {
      const found = await ctx.handoff.forCall(ctx.call.callId);
      return found?.status === scenario.expect.status ? found : undefined;
    }, `${driver.platform}: handoff ${scenario.expect.status}`);
    const transfers = call.log.filter((e) => e.type === 'transfer');
    let whisper: string[] = [];
    if (scenario.expect.status === 'connected') {
      await call.waitFor('whisper', { timeoutMs: 10_000 });
      whisper = [...call.whisper];
    }
    return { result, record, transfers, whisper };
  } finally {
    await run.close();
  }
}

afterAll(async () => {
  await vapiDriver.teardown?.();
});

describe.each(SCENARIOS)('$name', (scenario) => {
  it('VAPI meets the contract, with the same packet and whisper as the /v1 API', {
    timeout: 60_000,
  }, async () => {
    const vapi = await play(vapiDriver, scenario);
    const expected = scenario.expect;
    expect(vapi.transfers).toHaveLength(expected.transfers);
    if (expected.destination) expect(vapi.record.destination?.key).toBe(expected.destination);
    expect(vapi.record.context.trigger).toMatchObject(expected.trigger);
    if (expected.extracted) expect(vapi.record.context.extracted).toMatchObject(expected.extracted);
    if (expected.fallback) expect(vapi.record.lastStep?.kind).toBe(expected.fallback);
    if (expected.farewell) {
      expect(vapi.result.farewell, 'a farewell was played').toBeTruthy();
      expect(vapi.result.farewellDoneAt!).toBeLessThanOrEqual(vapi.transfers[0]!.at);
    } else {
      expect(vapi.result.farewell).toBeUndefined();
    }
    for (const pattern of expected.whisper ?? []) expect(vapi.whisper.join(' ')).toMatch(pattern);

    const api = await play(apiDriver, scenario);
    expect(comparablePacket(vapi.record.context)).toEqual(comparablePacket(api.record.context));
    expect(vapi.whisper).toEqual(api.whisper);
  });
});
