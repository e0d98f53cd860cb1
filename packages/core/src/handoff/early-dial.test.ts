import { describe, expect, it } from 'vitest';
import type { HandoffOptions } from '../handoff-types.js';
import type { TransferProvider, TransferRequest } from '../transfer.js';
import { createHandoff } from './handoff.js';

// A carrier that reaches the human before it moves the caller (issue 17, a conference warm
// transfer): `prepare` rings the human under the farewell, `transfer` moves the caller after it.

const MONDAY_10_IST = Date.UTC(2026, 10, 23, 4, 30);

const destinations = {
  loans: { number: '+919800000001', label: 'Relationship manager', fallback: 'support' },
  support: { numbers: ['+919800000002'], label: 'Senior care' },
};

interface Step {
  what: 'prepare' | 'transfer' | 'farewell played';
  destination?: string;
  attempt?: number;
}

function earlyCarrier(log: Step[], refuse: Set<string> = new Set()): TransferProvider {
  const attemptOf = (r: TransferRequest) => r.context.dialAttempts.at(-1)?.n;
  return {
    name: 'early',
    async prepare(request) {
      log.push({ what: 'prepare', destination: request.destination.key, attempt: attemptOf(request) });
      if (refuse.has(request.destination.key)) throw new Error(`cannot ring ${request.destination.key}`);
      return { detail: 'ringing the human' };
    },
    async transfer(request) {
      log.push({ what: 'transfer', destination: request.destination.key, attempt: attemptOf(request) });
      return {};
    },
  };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 2));
}

function core(transfer: TransferProvider, overrides: Partial<HandoffOptions> = {}) {
  return createHandoff({
    transfer,
    gatewayUrl: 'https://gw.example.com',
    destinations,
    now: () => MONDAY_10_IST,
    capabilities: { backToAi: true },
    ...overrides,
  });
}

describe('a carrier that reaches the human first', () => {
  it('rings the human while the farewell plays, and moves the caller only once it has played', async () => {
    const log: Step[] = [];
    const handoff = core(earlyCarrier(log));
    const result = await handoff.startSession({ callId: 'c1', platform: 'x' }).transfer(
      { reason: 'wants a person', department: 'loans' },
      {
        beforeTransfer: async () => {
          // The farewell takes a while to play; the human's phone rings meanwhile.
          await until(() => log.length > 0);
          expect(log).toEqual([{ what: 'prepare', destination: 'loans', attempt: 1 }]);
          expect((await handoff.forCall('c1'))?.status).toBe('transferring');
          log.push({ what: 'farewell played' });
        },
      },
    );
    expect(log.map((s) => s.what)).toEqual(['prepare', 'farewell played', 'transfer']);
    expect(result).toMatchObject({ status: 'transferring', destination: { key: 'loans' } });
    await handoff.close();
  });

  it("does not move the caller when the human's phone went to voicemail during the farewell", async () => {
    const log: Step[] = [];
    const handoff = core(earlyCarrier(log), {
      destinations: { loans: { number: '+919800000001', label: 'Relationship manager' } },
    });
    const result = await handoff.startSession({ callId: 'c2', platform: 'x' }).transfer(
      { reason: 'wants a person', department: 'loans' },
      {
        beforeTransfer: async () => {
          const record = (await handoff.forCall('c2'))!;
          await handoff.advance(record.id, { type: 'answered', attempt: 1 });
          await handoff.advance(record.id, { type: 'failed', outcome: 'voicemail', attempt: 1 });
        },
      },
    );
    expect(log.map((s) => s.what)).toEqual(['prepare']);
    expect(result.status).toBe('voicemail');
    expect(result.fallback).toMatchObject({ kind: 'back_to_ai', reason: 'voicemail' });
    expect(result.sayToCaller).toContain('did not pick up');
    const record = await handoff.get(result.handoffId);
    expect(record?.context.dialAttempts[0]).toMatchObject({ outcome: 'voicemail' });
    await handoff.close();
  });

  it('moves the caller all the same when the ladder went on to the next destination meanwhile', async () => {
    const log: Step[] = [];
    const handoff = core(earlyCarrier(log));
    const result = await handoff.startSession({ callId: 'c3', platform: 'x' }).transfer(
      { reason: 'wants a person', department: 'loans' },
      {
        beforeTransfer: async () => {
          const record = (await handoff.forCall('c3'))!;
          const failed = await handoff.advance(record.id, {
            type: 'failed',
            outcome: 'no_answer',
            attempt: 1,
          });
          expect(failed.step).toMatchObject({ kind: 'next_destination', destination: 'support', attempt: 2 });
        },
      },
    );
    // The next human was rung by whoever reported the failure; the caller goes to wait for them.
    expect(log.map((s) => s.what)).toEqual(['prepare', 'transfer']);
    expect(result).toMatchObject({ status: 'transferring' });
    await handoff.close();
  });

  it('walks the ladder when the carrier cannot ring the human, ringing the next one before moving the caller', async () => {
    const log: Step[] = [];
    const handoff = core(earlyCarrier(log, new Set(['loans'])));
    const result = await handoff
      .startSession({ callId: 'c4', platform: 'x' })
      .transfer({ reason: 'wants a person', department: 'loans' }, { beforeTransfer: () => {} });
    expect(log).toEqual([
      { what: 'prepare', destination: 'loans', attempt: 1 },
      { what: 'prepare', destination: 'support', attempt: 2 },
      { what: 'transfer', destination: 'support', attempt: 2 },
    ]);
    expect(result).toMatchObject({ status: 'transferring', destination: { key: 'support' } });
    await handoff.close();
  });
});

describe('a carrier that cannot move the caller after ringing the human', () => {
  it('fails the attempt even though the human rang, and walks the ladder', async () => {
    const log: Step[] = [];
    const carrier = earlyCarrier(log);
    let refused = false;
    const handoff = core({
      ...carrier,
      async transfer(request) {
        if (!refused) {
          refused = true;
          log.push({ what: 'transfer', destination: request.destination.key });
          throw new Error('call not in progress');
        }
        return carrier.transfer(request);
      },
    });
    const result = await handoff.startSession({ callId: 'c6', platform: 'x' }).transfer(
      { reason: 'wants a person', department: 'loans' },
      {
        beforeTransfer: async () => {
          await until(() => log.length > 0);
          const record = (await handoff.forCall('c6'))!;
          // The human's phone rings: that says nothing about where the caller is.
          await handoff.advance(record.id, { type: 'ringing', attempt: 1 });
        },
      },
    );
    expect(log.map((s) => [s.what, s.destination])).toEqual([
      ['prepare', 'loans'],
      ['transfer', 'loans'],
      ['prepare', 'support'],
      ['transfer', 'support'],
    ]);
    expect(result).toMatchObject({ status: 'transferring', destination: { key: 'support' } });
    const record = await handoff.get(result.handoffId);
    expect(record?.context.dialAttempts[0]).toMatchObject({
      outcome: 'failed',
      detail: 'call not in progress',
    });
    await handoff.close();
  });
});

describe('the voicemail outcome', () => {
  it('is a failure the ladder answers, reached from a ringing attempt', async () => {
    const handoff = core(earlyCarrier([]), {
      destinations: { loans: { number: '+919800000001', label: 'Relationship manager' } },
    });
    const result = await handoff
      .startSession({ callId: 'c5', platform: 'x' })
      .transfer({ reason: 'wants a person', department: 'loans' });
    await handoff.advance(result.handoffId, { type: 'ringing', attempt: 1 });
    const failed = await handoff.advance(result.handoffId, {
      type: 'failed',
      outcome: 'voicemail',
      attempt: 1,
    });
    expect(failed.changed).toBe(true);
    expect(failed.record.status).toBe('voicemail');
    expect(failed.step).toMatchObject({ kind: 'back_to_ai', reason: 'voicemail' });
    // Reported again (Vobiz retries), it changes nothing and answers the same.
    const again = await handoff.advance(result.handoffId, {
      type: 'failed',
      outcome: 'voicemail',
      attempt: 1,
    });
    expect(again).toMatchObject({ changed: false, step: failed.step });
    await handoff.close();
  });
});
