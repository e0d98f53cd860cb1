import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  createHandoff,
  explicitRequest,
  type HandoffStore,
  keywords,
  lowConfidence,
  MemoryStore,
  maxTurns,
  repetition,
  sentimentBelow,
  storeKey,
  type TransferProvider,
  when,
} from '@handoff/core';
import { noopTransferProvider } from '@handoff/core/testing';
import { type BenchStore, redisStoreIfUp, safeUrl } from './redis.js';
import { percentile } from './stats.js';
import type { BenchResult } from './types.js';

const LINES: Array<['caller' | 'agent', string]> = [
  ['agent', 'Thanks for calling. How can I help you today?'],
  ['caller', 'Hi, my card ending 4321 was charged twice for the same order'],
  ['agent', 'I am sorry to hear that. Let me check the transactions on your account.'],
  ['caller', 'It was about 2,400 rupees on Saturday, order number 88812'],
  ['agent', 'I can see two charges. I have raised a reversal request for one of them.'],
  ['caller', 'How long will the reversal take? I need the money back soon'],
  ['agent', 'Reversals usually take three to five working days.'],
  ['caller', 'Okay, and can you also check my last statement?'],
];

function makeHandoff(transfer: TransferProvider = noopTransferProvider(), store?: HandoffStore) {
  return createHandoff({
    transfer,
    ...(store ? { store } : {}),
    destinations: { support: { number: '+919800000002', label: 'Senior care' } },
    triggers: [
      explicitRequest(),
      keywords(['chargeback', 'fraud']),
      sentimentBelow(-0.9),
      lowConfidence({ below: 0.2, turns: 5 }),
      repetition({ turns: 3 }),
      maxTurns(1_000_000),
      when(() => false),
    ],
  });
}

let serial = 0;

/**
 * Turn number `i` (0-based) with a time that moves forward and text unique in the whole run: the
 * core remembers the analysis of the last few texts it saw, and the fresh sessions at turn 10
 * would otherwise all say the same words and be measured from that memory.
 */
function turnFor(i: number) {
  const [role, text] = LINES[i % LINES.length]!;
  serial++;
  return { role, text: `${text} (${i}, ${serial})`, at: 1_700_000_000_000 + i * 1_000, confidence: 0.9 };
}

/**
 * Median per-turn cost of `addTurn` at turn 10 (a fresh session per sample) and past turn 10,000
 * (one session), the samples interleaved so both lengths see the same machine. Each sample is the
 * mean of two consecutive turns (one agent, one caller) so both paths weigh the same.
 */
function costs(samples: number): { at10: number; at10k: number; cpu10: number; cpu10k: number } {
  const handoff = makeHandoff();
  const fill = (callId: string, length: number) => {
    const session = handoff.startSession({ callId, platform: 'bench' });
    for (let i = 0; i < length; i++) session.addTurn(turnFor(i));
    return session;
  };
  // CPU time as well as wall time: on a machine shared with other work, a wall-clock sample that
  // was preempted measures the neighbours; the process's CPU time (GC threads included) does not.
  const cpu = { at10: 0, at10k: 0 };
  const pair = (session: ReturnType<typeof fill>, i: number, into: number[], key: keyof typeof cpu) => {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    session.addTurn(turnFor(i));
    session.addTurn(turnFor(i + 1));
    into.push(Number(process.hrtime.bigint() - t0) / 2);
    const c = process.cpuUsage(c0);
    cpu[key] += c.user + c.system;
  };
  const big = fill('big', 10_000);
  const small = Array.from({ length: samples }, (_, s) => fill(`small-${s}`, 10));
  const at10: number[] = [];
  const at10k: number[] = [];
  for (let s = 0; s < samples; s++) {
    pair(small[s]!, 10, at10, 'at10');
    pair(big, 10_000 + 2 * s, at10k, 'at10k');
  }
  const median = (values: number[]) =>
    percentile(
      values.sort((x, y) => x - y),
      50,
    ) / 1_000;
  return {
    at10: median(at10),
    at10k: median(at10k),
    cpu10: cpu.at10 / (2 * samples),
    cpu10k: cpu.at10k / (2 * samples),
  };
}

export async function benchAddTurn(): Promise<BenchResult[]> {
  // Warm up the JIT on both paths before measuring either.
  costs(200);
  const { at10, at10k, cpu10, cpu10k } = costs(500);
  return [
    {
      name: 'addTurn cost vs transcript length',
      rows: [
        { label: 'median µs/turn at turn 10', value: at10, unit: 'µs' },
        { label: 'median µs/turn at turn 10,000', value: at10k, unit: 'µs' },
        { label: 'mean CPU µs/turn at turn 10', value: cpu10, unit: 'µs' },
        { label: 'mean CPU µs/turn at turn 10,000', value: cpu10k, unit: 'µs' },
      ],
      ratio: at10k / at10,
      baseline: 'the same addTurn at turn 10, same run',
      target: '≤ 1.2×',
    },
    await sessionHeap(2_000, 20),
  ];
}

/** `gc()` without `--expose-gc` on the command line: the flag can be set once the process runs. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * Heap kept per call by the core (memory store, seven rules): `calls` calls attached with
 * `attachCall` and nothing said, then as many again with `turns` turns each, read after a forced GC
 * once the log writes have settled. The baseline keeps the same calls bare: the init and port of
 * each, and the same turns as plain objects in an array.
 */
async function sessionHeap(calls: number, turns: number): Promise<BenchResult> {
  const gc = collector();
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const port = { say: async () => {}, instruct: async () => {} };
  const kept = async (say: number, bare: boolean) => {
    const handoff = makeHandoff();
    const held: unknown[] = [];
    const before = await settle();
    for (let c = 0; c < calls; c++) {
      const callId = `heap-${serial}-${c}`;
      if (bare) {
        const said: unknown[] = [];
        for (let i = 0; i < say; i++) said.push(turnFor(i));
        held.push({ callId, platform: 'bench', port, said });
        continue;
      }
      const call = handoff.attachCall({ callId, platform: 'bench', port });
      for (let i = 0; i < say; i++) call.addTurn(turnFor(i));
      held.push(call);
    }
    const perCall = ((await settle()) - before) / calls;
    held.length = 0;
    await handoff.close();
    return perCall;
  };
  // Two rounds, alternating; the second is read.
  let figures = { attached: 0, talked: 0, bareAttached: 0, bareTalked: 0 };
  for (let round = 0; round < 2; round++) {
    figures = {
      attached: await kept(0, false),
      bareAttached: await kept(0, true),
      talked: await kept(turns, false),
      bareTalked: await kept(turns, true),
    };
  }
  const perTurn = (figures.talked - figures.attached) / turns;
  const barePerTurn = (figures.bareTalked - figures.bareAttached) / turns;
  return {
    name: `heap kept per call by the core (${calls.toLocaleString('en')} calls, memory store)`,
    rows: [
      { label: 'bytes per call, attached, no turns', value: figures.attached, unit: 'B' },
      { label: `bytes per call, attached + ${turns} turns`, value: figures.talked, unit: 'B' },
      { label: 'bytes per turn', value: perTurn, unit: 'B' },
      { label: 'baseline: bytes per bare call', value: figures.bareAttached, unit: 'B' },
      { label: 'baseline: bytes per bare turn', value: barePerTurn, unit: 'B' },
    ],
    ratio: perTurn / barePerTurn,
    baseline: 'the same turns kept as plain objects in an array, same run (ratio of bytes per turn)',
    notes: 'the session log in the memory store is included; the first round is a warm-up',
  };
}

interface TransferCost {
  p50Ms: number;
  p99Ms: number;
  baseP50Ms: number;
  baseP99Ms: number;
  /** Store calls made from `transfer()` until the provider is invoked, per handoff. */
  storeCalls: number;
  /** The rounds they took: calls in flight together count once. */
  storeRounds: number;
}

/**
 * Counts the store calls made while `counting` is on, and the rounds they took: calls whose
 * flights overlap (sent together, as a pipeline) are one round, so on Redis the rounds are the
 * round trips paid one after another.
 */
function counted(store: HandoffStore) {
  let on = false;
  let calls = 0;
  let rounds = 0;
  let flights: Array<{ from: number; to?: number }> = [];
  const settle = () => {
    const now = performance.now();
    const spans = flights.map((f) => [f.from, f.to ?? now] as const).sort((a, b) => a[0] - b[0]);
    let reach = Number.NEGATIVE_INFINITY;
    for (const [from, to] of spans) {
      if (from > reach) rounds++;
      reach = Math.max(reach, to);
    }
    flights = [];
  };
  const wrapped = new Proxy(store, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result = value.apply(target, args);
        if (!on || prop === 'subscribe') return result;
        calls++;
        const flight: { from: number; to?: number } = { from: performance.now() };
        flights.push(flight);
        return Promise.resolve(result).finally(() => {
          flight.to = performance.now();
        });
      };
    },
  });
  return {
    store: wrapped,
    totals: () => ({ calls, rounds }),
    counting: (next: boolean) => {
      if (on && !next) settle();
      on = next;
    },
  };
}

/**
 * `transfer()` until the provider is invoked, `runs` handoffs on `store`, each after 12 turns;
 * alternating with the baseline (the packet built and written with one `store.put`). With
 * `settle`, the turns are synced before either is timed: a trigger rarely lands in the same
 * millisecond as the turn before it, and on Redis the turn's append would be measured too.
 */
async function transferCost(store: HandoffStore, runs: number, settle: boolean): Promise<TransferCost> {
  let startedAt = 0n;
  const samples: number[] = [];
  const { store: watched, totals, counting } = counted(store);
  const handoff = makeHandoff(
    {
      name: 'bench',
      transfer: async () => {
        samples.push(Number(process.hrtime.bigint() - startedAt));
        counting(false);
        return {};
      },
    },
    watched,
  );
  const baseline: number[] = [];
  const prefix = `bench-transfer:${process.pid}:`;
  for (let i = 0; i < runs; i++) {
    const session = handoff.startSession({ callId: `${prefix}${i}`, platform: 'bench' });
    for (let t = 0; t < 12; t++) session.addTurn(turnFor(t));
    if (settle) await session.sync();
    // Baseline: the unavoidable part — build the packet and write it to the same store.
    const b0 = process.hrtime.bigint();
    await handoff.store.put(`bench:${prefix}${i}`, session.context('baseline'));
    baseline.push(Number(process.hrtime.bigint() - b0));
    if (i >= runs / 10) counting(true);
    startedAt = process.hrtime.bigint();
    await session.transfer({ reason: 'caller asked for a person', department: 'support' });
    counting(false);
    session.end();
  }
  await handoff.close();
  // Leaves nothing behind in a shared Redis: the records (handoffs, claims, baselines), then the logs.
  for (const record of await store.list('')) await store.delete(record.key);
  for (let i = 0; i < runs; i++) await store.delete(storeKey('session', `${prefix}${i}`));
  await store.delete(storeKey('handoffIndex', Math.floor(Date.now() / 86_400_000)));
  // Drop the first 10% as warm-up.
  const measured = samples.slice(runs / 10).sort((a, b) => a - b);
  const base = baseline.slice(runs / 10).sort((a, b) => a - b);
  return {
    p50Ms: percentile(measured, 50) / 1e6,
    p99Ms: percentile(measured, 99) / 1e6,
    baseP50Ms: percentile(base, 50) / 1e6,
    baseP99Ms: percentile(base, 99) / 1e6,
    storeCalls: totals().calls / (runs - runs / 10),
    storeRounds: totals().rounds / (runs - runs / 10),
  };
}

export async function benchTransfer(): Promise<BenchResult[]> {
  const memory = await transferCost(new MemoryStore(), 3_000, false);
  const results: BenchResult[] = [
    {
      name: 'transfer() → provider invoked (no-op provider, memory store)',
      rows: [
        { label: 'p50', value: memory.p50Ms, unit: 'ms' },
        { label: 'p99', value: memory.p99Ms, unit: 'ms' },
        { label: 'baseline p99 (context + store.put)', value: memory.baseP99Ms, unit: 'ms' },
        { label: 'store calls before the provider', value: memory.storeCalls, unit: '' },
      ],
      ratio: memory.p99Ms / memory.baseP99Ms,
      baseline: 'building the context packet and one store.put, same run',
      target: 'p99 < 1 ms',
    },
  ];
  const redis = await redisStoreIfUp('transfer');
  if (!redis) return results;
  try {
    const cost = await transferCost(redis.store, 1_000, true);
    results.push({
      name: 'transfer() → provider invoked (no-op provider, Redis store, turns synced first)',
      rows: [
        { label: 'p50', value: cost.p50Ms, unit: 'ms' },
        { label: 'p99', value: cost.p99Ms, unit: 'ms' },
        { label: 'baseline p50 (context + one store.put)', value: cost.baseP50Ms, unit: 'ms' },
        { label: 'baseline p99 (context + one store.put)', value: cost.baseP99Ms, unit: 'ms' },
        { label: 'store calls before the provider', value: cost.storeCalls, unit: '' },
        { label: 'store rounds before the provider', value: cost.storeRounds, unit: '' },
      ],
      ratio: cost.p50Ms / cost.baseP50Ms,
      baseline: 'building the context packet and one store.put (one round trip), same run (ratio of p50s)',
      target: "the core's share of trigger → Transfer p99 < 10 ms",
      notes: `Redis at ${safeUrl(redis.url)}; keys under this run's prefix expire with their retention`,
    });
  } finally {
    await redis.store.close();
  }
  return results;
}

interface SharedCost {
  p50Us: number;
  p99Us: number;
}

/**
 * Per-turn cost of a session kept in the store, as a webhook platform's turn pays it: the turn is
 * applied and written, and whatever other instances wrote is read (`addTurn` + `sync()`), one
 * turn at a time. Samples at turn 10 (a fresh session each) and at turn 10,000 (one session past
 * its first 10,000 turns) alternate, so both see the same machine: on a shared 2-core box the
 * load moves more between seconds than the cost between the two lengths.
 */
async function sharedCosts(store: HandoffStore, samples: number, label: string) {
  const handoff = makeHandoff(noopTransferProvider(), store);
  const callIds: string[] = [];
  const fill = async (callId: string, length: number) => {
    callIds.push(callId);
    const session = handoff.startSession({ callId, platform: 'bench' });
    for (let i = 0; i < length; i++) session.addTurn(turnFor(i));
    await session.sync();
    return session;
  };
  // Two turns per sample, agent then caller, each added and synced on its own: the caller's
  // costs more (extraction, sentiment), so both lengths must weigh both the same.
  const measure = async (session: Awaited<ReturnType<typeof fill>>, i: number, into: number[]) => {
    for (const turn of [i, i + 1]) {
      const t0 = process.hrtime.bigint();
      session.addTurn(turnFor(turn));
      await session.sync();
      into.push(Number(process.hrtime.bigint() - t0) / 1_000);
    }
  };
  const big = await fill(`${label}-big`, 10_000);
  const small: Array<Awaited<ReturnType<typeof fill>>> = [];
  for (let s = 0; s < samples; s++) small.push(await fill(`${label}-small-${s}`, 8));
  const at10: number[] = [];
  const at10k: number[] = [];
  // The floor: the one store round trip a turn needs (its append) and nothing else, so what the
  // session adds (the turn's own work: rules, extraction) shows apart from what the store costs.
  const floor: number[] = [];
  const floorKey = storeKey('session', `${label}-floor`);
  callIds.push(`${label}-floor`);
  for (let s = 0; s < samples; s++) {
    // Turns 9 and 10 (8 % 8 and 10,000 % 8 are both an agent line).
    await measure(small[s]!, 8, at10);
    await measure(big, 10_000 + 2 * s, at10k);
    for (let k = 0; k < 2; k++) {
      const t0 = process.hrtime.bigint();
      await store.append(floorKey, [{ k: 'turn', now: s, turn: turnFor(s) }], { ttlMs: 60_000 });
      floor.push(Number(process.hrtime.bigint() - t0) / 1_000);
    }
  }
  await handoff.close();
  // Leaves nothing behind in a shared Redis.
  for (const callId of callIds) await store.delete(storeKey('session', callId));
  const stats = (values: number[]): SharedCost => {
    const sorted = values.sort((x, y) => x - y);
    return { p50Us: percentile(sorted, 50), p99Us: percentile(sorted, 99) };
  };
  return { at10: stats(at10), at10k: stats(at10k), floor: stats(floor) };
}

async function sharedRows(store: HandoffStore, label: string) {
  await sharedCosts(store, 200, `${label}-warm`);
  return sharedCosts(store, 1_000, label);
}

export async function benchSharedAddTurn(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const variants: Array<{ name: string; store: BenchStore; target: string; notes?: string }> = [
    { name: 'memory store', store: new MemoryStore(), target: '≤ 1.2×' },
  ];
  const redis = await redisStoreIfUp('addturn');
  if (redis) {
    variants.push({
      name: 'Redis store',
      store: redis.store,
      target: '≤ 1.2×, p99 < 2 ms on loopback',
      notes: `Redis at ${safeUrl(redis.url)}`,
    });
  }
  for (const variant of variants) {
    try {
      const { at10, at10k, floor } = await sharedRows(variant.store, variant.name.split(' ')[0]!);
      results.push({
        name: `addTurn + sync() (session in the store), ${variant.name}: turn 10,000 vs turn 10`,
        rows: [
          { label: 'p50 µs/turn at turns 9–10', value: at10.p50Us, unit: 'µs' },
          { label: 'p99 µs/turn at turns 9–10', value: at10.p99Us, unit: 'µs' },
          { label: 'p50 µs/turn at turn 10,000', value: at10k.p50Us, unit: 'µs' },
          { label: 'p99 µs/turn at turn 10,000', value: at10k.p99Us, unit: 'µs' },
          { label: 'floor p50 (one bare append)', value: floor.p50Us, unit: 'µs' },
          { label: 'floor p99 (one bare append)', value: floor.p99Us, unit: 'µs' },
        ],
        ratio: at10k.p50Us / at10.p50Us,
        baseline: 'the same addTurn + sync() at turn 10, same run (ratio of p50s)',
        target: variant.target,
        ...(variant.notes ? { notes: variant.notes } : {}),
      });
    } finally {
      await variant.store.close();
    }
  }
  if (!redis) {
    results.push({
      name: 'addTurn + sync(), Redis store',
      rows: [],
      ratio: Number.NaN,
      baseline: '—',
      notes: 'skipped: no Redis answered (set REDIS_URL or run one on 127.0.0.1:6379)',
    });
  }
  return results;
}
