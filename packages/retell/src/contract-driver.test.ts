/**
 * The contract suite's scenarios through the Retell driver, with the suite's own assertions, and
 * the packet and whisper compared with the `/v1` API driver's: until the suite runner lists the
 * Retell driver, this is where it is held to the contract.
 */
import type { PublicHandoffRecord } from '@handoff/core';
import { describe, expect, it } from 'vitest';
import type { PlatformDriver } from '../../../test/contract/driver.js';
import { apiDriver } from '../../../test/contract/drivers/api.js';
import { retellDriver } from '../../../test/contract/drivers/retell.js';
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

// Retell reports no ASR confidence, so the low-confidence scenario is not Retell's to play.
const playable = SCENARIOS.filter((s) => !s.needsConfidence || retellDriver.capabilities.confidence);

describe.each(playable)('$name', (scenario) => {
  it('Retell meets the contract, with the same packet and whisper as the /v1 API', {
    timeout: 60_000,
  }, async () => {
    const retell = await play(retellDriver, scenario);
    const expected = scenario.expect;
    expect(retell.transfers).toHaveLength(expected.transfers);
    if (expected.destination) expect(retell.record.destination?.key).toBe(expected.destination);
    expect(retell.record.context.trigger).toMatchObject(expected.trigger);
    if (expected.extracted) expect(retell.record.context.extracted).toMatchObject(expected.extracted);
    if (expected.fallback) expect(retell.record.lastStep?.kind).toBe(expected.fallback);
    if (expected.farewell) {
      expect(retell.result.farewell, 'a farewell was played').toBeTruthy();
      expect(retell.result.farewellDoneAt!).toBeLessThanOrEqual(retell.transfers[0]!.at);
    } else {
      expect(retell.result.farewell).toBeUndefined();
    }
    for (const pattern of expected.whisper ?? []) expect(retell.whisper.join(' ')).toMatch(pattern);

    const api = await play(apiDriver, scenario);
    expect(comparablePacket(retell.record.context)).toEqual(comparablePacket(api.record.context));
    expect(retell.whisper).toEqual(api.whisper);
  });
});
