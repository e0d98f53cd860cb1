/**
 * Capacity: handoffs pushed end to end through the Vobiz sandbox, loopback only. Each handoff is
 * a call the sandbox places: answer (the stream comes up) → two turns → trigger →
 * Transfer API → ring → whisper → bridged → the caller hangs up → the handoff completes.
 * CONCURRENCY calls are in flight at once (a closed loop), HANDOFFS in all, each run stopped at
 * RUN_MS however far it got. Three runs, one after the other, on one sandbox each:
 *
 * - the baseline: the sandbox against a trivial XML server (fixed documents, a bare Transfer POST),
 *   which is the most this sandbox and load loop carry on this machine;
 * - one gateway on the memory store;
 * - two gateways on one Redis, every call's callbacks crossing to the other gateway (skipped when
 *   no Redis answers).
 *
 * Reported per run: handoffs per second sustained, p50/p99 of trigger → the sandbox receiving the
 * Transfer API request and of answer → bridged (sandbox clock), lost (not completed in time) and
 * duplicated (a second handoff record, transfer, dial, whisper or bridge for one call), and the
 * event-loop utilisation and CPU per handoff of this process (sandbox, load loop, and the
 * baseline's trivial server) and of each gateway, which runs alone in a child process: whichever
 * loop reaches 1 first is what saturates.
 */
import { performance } from 'node:perf_hooks';
import { createVobizSandbox, type SandboxCall } from '@handoff/vobiz-sandbox';
import { CALLER, DID, gatewayRig, type Rig, trivialRig } from './capacity-rigs.js';
import { redisStoreIfUp, safeUrl } from './redis.js';
import { dropKeysUnder } from './redis-keys.js';
import { percentile } from './stats.js';
import type { BenchResult } from './types.js';

const HANDOFFS = 400;
const CONCURRENCY = 16;
const RUN_MS = 45_000;
const CALL_TIMEOUT_MS = 15_000;
/** Vobiz seconds → real: the ring (100 ms) and the whisper's Speak stay short against the load. */
const TIME_SCALE = 0.01;

interface RunResult {
  started: number;
  completed: number;
  lost: number;
  duplicated: number;
  perSecond: number;
  triggerMs: number[];
  answerToBridgedMs: number[];
  elu: number;
  cpuMsPerHandoff: number;
  /** Each gateway's own process: event-loop utilisation and CPU per handoff it carried. */
  gateways: Array<{ elu: number; cpuMsPerHandoff: number }>;
  firstError?: string;
}

type Sandbox = Awaited<ReturnType<typeof createVobizSandbox>>;

/** The sandbox's own events that must happen exactly once in a handoff. */
const ONCE = ['transfer', 'dial_started', 'whisper', 'bridged'] as const;

async function drive(sandbox: Sandbox, rig: Rig, transfers: Map<string, () => void>): Promise<RunResult> {
  const triggerMs: number[] = [];
  const answerToBridgedMs: number[] = [];
  const calls: SandboxCall[] = [];
  let next = 0;
  let completed = 0;
  let lost = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const deadline = start + RUN_MS;
  const children0 = await rig.stats();
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();

  const one = async (i: number) => {
    const call = sandbox.placeInboundCall({ from: CALLER, to: DID, ...rig.urls(i) });
    calls.push(call);
    try {
      const answered = await call.waitFor('answered', { timeoutMs: CALL_TIMEOUT_MS });
      await call.waitFor('stream_connected', { timeoutMs: CALL_TIMEOUT_MS });
      const landed = new Promise<number>((resolve) =>
        transfers.set(call.uuid, () => resolve(performance.now())),
      );
      const t0 = performance.now();
      await rig.trigger(call, i);
      triggerMs.push((await landed) - t0);
      const bridged = await call.waitFor('bridged', { timeoutMs: CALL_TIMEOUT_MS });
      answerToBridgedMs.push(bridged.at - answered.at);
      call.hangup('caller');
      await rig.finished(call, CALL_TIMEOUT_MS);
      completed++;
    } catch (error) {
      lost++;
      firstError ??= error instanceof Error ? error.message : String(error);
      if (!call.ended) call.hangup('caller');
    } finally {
      transfers.delete(call.uuid);
    }
  };
  const worker = async () => {
    while (next < HANDOFFS && performance.now() < deadline) await one(next++);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (performance.now() - start) / 1000;
  const elu = performance.eventLoopUtilization(elu0).utilization;
  const cpu = process.cpuUsage(cpu0);
  const children1 = await rig.stats();
  const gateways = children1.map((after, k) => {
    const before = children0[k]!;
    return {
      elu: performance.eventLoopUtilization(after.elu, before.elu).utilization,
      cpuMsPerHandoff: (after.cpuMicros - before.cpuMicros) / 1000 / Math.max(1, completed),
    };
  });

  let duplicated = 0;
  for (const call of calls) {
    if (ONCE.some((type) => call.log.filter((e) => e.type === type).length > 1)) duplicated++;
  }
  for (const count of rig.createdPerCall().values()) if (count > 1) duplicated++;
  return {
    started: next,
    completed,
    lost,
    duplicated,
    perSecond: completed / elapsed,
    triggerMs: triggerMs.sort((a, b) => a - b),
    answerToBridgedMs: answerToBridgedMs.sort((a, b) => a - b),
    elu,
    cpuMsPerHandoff: (cpu.user + cpu.system) / 1000 / Math.max(1, completed),
    gateways,
    ...(firstError ? { firstError } : {}),
  };
}

/** A fresh sandbox per run, so one run's calls and timers never weigh on the next. */
async function run(makeRig: (sandbox: Sandbox) => Promise<Rig>): Promise<RunResult> {
  const transfers = new Map<string, () => void>();
  const sandbox = await createVobizSandbox({
    timeScale: TIME_SCALE,
    onEvent: (call, event) => {
      if (event.type === 'transfer') transfers.get(call.uuid)?.();
    },
  });
  const rig = await makeRig(sandbox);
  try {
    return await drive(sandbox, rig, transfers);
  } finally {
    await rig.close();
    await sandbox.close();
  }
}

function rows(label: string, r: RunResult): BenchResult['rows'] {
  return [
    { label: `${label}: handoffs/s sustained`, value: r.perSecond, unit: '/s' },
    { label: `${label}: completed of started`, value: r.completed, unit: `of ${r.started}` },
    { label: `${label}: lost`, value: r.lost, unit: '' },
    { label: `${label}: duplicated`, value: r.duplicated, unit: '' },
    { label: `${label}: trigger → Transfer API p50`, value: percentile(r.triggerMs, 50), unit: 'ms' },
    { label: `${label}: trigger → Transfer API p99`, value: percentile(r.triggerMs, 99), unit: 'ms' },
    { label: `${label}: answer → bridged p50`, value: percentile(r.answerToBridgedMs, 50), unit: 'ms' },
    { label: `${label}: answer → bridged p99`, value: percentile(r.answerToBridgedMs, 99), unit: 'ms' },
    { label: `${label}: sandbox process event-loop utilisation`, value: r.elu, unit: '' },
    { label: `${label}: sandbox process CPU per handoff`, value: r.cpuMsPerHandoff, unit: 'ms' },
    ...r.gateways.flatMap((g, k) => [
      { label: `${label}: gateway ${k + 1} event-loop utilisation`, value: g.elu, unit: '' },
      {
        label: `${label}: gateway ${k + 1} CPU per handoff (all gateways' handoffs)`,
        value: g.cpuMsPerHandoff,
        unit: 'ms',
      },
    ]),
  ];
}

export async function benchCapacity(): Promise<BenchResult> {
  const baseline = await run((sandbox) => trivialRig(sandbox));
  const memory = await run((sandbox) => gatewayRig(sandbox, 1));
  const all = [
    ...rows('baseline (sandbox + trivial XML server)', baseline),
    ...rows('1 gateway, memory store', memory),
  ];
  const errors = [baseline, memory].map((r) => r.firstError).filter(Boolean);
  let notes = 'Redis run skipped: no Redis answered (set REDIS_URL or run one on 127.0.0.1:6379)';
  let redisRatio = Number.NaN;
  const probe = await redisStoreIfUp('capacity-probe');
  if (probe) {
    await probe.store.close();
    const label = `capacity-${Date.now()}`;
    const redis = await run((sandbox) => gatewayRig(sandbox, 2, label));
    // Same prefix as capacity-gateway.ts gives both gateways.
    await dropKeysUnder(probe.url, `handoff:bench:${label}:`);
    all.push(...rows('2 gateways, Redis', redis));
    if (redis.firstError) errors.push(redis.firstError);
    redisRatio = redis.perSecond / baseline.perSecond;
    notes = `Redis at ${safeUrl(probe.url)}`;
  }
  all.push({ label: '2 gateways (Redis) ÷ baseline handoffs/s', value: redisRatio, unit: '×' });
  return {
    name: `capacity: handoffs end to end through the Vobiz sandbox (${HANDOFFS} handoffs, ${CONCURRENCY} in flight, ≤ ${RUN_MS / 1000} s a run, sandbox time ×${TIME_SCALE})`,
    rows: all,
    ratio: memory.perSecond / baseline.perSecond,
    baseline:
      'the same sandbox and load loop against a trivial XML server with a bare Transfer POST, same run',
    target: 'issue 19: report sustained handoffs/s, p50/p99, 0 lost / 0 duplicated, and what saturates first',
    notes:
      `${notes}; ratio is 1 gateway (memory) handoffs/s ÷ baseline handoffs/s; the sandbox and load loop ` +
      'share this process, each gateway has its own: the loop nearest 1 is what saturates' +
      (errors.length ? `; first failure: ${errors[0]}` : ''),
  };
}
