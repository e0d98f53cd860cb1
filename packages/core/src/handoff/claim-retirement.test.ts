import { describe, expect, it } from 'vitest';
import { storeKey } from '../store/keys.js';
import { MemoryStore } from '../store/memory-store.js';
import type { TransferProvider } from '../transfer.js';
import { createHandoff } from './handoff.js';

// Monday 2026-11-23 10:00 in Kolkata: every destination is open.
const MONDAY_10_IST = Date.UTC(2026, 10, 23, 4, 30);

async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error('condition never held');
}

describe("a finished handoff's call claim", () => {
  it('expires with its retention even while the owner still renews its lease', async () => {
    const clock = { now: MONDAY_10_IST };
    const store = new MemoryStore({ now: () => clock.now });
    // The Transfer API never answers: the owner keeps renewing its lease while it waits.
    const hanging: TransferProvider = { name: 'hangs', transfer: () => new Promise(() => {}) };
    const handoff = createHandoff({
      transfer: hanging,
      gatewayUrl: 'https://gw.example.com',
      destinations: { support: { number: '+919800000002', label: 'Senior care' } },
      store,
      now: () => clock.now,
      claimLeaseMs: 15,
      retentionMs: 60_000,
    });
    void handoff.startSession({ callId: 'c-ret', platform: 'x' }).transfer({ reason: 'x' });
    await until(async () => (await handoff.forCall('c-ret'))?.status === 'transferring');
    const id = (await handoff.forCall('c-ret'))!.id;

    // The caller hangs up mid-transfer: the handoff finishes and its claim gets the retention ttl.
    await handoff.advance(id, { type: 'caller_hung_up' });
    const key = storeKey('callLock', 'c-ret');
    const retired = (await store.get(key))!.version;
    // Renewals fire every 5 ms meanwhile; before the fix each one wrote the claim back without a ttl.
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await store.get(key))?.version).toBe(retired);

    clock.now += 61_000;
    expect(await store.get(key)).toBeUndefined();
    expect(await handoff.get(id)).toBeUndefined();
    await handoff.close();
  });
});
