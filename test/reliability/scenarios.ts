/**
 * Fault scenarios with figures: each runs `n` calls through one or two core instances on one
 * store, injects its fault, and counts per call what the carrier actually did. A call is *lost*
 * when no transfer that moved it landed, *doubled* when more than one did; the final outcome is
 * the record's status. Loopback only: the carriers are in-process fakes.
 */
import {
  createHandoff,
  type Handoff,
  type HandoffOptions,
  type HandoffStore,
  MemoryStore,
  type TransferProvider,
  type TransferRequest,
} from '@handoff/core';
import { DESTINATIONS } from './harness.js';

// Monday 2026-11-23 10:00 in Kolkata: every destination is open.
const MONDAY_10_IST = Date.UTC(2026, 10, 23, 4, 30);

export interface Figures {
  id: string;
  fault: string;
  checked: string;
  /** Where the regression test for it lives, relative to the repository root. */
  test: string;
  calls: number;
  lost: number;
  doubled: number;
  outcomes: Record<string, number>;
  /** What must hold for the scenario to pass. */
  expect: { lost: 0; doubled: 0; outcomes: string[] };
}

/** A carrier that records which requests moved a call; `act` decides per request. */
class Carrier implements TransferProvider {
  readonly name = 'scenario';
  readonly moved = new Map<string, number>();
  constructor(readonly act: (request: TransferRequest) => Promise<'moved' | 'refused'>) {}
  async transfer(request: TransferRequest) {
    const result = await this.act(request);
    if (result === 'moved') this.moved.set(request.callId, (this.moved.get(request.callId) ?? 0) + 1);
    return {};
  }
}

function core(
  transfer: TransferProvider,
  store: HandoffStore,
  clock: { now: number },
  extra: Partial<HandoffOptions> = {},
) {
  return createHandoff({
    transfer,
    gatewayUrl: 'https://gw.example.com',
    destinations: DESTINATIONS,
    store,
    now: () => clock.now,
    unknownOutcomeGraceMs: 0,
    ...extra,
  });
}

function unknownOutcome(message: string): Error {
  return Object.assign(new Error(message), { outcomeUnknown: true });
}

async function tally(
  handoff: Handoff,
  callIds: string[],
  carriers: Carrier[],
): Promise<Pick<Figures, 'lost' | 'doubled' | 'outcomes'>> {
  let lost = 0;
  let doubled = 0;
  const outcomes: Record<string, number> = {};
  for (const callId of callIds) {
    const moved = carriers.reduce((sum, c) => sum + (c.moved.get(callId) ?? 0), 0);
    if (moved === 0) lost++;
    if (moved > 1) doubled++;
    const status = (await handoff.forCall(callId))?.status ?? 'no handoff';
    outcomes[status] = (outcomes[status] ?? 0) + 1;
  }
  return { lost, doubled, outcomes };
}

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

export async function runScenarios(n: number): Promise<Figures[]> {
  const out: Figures[] = [];

  {
    // Item 1: A persists and dies before its Transfer API request lands.
    const store = new MemoryStore();
    const clock = { now: MONDAY_10_IST };
    const dead = new Carrier(() => new Promise(() => {}));
    const live = new Carrier(async () => 'moved');
    const a = core(dead, store, clock);
    const b = core(live, store, clock);
    const calls = ids('dies', n);
    for (const callId of calls) void a.startSession({ callId, platform: 'x' }).transfer({ reason: 'x' });
    await until(async () =>
      (await Promise.all(calls.map((c) => a.forCall(c)))).every((h) => h?.status === 'transferring'),
    );
    await a.close();
    clock.now += 60_000;
    await Promise.all(
      calls.map((callId) => b.startSession({ callId, platform: 'x' }).transfer({ reason: 'x' })),
    );
    out.push({
      id: 'instance-dies-mid-transfer',
      fault:
        'An instance persists the handoff and dies before its Transfer API request lands (issue 10, item 1)',
      checked:
        "another instance's next request for the call carries the same handoff on once the lease runs out",
      test: 'packages/core/src/handoff/faults.test.ts',
      calls: n,
      ...(await tally(b, calls, [dead, live])),
      expect: { lost: 0, doubled: 0, outcomes: ['transferring'] },
    });
    await b.close();
  }

  {
    // Item 2: the Transfer API acted, then its answer was lost (5xx / timeout).
    const store = new MemoryStore();
    const clock = { now: MONDAY_10_IST };
    let handoff!: Handoff;
    const carrier = new Carrier(async (request) => {
      await handoff.advance(request.handoffId, { type: 'ringing', attempt: 1 });
      carrier.moved.set(request.callId, (carrier.moved.get(request.callId) ?? 0) + 1);
      throw unknownOutcome('Vobiz transfer call timed out');
    });
    handoff = core(carrier, store, clock, { fallback: ['next_destination', 'back_to_ai'] });
    const calls = ids('unknown', n);
    await Promise.all(
      calls.map((callId) =>
        handoff.startSession({ callId, platform: 'x' }).transfer({ reason: 'x', department: 'loans' }),
      ),
    );
    out.push({
      id: 'transfer-outcome-unknown',
      fault: 'The Transfer API acts, then answers 5xx or times out (issue 10, items 2, 8)',
      checked: 'no second transfer to the fallback; the record follows what the call did',
      test: 'packages/core/src/handoff/faults.test.ts',
      calls: n,
      ...(await tally(handoff, calls, [carrier])),
      expect: { lost: 0, doubled: 0, outcomes: ['ringing'] },
    });
    await handoff.close();
  }

  {
    // Racing duplicate requests for one call on two instances.
    const store = new MemoryStore();
    const clock = { now: MONDAY_10_IST };
    const ca = new Carrier(async () => 'moved');
    const cb = new Carrier(async () => 'moved');
    const a = core(ca, store, clock);
    const b = core(cb, store, clock);
    const calls = ids('race', n);
    await Promise.all(
      calls.flatMap((callId) => [
        a.startSession({ callId, platform: 'x' }).transfer({ reason: 'x' }),
        b.startSession({ callId, platform: 'x' }).transfer({ reason: 'x' }),
        a.session(callId)!.transfer({ reason: 'again' }),
      ]),
    );
    out.push({
      id: 'duplicate-requests-two-instances',
      fault: 'The same call asks for a human three times at once, on two instances',
      checked: 'one handoff per call, joined by the other requests (`duplicate: true`)',
      test: 'packages/redis/src/scale-out.test.ts',
      calls: n,
      ...(await tally(a, calls, [ca, cb])),
      expect: { lost: 0, doubled: 0, outcomes: ['transferring'] },
    });
    await a.close();
    await b.close();
  }

  {
    // Callbacks repeated and out of order, as Vobiz retries them and instances race.
    const store = new MemoryStore();
    const clock = { now: MONDAY_10_IST };
    const carrier = new Carrier(async () => 'moved');
    const a = core(carrier, store, clock);
    const b = core(carrier, store, clock);
    const calls = ids('callbacks', n);
    await Promise.all(
      calls.map(async (callId, i) => {
        const result = await a.startSession({ callId, platform: 'x' }).transfer({ reason: 'x' });
        const id = result.handoffId;
        const events = [
          { type: 'ringing', attempt: 1 },
          { type: 'answered', attempt: 1 },
          { type: 'bridged', attempt: 1 },
          { type: 'ended' },
        ] as const;
        // Every event twice, on both instances, the second run backwards.
        const order = i % 2 ? [...events, ...[...events].reverse()] : [...events, ...events];
        for (const [k, event] of order.entries()) await (k % 2 ? a : b).advance(id, event);
      }),
    );
    out.push({
      id: 'callbacks-duplicated-out-of-order',
      fault: 'Vobiz callbacks arrive twice, on both instances, some in reverse order',
      checked: 'each call ends `completed`, no callback starts a second transfer',
      test: 'test/reliability/scenarios.ts',
      calls: n,
      ...(await tally(a, calls, [carrier])),
      expect: { lost: 0, doubled: 0, outcomes: ['completed'] },
    });
    await a.close();
    await b.close();
  }

  {
    // The caller hangs up while the human's phone rings.
    const store = new MemoryStore();
    const clock = { now: MONDAY_10_IST };
    const carrier = new Carrier(async () => 'moved');
    const handoff = core(carrier, store, clock);
    const calls = ids('hangup', n);
    await Promise.all(
      calls.map(async (callId) => {
        const result = await handoff.startSession({ callId, platform: 'x' }).transfer({ reason: 'x' });
        await handoff.advance(result.handoffId, { type: 'ringing', attempt: 1 });
        await handoff.advance(result.handoffId, { type: 'caller_hung_up' });
        await handoff.advance(result.handoffId, { type: 'answered', attempt: 1 });
      }),
    );
    out.push({
      id: 'caller-hangs-up-while-ringing',
      fault: 'The caller hangs up while the human rings; the human answers after',
      checked: 'the handoff ends `caller_hung_up` and a late answer changes nothing',
      test: 'test/reliability/scenarios.ts',
      calls: n,
      ...(await tally(handoff, calls, [carrier])),
      expect: { lost: 0, doubled: 0, outcomes: ['caller_hung_up'] },
    });
    await handoff.close();
  }

  return out;
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 2_000; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error('condition never held');
}

/** True when a scenario's figures are what it expects. */
export function held(f: Figures): boolean {
  return (
    f.lost === f.expect.lost &&
    f.doubled === f.expect.doubled &&
    Object.keys(f.outcomes).every((status) => f.expect.outcomes.includes(status))
  );
}
