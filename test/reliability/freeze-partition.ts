/**
 * A gateway process frozen (SIGSTOP, then SIGCONT) mid-handoff, and A's link to Redis cut (held
 * or reset) while B's stays up: the faults a paused VM, a stop-the-world pause or a network
 * partition bring. Each call is a real sandbox call (processes.ts). What the design says: a
 * handoff whose owner stops renewing its claim is carried on by the instance the platform's next
 * request reaches once the lease (3 s here) ran out, with the same handoff and the same human;
 * callbacks are served by whichever instance they reach, from the store; the thawed or healed
 * instance must never transfer the call again.
 */
import {
  type CallRun,
  type Cluster,
  humanBridged,
  humanRinging,
  type ProcessFigures,
  processHeld,
  sleep,
  startCall,
  startCluster,
  tally,
  until,
} from './processes.js';

/** A's claim lease (gateway.config.ts) and a margin for a loaded machine. */
const PAST_LEASE_MS = 3_500;

interface Answer {
  status: number;
  /** The call had already ended when the request left: a new handoff is then the right answer. */
  afterEnd?: boolean;
  code?: string;
  handoffId?: string;
}

/** `POST /v1/handoffs` as the platform sends it; a socket that died answers status 0. */
async function ask(c: Cluster, via: string, callId: string, ended = false): Promise<Answer> {
  if (ended) return { ...(await ask(c, via, callId)), afterEnd: true };
  try {
    const response = await fetch(`${via}/v1/handoffs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${c.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ callId, reason: 'the caller asked for a person', department: 'support' }),
    });
    const body = (await response.json().catch(() => ({}))) as {
      handoffId?: string;
      error?: { code?: string };
      code?: string;
    };
    return {
      status: response.status,
      ...(body.handoffId ? { handoffId: body.handoffId } : {}),
      ...((body.error?.code ?? body.code) ? { code: body.error?.code ?? body.code } : {}),
    };
  } catch {
    return { status: 0 };
  }
}

/** A call through A up to the point the scenario needs, A's own request left open. */
async function callsViaA(c: Cluster, n: number): Promise<Array<CallRun & { first: Promise<Answer> }>> {
  const runs = await Promise.all(
    Array.from({ length: n }, async () => {
      const run = await startCall(c, c.a.url, { request: false });
      return Object.assign(run, { first: ask(c, c.a.url, run.call.uuid) });
    }),
  );
  for (const run of runs)
    run.requested = run.first.then((a) => {
      if (a.handoffId) run.handoffId = a.handoffId;
    });
  return runs;
}

const statuses = (answers: Answer[]) => {
  const counts: Record<string, number> = {};
  for (const a of answers) {
    const key = a.status === 0 ? 'no answer' : `${a.status}${a.code ? ` ${a.code}` : ''}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return Object.entries(counts)
    .map(([k, v]) => `${k} ×${v}`)
    .join(', ');
};

export type FaultName =
  | 'freeze-before-transfer'
  | 'freeze-in-flight'
  | 'freeze-ringing'
  | 'partition-hold-before-transfer'
  | 'partition-hold-ringing'
  | 'partition-drop-ringing';

export const FREEZE_AND_PARTITION: FaultName[] = [
  'freeze-before-transfer',
  'freeze-in-flight',
  'freeze-ringing',
  'partition-hold-before-transfer',
  'partition-hold-ringing',
  'partition-drop-ringing',
];

/**
 * Runs one fault over `n` calls on a cluster started `partitionable`. Every fault restores what
 * it broke (thaw, heal) before it counts.
 */
export async function runFreezeOrPartition(c: Cluster, fault: FaultName, n: number): Promise<ProcessFigures> {
  const expectAll = { lost: 0, doubled: 0, briefed: n, outcomes: ['completed'] };
  const link = c.link;
  if (fault.startsWith('partition') && !link) throw new Error('the cluster was not started partitionable');
  switch (fault) {
    case 'freeze-before-transfer': {
      // A's Transfer request never reaches Vobiz: to the carrier, A froze before sending it.
      c.proxy.setFault((_uuid, attempt) => (attempt === 0 ? { kind: 'black-hole' } : { kind: 'pass' }));
      const runs = await callsViaA(c, n);
      await until(() => runs.every((r) => c.proxy.transfers(r.call.uuid).seen > 0), 20_000);
      c.a.freeze();
      await sleep(PAST_LEASE_MS);
      // The platform's retry: the balancer's health check has taken A out, so it reaches B.
      const retries = await Promise.all(runs.map((r) => ask(c, c.balancer.url, r.call.uuid, r.call.ended)));
      await until(() => runs.every((r) => humanBridged(r.call)), 20_000);
      c.a.thaw();
      c.proxy.setFault(() => ({ kind: 'pass' }));
      return withSameHandoff(
        await tally(c, runs, {
          fault:
            'Instance A frozen (SIGSTOP) after persisting, before its Transfer request reached Vobiz; SIGCONT once the human was bridged by B',
          checked: `B's next request for the call carries the same handoff on after A's lease; thawed A never transfers again (retry answers: ${statuses(retries)})`,
          expect: expectAll,
        }),
        runs,
        retries,
      );
    }
    case 'freeze-in-flight': {
      // A's request reaches Vobiz 1 s after A froze: the call moves while its sender is stopped,
      // and Vobiz's fetch of the handoff XML reaches frozen A (the health check has not noticed
      // yet), so the evidence that Vobiz acted lands only with its retry, on B.
      c.proxy.setFault((_uuid, attempt) => (attempt === 0 ? { kind: 'delay', ms: 1_000 } : { kind: 'pass' }));
      const runs = await callsViaA(c, n);
      await until(() => runs.every((r) => c.proxy.transfers(r.call.uuid).seen > 0), 20_000);
      for (const _ of runs) c.balancer.pinNext(/^\/vobiz\/handoff\//, c.a);
      c.a.freeze();
      await sleep(PAST_LEASE_MS);
      const retries = await Promise.all(runs.map((r) => ask(c, c.balancer.url, r.call.uuid, r.call.ended)));
      await until(() => runs.every((r) => humanRinging(r.call)), 20_000);
      await sleep(1_000);
      c.a.thaw();
      c.proxy.setFault(() => ({ kind: 'pass' }));
      return withSameHandoff(
        await tally(c, runs, {
          fault:
            'Instance A frozen while its Transfer request was in flight (Vobiz acted 1 s later; its fetch of the handoff XML held by frozen A, retried on B); SIGCONT while the human rang',
          checked: `B takes the claim after the lease, sees Vobiz acted and sends no second transfer; thawed A reads its answer and changes nothing (retry answers: ${statuses(retries)})`,
          expect: expectAll,
        }),
        runs,
        retries,
      );
    }
    case 'freeze-ringing': {
      const runs = await callsViaA(c, n);
      await until(() => runs.every((r) => humanRinging(r.call)), 20_000);
      c.a.freeze();
      await until(() => runs.every((r) => humanBridged(r.call) || r.call.ended), 20_000);
      await sleep(1_000);
      c.a.thaw();
      return tally(c, runs, {
        fault:
          'Instance A (which transferred) frozen while the human rang, until B bridged them; then SIGCONT',
        checked:
          'callbacks held by frozen A time out and Vobiz retries them on B; briefed; thawed A changes nothing',
        expect: expectAll,
      });
    }
    case 'partition-hold-before-transfer': {
      const runs = await Promise.all(
        Array.from({ length: n }, () => startCall(c, c.a.url, { request: false })),
      );
      link!.set('hold');
      const first = runs.map((r) => ask(c, c.a.url, r.call.uuid));
      await sleep(1_000);
      // The platform gives up on A (it has not answered) and asks again; the retry reaching B is
      // the case that matters (one reaching A waits like the first, A's /healthz not touching Redis).
      const retries = await Promise.all(runs.map((r) => ask(c, c.b.url, r.call.uuid)));
      runs.forEach((r, i) => {
        if (retries[i]?.handoffId) r.handoffId = retries[i].handoffId;
      });
      await until(() => runs.every((r) => humanBridged(r.call)), 20_000);
      link!.set('pass');
      const answers = await Promise.all(first);
      for (const r of runs) r.requested = Promise.resolve();
      return tally(c, runs, {
        fault:
          "A's link to Redis held (bytes stop both ways, sockets stay open) before the handoff request reached A; healed once B's human was bridged",
        checked: `A answers typed once its store gives up (answers: ${statuses(answers)}); the retry on B transfers (answers: ${statuses(retries)}); A's held writes, delivered on healing, transfer nothing`,
        expect: expectAll,
      });
    }
    case 'partition-hold-ringing':
    case 'partition-drop-ringing': {
      const runs = await callsViaA(c, n);
      await until(() => runs.every((r) => humanRinging(r.call)), 20_000);
      const state = fault === 'partition-hold-ringing' ? 'hold' : 'drop';
      link!.set(state);
      await until(() => runs.every((r) => humanBridged(r.call) || r.call.ended), 20_000);
      await sleep(1_000);
      link!.set('pass');
      return tally(c, runs, {
        fault:
          state === 'hold'
            ? "A's link to Redis held (bytes stop, sockets open) while the human rang; healed after the bridge"
            : "A's link to Redis reset (every connection and reconnection) while the human rang; healed after the bridge",
        checked:
          'callbacks that reach A fail typed (or time out) and Vobiz retries them; B serves them; briefed; completed',
        expect: expectAll,
      });
    }
  }
}

/** B's retry must name the handoff A created: carried on, not a second one. */
function withSameHandoff(f: ProcessFigures, runs: CallRun[], retries: Answer[]): ProcessFigures {
  const differ = runs.filter(
    (r, i) =>
      r.handoffId && retries[i]?.handoffId && !retries[i]!.afterEnd && retries[i]!.handoffId !== r.handoffId,
  ).length;
  return differ === 0
    ? f
    : {
        ...f,
        violations: differ,
        note: `${differ} retries answered a different handoff than A's (${runs.map((r, i) => `A ${r.handoffId} / retry ${retries[i]?.handoffId}`).join('; ')})`,
      };
}

/**
 * `npm run reliability -- --freeze-partition [--calls N]` (and the full run): every fault above
 * over `n` calls on one cluster, as a Markdown block for docs/reliability.md.
 */
export async function runFreezeAndPartition(
  n: number,
  log: (line: string) => void,
): Promise<{ ok: boolean; figures: ProcessFigures[]; markdown: string }> {
  const c = await startCluster(undefined, { partitionable: true });
  const figures: ProcessFigures[] = [];
  try {
    for (const fault of FREEZE_AND_PARTITION) {
      log(`freeze and partition: ${fault}`);
      figures.push(await runFreezeOrPartition(c, fault, n));
    }
  } finally {
    await c.close();
  }
  const ok = figures.every(processHeld);
  const markdown = [
    `Run ${new Date().toISOString().slice(0, 16)}Z, ${n} calls per fault, the cluster above with A reaching Redis through a TCP proxy the suite cuts (B directly). The balancer's health check (\`/healthz\` every 250 ms, down after two misses of 1 s) takes a frozen A out of the rotation; a Redis partition leaves A healthy to it (\`/healthz\` does not touch Redis). The platform's retry of \`POST /v1/handoffs\` is sent after A's 3 s claim lease ran out.`,
    '',
    '| fault | what was checked | calls | lost | doubled | briefed | Transfer requests | final outcome | held |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    ...figures.map((f) => {
      const outcomes = Object.entries(f.outcomes)
        .map(([status, k]) => `\`${status}\` ×${k}`)
        .join(', ');
      return `| ${f.fault} | ${f.checked}${f.note ? `. ${f.note}` : ''} | ${f.calls} | ${f.lost} | ${f.doubled} | ${f.briefed} | ${f.transferRequests} | ${outcomes} | ${processHeld(f) ? 'yes' : '**no**'} |`;
    }),
  ].join('\n');
  return { ok, figures, markdown };
}
