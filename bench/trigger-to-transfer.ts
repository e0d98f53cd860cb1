/**
 * `gateway:trigger-to-transfer`: `session.transfer()` → the Vobiz sandbox receiving the Transfer
 * API request, p50/p99, vs a bare undici POST to the same sandbox endpoint, alternated call by
 * call in the same run. The gateway and the store run in this process, as they do in production
 * beside the AI's session; the sandbox runs in a child process of its own, as Vobiz is remote
 * (`trigger-sandboxes.ts`). Repeated on a Redis store when one answers (REDIS_URL, else
 * 127.0.0.1:6379); reported as skipped otherwise.
 *
 * TRIGGER_SANDBOX=inline runs the sandbox in this process as the bench did before; `both` runs
 * each variant both ways, inline first, so the two placements are compared in one run.
 */
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { createHandoff, type Handoff, type HandoffStore } from '@handoff/core';
import { createGateway } from '@handoff/gateway';
import { vobizCarrier } from '@handoff/vobiz';
import { request } from 'undici';
import { freePort, heapAfterGc } from './child.js';
import { redisStoreIfUp, safeUrl } from './redis.js';
import { dropKeysUnder } from './redis-keys.js';
import { percentile } from './stats.js';
import { type SandboxPlacement, startSandbox } from './trigger-sandboxes.js';
import type { BenchResult } from './types.js';

const CALLS = 300;
/** A sample above this is checked against this process's garbage collections. */
const SLOW_MS = 5;
const DESTINATIONS = { support: { numbers: ['+919800000002'], label: 'Senior care' } };

interface TriggerResult {
  p50Ms: number;
  p99Ms: number;
  baselineP50Ms: number;
  baselineP99Ms: number;
  /** Measured samples above SLOW_MS, and how many of them overlapped a GC in this process. */
  slow: number;
  slowDuringGc: number;
  /** Garbage collections in this process during the measured calls: how many, and the longest. */
  gcCount: number;
  gcMaxMs: number;
  /**
   * Heap kept (after full collections) per measured call pair, from the end of the warm-up to
   * the last call: this process (gateway + store, and the sandbox when inline), and the
   * sandbox's own process. Growth here is state some map holds on to after its call ended.
   */
  keptKibPerCall: number;
  sandboxKeptKibPerCall: number;
  /** The same at the end, in MB. */
  keptMb: number;
  sandboxKeptMb: number;
}

const elapsedMs = (from: bigint, to: bigint) => Number(to - from) / 1e6;

/** A Vobiz sandbox, a gateway and a handoff over `store`: `CALLS` live calls, each transferred once. */
async function measureTrigger(placement: SandboxPlacement, store?: HandoffStore): Promise<TriggerResult> {
  const sandbox = await startSandbox(placement);
  const gcs: Array<[number, number]> = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcs.push([entry.startTime, entry.startTime + entry.duration]);
  });
  observer.observe({ entryTypes: ['gc'] });
  const gatewayUrl = `http://127.0.0.1:${await freePort()}`;
  const handoff: Handoff = createHandoff({
    transfer: vobizCarrier({
      authId: sandbox.authId,
      authToken: sandbox.authToken,
      baseUrl: sandbox.baseUrl,
    }),
    gatewayUrl,
    destinations: DESTINATIONS,
    ...(store ? { store } : {}),
  });
  const gateway = createGateway({
    handoff,
    publicUrl: gatewayUrl,
    vobiz: { authToken: sandbox.authToken, callerId: '+918000000000' },
    answer: { kind: 'stream' },
  });
  await gateway.listen(Number(new URL(gatewayUrl).port));
  gateway.onMedia(() => undefined);
  const liveCall = () => sandbox.place(`${gatewayUrl}/vobiz/answer`, `${gatewayUrl}/vobiz/hangup`);

  const samples: number[] = [];
  const windows: Array<[number, number]> = [];
  const baseline: number[] = [];
  const auth = {
    'x-auth-id': sandbox.authId,
    'x-auth-token': sandbox.authToken,
    'content-type': 'application/json',
  };
  const skip = CALLS / 10;
  let kept0 = 0;
  let sandboxKept0 = 0;
  try {
    for (let i = 0; i < CALLS; i++) {
      if (i === skip) {
        kept0 = await heapAfterGc();
        sandboxKept0 = (await sandbox.heap()).keptBytes;
      }
      // The measured path: persist, route, and the Vobiz client's Transfer request.
      const uuid = await liveCall();
      const session = handoff.session(uuid)!;
      session.addTurn({ role: 'caller', text: 'I was charged twice, please get me a person' });
      const landed = sandbox.arrival(uuid);
      const w0 = performance.now();
      const t0 = process.hrtime.bigint();
      await session.transfer({ reason: 'double charge', department: 'support' });
      samples.push(elapsedMs(t0, await landed));
      windows.push([w0, performance.now()]);
      sandbox.hangup(uuid);

      // Baseline: the same Transfer request, sent bare with undici from this process.
      const other = await liveCall();
      const bareLanded = sandbox.arrival(other);
      const b0 = process.hrtime.bigint();
      const response = await request(`${sandbox.baseUrl}/Account/${sandbox.authId}/Call/${other}/`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ legs: 'aleg', aleg_url: `${gatewayUrl}/healthz`, aleg_method: 'POST' }),
      });
      await response.body.text();
      baseline.push(elapsedMs(b0, await bareLanded));
      sandbox.hangup(other);
    }
  } finally {
    observer.disconnect();
  }
  // Read after the last hang-up's webhooks have been served.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const sandboxKept = (await sandbox.heap()).keptBytes;
  const kept = await heapAfterGc();
  await gateway.close();
  await sandbox.close();
  await handoff.close();
  // The first tenth warms the JIT and the connection pools.
  let slow = 0;
  let slowDuringGc = 0;
  for (let i = skip; i < CALLS; i++) {
    if (samples[i]! <= SLOW_MS) continue;
    slow++;
    const [from, to] = windows[i]!;
    if (gcs.some(([start, end]) => start < to && end > from)) slowDuringGc++;
  }
  const measuredFrom = windows[skip]![0];
  // Not the forced full collections that read the kept heap after the last call.
  const measuredTo = windows[CALLS - 1]![1];
  const measuredGcs = gcs.filter(([start]) => start >= measuredFrom && start <= measuredTo);
  const measured = samples.slice(skip).sort((a, b) => a - b);
  const base = baseline.slice(skip).sort((a, b) => a - b);
  return {
    p50Ms: percentile(measured, 50),
    p99Ms: percentile(measured, 99),
    baselineP50Ms: percentile(base, 50),
    baselineP99Ms: percentile(base, 99),
    slow,
    slowDuringGc,
    gcCount: measuredGcs.length,
    gcMaxMs: Math.max(0, ...measuredGcs.map(([start, end]) => end - start)),
    keptKibPerCall: (kept - kept0) / (CALLS - skip) / 1024,
    sandboxKeptKibPerCall: placement === 'child' ? (sandboxKept - sandboxKept0) / (CALLS - skip) / 1024 : 0,
    keptMb: kept / 2 ** 20,
    sandboxKeptMb: placement === 'child' ? sandboxKept / 2 ** 20 : 0,
  };
}

function rowsOf(label: string, r: TriggerResult): BenchResult['rows'] {
  const rows = [
    { label: `${label} p50`, value: r.p50Ms, unit: 'ms' },
    { label: `${label} p99`, value: r.p99Ms, unit: 'ms' },
    { label: `${label}, bare POST p50`, value: r.baselineP50Ms, unit: 'ms' },
    { label: `${label}, bare POST p99`, value: r.baselineP99Ms, unit: 'ms' },
    {
      label: `${label}, samples > ${SLOW_MS} ms`,
      value: r.slow,
      unit: `(${r.slowDuringGc} during a GC here)`,
    },
    { label: `${label}, longest GC here`, value: r.gcMaxMs, unit: `ms (of ${r.gcCount})` },
    {
      label: `${label}, heap kept here`,
      value: r.keptMb,
      unit: `MB (${r.keptKibPerCall.toFixed(2)} KiB/call)`,
    },
  ];
  if (r.sandboxKeptMb > 0) {
    const perCall = `MB (${r.sandboxKeptKibPerCall.toFixed(2)} KiB/call)`;
    rows.push({ label: `${label}, heap kept by the sandbox`, value: r.sandboxKeptMb, unit: perCall });
  }
  return rows;
}

function placements(): SandboxPlacement[] {
  const chosen = process.env.TRIGGER_SANDBOX;
  return chosen === 'both' ? ['inline', 'child'] : chosen === 'inline' ? ['inline'] : ['child'];
}

export async function benchTriggerToTransfer(): Promise<BenchResult> {
  const rows: BenchResult['rows'] = [];
  let headline: TriggerResult | undefined;
  for (const placement of placements()) {
    const memory = await measureTrigger(placement);
    headline = memory;
    rows.push(...rowsOf(`memory, sandbox ${placement}`, memory));
  }
  let notes = 'Redis variant skipped: no Redis answered (set REDIS_URL or run one on 127.0.0.1:6379)';
  for (const placement of placements()) {
    const redis = await redisStoreIfUp('trigger');
    if (!redis) break;
    try {
      rows.push(...rowsOf(`redis, sandbox ${placement}`, await measureTrigger(placement, redis.store)));
      notes = `Redis variant against ${safeUrl(redis.url)}`;
    } finally {
      await redis.store.close();
      // 600 calls' records, claims and session logs would otherwise stay (some for 30 days).
      await dropKeysUnder(redis.url, redis.keyPrefix);
    }
  }
  return {
    name: `trigger (session.transfer) → Transfer API request at the Vobiz sandbox (${CALLS} calls)`,
    rows,
    ratio: headline!.p50Ms / headline!.baselineP50Ms,
    baseline:
      'a bare undici POST from the gateway process to the same sandbox Transfer endpoint, alternated call by call',
    target: 'p99 < 5 ms with the memory store, < 10 ms with Redis (issue #4)',
    notes: `${notes}; ratio is memory-store p50 ÷ bare POST p50 (last placement); the sandbox runs in its own process unless TRIGGER_SANDBOX says inline`,
  };
}
