/**
 * Faults with real processes, for `npm run reliability` only: two gateway processes on one
 * redis-server (started, restarted and frozen by the suite), the Vobiz sandbox as the carrier,
 * a fault-injecting proxy in front of its Transfer API, and a balancer in front of the gateways.
 * Every call is a real sandbox call: the caller rings the DID, the gateway bridges an AI agent
 * (SIP), `POST /v1/handoffs` asks for a human, the Transfer API moves the call, the human's phone
 * rings, the human answers, hears the brief, talks, hangs up.
 *
 * Per call, from the sandbox's own log: **lost** = the human was never bridged to the caller;
 * **doubled** = the Transfer API acted more than once on the call (a second transfer cuts the
 * first human off mid-ring); **briefed** = the human heard the brief rather than the "notes were
 * lost" line; the final outcome is the handoff's status from `/v1` (or "record lost").
 */
import { randomBytes } from 'node:crypto';
import { createVobizSandbox, type SandboxCall } from '@handoff/vobiz-sandbox';
import { Balancer, freePort, GatewayProcess, RedisProcess } from './cluster.js';
import { type Fault, startFaultProxy } from './fault-proxy.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

export const HUMAN = '+919800000002';
export const CALLER = '+919811111111';
export const DID = '+918000000000';
/** Real milliseconds the human's phone rings before they pick up, and they talk before hanging up. */
const RING_MS = 2_500;
const TALK_MS = 2_000;
const LOST_BRIEF = 'The notes for this call were lost';

export interface ProcessFigures {
  fault: string;
  checked: string;
  calls: number;
  lost: number;
  doubled: number;
  /** Calls whose human heard the brief. */
  briefed: number;
  /** Transfer API requests the fault proxy saw (faulted ones included), over all calls. */
  transferRequests: number;
  outcomes: Record<string, number>;
  /** Checks of the scenario's own that failed (named in `note`); must be 0. */
  violations?: number;
  /** What must hold: lost and doubled 0 unless the fault is one the design does not survive. */
  expect: { lost: number; doubled: number; briefed?: number; outcomes: string[] };
  note?: string;
}

export function processHeld(f: ProcessFigures): boolean {
  return (
    (f.violations ?? 0) === 0 &&
    f.lost <= f.expect.lost &&
    f.doubled <= f.expect.doubled &&
    (f.expect.briefed === undefined || f.briefed >= f.expect.briefed) &&
    Object.keys(f.outcomes).every((o) => f.expect.outcomes.includes(o))
  );
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(25);
  }
  return false;
}

export interface Cluster {
  redis: RedisProcess;
  a: GatewayProcess;
  b: GatewayProcess;
  balancer: Balancer;
  sandbox: Awaited<ReturnType<typeof createVobizSandbox>>;
  proxy: Awaited<ReturnType<typeof startFaultProxy>>;
  /** A's link to Redis, when the cluster was started `partitionable`. */
  link?: TcpProxy;
  apiKey: string;
  close(): Promise<void>;
}

export async function startCluster(
  timing: { ringMs: number; talkMs: number } = {
    ringMs: RING_MS,
    talkMs: TALK_MS,
  },
  options: { partitionable?: boolean } = {},
): Promise<Cluster> {
  const sandbox = await createVobizSandbox({
    timeScale: 0.2,
    endpoints: { [HUMAN]: { kind: 'answer', afterMs: timing.ringMs, hangupAfterMs: timing.talkMs } },
    defaultEndpoint: { kind: 'answer', afterMs: 50 },
    // Retries long enough to outlive a short Redis freeze or an instance's death.
    callbackRetryDelaysMs: [500, 1_000, 2_000, 4_000],
    callbackTimeoutMs: 4_000,
  });
  const sandboxOrigin = new URL(sandbox.baseUrl).origin;
  const proxy = await startFaultProxy(sandboxOrigin);
  const redis = new RedisProcess(await freePort());
  await redis.start();
  const apiKey = randomBytes(16).toString('hex');
  const gateways: GatewayProcess[] = [];
  const balancer = new Balancer(gateways);
  await balancer.start();
  const env = {
    REDIS_URL: redis.url,
    RELIABILITY_VOBIZ_AUTH_ID: sandbox.authId,
    RELIABILITY_VOBIZ_AUTH_TOKEN: sandbox.authToken,
    RELIABILITY_VOBIZ_BASE_URL: `${proxy.url}${new URL(sandbox.baseUrl).pathname}`,
    RELIABILITY_PUBLIC_URL: balancer.url,
    RELIABILITY_API_KEY: apiKey,
  };
  // A reaches Redis through a TCP proxy the suite can cut; B always directly.
  const link = options.partitionable ? await startTcpProxy(redis.port) : undefined;
  const a = new GatewayProcess('A', await freePort(), link ? { ...env, REDIS_URL: link.url } : env);
  const b = new GatewayProcess('B', await freePort(), env);
  gateways.push(a, b);
  await Promise.all([a.start(), b.start()]);
  return {
    redis,
    a,
    b,
    balancer,
    sandbox,
    proxy,
    ...(link ? { link } : {}),
    apiKey,
    async close() {
      link?.set('pass');
      await Promise.all([a.stop(), b.stop()]);
      await link?.close();
      await balancer.close();
      await proxy.close();
      await sandbox.close();
      await redis.stop('SIGTERM');
    },
  };
}

export interface CallRun {
  call: SandboxCall;
  /** The instance the handoff request went to (a balancer when undefined). */
  via: string;
  handoffId?: string;
  requested: Promise<void>;
}

/** A caller rings, the AI agent is bridged, then the handoff is asked for through `via`. */
export async function startCall(
  c: Cluster,
  via: string,
  options: { request?: boolean } = {},
): Promise<CallRun> {
  const call = c.sandbox.placeInboundCall({
    from: CALLER,
    to: DID,
    answerUrl: `${c.balancer.url}/vobiz/answer`,
    hangupUrl: `${c.balancer.url}/vobiz/hangup`,
  });
  await call.waitFor('bridged', { timeoutMs: 15_000 });
  const run: CallRun = { call, via, requested: Promise.resolve() };
  if (options.request === false) return run;
  run.requested = requestHandoff(c, via, call.uuid).then((id) => {
    if (id) run.handoffId = id;
  });
  return run;
}

export async function requestHandoff(c: Cluster, via: string, callId: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${via}/v1/handoffs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${c.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ callId, reason: 'the caller asked for a person', department: 'support' }),
    });
    const body = (await response.json()) as { handoffId?: string };
    return body.handoffId;
  } catch {
    // The instance died with the request open: the platform's retry is the next request.
    return undefined;
  }
}

export const humanRinging = (call: SandboxCall) => call.events('dial_ringing').some((e) => e.to === HUMAN);
export const humanBridged = (call: SandboxCall) => call.events('bridged').some((e) => e.to === HUMAN);

async function outcomeOf(c: Cluster, run: CallRun): Promise<string> {
  let id = run.handoffId;
  try {
    if (!id) {
      const response = await fetch(`${c.balancer.url}/v1/handoffs?limit=1000`, {
        headers: { authorization: `Bearer ${c.apiKey}` },
      });
      const list = (await response.json()) as { handoffs?: Array<{ id: string; callId: string }> };
      id = list.handoffs?.find((h) => h.callId === run.call.uuid)?.id;
    }
    if (!id) return 'record lost';
    const response = await fetch(`${c.balancer.url}/v1/handoffs/${id}`, {
      headers: { authorization: `Bearer ${c.apiKey}` },
    });
    if (response.status === 404) return 'record lost';
    return ((await response.json()) as { status: string }).status;
  } catch {
    return 'unreadable';
  }
}

export async function tally(
  c: Cluster,
  runs: CallRun[],
  spec: Omit<ProcessFigures, 'calls' | 'lost' | 'doubled' | 'briefed' | 'outcomes' | 'transferRequests'>,
): Promise<ProcessFigures> {
  await Promise.all(runs.map((r) => r.requested));
  await until(() => runs.every((r) => r.call.ended), 30_000);
  // The last callbacks (dial result, hangup) reach the store a moment after the call ends.
  await sleep(500);
  const outcomes: Record<string, number> = {};
  let lost = 0;
  let doubled = 0;
  let briefed = 0;
  let transferRequests = 0;
  for (const run of runs) {
    transferRequests += c.proxy.transfers(run.call.uuid).seen;
    if (!humanBridged(run.call)) lost++;
    if (run.call.events('transfer').length > 1) doubled++;
    const whisper = run.call.whisper.join(' ');
    if (whisper !== '' && !whisper.includes(LOST_BRIEF)) briefed++;
    const outcome = await outcomeOf(c, run);
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  return { ...spec, calls: runs.length, lost, doubled, briefed, transferRequests, outcomes };
}

export async function batch(c: Cluster, n: number, via: (i: number) => string): Promise<CallRun[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => startCall(c, via(i))));
}

/** Runs every process-level fault; `n` calls each (instance kills use fewer: each restarts a process). */
export async function runProcessFaults(n: number, log: (line: string) => void): Promise<ProcessFigures[]> {
  const out: ProcessFigures[] = [];
  const c = await startCluster();
  const proxyFault = (fault: (n: number) => Fault) => c.proxy.setFault((_uuid, attempt) => fault(attempt));
  try {
    // ---- the Transfer API through the fault proxy ------------------------------------------
    const transferFaults: Array<[string, string, (attempt: number) => Fault]> = [
      [
        'Transfer API answers after a 1.5 s delay',
        'the handoff waits; one transfer; completed',
        () => ({ kind: 'delay', ms: 1_500 }),
      ],
      [
        'Transfer API connection reset before the request is forwarded',
        'the live-call check finds no sign of it; one retry to the same human; completed',
        (attempt) => (attempt === 0 ? { kind: 'reset' } : { kind: 'pass' }),
      ],
      [
        'Transfer API acts, then answers 502 (outcome unknown)',
        'the evidence (Vobiz fetched the handoff XML) stops a second transfer; completed',
        (attempt) => (attempt === 0 ? { kind: '5xx-after-forwarding', status: 502 } : { kind: 'pass' }),
      ],
      [
        'Transfer API black hole: never forwarded, never answered (client timeout 2 s)',
        'timeout, live-call check, one retry to the same human; completed',
        (attempt) => (attempt === 0 ? { kind: 'black-hole' } : { kind: 'pass' }),
      ],
    ];
    for (const [fault, checked, decide] of transferFaults) {
      log(`process faults: ${fault}`);
      proxyFault(decide);
      const runs = await batch(c, n, () => c.balancer.url);
      out.push(
        await tally(c, runs, {
          fault,
          checked,
          expect: { lost: 0, doubled: 0, briefed: n, outcomes: ['completed'] },
        }),
      );
    }
    proxyFault(() => ({ kind: 'pass' }));

    // ---- Redis -----------------------------------------------------------------------------
    {
      log('process faults: Redis restarted while the human rings');
      const runs = await batch(c, n, () => c.balancer.url);
      await until(() => runs.every((r) => humanRinging(r.call)), 15_000);
      await c.redis.stop('SIGKILL');
      await c.redis.start();
      out.push(
        await tally(c, runs, {
          fault: 'Redis (no persistence) killed and restarted while the human rings',
          checked:
            'the call still reaches the human, told the notes were lost; nothing transfers twice; the record is gone',
          expect: { lost: 0, doubled: 0, outcomes: ['record lost'] },
          note: 'By design without persistence (packages/gateway/README.md, "Redis persistence"): with appendonly yes the records survive a restart.',
        }),
      );
    }
    {
      log('process faults: Redis frozen (SIGSTOP) 2 s while the human rings');
      const runs = await batch(c, n, () => c.balancer.url);
      await until(() => runs.every((r) => humanRinging(r.call)), 15_000);
      c.redis.freeze();
      await sleep(2_000);
      c.redis.thaw();
      out.push(
        await tally(c, runs, {
          fault: 'Redis frozen with SIGSTOP for 2 s while the human rings, then SIGCONT',
          checked: 'callbacks during the freeze fail typed and Vobiz retries them; briefed; completed',
          expect: { lost: 0, doubled: 0, briefed: n, outcomes: ['completed'] },
        }),
      );
    }

    // ---- an instance killed (SIGKILL) at each phase --------------------------------------
    const kills = Math.max(2, Math.ceil(n / 2));
    {
      log('process faults: instance A killed after persisting, before its Transfer lands');
      // A's Transfer requests vanish, so A has persisted and is waiting on the carrier when it dies.
      proxyFault((attempt) => (attempt === 0 ? { kind: 'black-hole' } : { kind: 'pass' }));
      const runs = await batch(c, kills, () => c.a.url);
      await until(() => runs.every((r) => c.proxy.transfers(r.call.uuid).seen > 0), 15_000);
      await c.a.kill();
      proxyFault(() => ({ kind: 'pass' }));
      // The platform asks again (a tool-call retry); the balancer sends it to B once A's lease ran out.
      await sleep(3_500);
      await Promise.all(runs.map((r) => requestHandoff(c, c.balancer.url, r.call.uuid)));
      const figures = await tally(c, runs, {
        fault: 'Instance A SIGKILLed after persisting the handoff, before its Transfer request lands',
        checked: "B's next request for the call carries the same handoff on after A's lease (3 s)",
        expect: { lost: 0, doubled: 0, briefed: kills, outcomes: ['completed'] },
      });
      out.push(figures);
      await c.a.start();
    }
    {
      log('process faults: instance A killed while the human rings');
      const runs = await batch(c, kills, () => c.a.url);
      await until(() => runs.every((r) => humanRinging(r.call)), 15_000);
      await c.a.kill();
      out.push(
        await tally(c, runs, {
          fault: 'Instance A (which transferred) SIGKILLed while the human rings',
          checked: 'B serves the whisper and the dial callbacks through the balancer; briefed; completed',
          expect: { lost: 0, doubled: 0, briefed: kills, outcomes: ['completed'] },
        }),
      );
      await c.a.start();
    }
    {
      log('process faults: instance A killed after the bridge');
      const runs = await batch(c, kills, () => c.a.url);
      await until(() => runs.every((r) => humanBridged(r.call)), 20_000);
      await c.a.kill();
      out.push(
        await tally(c, runs, {
          fault: 'Instance A SIGKILLed after the human was bridged',
          checked: 'B records the end of the call; completed',
          expect: { lost: 0, doubled: 0, briefed: kills, outcomes: ['completed'] },
        }),
      );
      await c.a.start();
    }
  } finally {
    await c.close();
  }
  return out;
}
