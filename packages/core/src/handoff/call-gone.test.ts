import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../store/memory-store.js';
import type { TransferProvider, TransferRequest } from '../transfer.js';
import { createHandoff } from './handoff.js';

// Monday 2026-11-23 10:00 in Kolkata: every destination is open.
const MONDAY_10_IST = Date.UTC(2026, 10, 23, 4, 30);

const destinations = {
  loans: { number: '+919800000001', label: 'Relationship manager', fallback: 'support' },
  support: { numbers: ['+919800000002'], label: 'Senior care' },
};

/** What the Vobiz client throws when its live-call check after a failed transfer finds no call. */
function callNotLive(): Error {
  return Object.assign(new Error('Vobiz transfer call failed and call c1 is no longer live; not retried'), {
    code: 'call_not_live',
    status: 404,
  });
}

describe('a transfer answered with call_not_live', () => {
  it('stops the ladder: no second destination is tried, and the handoff ends caller_hung_up', async () => {
    const requests: TransferRequest[] = [];
    const carrier: TransferProvider = {
      name: 'gone',
      async transfer(request) {
        requests.push(request);
        throw callNotLive();
      },
    };
    const handoff = createHandoff({
      transfer: carrier,
      gatewayUrl: 'https://gw.example.com',
      destinations,
      store: new MemoryStore(),
      now: () => MONDAY_10_IST,
      fallback: ['next_destination', 'back_to_ai'],
    });
    const result = await handoff
      .startSession({ callId: 'c1', platform: 'x' })
      .transfer({ reason: 'x', department: 'loans' });
    // loans has a fallback (support): before, the ladder sent a second Transfer there.
    expect(requests.map((r) => r.destination.key)).toEqual(['loans']);
    expect(result.status).toBe('caller_hung_up');
    const record = await handoff.get(result.handoffId);
    expect(record?.status).toBe('caller_hung_up');
    expect(record?.context.dialAttempts).toHaveLength(1);
    await handoff.close();
  });

  it('still walks the ladder for any other refusal', async () => {
    const requests: TransferRequest[] = [];
    const carrier: TransferProvider = {
      name: 'refuses-once',
      async transfer(request) {
        requests.push(request);
        if (requests.length === 1) throw Object.assign(new Error('HTTP 400'), { code: 'bad_request' });
        return {};
      },
    };
    const handoff = createHandoff({
      transfer: carrier,
      gatewayUrl: 'https://gw.example.com',
      destinations,
      now: () => MONDAY_10_IST,
      fallback: ['next_destination', 'back_to_ai'],
    });
    const result = await handoff
      .startSession({ callId: 'c2', platform: 'x' })
      .transfer({ reason: 'x', department: 'loans' });
    expect(requests.map((r) => r.destination.key)).toEqual(['loans', 'support']);
    expect(result.status).toBe('transferring');
    await handoff.close();
  });
});
