/**
 * Gateway benchmarks, each against a baseline measured in the same run, loopback only:
 *
 * - `benchGatewayXml`: req/s of the handoff XML endpoint (`POST /vobiz/handoff/:id`, signatures
 *   optional, memory store) vs a bare `node:http` server answering the same XML string. Each server
 *   runs alone in a child process (`gateway-xml-server.ts`); this process drives both with the same
 *   closed loop (an undici Pool with CONCURRENCY connections, each sending its next request as soon
 *   as the last one answered), in alternating rounds.
 * - `benchTriggerToTransfer`: `session.transfer()` → the Vobiz sandbox receiving the Transfer API
 *   request, p50/p99, vs a bare undici POST to the same sandbox endpoint. Repeated on a Redis store
 *   when one answers (REDIS_URL, else 127.0.0.1:6379); reported as skipped otherwise.
 *
 * Bounded: about 2 × (XML_SECONDS + warm-up) plus a few seconds of calls, under 20 s in all.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createHandoff, type Handoff, type HandoffStore } from '@handoff/core';
import { createGateway } from '@handoff/gateway';
import { vobizCarrier } from '@handoff/vobiz';
import { createVobizSandbox, type SandboxCall } from '@handoff/vobiz-sandbox';
import { Pool, request } from 'undici';
import { redisStoreIfUp, safeUrl } from './redis.js';
import { dropKeysUnder } from './redis-keys.js';
import { percentile } from './stats.js';
import type { BenchResult } from './types.js';

const CONCURRENCY = 32;
const XML_SECONDS = 3;
const WARMUP_MS = 500;
const CALLS = 300;
const ROUNDS = 6;

const DESTINATIONS = { support: { numbers: ['+919800000002'], label: 'Senior care' } };

interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** Server CPU per request: the server runs alone in its process, so this is its own cost. */
  cpuMicrosPerRequest: number;
}

interface ServerInfo {
  url: string;
  path: string;
  xml: string;
  form: string;
}

/** Forks `gateway-xml-server.ts` in `mode`, with this process's loader flags (tsx, conditions). */
async function startServer(
  mode: 'gateway' | 'bare',
  xml = '',
): Promise<{ info: ServerInfo; child: ChildProcess }> {
  const script = fileURLToPath(new URL('./gateway-xml-server.ts', import.meta.url));
  const child = fork(script, [mode, xml], {
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const info = await new Promise<ServerInfo>((resolve, reject) => {
    child.once('message', (message) => resolve(message as ServerInfo));
    child.once('exit', (code) => reject(new Error(`bench server (${mode}) exited with ${code}`)));
  });
  return { info, child };
}

function serverCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (message) => resolve((message as { cpuMicros: number }).cpuMicros));
    child.send('cpu');
  });
}

interface Loop {
  latencies: number[];
  errors: number;
  seconds: number;
  cpuMicros: number;
}

/** A closed loop: CONCURRENCY workers, each sending its next request when the last one answered. */
async function load(
  child: ChildProcess,
  info: ServerInfo,
  pool: Pool,
  ms: number,
  into?: Loop,
): Promise<void> {
  const { url: origin, path, form: body } = info;
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  const run = async (until: number) => {
    while (performance.now() < until) {
      const t0 = performance.now();
      try {
        const response = await pool.request({ origin, path, method: 'POST', headers, body });
        await response.body.text();
        if (response.statusCode !== 200 && into) into.errors++;
      } catch {
        if (into) into.errors++;
      }
      into?.latencies.push(performance.now() - t0);
    }
  };
  const cpuBefore = into ? await serverCpu(child) : 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, () => run(start + ms)));
  if (!into) return;
  into.seconds += (performance.now() - start) / 1000;
  into.cpuMicros += (await serverCpu(child)) - cpuBefore;
}

function summarise(loop: Loop): LoadResult {
  const latencies = loop.latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: latencies.length / loop.seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors: loop.errors,
    cpuMicrosPerRequest: loop.cpuMicros / Math.max(1, latencies.length),
  };
}

/**
 * Both servers up at once, loaded in turn: ROUNDS alternations of a share of XML_SECONDS each,
 * so a busy neighbour on the machine weighs on both sides alike instead of on whichever ran second.
 */
export async function benchGatewayXml(): Promise<BenchResult> {
  const gateway = await startServer('gateway');
  const bare = await startServer('bare', gateway.info.xml);
  const sides = [gateway, bare].map((server) => ({
    server,
    pool: new Pool(server.info.url, { connections: CONCURRENCY, pipelining: 1 }),
    loop: { latencies: [], errors: 0, seconds: 0, cpuMicros: 0 } as Loop,
  }));
  try {
    for (const side of sides) await load(side.server.child, side.server.info, side.pool, WARMUP_MS);
    for (let round = 0; round < ROUNDS; round++) {
      for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
        await load(side.server.child, side.server.info, side.pool, (XML_SECONDS * 1000) / ROUNDS, side.loop);
      }
    }
  } finally {
    for (const side of sides) {
      await side.pool.close();
      side.server.child.kill();
    }
  }
  const gatewayResult = summarise(sides[0]!.loop);
  const baseline = summarise(sides[1]!.loop);
  return {
    name: `handoff XML endpoint throughput (${CONCURRENCY} connections, memory store, signatures optional)`,
    rows: [
      { label: 'gateway req/s', value: gatewayResult.requestsPerSecond, unit: 'req/s' },
      { label: 'gateway p50 latency', value: gatewayResult.p50Ms, unit: 'ms' },
      { label: 'gateway p99 latency', value: gatewayResult.p99Ms, unit: 'ms' },
      { label: 'gateway server CPU per request', value: gatewayResult.cpuMicrosPerRequest, unit: 'µs' },
      { label: 'bare node:http req/s', value: baseline.requestsPerSecond, unit: 'req/s' },
      { label: 'bare node:http p99 latency', value: baseline.p99Ms, unit: 'ms' },
      { label: 'bare node:http server CPU per request', value: baseline.cpuMicrosPerRequest, unit: 'µs' },
      {
        label: 'CPU per request, bare ÷ gateway',
        value: baseline.cpuMicrosPerRequest / gatewayResult.cpuMicrosPerRequest,
        unit: '×',
      },
      { label: 'errors (gateway + baseline)', value: gatewayResult.errors + baseline.errors, unit: '' },
    ],
    ratio: gatewayResult.requestsPerSecond / baseline.requestsPerSecond,
    baseline: 'bare node:http server answering the same XML string, same run, same load loop',
    target: 'ratio ≥ 0.6× (issue 19); see bench/README.md for where the time goes',
    notes:
      `XML document ${Buffer.byteLength(gateway.info.xml)} bytes; each server runs alone in a child process ` +
      `and the load comes from this one, ${ROUNDS} alternating rounds; ratio is gateway req/s ÷ bare req/s`,
  };
}

interface TriggerResult {
  p50Ms: number;
  p99Ms: number;
  baselineP50Ms: number;
  baselineP99Ms: number;
}

/** A Vobiz sandbox, a gateway and a handoff over `store`: `CALLS` live calls, each transferred once. */
async function measureTrigger(store?: HandoffStore): Promise<TriggerResult> {
  const received = new Map<string, () => void>();
  const sandbox = await createVobizSandbox({
    timeScale: 0.01,
    onEvent: (call, event) => {
      if (event.type === 'transfer') received.get(call.uuid)?.();
    },
  });
  const port = await new Promise<number>((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port: p } = probe.address() as AddressInfo;
      probe.close(() => resolve(p));
    });
  });
  const gatewayUrl = `http://127.0.0.1:${port}`;
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
  await gateway.listen(port);
  gateway.onMedia(() => undefined);

  const arrival = (uuid: string) =>
    new Promise<number>((resolve) => received.set(uuid, () => resolve(performance.now())));
  const liveCall = async (): Promise<SandboxCall> => {
    const call = sandbox.placeInboundCall({
      from: '+919811111111',
      to: '+918000000000',
      answerUrl: `${gatewayUrl}/vobiz/answer`,
      hangupUrl: `${gatewayUrl}/vobiz/hangup`,
    });
    await call.waitFor('stream_connected');
    return call;
  };

  const samples: number[] = [];
  const baseline: number[] = [];
  const auth = {
    'x-auth-id': sandbox.authId,
    'x-auth-token': sandbox.authToken,
    'content-type': 'application/json',
  };
  for (let i = 0; i < CALLS; i++) {
    // The measured path: persist, route, and the Vobiz client's Transfer request.
    const call = await liveCall();
    const session = handoff.session(call.uuid)!;
    session.addTurn({ role: 'caller', text: 'I was charged twice, please get me a person' });
    const landed = arrival(call.uuid);
    const t0 = performance.now();
    await session.transfer({ reason: 'double charge', department: 'support' });
    samples.push((await landed) - t0);
    call.hangup('caller');

    // Baseline: the same Transfer request, sent bare with undici.
    const other = await liveCall();
    const bareLanded = arrival(other.uuid);
    const b0 = performance.now();
    const response = await request(`${sandbox.baseUrl}/Account/${sandbox.authId}/Call/${other.uuid}/`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ legs: 'aleg', aleg_url: `${gatewayUrl}/healthz`, aleg_method: 'POST' }),
    });
    await response.body.text();
    baseline.push((await bareLanded) - b0);
    other.hangup('caller');
  }
  await gateway.close();
  await sandbox.close();
  await handoff.close();
  // The first tenth warms the JIT and the connection pools.
  const measured = samples.slice(CALLS / 10).sort((a, b) => a - b);
  const base = baseline.slice(CALLS / 10).sort((a, b) => a - b);
  return {
    p50Ms: percentile(measured, 50),
    p99Ms: percentile(measured, 99),
    baselineP50Ms: percentile(base, 50),
    baselineP99Ms: percentile(base, 99),
  };
}

export async function benchTriggerToTransfer(): Promise<BenchResult> {
  const memory = await measureTrigger();
  const rows = [
    { label: 'memory store p50', value: memory.p50Ms, unit: 'ms' },
    { label: 'memory store p99', value: memory.p99Ms, unit: 'ms' },
    { label: 'bare undici POST p50', value: memory.baselineP50Ms, unit: 'ms' },
    { label: 'bare undici POST p99', value: memory.baselineP99Ms, unit: 'ms' },
  ];
  let notes = 'Redis variant skipped: no Redis answered (set REDIS_URL or run one on 127.0.0.1:6379)';
  const redis = await redisStoreIfUp('trigger');
  if (redis) {
    try {
      const result = await measureTrigger(redis.store);
      rows.push(
        { label: 'redis store p50', value: result.p50Ms, unit: 'ms' },
        { label: 'redis store p99', value: result.p99Ms, unit: 'ms' },
        { label: 'bare undici POST p50 (redis run)', value: result.baselineP50Ms, unit: 'ms' },
      );
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
    ratio: memory.p50Ms / memory.baselineP50Ms,
    baseline: 'a bare undici POST to the same sandbox Transfer endpoint, same run',
    target: 'p99 < 5 ms with the memory store, < 10 ms with Redis (issue #4)',
    notes: `${notes}; ratio is memory-store p50 ÷ bare POST p50`,
  };
}
