/**
 * `gateway:trigger-to-transfer`: `session.transfer()` → the Vobiz sandbox receiving the Transfer
 * API request, p50/p99, vs a bare undici POST to the same sandbox endpoint, alternated call by
 * call in the same run. The gateway and the store run in this process, as they do in production
 * beside the AI's session; the sandbox runs in a child process of its own, as Vobiz is remote
 * (`trigger-sandboxes.ts`). Repeated on a Redis store when one answers (REDIS_URL, else
 * 127.0.0.1:6379); reported as skipped otherwise.
 *
 * Calls run one at a time, and each one's after-effects finish before the next trigger: the
 * sandbox's hang-up resolves once the gateway answered the call's transfer XML fetch (aleg_url)
 * and its hangup webhook (and so any notification queued before it), for the measured call and
 * the bare POST's alike. Before, the next call started while these ran: with Redis 15–24 % of the
 * samples had the previous call's webhooks inside their window (TRIGGER_TRACE; under 1 % with
 * the memory store), and such a sample timed the bench's own background traffic, which is
 * `bench/capacity.ts`'s subject. TRIGGER_SETTLE=off brings the old loop back to compare.
 *
 * TRIGGER_TRACE=1 prints, per process, what each of the slowest samples' windows held
 * (`trigger-trace.ts`): the split at `undici:client:sendHeaders`, the HTTP requests both
 * processes served or sent, and each JS thread's time on a core and waiting for one.
 *
 * TRIGGER_SANDBOX=inline runs the sandbox in this process as the bench did before; `both` runs
 * each variant both ways, inline first, so the two placements are compared in one run.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
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
import { printTrace, startTrace } from './trigger-trace.js';
import type { BenchResult } from './types.js';

/**
 * TRIGGER_CALLS=2400: a p99 over eight times the samples, so three slow samples in a run (the
 * 300-call p99 is its third slowest) move it less. At least 100, so a tenth can be a warm-up.
 */
const CALLS = callsFrom(process.env.TRIGGER_CALLS);
/** TRIGGER_SETTLE=off: the next call starts while this one's after-effects run, as the bench did before. */
const settle = process.env.TRIGGER_SETTLE !== 'off';
/** A sample above this is checked against the garbage collections of both processes. */
const SLOW_MS = 5;
const DESTINATIONS = { support: { numbers: ['+919800000002'], label: 'Senior care' } };

interface TriggerResult {
  p50Ms: number;
  p99Ms: number;
  baselineP50Ms: number;
  baselineP99Ms: number;
  /**
   * Measured samples above SLOW_MS, and how many of them overlapped a GC in this process, in the
   * sandbox's (its own process; none when inline), and in either.
   */
  slow: number;
  slowDuringGc: number;
  slowDuringSandboxGc: number;
  slowDuringAnyGc: number;
  /**
   * Slow samples whose bare POST, sent right after on the same processes, was slow too: a sign
   * the machine, not the gateway's path, held both up.
   */
  slowWithSlowBaseline: number;
  /** Garbage collections during the measured calls, here and in the sandbox's process: how many, and the longest. */
  gcCount: number;
  gcMaxMs: number;
  sandboxGcCount: number;
  sandboxGcMaxMs: number;
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
  /**
   * This process's CPU (user + system) and heap growth from the trigger until `transfer()`
   * resolved, medians over the measured calls: the gateway's own work per transfer, which
   * scheduling on a busy machine does not inflate as it does the latency. A heap reading that a
   * collection made shrink is left out of the allocation median.
   */
  cpuUsPerTransfer: number;
  allocKibPerTransfer: number;
  /**
   * The same from the trigger until undici wrote the Transfer request's headers to its socket
   * (`undici:client:sendHeaders`): our own path before the carrier is asked, without the
   * follow-up XML fetch the gateway serves before `transfer()` resolves.
   */
  cpuUsUntilSent: number;
  allocKibUntilSent: number;
}

const elapsedMs = (from: bigint, to: bigint) => Number(to - from) / 1e6;
/** hrtime (CLOCK_MONOTONIC, the clock the sandbox's arrivals and GCs are on) in ms. */
const hrMs = (ns: bigint) => Number(ns) / 1e6;

type Span = readonly [number, number];
const overlaps = (spans: ReadonlyArray<Span>, [from, to]: Span) =>
  spans.some(([start, end]) => start < to && end > from);
/** The spans that start inside `[from, to]`: how many, and the longest (ms). */
function within(spans: ReadonlyArray<Span>, from: number, to: number): { count: number; maxMs: number } {
  const inside = spans.filter(([start]) => start >= from && start <= to);
  return { count: inside.length, maxMs: Math.max(0, ...inside.map(([start, end]) => end - start)) };
}

/** A Vobiz sandbox, a gateway and a handoff over `store`: `CALLS` live calls, each transferred once. */
async function measureTrigger(placement: SandboxPlacement, store?: HandoffStore): Promise<TriggerResult> {
  const sandbox = await startSandbox(placement);
  const gcs: Span[] = [];
  // This process's GC entries are on `performance.now()`'s scale; the samples are on hrtime's.
  const originMs = hrMs(process.hrtime.bigint()) - performance.now();
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      gcs.push([originMs + entry.startTime, originMs + entry.startTime + entry.duration]);
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
  const trace = process.env.TRIGGER_TRACE ? startTrace() : undefined;
  gateway.onMedia(trace ? () => trace.mark('media frame') : () => undefined);
  const liveCall = () => sandbox.place(`${gatewayUrl}/vobiz/answer`, `${gatewayUrl}/vobiz/hangup`);

  const samples: number[] = [];
  /** Each measured sample's span, trigger to arrival, in hrtime ms. */
  const windows: Span[] = [];
  const baseline: number[] = [];
  const cpu: number[] = [];
  const alloc: number[] = [];
  const cpuSent: number[] = [];
  const allocSent: number[] = [];
  /** The transfer in flight: its Transfer request's path and the readings taken at its trigger. */
  let watching: { path: string; cpu0: NodeJS.CpuUsage; heap0: number } | undefined;
  /** When each measured call's Transfer request was handed to its socket (hrtime ms). */
  const sentAt: number[] = [];
  const uuids: string[] = [];
  const onSendHeaders = (message: unknown) => {
    const { request: sent } = message as { request: { method: string; path: string } };
    if (!watching || sent.method !== 'POST' || !sent.path.endsWith(watching.path)) return;
    const used = process.cpuUsage(watching.cpu0);
    const grown = process.memoryUsage().heapUsed - watching.heap0;
    watching = undefined;
    sentAt.push(hrMs(process.hrtime.bigint()));
    trace?.mark('sent');
    cpuSent.push(used.user + used.system);
    if (grown >= 0) allocSent.push(grown);
  };
  subscribe('undici:client:sendHeaders', onSendHeaders);
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
      const heap0 = process.memoryUsage().heapUsed;
      const cpu0 = process.cpuUsage();
      watching = { path: `/Account/${sandbox.authId}/Call/${uuid}/`, cpu0, heap0 };
      trace?.mark(`trigger ${uuid}`);
      uuids.push(uuid);
      const t0 = process.hrtime.bigint();
      await session.transfer({ reason: 'double charge', department: 'support' });
      trace?.mark('resolved');
      const used = process.cpuUsage(cpu0);
      const grown = process.memoryUsage().heapUsed - heap0;
      cpu.push(used.user + used.system);
      if (grown >= 0) alloc.push(grown);
      const arrived = await landed;
      samples.push(elapsedMs(t0, arrived));
      windows.push([hrMs(t0), hrMs(arrived)]);
      trace?.mark('hangup');
      await sandbox.hangup(uuid, settle);

      // Baseline: the same Transfer request, sent bare with undici from this process.
      const other = await liveCall();
      const bareLanded = sandbox.arrival(other);
      trace?.mark(`bare trigger ${other}`);
      const b0 = process.hrtime.bigint();
      const response = await request(`${sandbox.baseUrl}/Account/${sandbox.authId}/Call/${other}/`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ legs: 'aleg', aleg_url: `${gatewayUrl}/healthz`, aleg_method: 'POST' }),
      });
      await response.body.text();
      baseline.push(elapsedMs(b0, await bareLanded));
      await sandbox.hangup(other, settle);
    }
  } finally {
    observer.disconnect();
    trace?.stop();
    unsubscribe('undici:client:sendHeaders', onSendHeaders);
  }
  if (cpuSent.length !== CALLS)
    throw new Error(`saw ${cpuSent.length} of ${CALLS} Transfer requests sent: is the path filter right?`);
  // Read after the last hang-up's webhooks have been served.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const sandboxKept = (await sandbox.heap()).keptBytes;
  const sandboxGcs = sandbox.gcs();
  if (trace) {
    const traced = windows.map(([t0, arrived], i) => ({
      t0,
      sent: sentAt[i]!,
      arrived,
      index: i,
      uuid: uuids[i]!,
    }));
    printTrace(store ? 'redis' : 'memory', traced.slice(skip), trace.events, await sandbox.trace(), SLOW_MS);
  }
  const kept = await heapAfterGc();
  await gateway.close();
  await sandbox.close();
  await handoff.close();
  // The first tenth warms the JIT and the connection pools.
  let slow = 0;
  let slowDuringGc = 0;
  let slowDuringSandboxGc = 0;
  let slowDuringAnyGc = 0;
  let slowWithSlowBaseline = 0;
  for (let i = skip; i < CALLS; i++) {
    if (samples[i]! <= SLOW_MS) continue;
    slow++;
    if (baseline[i]! > SLOW_MS) slowWithSlowBaseline++;
    const here = overlaps(gcs, windows[i]!);
    const there = overlaps(sandboxGcs, windows[i]!);
    if (here) slowDuringGc++;
    if (there) slowDuringSandboxGc++;
    if (here || there) slowDuringAnyGc++;
  }
  const measuredFrom = windows[skip]![0];
  // Not the forced full collections that read the kept heap after the last call.
  const measuredTo = windows[CALLS - 1]![1];
  const measuredGcs = within(gcs, measuredFrom, measuredTo);
  const measuredSandboxGcs = within(sandboxGcs, measuredFrom, measuredTo);
  const measured = samples.slice(skip).sort((a, b) => a - b);
  const base = baseline.slice(skip).sort((a, b) => a - b);
  const cpuSorted = cpu.slice(skip).sort((a, b) => a - b);
  const allocSorted = alloc.slice(skip).sort((a, b) => a - b);
  const cpuSentSorted = cpuSent.slice(skip).sort((a, b) => a - b);
  const allocSentSorted = allocSent.slice(skip).sort((a, b) => a - b);
  return {
    p50Ms: percentile(measured, 50),
    p99Ms: percentile(measured, 99),
    baselineP50Ms: percentile(base, 50),
    baselineP99Ms: percentile(base, 99),
    slow,
    slowDuringGc,
    slowDuringSandboxGc,
    slowDuringAnyGc,
    slowWithSlowBaseline,
    gcCount: measuredGcs.count,
    gcMaxMs: measuredGcs.maxMs,
    sandboxGcCount: measuredSandboxGcs.count,
    sandboxGcMaxMs: measuredSandboxGcs.maxMs,
    keptKibPerCall: (kept - kept0) / (CALLS - skip) / 1024,
    sandboxKeptKibPerCall: placement === 'child' ? (sandboxKept - sandboxKept0) / (CALLS - skip) / 1024 : 0,
    keptMb: kept / 2 ** 20,
    sandboxKeptMb: placement === 'child' ? sandboxKept / 2 ** 20 : 0,
    cpuUsPerTransfer: percentile(cpuSorted, 50),
    allocKibPerTransfer: percentile(allocSorted, 50) / 1024,
    cpuUsUntilSent: percentile(cpuSentSorted, 50),
    allocKibUntilSent: percentile(allocSentSorted, 50) / 1024,
  };
}

function rowsOf(label: string, r: TriggerResult): BenchResult['rows'] {
  const child = r.sandboxKeptMb > 0;
  const during = child
    ? `(during a GC: ${r.slowDuringGc} here, ${r.slowDuringSandboxGc} in the sandbox, ${r.slowDuringAnyGc} in either; ${r.slowWithSlowBaseline} beside a slow bare POST)`
    : `(${r.slowDuringGc} during a GC here; ${r.slowWithSlowBaseline} beside a slow bare POST)`;
  const rows = [
    { label: `${label} p50`, value: r.p50Ms, unit: 'ms' },
    { label: `${label} p99`, value: r.p99Ms, unit: 'ms' },
    { label: `${label}, bare POST p50`, value: r.baselineP50Ms, unit: 'ms' },
    { label: `${label}, bare POST p99`, value: r.baselineP99Ms, unit: 'ms' },
    { label: `${label}, samples > ${SLOW_MS} ms`, value: r.slow, unit: during },
    { label: `${label}, longest GC here`, value: r.gcMaxMs, unit: `ms (of ${r.gcCount})` },
    { label: `${label}, CPU here until the request is sent (median)`, value: r.cpuUsUntilSent, unit: 'µs' },
    {
      label: `${label}, heap allocated until the request is sent (median)`,
      value: r.allocKibUntilSent,
      unit: 'KiB',
    },
    {
      label: `${label}, CPU here until transfer() resolves, XML fetch served included (median)`,
      value: r.cpuUsPerTransfer,
      unit: 'µs',
    },
    {
      label: `${label}, heap allocated until transfer() resolves, XML fetch included (median)`,
      value: r.allocKibPerTransfer,
      unit: 'KiB',
    },
    {
      label: `${label}, heap kept here`,
      value: r.keptMb,
      unit: `MB (${r.keptKibPerCall.toFixed(2)} KiB/call)`,
    },
  ];
  if (child) {
    rows.push({
      label: `${label}, longest GC in the sandbox`,
      value: r.sandboxGcMaxMs,
      unit: `ms (of ${r.sandboxGcCount})`,
    });
    const perCall = `MB (${r.sandboxKeptKibPerCall.toFixed(2)} KiB/call)`;
    rows.push({ label: `${label}, heap kept by the sandbox`, value: r.sandboxKeptMb, unit: perCall });
  }
  return rows;
}

/**
 * Who the slow samples belong to, over the runs with the sandbox in its own process: a sample
 * that overlapped a collection in the sandbox's process was (at least partly) the fake Vobiz's
 * own pause, which the real Vobiz's would not add to our tail. The p99 rows stay raw.
 */
function tailNote(runs: TriggerResult[]): string {
  const slow = runs.reduce((n, r) => n + r.slow, 0);
  if (slow === 0) return '';
  const sandbox = runs.reduce((n, r) => n + r.slowDuringSandboxGc, 0);
  const here = runs.reduce((n, r) => n + r.slowDuringGc, 0);
  const neither = slow - runs.reduce((n, r) => n + r.slowDuringAnyGc, 0);
  const paired = runs.reduce((n, r) => n + r.slowWithSlowBaseline, 0);
  const verdict =
    sandbox * 2 > slow
      ? "most of the tail is the fake Vobiz's own GC pauses"
      : neither * 2 > slow
        ? 'most of the tail overlaps no GC in either process (scheduling, or on Redis the store)'
        : 'the tail is mixed';
  return `; slow samples (> ${SLOW_MS} ms) with the sandbox in its own process: ${slow}, ${sandbox} during a GC in the sandbox, ${here} during one in the gateway's process, ${neither} during none, ${paired} next to a bare POST slow too — ${verdict} (p99 reported raw)`;
}

function placements(): SandboxPlacement[] {
  const chosen = process.env.TRIGGER_SANDBOX;
  return chosen === 'both' ? ['inline', 'child'] : chosen === 'inline' ? ['inline'] : ['child'];
}

export async function benchTriggerToTransfer(): Promise<BenchResult> {
  const rows: BenchResult['rows'] = [];
  let headline: TriggerResult | undefined;
  const childRuns: TriggerResult[] = [];
  for (const placement of placements()) {
    const memory = await measureTrigger(placement);
    headline = memory;
    if (placement === 'child') childRuns.push(memory);
    rows.push(...rowsOf(`memory, sandbox ${placement}`, memory));
  }
  let notes = 'Redis variant skipped: no Redis answered (set REDIS_URL or run one on 127.0.0.1:6379)';
  for (const placement of placements()) {
    const redis = await redisStoreIfUp('trigger');
    if (!redis) break;
    try {
      const result = await measureTrigger(placement, redis.store);
      if (placement === 'child') childRuns.push(result);
      rows.push(...rowsOf(`redis, sandbox ${placement}`, result));
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
    notes: `${notes}; ratio is memory-store p50 ÷ bare POST p50 (last placement); the sandbox runs in its own process unless TRIGGER_SANDBOX says inline${settle ? '' : "; TRIGGER_SETTLE=off: each call's webhooks may still run when the next is triggered"}${tailNote(childRuns)}`,
  };
}

function callsFrom(text: string | undefined): number {
  if (text === undefined || text === '') return 300;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 100 || n % 10 !== 0)
    throw new Error(
      `TRIGGER_CALLS must be a whole multiple of 10, at least 100 (got ${JSON.stringify(text)})`,
    );
  return n;
}
