/**
 * On demand, never in `npm test`: `npm run reliability -- load [--calls N] [--concurrency C]`
 * runs N handoffs over two core instances sharing one Redis (its own redis-server, or one
 * shared memory store when redis-server is absent) and reports lost, doubled and p50/p99 per
 * phase, as Markdown. The soak runs gateway processes (process-load.ts).
 *
 * The two instances live in one process with their own store connections (not two gateway
 * processes), and the carrier is an in-process fake: this measures the core and the store.
 */
import { createHandoff, type Handoff, type HandoffStore, MemoryStore } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { redisStore } from '@handoff/redis';
import { DESTINATIONS } from './harness.js';
import { startRedis } from './redis-server.js';

const PHASES = ['transfer', 'ringing', 'answered', 'connected', 'completed'] as const;
type Phase = (typeof PHASES)[number];

interface Round {
  calls: number;
  lost: number;
  doubled: number;
  wrongOutcome: number;
  ms: Record<Phase, number[]>;
}

interface Pair {
  a: Handoff;
  b: Handoff;
  carriers: FakeTransferProvider[];
  close(): Promise<void>;
}

async function pair(url: string | undefined): Promise<Pair> {
  const shared = url ? undefined : new MemoryStore();
  const stores: HandoffStore[] = url
    ? [redisStore({ url, keyPrefix: 'load:' }), redisStore({ url, keyPrefix: 'load:' })]
    : [shared!, shared!];
  const carriers = [new FakeTransferProvider(), new FakeTransferProvider()];
  const make = (i: number) =>
    createHandoff({
      transfer: carriers[i]!,
      gatewayUrl: 'https://gw.example.com',
      destinations: DESTINATIONS,
      store: stores[i],
      // Always open: a load run at night must not measure the after-hours answer.
      now: () => Date.UTC(2026, 10, 23, 4, 30) + (Date.now() % 60_000),
    });
  const a = make(0);
  const b = make(1);
  return {
    a,
    b,
    carriers,
    async close() {
      await a.close();
      await b.close();
      for (const store of new Set(stores)) await store.close?.();
    },
  };
}

async function round(p: Pair, calls: number, concurrency: number, tag: string): Promise<Round> {
  const ms: Record<Phase, number[]> = {
    transfer: [],
    ringing: [],
    answered: [],
    connected: [],
    completed: [],
  };
  let wrongOutcome = 0;
  const timed = async <T>(phase: Phase, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const out = await run();
    ms[phase].push(performance.now() - started);
    return out;
  };
  const callIds = Array.from({ length: calls }, (_, i) => `${tag}-${i}`);
  let next = 0;
  const worker = async () => {
    while (next < callIds.length) {
      const i = next++;
      const callId = callIds[i]!;
      // A starts the handoff, B races a duplicate; callbacks land on alternating instances.
      const [first] = await timed('transfer', () =>
        Promise.all([
          p.a.startSession({ callId, platform: 'load' }).transfer({ reason: 'load' }),
          p.b.startSession({ callId, platform: 'load' }).transfer({ reason: 'load' }),
        ]),
      );
      await timed('ringing', () => p.b.advance(first.handoffId, { type: 'ringing', attempt: 1 }));
      await timed('answered', () => p.a.advance(first.handoffId, { type: 'answered', attempt: 1 }));
      await timed('connected', () => p.a.advance(first.handoffId, { type: 'bridged', attempt: 1 }));
      const done = await timed('completed', () => p.b.advance(first.handoffId, { type: 'ended' }));
      if (done.record.status !== 'completed') wrongOutcome++;
      p.a.session(callId)?.end?.();
      p.b.session(callId)?.end?.();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, calls) }, worker));
  const perCall = new Map<string, number>();
  for (const c of p.carriers)
    for (const r of c.requests) perCall.set(r.callId, (perCall.get(r.callId) ?? 0) + 1);
  for (const c of p.carriers) {
    c.requests.length = 0;
    c.requestTimes.length = 0;
  }
  return {
    calls,
    lost: callIds.filter((id) => !perCall.has(id)).length,
    doubled: callIds.filter((id) => (perCall.get(id) ?? 0) > 1).length,
    wrongOutcome,
    ms,
  };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function phaseTable(r: Round): string[] {
  return [
    '| phase | p50 ms | p99 ms |',
    '| --- | ---: | ---: |',
    ...PHASES.map(
      (phase) =>
        `| ${phase} | ${percentile(r.ms[phase], 50).toFixed(2)} | ${percentile(r.ms[phase], 99).toFixed(2)} |`,
    ),
  ];
}

export async function runLoad(options: {
  calls: number;
  concurrency: number;
}): Promise<{ ok: boolean; markdown: string }> {
  const redis = await startRedis();
  const p = await pair(redis?.url);
  try {
    const r = await round(p, options.calls, options.concurrency, 'load');
    const ok = r.lost === 0 && r.doubled === 0 && r.wrongOutcome === 0;
    const markdown = [
      `Core-level load, ${new Date().toISOString().slice(0, 16)}Z: ${r.calls} handoffs over two core instances in one process on ${redis ? 'one Redis' : 'one memory store (no redis-server)'}, fake carrier.`,
      '',
      `Concurrency ${options.concurrency}; each call asks twice at once (A and B), then ringing, answered, bridged, ended on alternating instances.`,
      '',
      `Lost: **${r.lost}**, doubled: **${r.doubled}**, not completed: **${r.wrongOutcome}**.`,
      '',
      ...phaseTable(r),
    ].join('\n');
    return { ok, markdown };
  } finally {
    await p.close();
    await redis?.stop();
  }
}
