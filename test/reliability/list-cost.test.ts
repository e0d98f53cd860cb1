/**
 * Issue 10, item 9: `GET /v1/handoffs?limit=1` read every record (113–142 ms with ~4,300 in
 * Redis). It now reads the day index's tail: the store calls and entries read are counted, with
 * thousands of handoffs in the store, and must not grow with them.
 */
import { type HandoffStore, keyPrefix, MemoryStore, storeKey } from '@handoff/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type Rig, rig } from './harness.js';

const MONDAY_10_IST = Date.UTC(2026, 10, 23, 4, 30);
const DAY = 24 * 60 * 60_000;

/** Delegates every call to `inner`, counting the reads a listing makes and the entries they return. */
function countingStore(inner: HandoffStore) {
  const reads = { calls: 0, entries: 0, scans: 0 };
  const store: HandoffStore = {
    async get(key) {
      reads.calls++;
      const out = await inner.get(key);
      if (out) reads.entries++;
      return out as never;
    },
    put: (key, value, options) => inner.put(key, value, options),
    update: (key, fn, options) => inner.update(key, fn, options),
    async list(prefix, options) {
      reads.calls++;
      reads.scans++;
      const out = await inner.list(prefix, options);
      reads.entries += out.length;
      return out as never;
    },
    delete: (key) => inner.delete(key),
    subscribe: (prefix, listener) => inner.subscribe(prefix, listener),
    append: (key, entries, options) => inner.append(key, entries, options),
    async range(key, from) {
      reads.calls++;
      const out = await inner.range(key, from);
      reads.entries += out.length;
      return out as never;
    },
  };
  return { store, reads };
}

/** As the core writes them: the record, then its id on its creation day's index log. */
async function seed(store: HandoffStore, count: number, newest: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const createdAt = newest - (count - i) * 60_000;
    const id = `seed-${i}`;
    await store.put(storeKey('handoff', id), {
      id,
      token: 't',
      callId: `call-${i}`,
      status: 'completed',
      context: {},
      ladder: { rung: 0, remaining: [], attempt: 0 },
      createdAt,
      updatedAt: createdAt,
    });
    await store.append(storeKey('handoffIndex', Math.floor(createdAt / DAY)), [id]);
  }
}

let open: Rig | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

describe('GET /v1/handoffs with a long history (issue 10, item 9)', () => {
  it('reads O(limit) entries with 4,000 handoffs in the store', async () => {
    const inner = new MemoryStore({ now: () => MONDAY_10_IST });
    await seed(inner, 4_000, MONDAY_10_IST - 1_000);
    const { store, reads } = countingStore(inner);
    open = rig({ store, handoff: { now: () => MONDAY_10_IST } });

    const one = await open.api('/v1/handoffs?limit=1');
    expect(one.status).toBe(200);
    const body = (await one.json()) as { handoffs?: Array<{ id: string }> } | Array<{ id: string }>;
    const listed = Array.isArray(body) ? body : (body.handoffs ?? []);
    expect(listed.map((h) => h.id)).toEqual(['seed-3999']);
    expect(reads.scans).toBe(0);
    // One tail read of the day's index and one record.
    expect(reads.entries).toBeLessThanOrEqual(16 + 1);

    reads.calls = reads.entries = 0;
    const page = await open.api('/v1/handoffs?limit=20');
    expect(page.status).toBe(200);
    expect(reads.scans).toBe(0);
    expect(reads.entries).toBeLessThanOrEqual(2 * 20 + 20);
    // The same figures with ten times fewer records: the cost does not follow history.
    const small = countingStore(new MemoryStore({ now: () => MONDAY_10_IST }));
    await seed(small.store, 400, MONDAY_10_IST - 1_000);
    small.reads.calls = small.reads.entries = 0;
    const rig2 = rig({ store: small.store, handoff: { now: () => MONDAY_10_IST } });
    await rig2.api('/v1/handoffs?limit=20');
    await rig2.close();
    expect(small.reads.entries).toBe(reads.entries);
    expect(await inner.list(keyPrefix('handoff'), { limit: 1 })).toHaveLength(1);
  });
});
