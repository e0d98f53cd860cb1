/**
 * One property shape for every HTTP entry point: whatever arrives, the answer is a normal one or a
 * typed 4xx (a JSON `error` / `error.code`, or Vobiz's `code: message` text), never a 5xx and
 * never a throw; a refused request moves no call and writes nothing to the store; the same inputs
 * sent a second time grow neither the store nor (with `--expose-gc`) the heap.
 */
import type { MemoryStore } from '@handoff/core';
import type { FakeTransferProvider } from '@handoff/core/testing';
import fc from 'fast-check';
import { expect } from 'vitest';
import { heapAfterGc, params, polluted } from './arbitraries.js';
import { recordFigures, tally } from './figures.js';

/**
 * Store keys, less the replay guards' claims: a correctly signed request claims its signature or
 * nonce before its body is read (so a replay fails on every instance), by design and with a ttl.
 */
async function keysHeld(store: MemoryStore): Promise<number> {
  const claims = await Promise.all(['platform-replay:', 'vobiz-nonce:'].map((prefix) => store.list(prefix)));
  return store.size - claims.reduce((sum, list) => sum + list.length, 0);
}

/**
 * Waits until the store stops changing: an accepted request may go on writing after its answer
 * (a transfer the handler answered early, a session flushed later), and those writes must not be
 * counted against the next, refused one.
 */
async function settled(store: MemoryStore): Promise<void> {
  let last = -1;
  for (let i = 0; i < 50; i++) {
    const now = await keysHeld(store);
    if (now === last) return;
    last = now;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** 'refused' for a typed 4xx, 'accepted' for a 2xx/3xx; fails on a 5xx or an untyped 4xx. */
export async function classify(response: Response, label: string): Promise<'refused' | 'accepted'> {
  expect(response.status, label).toBeLessThan(500);
  const text = await response.text();
  if (response.status < 400) return 'accepted';
  let code: unknown;
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    const body = JSON.parse(text) as { error?: string | { code?: string } };
    code = typeof body.error === 'string' ? body.error : body.error?.code;
  } else {
    // Vobiz's routes answer text: `invalid_message: …`.
    code = /^([a-z_]+): /.exec(text)?.[1];
  }
  expect(typeof code, `${label}: untyped ${response.status}: ${text.slice(0, 200)}`).toBe('string');
  return 'refused';
}

export interface EntryPoint<T> {
  /** For the report. */
  name: string;
  inputs: fc.Arbitrary<T>;
  send(input: T): Promise<Response>;
  carrier: FakeTransferProvider;
  store: MemoryStore;
  /** Scales the run count (a slow entry point runs fewer). */
  factor?: number;
  /**
   * Each accepted request mints something new by design (a client token with its own expiry):
   * a replay may add keys, so only the refused ones are held to zero.
   */
  mints?: boolean;
  /**
   * Known defect, reported (see test/property/known-defects.test.ts): a refused request may leave
   * the session of the call it names. Held to at most one key per refused request, and counted.
   */
  refusedLeavesSession?: boolean;
  /** The route ignores its body: nothing to refuse. */
  neverRefuses?: boolean;
}

/**
 * Runs the property twice with the same seed: the first pass checks every answer, the second
 * replays the same inputs to check that nothing grows with repeats.
 */
export async function assertEntryPoint<T>(entry: EntryPoint<T>): Promise<void> {
  const t = tally();
  const pass = async (count: boolean) => {
    await fc.assert(
      fc.asyncProperty(entry.inputs, async (input) => {
        const before = { requests: entry.carrier.requests.length, keys: await keysHeld(entry.store) };
        const verdict = await classify(await entry.send(input), entry.name);
        if (verdict === 'refused') {
          expect(entry.carrier.requests.length, entry.name).toBe(before.requests);
          const added = (await keysHeld(entry.store)) - before.keys;
          if (count) t.keysFromRefused += added;
          expect(added, `${entry.name}: store keys after a refused request`).toBeLessThanOrEqual(
            entry.refusedLeavesSession ? 1 : 0,
          );
        }
        if (verdict === 'accepted') await settled(entry.store);
        if (count) {
          t.runs++;
          t[verdict]++;
        }
        expect(polluted()).toBe(false);
      }),
      params(entry.factor ?? 1),
    );
  };
  await pass(true);
  await settled(entry.store);
  const keys = await keysHeld(entry.store);
  const heap = heapAfterGc();
  await pass(false);
  await settled(entry.store);
  // Replayed inputs join what the first pass made; nothing new is kept.
  if (!entry.mints)
    expect(
      await keysHeld(entry.store),
      `${entry.name}: store keys after replaying the same inputs`,
    ).toBeLessThanOrEqual(keys);
  const after = heapAfterGc();
  const heapGrowthMiB =
    heap === undefined || after === undefined ? undefined : Math.round(((after - heap) / 2 ** 20) * 10) / 10;
  // Loose on purpose: this catches a leak per request (a retained body, a session per retry), not noise.
  if (heapGrowthMiB !== undefined) expect(heapGrowthMiB, `${entry.name}: heap growth`).toBeLessThan(16);
  if (!entry.neverRefuses)
    expect(t.refused, `${entry.name}: the inputs never reached a refusal`).toBeGreaterThan(0);
  recordFigures({ property: entry.name, ...t, ...(heapGrowthMiB === undefined ? {} : { heapGrowthMiB }) });
}
