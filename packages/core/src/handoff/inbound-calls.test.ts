import { describe, expect, it } from 'vitest';
import { claimOnce, releaseOnce } from '../store/claim-once.js';
import { keyPrefix } from '../store/keys.js';
import { MemoryStore } from '../store/memory-store.js';
import { claimInboundCall, numberKey, recordInboundCall } from './inbound-calls.js';

const CALLER = '+919811111111';
const DID = '+918000000000';
const RETELL_URI = 'sip:+918000000000@sip.retellai.com;transport=tcp';

function clock(start = 1_764_583_200_000) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe('the inbound-call index', () => {
  it('reads numbers and SIP URIs on their last 10 digits, and nothing out of names', () => {
    expect(numberKey('+91 98111-11111')).toBe('9811111111');
    expect(numberKey('919811111111')).toBe('9811111111');
    expect(numberKey('09811111111')).toBe('9811111111');
    expect(numberKey(RETELL_URI)).toBe('8000000000');
    expect(numberKey('sip:sahayak-bank@sip.vapi.ai')).toBeUndefined();
    expect(numberKey('anonymous')).toBeUndefined();
    expect(numberKey(undefined)).toBeUndefined();
  });

  it('gives a platform call the dial from its caller to its number, and the same answer again later', async () => {
    const t = clock();
    const store = new MemoryStore({ now: t.now });
    const options = { now: t.now };
    await recordInboundCall(store, { callId: 'other', from: ['+919822222222'], to: [DID] }, options);
    await recordInboundCall(
      store,
      { callId: 'vobiz-1', from: [DID, '919811111111'], to: [RETELL_URI, DID] },
      options,
    );
    t.advance(1_500);
    const sighting = { platform: 'retell', platformCallId: 'r1', from: CALLER, to: DID, arrivedAt: t.now() };
    expect(await claimInboundCall(store, sighting, options)).toBe('vobiz-1');
    // Long after the window, the platform call still maps to its Vobiz call.
    t.advance(30 * 60_000);
    expect(await claimInboundCall(store, sighting, options)).toBe('vobiz-1');
  });

  it('lets two platform calls never take the same dial, however they race', async () => {
    const t = clock();
    const store = new MemoryStore({ now: t.now });
    const options = { now: t.now };
    await recordInboundCall(store, { callId: 'vobiz-1', from: [CALLER], to: [DID] }, options);
    // Vobiz retried the answer callback: still one dial.
    await recordInboundCall(store, { callId: 'vobiz-1', from: [CALLER], to: [DID] }, options);
    const sightings = ['r1', 'r2', 'r3'].map((id) => ({
      platform: 'retell',
      platformCallId: id,
      from: CALLER,
      to: DID,
      arrivedAt: t.now() + 500,
    }));
    const found = await Promise.all(sightings.map((s) => claimInboundCall(store, s, options)));
    expect(found.filter((id) => id === 'vobiz-1')).toHaveLength(1);
    expect(found.filter((id) => id === undefined)).toHaveLength(2);
  });

  it('lets one platform call asked about twice at once (two instances) take its dial both times', async () => {
    const t = clock();
    const store = new MemoryStore({ now: t.now });
    await recordInboundCall(store, { callId: 'vobiz-1', from: [CALLER], to: [DID] }, { now: t.now });
    const sighting = { platform: 'vapi', platformCallId: 'v1', from: CALLER, to: DID, arrivedAt: t.now() };
    const [a, b] = await Promise.all([
      claimInboundCall(store, sighting, { now: t.now }),
      claimInboundCall(store, sighting, { now: t.now }),
    ]);
    expect([a, b]).toEqual(['vobiz-1', 'vobiz-1']);
  });

  it('takes the most recent dial before the call arrived, and the next call the one left', async () => {
    const t = clock();
    const store = new MemoryStore({ now: t.now });
    const options = { now: t.now };
    await recordInboundCall(store, { callId: 'first', from: [CALLER], to: [DID] }, options);
    t.advance(5_000);
    await recordInboundCall(store, { callId: 'second', from: [CALLER], to: [DID] }, options);
    const at = t.now() + 800;
    const sighting = (id: string) => ({
      platform: 'retell',
      platformCallId: id,
      from: CALLER,
      to: DID,
      arrivedAt: at,
    });
    expect(await claimInboundCall(store, sighting('r2'), options)).toBe('second');
    expect(await claimInboundCall(store, sighting('r1'), options)).toBe('first');
  });

  it('refuses a dial to another number, one too old for the call, and a caller it never dialled', async () => {
    const t = clock();
    const store = new MemoryStore({ now: t.now });
    const options = { now: t.now, windowMs: 20_000 };
    await recordInboundCall(store, { callId: 'vobiz-1', from: [CALLER], to: [DID] }, options);
    const base = { platform: 'retell', from: CALLER, to: DID };
    expect(
      await claimInboundCall(
        store,
        { ...base, platformCallId: 'a', to: '+918000000099', arrivedAt: t.now() },
        options,
      ),
    ).toBeUndefined();
    expect(
      await claimInboundCall(store, { ...base, platformCallId: 'b', arrivedAt: t.now() + 25_000 }, options),
    ).toBeUndefined();
    expect(
      await claimInboundCall(
        store,
        { ...base, platformCallId: 'c', from: '+919899999999', arrivedAt: t.now() },
        options,
      ),
    ).toBeUndefined();
    expect(
      await claimInboundCall(store, { ...base, platformCallId: 'd', from: null }, options),
    ).toBeUndefined();
    // Unclaimed by any of those, the dial is still there for its own call.
    expect(
      await claimInboundCall(store, { ...base, platformCallId: 'e', arrivedAt: t.now() + 2_000 }, options),
    ).toBe('vobiz-1');
  });

  it('takes a dial without a number to match when either side has none (a SIP URI with a name)', async () => {
    const t = clock();
    const store = new MemoryStore({ now: t.now });
    await recordInboundCall(
      store,
      { callId: 'vobiz-1', from: [CALLER], to: ['sip:sahayak-bank@sip.vapi.ai'] },
      { now: t.now },
    );
    const sighting = { platform: 'vapi', platformCallId: 'v1', from: CALLER, to: DID, arrivedAt: t.now() };
    expect(await claimInboundCall(store, sighting, { now: t.now })).toBe('vobiz-1');
  });

  it('lets a call sent back to the AI be found again by the new platform call', async () => {
    const t = clock();
    const store = new MemoryStore({ now: t.now });
    const options = { now: t.now };
    await recordInboundCall(store, { callId: 'vobiz-1', from: [CALLER], to: [DID] }, options);
    const sighting = (id: string) => ({
      platform: 'retell',
      platformCallId: id,
      from: CALLER,
      to: DID,
      arrivedAt: t.now(),
    });
    expect(await claimInboundCall(store, sighting('r1'), options)).toBe('vobiz-1');
    t.advance(90_000);
    // Nobody answered: the gateway dials the AI again for the same Vobiz call.
    await recordInboundCall(store, { callId: 'vobiz-1', from: [CALLER], to: [DID] }, options);
    expect(await claimInboundCall(store, sighting('r2'), options)).toBe('vobiz-1');
  });

  it('keeps its dials in its own key space, with a time to live', async () => {
    const t = clock();
    const store = new MemoryStore({ now: t.now });
    await recordInboundCall(store, { callId: 'vobiz-1', from: [CALLER], to: [DID] }, { now: t.now });
    const written = await store.list(keyPrefix('inboundCall'));
    expect(written.map((r) => r.key)).toEqual(['inbound-call:from:9811111111']);
    t.advance(10 * 60_000);
    expect(await store.list(keyPrefix('inboundCall'))).toEqual([]);
  });
});

describe('claimOnce', () => {
  it('lets one claimant win until the claim expires or is released', async () => {
    const t = clock();
    const store = new MemoryStore({ now: t.now });
    expect(await claimOnce(store, 'platformReplay', 'sig', 1_000)).toBe(true);
    expect(await claimOnce(store, 'platformReplay', 'sig', 1_000)).toBe(false);
    t.advance(1_001);
    expect(await claimOnce(store, 'platformReplay', 'sig', 1_000)).toBe(true);
    await releaseOnce(store, 'platformReplay', 'sig');
    expect(await claimOnce(store, 'platformReplay', 'sig', 1_000)).toBe(true);
  });

  it('passes a store failure on instead of calling it a replay', async () => {
    const store = new MemoryStore();
    store.put = async () => {
      throw new Error('store down');
    };
    await expect(claimOnce(store, 'platformReplay', 'sig', 1_000)).rejects.toThrow('store down');
  });
});
