/**
 * A handoff whose owner stopped after its Transfer request left (frozen, cut from the store):
 * Vobiz acted on it, but the evidence (the handoff XML served, `ringing`) lands only after the
 * owner's lease ran out, because the owner held Vobiz's fetch. The instance that takes the claim
 * over must wait for that evidence, not send the same transfer again and cut the human off
 * mid-ring. The process-level version is freeze-partition.test.ts ("in flight").
 */
import { createHandoff, MemoryStore, type TransferProvider, type TransferRequest } from '@handoff/core';
import { describe, expect, it } from 'vitest';
import { DESTINATIONS } from './harness.js';

const MONDAY_10_IST = Date.UTC(2026, 10, 23, 4, 30);

class Carrier implements TransferProvider {
  readonly name = 'takeover';
  readonly requests: TransferRequest[] = [];
  constructor(readonly answer: () => Promise<unknown>) {}
  async transfer(request: TransferRequest) {
    this.requests.push(request);
    await this.answer();
    return {};
  }
}

describe('a takeover of a transferring handoff', () => {
  it('sends no second transfer when the evidence that the owner’s request landed arrives during the grace', async () => {
    const store = new MemoryStore();
    const clock = { now: MONDAY_10_IST };
    const options = {
      gatewayUrl: 'https://gw.example.com',
      destinations: DESTINATIONS,
      store,
      now: () => clock.now,
      claimLeaseMs: 1_000,
      unknownOutcomeGraceMs: 2_000,
    };
    // The owner's request reached Vobiz; its answer never comes back (the owner is stopped).
    const stopped = new Carrier(() => new Promise(() => {}));
    const taker = new Carrier(async () => {});
    const a = createHandoff({ ...options, transfer: stopped });
    const b = createHandoff({ ...options, transfer: taker });
    void a.startSession({ callId: 'c-frozen', platform: 'x' }).transfer({ reason: 'help' });
    for (let i = 0; i < 200 && stopped.requests.length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 5));
    const handoffId = stopped.requests[0]!.handoffId;
    // The owner stops renewing: its lease has run out by the deployment's clock.
    await a.close();
    clock.now += 60_000;
    const takeover = b.startSession({ callId: 'c-frozen', platform: 'x' }).transfer({ reason: 'help' });
    // Vobiz's retried fetch of the handoff XML reaches an instance that serves it: `ringing`.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await b.advance(handoffId, { type: 'ringing', attempt: 1 });
    const result = await takeover;
    expect(result.handoffId).toBe(handoffId);
    expect(taker.requests).toHaveLength(0);
    expect((await b.get(handoffId))?.status).toBe('ringing');
    await b.close();
  });
});
