import { describe, expect, it } from 'vitest';
import type { HandoffOptions } from '../handoff-types.js';
import { MemoryStore } from '../store/memory-store.js';
import { FakeTransferProvider } from '../testing/index.js';
import type { TransferProvider, TransferRequest } from '../transfer.js';
import { createHandoff } from './handoff.js';

// Monday 2026-11-23 10:00 in Kolkata: every destination is open.
const MONDAY_10_IST = Date.UTC(2026, 10, 23, 4, 30);

const destinations = {
  loans: { number: '+919800000001', label: 'Relationship manager', fallback: 'support' },
  support: { numbers: ['+919800000002'], label: 'Senior care' },
};

function core(transfer: TransferProvider, clock: { now: number }, overrides: Partial<HandoffOptions> = {}) {
  return createHandoff({
    transfer,
    gatewayUrl: 'https://gw.example.com',
    destinations,
    now: () => clock.now,
    unknownOutcomeGraceMs: 0,
    ...overrides,
  });
}

/** A carrier error that leaves open whether the carrier acted (a 5xx or a timeout after sending). */
function unknownOutcome(message: string): Error {
  return Object.assign(new Error(message), { outcomeUnknown: true });
}

async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error('condition never held');
}

describe('an instance that dies mid-handoff (issue 10, item 1)', () => {
  it("lets another instance carry the handoff on once the dead one's claim lease runs out", async () => {
    const store = new MemoryStore();
    const clock = { now: MONDAY_10_IST };
    const hanging: TransferProvider = { name: 'hangs', transfer: () => new Promise(() => {}) };
    const a = core(hanging, clock, { store });
    const bCarrier = new FakeTransferProvider();
    const b = core(bCarrier, clock, { store });

    void a.startSession({ callId: 'c-dead', platform: 'x' }).transfer({ reason: 'x', department: 'loans' });
    await until(async () => (await a.forCall('c-dead'))?.status === 'transferring');
    const handoffId = (await a.forCall('c-dead'))!.id;
    await a.close(); // A dies: it renews nothing from now on.

    // While the lease holds, B joins the live handoff and does not transfer again.
    const early = await b.startSession({ callId: 'c-dead', platform: 'x' }).transfer({ reason: 'x' });
    expect(early).toMatchObject({ handoffId, duplicate: true });
    expect(bCarrier.requests).toHaveLength(0);

    clock.now += 60_000;
    const late = await b.startSession({ callId: 'c-dead', platform: 'x' }).transfer({ reason: 'x' });
    expect(late).toMatchObject({ handoffId, status: 'transferring' });
    expect(bCarrier.requests.map((r) => [r.handoffId, r.destination.key])).toEqual([[handoffId, 'loans']]);
    // The same handoff, its packet and one attempt: nothing doubled.
    const record = await b.get(handoffId);
    expect(record?.context.dialAttempts).toHaveLength(1);
    expect(await b.list()).toHaveLength(1);
    await b.close();
  });

  it('does not take over from a live instance that is still waiting on its carrier', async () => {
    const store = new MemoryStore();
    const clock = { now: MONDAY_10_IST };
    let release: () => void = () => {};
    const slow: TransferProvider = {
      name: 'slow',
      transfer: () => new Promise((resolve) => (release = () => resolve({}))),
    };
    const a = core(slow, clock, { store, claimLeaseMs: 30 });
    const bCarrier = new FakeTransferProvider();
    const b = core(bCarrier, clock, { store, claimLeaseMs: 30 });
    const first = a.startSession({ callId: 'c-slow', platform: 'x' }).transfer({ reason: 'x' });
    await until(async () => (await a.forCall('c-slow'))?.status === 'transferring');
    // A renews its lease while it waits; B, on a clock that moved less than a lease, joins.
    clock.now += 10;
    const joined = await b.startSession({ callId: 'c-slow', platform: 'x' }).transfer({ reason: 'x' });
    expect(joined.duplicate).toBe(true);
    expect(bCarrier.requests).toHaveLength(0);
    release();
    expect((await first).status).toBe('transferring');
    await a.close();
    await b.close();
  });
});

describe('a Transfer API answer that leaves the outcome unknown (issue 10, items 2 and 8)', () => {
  it('does not send a second transfer when Vobiz moved the call before the request timed out', async () => {
    const clock = { now: MONDAY_10_IST };
    const requests: TransferRequest[] = [];
    let handoff!: ReturnType<typeof core>;
    const carrier: TransferProvider = {
      name: 'acts-then-times-out',
      async transfer(request) {
        requests.push(request);
        // Vobiz fetched the handoff XML (the gateway reports the human ringing), then the
        // Transfer API's own answer was lost.
        await handoff.advance(request.handoffId, { type: 'ringing', attempt: 1 });
        throw unknownOutcome('Vobiz transfer call timed out');
      },
    };
    handoff = core(carrier, clock, { fallback: ['next_destination', 'back_to_ai'] });
    const result = await handoff
      .startSession({ callId: 'c-unknown', platform: 'x' })
      .transfer({ reason: 'x', department: 'loans' });
    expect(requests.map((r) => r.destination.key)).toEqual(['loans']);
    expect(result.reason).toBeUndefined();
    expect(result.destination?.key).toBe('loans');
    const record = await handoff.get(result.handoffId);
    expect(record?.status).toBe('ringing');
    expect(record?.context.dialAttempts.map((a) => a.outcome)).toEqual([undefined]);
  });

  it('finds the evidence when it arrives after the error, within the grace', async () => {
    const clock = { now: MONDAY_10_IST };
    const requests: TransferRequest[] = [];
    let handoff!: ReturnType<typeof core>;
    const carrier: TransferProvider = {
      name: '5xx-then-xml-fetch',
      async transfer(request) {
        requests.push(request);
        setTimeout(() => void handoff.advance(request.handoffId, { type: 'ringing', attempt: 1 }), 5);
        throw unknownOutcome('Vobiz answered 502');
      },
    };
    handoff = core(carrier, clock, { unknownOutcomeGraceMs: 5_000 });
    const result = await handoff
      .startSession({ callId: 'c-late', platform: 'x' })
      .transfer({ reason: 'x', department: 'loans' });
    expect(requests).toHaveLength(1);
    expect(result.reason).toBeUndefined();
    expect((await handoff.get(result.handoffId))?.status).toBe('ringing');
  });

  it('hands the carrier a check it can use before its one retry', async () => {
    const clock = { now: MONDAY_10_IST };
    const seen: boolean[] = [];
    let handoff!: ReturnType<typeof core>;
    const carrier: TransferProvider = {
      name: 'verifies',
      async transfer(request) {
        seen.push((await request.acted?.()) ?? false);
        await handoff.advance(request.handoffId, { type: 'ringing', attempt: 1 });
        seen.push((await request.acted?.()) ?? false);
        return {};
      },
    };
    handoff = core(carrier, clock);
    await handoff.startSession({ callId: 'c-verify', platform: 'x' }).transfer({ reason: 'x' });
    expect(seen).toEqual([false, true]);
  });

  it('still walks the ladder when nothing shows the carrier acted', async () => {
    const clock = { now: MONDAY_10_IST };
    const carrier = new FakeTransferProvider({
      fail: (r) => (r.destination.key === 'loans' ? unknownOutcome('Vobiz answered 503') : undefined),
    });
    const handoff = core(carrier, clock);
    const result = await handoff
      .startSession({ callId: 'c-none', platform: 'x' })
      .transfer({ reason: 'x', department: 'loans' });
    expect(carrier.requests.map((r) => r.destination.key)).toEqual(['loans', 'support']);
    expect(result.status).toBe('transferring');
  });

  it('answers what the call did, not transfer_failed, when the call completed while the request timed out', async () => {
    const clock = { now: MONDAY_10_IST };
    let handoff!: ReturnType<typeof core>;
    const carrier: TransferProvider = {
      name: 'times-out-after-the-call',
      async transfer(request) {
        await handoff.advance(request.handoffId, { type: 'ringing', attempt: 1 });
        await handoff.advance(request.handoffId, { type: 'bridged', attempt: 1 });
        await handoff.advance(request.handoffId, { type: 'ended' });
        throw new Error('Vobiz transfer call timed out');
      },
    };
    handoff = core(carrier, clock);
    const result = await handoff.startSession({ callId: 'c-done', platform: 'x' }).transfer({ reason: 'x' });
    expect(result.status).toBe('completed');
    expect(result.reason).toBeUndefined();
    expect(result.sayToCaller).not.toMatch(/could not connect|couldn't connect|unable/i);
  });
});
