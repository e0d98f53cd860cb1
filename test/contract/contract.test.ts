/**
 * The contract suite: one scenario table, replayed through every platform's real entry point in
 * its real payload shapes against a live (sandbox) Vobiz call. Every platform must produce the same
 * packet, destination, outcome and whisper, exactly the transfers expected, and a farewell that
 * finished before the Transfer API request. A new platform adds a driver to `DRIVERS`.
 */
import type { PublicHandoffRecord } from '@handoff/core';
import { afterAll, describe, expect, it } from 'vitest';
import type { PlatformDriver } from './driver.js';
import { DRIVERS } from './drivers/index.js';
import { comparablePacket } from './normalize.js';
import { SCENARIOS, type Scenario } from './scenarios.js';
import { startRun } from './stack.js';

interface Seen {
  packet: unknown;
  whisper: string[];
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function skipped(scenario: Scenario, driver: PlatformDriver): boolean {
  return (
    (scenario.needsConfidence === true && !driver.capabilities.confidence) ||
    (scenario.aiDiesAfterTurn !== undefined && !driver.capabilities.aiDeath) ||
    (!scenario.toolCall &&
      scenario.aiDiesAfterTurn === undefined &&
      driver.capabilities.midCallTurns === false)
  );
}

afterAll(async () => {
  for (const driver of DRIVERS) await driver.teardown?.();
});

describe.each(SCENARIOS)('$name', (scenario) => {
  const seen = new Map<string, Seen>();

  for (const driver of DRIVERS) {
    it.skipIf(skipped(scenario, driver))(driver.platform, async () => {
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
        const expected = scenario.expect;
        const record = await until<PublicHandoffRecord>(async () => {
          const found = await ctx.handoff.forCall(ctx.call.callId);
          return found?.status === expected.status ? found : undefined;
        }, `${driver.platform}: handoff ${expected.status}`);

        const transfers = call.log.filter((e) => e.type === 'transfer');
        expect(transfers).toHaveLength(expected.transfers);
        if (expected.destination) expect(record.destination?.key).toBe(expected.destination);
        expect(record.context.trigger).toMatchObject(expected.trigger);
        if (expected.extracted) expect(record.context.extracted).toMatchObject(expected.extracted);
        if (expected.fallback) expect(record.lastStep?.kind).toBe(expected.fallback);

        if (expected.farewell) {
          expect(result.farewell, 'a farewell was played').toBeTruthy();
          expect(result.farewellDoneAt, 'the farewell finished').toBeTypeOf('number');
          expect(result.farewellDoneAt!).toBeLessThanOrEqual(transfers[0]!.at);
        } else {
          expect(result.farewell).toBeUndefined();
        }

        let whisper: string[] = [];
        if (expected.status === 'connected') {
          await call.waitFor('whisper', { timeoutMs: 10_000 });
          whisper = [...call.whisper];
          for (const pattern of expected.whisper ?? []) expect(whisper.join(' ')).toMatch(pattern);
        }
        seen.set(driver.platform, { packet: comparablePacket(record.context), whisper });
      } finally {
        await run.close();
      }
    });
  }

  it('gives every platform the same packet and whisper', () => {
    const [first, ...rest] = [...seen.entries()];
    if (!first) return;
    for (const [platform, other] of rest) {
      expect({ platform, ...other }).toEqual({ platform, ...first[1] });
    }
  });
});
