import { createHandoff, storeKey } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.useRealTimers();
});

describe('the live call lease', () => {
  it('is renewed while the call lasts, however quiet it is, and no longer once it ended', async () => {
    // Only the renewal timer is faked: the store's own promises run as usual.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let clock = Date.UTC(2026, 0, 10, 10, 0, 0);
    const handoff = createHandoff({
      transfer: new FakeTransferProvider(),
      destinations: { loans: { number: '+919800000001', label: 'Relationship manager' } },
      liveCalls: true,
      now: () => clock,
    });
    const call = handoff.attachCall({
      callId: 'lease-1',
      platform: 'test',
      port: { say: async () => 'played', instruct: () => undefined },
    });
    call.addTurn({ role: 'caller', text: 'Hello, is anybody there?' });
    const leaseAt = async (predicate: (lease: number | undefined) => boolean) => {
      for (let i = 0; i < 200; i++) {
        const lease = (await handoff.liveCall('lease-1'))?.leaseUntil;
        if (predicate(lease)) return lease;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      throw new Error('the lease never changed as expected');
    };
    const first = await leaseAt((lease) => lease !== undefined);
    expect(first).toBeGreaterThan(clock);

    // No turn for a minute: the renewals alone keep the lease ahead of the clock.
    for (let i = 0; i < 12; i++) {
      clock += 5_000;
      vi.advanceTimersByTime(5_000);
    }
    const renewed = await leaseAt((lease) => lease !== undefined && lease > clock);
    expect(renewed).toBeGreaterThan(first!);

    // Ended: the last snapshot says so, and nothing renews it any more.
    call.end();
    const key = storeKey('liveCall', 'lease-1');
    let last = await handoff.store.get<{ ended: boolean }>(key);
    for (let i = 0; i < 200 && last && !last.value.ended; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      last = await handoff.store.get<{ ended: boolean }>(key);
    }
    // Six renewal periods, inside the ended snapshot's one-minute expiry.
    clock += 30_000;
    vi.advanceTimersByTime(30_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(last?.value.ended).toBe(true);
    expect((await handoff.store.get(key))?.version).toBe(last?.version);
    await handoff.close();
  });
});
