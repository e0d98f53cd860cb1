/**
 * Gateway benchmarks, each against a baseline measured in the same run, loopback only:
 *
 * - `benchGatewayXml`: req/s of the handoff XML endpoint (`POST /vobiz/handoff/:id`, signatures
 *   optional, memory store) vs a bare `node:http` server answering the same XML string. Each server
 *   runs alone in a child process (`gateway-xml-server.ts`); this process drives both with the same
 *   closed loop (an undici Pool with CONCURRENCY connections, each sending its next request as soon
 *   as the last one answered), in alternating rounds.
 * - `benchTriggerToTransfer` (in `trigger-to-transfer.ts`, re-exported here): `session.transfer()`
 *   → the Vobiz sandbox, in its own process, receiving the Transfer API request, vs a bare POST.
 *
 * Bounded: about 2 × (XML_SECONDS + warm-up) plus a few seconds of calls, under 20 s in all.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { percentile } from './stats.js';
import type { BenchResult } from './types.js';

export { benchTriggerToTransfer } from './trigger-to-transfer.js';

const CONCURRENCY = 32;
const XML_SECONDS = 3;
const WARMUP_MS = 500;
const ROUNDS = 6;

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
