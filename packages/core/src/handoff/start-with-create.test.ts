import { describe, expect, it } from 'vitest';
import type { HandoffRecord } from '../record.js';
import { storeKey } from '../store/keys.js';
import { MemoryStore } from '../store/memory-store.js';
import type { HandoffStore } from '../store/store.js';
import type { TransferProvider } from '../transfer.js';
import type { ResolvedDestination } from '../types.js';
import { createHandoff } from './handoff.js';
import { startAttempt, startedCopy } from './lifecycle.js';
import { createRecord, updateCreated } from './records.js';

// Issue 9: with no farewell and no early step, the attempt's start goes out with the record's
// creation, so the packet and the start are persisted in one store round trip, not two.

const MONDAY_10_IST = Date.UTC(2026, 10, 23, 4, 30);
const destination: ResolvedDestination = {
  key: 'support',
  label: 'Senior care',
  numbers: ['+919800000002'],
  sipUris: [],
  open: true,
};

function persisted(id: string): HandoffRecord {
  return {
    id,
    token: 't',
    callId: `call-${id}`,
    status: 'persisted',
    context: {
      transcript: [{ role: 'caller', text: 'a person please', at: 1 }],
      timings: { triggeredAt: 1, persistedAt: 2 },
      dialAttempts: [],
    } as unknown as HandoffRecord['context'],
    ladder: { rung: 0, remaining: [], attempt: 0 },
    createdAt: MONDAY_10_IST,
    updatedAt: MONDAY_10_IST,
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * A store reached over a network: calls made in the same turn of the event loop go out together
 * and are answered together, one round trip, in the order they were made.
 */
function networked(store: HandoffStore) {
  let queue: Array<() => void> = [];
  const counts = { rounds: 0 };
  const send = <R>(run: () => Promise<R>): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      if (queue.length === 0) {
        setImmediate(() => {
          const batch = queue;
          queue = [];
          counts.rounds++;
          for (const call of batch) call();
        });
      }
      queue.push(() => run().then(resolve, reject));
    });
  const remote: HandoffStore = {
    get: (key) => send(() => store.get(key)),
    put: (key, value, options) => {
      // Sent as it is at the call, as a client serialises it.
      const copy = structuredClone(value);
      return send(() => store.put(key, copy, options));
    },
    update: (key, fn, options) => send(() => store.update(key, fn, options)),
    list: (prefix, options) => send(() => store.list(prefix, options)),
    delete: (key) => send(() => store.delete(key)),
    append: (key, entries, options) => {
      const copy = structuredClone(entries);
      return send(() => store.append(key, copy, options));
    },
    range: (key, from) => send(() => store.range(key, from)),
    subscribe: (prefix, listener) => store.subscribe(prefix, listener),
  };
  return { store: remote, counts };
}

describe('the attempt started with the record (updateCreated)', () => {
  it('starts the attempt on a copy, leaving the record being created as it is', () => {
    const record = deepFreeze(persisted('h0'));
    // Frozen: any change to what the copy shares with the record throws here.
    const started = startedCopy(record, destination, 5);
    expect(started).toMatchObject({ status: 'transferring', ladder: { attempt: 1 } });
    expect(started?.context.dialAttempts).toEqual([{ n: 1, destination: 'support', startedAt: 5 }]);
    expect(started?.context.timings.transferRequestedAt).toBe(5);
    expect(record.status).toBe('persisted');
    expect(started?.context.transcript).toBe(record.context.transcript);
  });

  it('sends the start before the create has answered, and both land', async () => {
    const { store, counts } = networked(new MemoryStore());
    const record = persisted('h1');
    const creating = createRecord(store, record);
    const started = await updateCreated(store, creating, startedCopy(record, destination, 5)!, (r) => r);
    expect(started?.status).toBe('transferring');
    expect(counts.rounds).toBe(1);
    const stored = await store.get<HandoffRecord>(storeKey('handoff', 'h1'));
    expect(stored).toMatchObject({ version: 2, value: { status: 'transferring', ladder: { attempt: 1 } } });
  });

  it('lets a write that landed in between decide, as a read-modify-write would', async () => {
    const store = new MemoryStore();
    const record = persisted('h2');
    const creating = createRecord(store, record);
    // The memory store writes inside the call: the caller hangs up between the two writes.
    void store.update<HandoffRecord>(storeKey('handoff', 'h2'), (r) =>
      r ? { ...r, status: 'caller_hung_up' } : undefined,
    );
    const seen: string[] = [];
    const started = await updateCreated(store, creating, startedCopy(record, destination, 5)!, (r) => {
      seen.push(r.status);
      return startAttempt(r, destination, 5) ? r : undefined;
    });
    expect(seen).toEqual(['caller_hung_up']);
    expect(started?.status).toBe('caller_hung_up');
    expect((await store.get(storeKey('handoff', 'h2')))?.version).toBe(2);
  });

  it('waits for the create when a store ran the start first', async () => {
    const memory = new MemoryStore();
    // A store that does not keep the order of calls: the create is held back a little.
    const reordering: HandoffStore = {
      get: (key) => memory.get(key),
      put: async (key, value, options) => {
        if (options?.expectedVersion === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        return memory.put(key, value, options);
      },
      update: (key, fn, options) => memory.update(key, fn, options),
      list: (prefix, options) => memory.list(prefix, options),
      delete: (key) => memory.delete(key),
      append: (key, entries, options) => memory.append(key, entries, options),
      range: (key, from) => memory.range(key, from),
      subscribe: (prefix, listener) => memory.subscribe(prefix, listener),
    };
    const record = persisted('h3');
    const creating = createRecord(reordering, record);
    const started = await updateCreated(reordering, creating, startedCopy(record, destination, 5)!, (r) =>
      startAttempt(r, destination, 5) ? r : undefined,
    );
    expect(started?.status).toBe('transferring');
    expect(await memory.get(storeKey('handoff', 'h3'))).toMatchObject({
      version: 2,
      value: { status: 'transferring', ladder: { attempt: 1 } },
    });
  });
});

describe('trigger → carrier in store round trips', () => {
  function setup() {
    const { store, counts } = networked(new MemoryStore());
    const seen: Array<{ rounds: number; status?: string }> = [];
    const carrier: TransferProvider = {
      name: 'watching',
      async transfer(request) {
        const rounds = counts.rounds;
        const stored = await store.get<HandoffRecord>(storeKey('handoff', request.handoffId));
        seen.push({ rounds, status: stored?.value.status });
        return {};
      },
    };
    const handoff = createHandoff({
      transfer: carrier,
      store,
      gatewayUrl: 'https://gw.example.com',
      destinations: { support: { numbers: ['+919800000002'], label: 'Senior care' } },
      now: () => MONDAY_10_IST,
    });
    return { handoff, counts, seen };
  }

  it('takes two rounds (the claim, then the packet with the attempt started), the packet persisted first', async () => {
    const { handoff, counts, seen } = setup();
    const session = handoff.startSession({ callId: 'c1', platform: 'x' });
    session.addTurn({ role: 'caller', text: 'I was charged twice, please get me a person' });
    await session.sync();
    counts.rounds = 0;
    const result = await session.transfer({ reason: 'double charge', department: 'support' });
    expect(result.status).toBe('transferring');
    expect(seen).toEqual([{ rounds: 2, status: 'transferring' }]);
    await handoff.close();
  });

  it('still writes the start only after a farewell, which the caller may hang up during', async () => {
    const { handoff, counts, seen } = setup();
    const session = handoff.startSession({ callId: 'c2', platform: 'x' });
    await session.sync();
    counts.rounds = 0;
    const statuses: Array<string | undefined> = [];
    await session.transfer(
      { reason: 'double charge', department: 'support' },
      {
        beforeTransfer: async (answer) => {
          statuses.push((await handoff.get(answer.handoffId))?.status);
        },
      },
    );
    expect(statuses).toEqual(['persisted']);
    // The claim, the packet, the farewell's own read, then the start.
    expect(seen).toEqual([{ rounds: 4, status: 'transferring' }]);
    await handoff.close();
  });
});
