/**
 * On demand, never in `npm test`: load and soak over two gateway processes on one redis-server,
 * through the balancer, with the Vobiz sandbox as the carrier (the cluster of processes.ts, no
 * faults). Every call is a real sandbox call end to end: the caller rings, the AI agent is
 * bridged, `POST /v1/handoffs`, the Transfer API, the human rings 150 ms, answers, hears the
 * brief, talks 150 ms, hangs up. Each phase is timed from the moment `POST /v1/handoffs` left
 * (the sandbox's own clock stamps its events).
 */
import { loadavg } from 'node:os';
import type { ProcessSample } from './memory-probe.js';
import { FLAT, handles, sockets, type TimedSample, type Trend, trend } from './memory-trend.js';
import {
  CALLER,
  type CallRun,
  type Cluster,
  DID,
  HUMAN,
  requestHandoff,
  sleep,
  startCluster,
  tally,
  until,
} from './processes.js';

const PHASES = [
  'request answered',
  'transfer acted',
  'human ringing',
  'human bridged',
  'call ended',
] as const;
type Phases = Record<(typeof PHASES)[number], number[]>;

const newPhases = (): Phases => ({
  'request answered': [],
  'transfer acted': [],
  'human ringing': [],
  'human bridged': [],
  'call ended': [],
});

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** One call end to end; `false` when the AI agent was never bridged (no handoff was asked for). */
async function driveCall(c: Cluster, ms: Phases, runs: CallRun[]): Promise<boolean> {
  const call = c.sandbox.placeInboundCall({
    from: CALLER,
    to: DID,
    answerUrl: `${c.balancer.url}/vobiz/answer`,
    hangupUrl: `${c.balancer.url}/vobiz/hangup`,
  });
  const agent = await call.waitFor('bridged', { timeoutMs: 30_000 }).catch(() => undefined);
  if (!agent) {
    call.hangup();
    return false;
  }
  const at = Date.now();
  const run: CallRun = { call, via: c.balancer.url, requested: Promise.resolve() };
  runs.push(run);
  const id = await requestHandoff(c, c.balancer.url, call.uuid);
  if (id) run.handoffId = id;
  ms['request answered'].push(Date.now() - at);
  const transfer = await call.waitFor('transfer', { timeoutMs: 30_000 }).catch(() => undefined);
  if (transfer) ms['transfer acted'].push(transfer.at - at);
  const ringing = await call
    .waitFor('dial_ringing', { timeoutMs: 30_000, match: (e) => e.to === HUMAN })
    .catch(() => undefined);
  if (ringing) ms['human ringing'].push(ringing.at - at);
  const bridged = await call
    .waitFor('bridged', { timeoutMs: 30_000, match: (e) => e.to === HUMAN })
    .catch(() => undefined);
  if (bridged) ms['human bridged'].push(bridged.at - at);
  await until(() => call.ended, 30_000);
  ms['call ended'].push(Date.now() - at);
  return true;
}

function phaseTable(ms: Phases): string[] {
  return [
    '| phase, from `POST /v1/handoffs` | p50 ms | p99 ms |',
    '| --- | ---: | ---: |',
    ...PHASES.map((phase) => `| ${phase} | ${percentile(ms[phase], 50)} | ${percentile(ms[phase], 99)} |`),
  ];
}

const outcomesText = (outcomes: Record<string, number>) =>
  Object.entries(outcomes)
    .map(([o, k]) => `\`${o}\` ×${k}`)
    .join(', ');

/**
 * `npm run reliability -- --load N`: N handoffs, `concurrency` calls at a time: lost, doubled and
 * not completed must all be 0.
 */
export async function runProcessLoad(options: {
  calls: number;
  concurrency: number;
}): Promise<{ ok: boolean; markdown: string }> {
  // A short ring and a short talk: this measures the system, not the human.
  const c = await startCluster({ ringMs: 150, talkMs: 150 });
  const ms = newPhases();
  const runs: CallRun[] = [];
  const started = Date.now();
  let setupFailed = 0;
  try {
    let next = 0;
    const worker = async () => {
      while (next < options.calls) {
        next++;
        if (!(await driveCall(c, ms, runs))) setupFailed++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, options.calls) }, worker));
    const figures = await tally(c, runs, {
      fault: 'none (load)',
      checked: 'every call reaches its human once and ends completed',
      expect: { lost: 0, doubled: 0, briefed: runs.length, outcomes: ['completed'] },
    });
    const seconds = (Date.now() - started) / 1000;
    const notCompleted = runs.length - (figures.outcomes.completed ?? 0);
    const ok = figures.lost === 0 && figures.doubled === 0 && notCompleted === 0 && setupFailed === 0;
    const markdown = [
      `Load, ${new Date().toISOString().slice(0, 16)}Z: **${runs.length} handoffs** over two gateway processes on one redis-server, through the balancer, ${options.concurrency} at a time, ${seconds.toFixed(0)} s (the human rings 150 ms and talks 150 ms).`,
      '',
      `Lost **${figures.lost}**, doubled **${figures.doubled}**, not completed **${notCompleted}**, briefed ${figures.briefed}/${runs.length}${setupFailed ? `; ${setupFailed} calls never reached the AI agent (the answer callback timed out) and asked for no human` : ''}. Outcomes: ${outcomesText(figures.outcomes)}.`,
      '',
      ...phaseTable(ms),
    ].join('\n');
    return { ok, markdown };
  } finally {
    await c.close();
  }
}

async function sampleBoth(c: Cluster): Promise<[ProcessSample | undefined, ProcessSample | undefined]> {
  return Promise.all([c.a.sample(), c.b.sample()]);
}

/** What a heap rise over a soak is, as far as a heap snapshot diff has told (kept with the figures). */
const NOTE =
  "Two bounded caches fill during a soak and show as a heap rise until full: the Vobiz document cache (`packages/gateway/src/vobiz-document-cache.ts`, 10,000 documents, a dial and a whisper XML per handoff) and the instance's own-writes memory (`local-writes.ts`, 10,000 record versions); a heap snapshot diff of one process over 600 calls put the growth in those (XML strings, `handoff:<id>@<version>` keys). At this rate the document cache fills after about 5,000 handoffs per process, later than 10 minutes, so these runs show the rise, not the plateau.";

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);

function trendRow(name: string, t: Trend): string {
  return `| ${name} | ${t.samples} | ${f1(t.heapFirst)} → ${f1(t.heapLast)} (×${f2(t.heapRatio)}) | ${f2(t.heapSlope)} | ${f1(t.rssFirst)} → ${f1(t.rssLast)} (×${f2(t.rssRatio)}) | ${f2(t.rssSlope)} | ${t.idleBefore.sockets} → ${t.idleAfter.sockets} | ${t.idleBefore.handles} → ${t.idleAfter.handles} | ${t.peakSockets} | ${t.flat ? 'flat' : '**GREW**'} |`;
}

/**
 * `npm run reliability -- --soak SECONDS`: calls end to end for the given time, `concurrency` at
 * a time, while each gateway process is sampled from inside (heap after a full GC, RSS, open
 * handles by type). A warm-up of `concurrency × 2` calls comes first; the handles are compared
 * idle before the run and idle after it drained.
 */
export async function runProcessSoak(options: {
  seconds: number;
  concurrency: number;
  log?: (line: string) => void;
}): Promise<{ ok: boolean; markdown: string }> {
  const log = options.log ?? (() => {});
  const c = await startCluster({ ringMs: 150, talkMs: 150 });
  const ms = newPhases();
  const runs: CallRun[] = [];
  const a: TimedSample[] = [];
  const b: TimedSample[] = [];
  let setupFailed = 0;
  try {
    await Promise.all(Array.from({ length: options.concurrency * 2 }, () => driveCall(c, newPhases(), [])));
    await sleep(2_000);
    const [idleA, idleB] = await sampleBoth(c);
    if (!idleA || !idleB) throw new Error('the gateway processes did not answer the memory probe');
    const started = Date.now();
    const deadline = started + options.seconds * 1_000;
    const every = Math.max(2_000, (options.seconds * 1_000) / 60);
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        await sleep(every);
        if (!sampling) break;
        const t = (Date.now() - started) / 1000;
        const [sa, sb] = await sampleBoth(c);
        if (sa) a.push({ ...sa, t });
        if (sb) b.push({ ...sb, t });
        log(
          `soak ${t.toFixed(0)} s: ${runs.length} handoffs; A heap ${f1(sa?.heapUsedMiB ?? 0)} MiB rss ${f1(sa?.rssMiB ?? 0)} sockets ${sa ? sockets(sa) : '?'}; B heap ${f1(sb?.heapUsedMiB ?? 0)} MiB rss ${f1(sb?.rssMiB ?? 0)} sockets ${sb ? sockets(sb) : '?'}`,
        );
      }
    })();
    const worker = async () => {
      while (Date.now() < deadline) if (!(await driveCall(c, ms, runs))) setupFailed++;
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    sampling = false;
    await sampler;
    const seconds = (Date.now() - started) / 1000;
    const figures = await tally(c, runs, {
      fault: 'none (soak)',
      checked: 'every call reaches its human once and ends completed',
      expect: { lost: 0, doubled: 0, briefed: runs.length, outcomes: ['completed'] },
    });
    // Timers of the last calls (leases, webhook retries) run out before the idle sample.
    await sleep(5_000);
    const [afterA, afterB] = await sampleBoth(c);
    if (!afterA || !afterB) throw new Error('the gateway processes did not answer the memory probe');
    const ta = trend(a, idleA, afterA);
    const tb = trend(b, idleB, afterB);
    const notCompleted = runs.length - (figures.outcomes.completed ?? 0);
    const ok =
      figures.lost === 0 &&
      figures.doubled === 0 &&
      notCompleted === 0 &&
      setupFailed === 0 &&
      ta.flat &&
      tb.flat;
    const step = Math.max(1, Math.ceil(a.length / 12));
    const series = a
      .map((sa, i) => ({ sa, sb: b[i] }))
      .filter((_, i) => i % step === 0 || i === a.length - 1)
      .map(
        ({ sa, sb }) =>
          `| ${sa.t.toFixed(0)} | ${f1(sa.heapUsedMiB)} | ${f1(sa.rssMiB)} | ${sockets(sa)} | ${handles(sa)} | ${sb ? f1(sb.heapUsedMiB) : '–'} | ${sb ? f1(sb.rssMiB) : '–'} | ${sb ? sockets(sb) : '–'} | ${sb ? handles(sb) : '–'} |`,
      );
    const markdown = [
      `Soak, ${new Date().toISOString().slice(0, 16)}Z: **${seconds.toFixed(0)} s, ${runs.length} handoffs** end to end over two gateway processes (A, B) on one redis-server, through the balancer, ${options.concurrency} calls at a time, the Vobiz sandbox as the carrier (the human rings 150 ms and talks 150 ms). The machine was shared with other work (2 cores, load average ${loadAverage()} at the end), so the latencies are upper bounds.`,
      '',
      `Lost **${figures.lost}**, doubled **${figures.doubled}**, not completed **${notCompleted}**, briefed ${figures.briefed}/${runs.length}${setupFailed ? `; ${setupFailed} calls never reached the AI agent and asked for no human` : ''}. Outcomes: ${outcomesText(figures.outcomes)}.`,
      '',
      ...phaseTable(ms),
      '',
      `Memory and handles, measured inside each gateway process every ${(every / 1000).toFixed(0)} s (\`test/reliability/memory-probe.ts\`: heap after a full GC, RSS, \`process.getActiveResourcesInfo()\`). Slope: least squares over the last two thirds of the run, MiB per minute; first → last quartile means; sockets and handles idle before the run (after a warm-up of ${options.concurrency * 2} calls) → idle after it drained. Flat = heap slope ≤ ${FLAT.slopeMiBPerMin} MiB/min, last/first quartile ≤ ×${FLAT.ratio}, idle sockets and handles after ≤ before + ${FLAT.handleSlack}.`,
      '',
      NOTE,
      '',
      '| process | samples | heap MiB, first → last quartile | heap slope MiB/min | RSS MiB, first → last quartile | RSS slope MiB/min | idle sockets | idle handles | peak sockets | verdict |',
      '| --- | ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | --- |',
      trendRow('A', ta),
      trendRow('B', tb),
      '',
      '| s | A heap MiB | A RSS MiB | A sockets | A handles | B heap MiB | B RSS MiB | B sockets | B handles |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...series,
    ].join('\n');
    return { ok, markdown };
  } finally {
    await c.close();
  }
}

const loadAverage = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(', ');
