/**
 * Where `gateway:trigger-to-transfer` finds its Vobiz sandbox: in a child process of its own
 * (`trigger-sandbox.ts`, the default: Vobiz is a remote service, and sharing a heap with it put
 * the sandbox's garbage collections in the gateway's tail), or in this process (`inline`, how
 * the bench ran before, kept to compare the two in one run: TRIGGER_SANDBOX=both).
 *
 * Arrival times are `process.hrtime.bigint()` in the process that received the request; see
 * `trigger-sandbox.ts` for why that clock can be compared across processes.
 */
import { createVobizSandbox, type SandboxCall } from '@handoff/vobiz-sandbox';
import { closeChild, forkReady, heapAfterGc } from './child.js';
import type { SandboxReport, SandboxRequest } from './trigger-sandbox.js';
import type { TraceEvent } from './trigger-trace.js';

export type SandboxPlacement = 'child' | 'inline';

/** The sandbox as the trigger bench drives it, wherever it runs. */
export interface TriggerSandbox {
  readonly authId: string;
  readonly authToken: string;
  readonly baseUrl: string;
  /** Places an inbound call and resolves with its uuid once its stream is connected. */
  place(answerUrl: string, hangupUrl: string): Promise<string>;
  /** When (hrtime, ns) the sandbox receives the next Transfer API request for `uuid`. */
  arrival(uuid: string): Promise<bigint>;
  /**
   * Hangs the call up as the caller. `settle`: resolves once the requests the call still causes
   * were answered (`hangUpSettled`); otherwise at once, whatever is still in flight.
   */
  hangup(uuid: string, settle: boolean): Promise<void>;
  /**
   * Garbage collections in the sandbox's own process so far, `[start, end]` in hrtime ms (the
   * arrivals' clock); none when inline (its collections are this process's).
   */
  gcs(): ReadonlyArray<readonly [number, number]>;
  /** The heap kept by the process the sandbox runs in (this one when inline), and its call count. */
  heap(): Promise<{ keptBytes: number; calls: number }>;
  /** What the sandbox's own process recorded (TRIGGER_TRACE); none when inline (it is this process). */
  trace(): Promise<TraceEvent[]>;
  close(): Promise<void>;
}

const TIME_SCALE = 0.01;
/** Ended calls the child's sandbox keeps (the inline one keeps every call, as before). */
const KEEP_ENDED_CALLS = 20;

/** An hrtime reading (ns, as the child sends it) in ms: exact enough for sub-ms GC windows. */
const hrMs = (ns: string) => Number(BigInt(ns)) / 1e6;

export function startSandbox(placement: SandboxPlacement): Promise<TriggerSandbox> {
  return placement === 'child' ? childSandbox() : inlineSandbox();
}

async function inlineSandbox(): Promise<TriggerSandbox> {
  const arrived = new Map<string, (at: bigint) => void>();
  const sandbox = await createVobizSandbox({
    timeScale: TIME_SCALE,
    onEvent: (call, event) => {
      if (event.type === 'transfer') arrived.get(call.uuid)?.(process.hrtime.bigint());
    },
  });
  return {
    authId: sandbox.authId,
    authToken: sandbox.authToken,
    baseUrl: sandbox.baseUrl,
    async place(answerUrl, hangupUrl) {
      const call = sandbox.placeInboundCall({
        from: '+919811111111',
        to: '+918000000000',
        answerUrl,
        hangupUrl,
      });
      await call.waitFor('stream_connected');
      return call.uuid;
    },
    arrival: (uuid) => new Promise((resolve) => arrived.set(uuid, resolve)),
    async hangup(uuid, settle) {
      arrived.delete(uuid);
      const call = sandbox.call(uuid);
      if (!call) return;
      if (settle) await hangUpSettled(call);
      else call.hangup('caller');
    },
    gcs: () => [],
    heap: async () => ({ keptBytes: await heapAfterGc(), calls: sandbox.calls().length }),
    trace: async () => [],
    close: () => sandbox.close(),
  };
}

async function childSandbox(): Promise<TriggerSandbox> {
  const arrived = new Map<string, (at: bigint) => void>();
  const replies = new Map<number, (message: SandboxReport) => void>();
  const gcs: Array<readonly [number, number]> = [];
  let nextId = 0;
  const { child, ready } = await forkReady<Extract<SandboxReport, { type: 'ready' }>>(
    'trigger-sandbox.ts',
    // Vobiz keeps its call history on its own side; here it would only grow the child's heap,
    // whose collections stall its event loop and so the arrival times it takes.
    [
      JSON.stringify({
        timeScale: TIME_SCALE,
        keepEndedCalls: KEEP_ENDED_CALLS,
        trace: !!process.env.TRIGGER_TRACE,
      }),
    ],
    (raw) => {
      const message = raw as unknown as SandboxReport;
      if (message.type === 'transfer') arrived.get(message.uuid)?.(BigInt(message.at));
      else if (message.type === 'gc')
        for (const [from, to] of message.spans) gcs.push([hrMs(from), hrMs(to)]);
      else if (message.type !== 'ready') {
        replies.get(message.id)?.(message);
        replies.delete(message.id);
      }
    },
  );
  const ask = (request: SandboxRequest & { id: number }) =>
    new Promise<SandboxReport>((resolve) => {
      replies.set(request.id, resolve);
      child.send(request);
    });
  return {
    authId: ready.authId,
    authToken: ready.authToken,
    baseUrl: ready.baseUrl,
    async place(answerUrl, hangupUrl) {
      const reply = await ask({ type: 'place', id: nextId++, answerUrl, hangupUrl });
      if (reply.type !== 'placed' || !reply.uuid)
        throw new Error(`sandbox could not place a call: ${JSON.stringify(reply)}`);
      return reply.uuid;
    },
    arrival: (uuid) => new Promise((resolve) => arrived.set(uuid, resolve)),
    async hangup(uuid, settle) {
      arrived.delete(uuid);
      if (!settle) child.send({ type: 'hangup', uuid } satisfies SandboxRequest);
      else await ask({ type: 'hangup', id: nextId++, uuid });
    },
    gcs: () => gcs,
    async heap() {
      const reply = await ask({ type: 'heap', id: nextId++ });
      return reply.type === 'heap'
        ? { keptBytes: reply.keptBytes, calls: reply.calls }
        : { keptBytes: 0, calls: 0 };
    },
    async trace() {
      const reply = await ask({ type: 'trace', id: nextId++ });
      return reply.type === 'trace' ? reply.events : [];
    },
    close: () => closeChild(child),
  };
}

/**
 * Hangs `call` up as the caller and resolves once the requests it still causes were answered by
 * the gateway: the XML fetch of its transfer (`aleg_url`, sent as the Transfer request arrived)
 * and its hangup webhook, which the call's notification queue sends after any other it raised.
 */
export async function hangUpSettled(call: SandboxCall): Promise<void> {
  call.hangup('caller');
  await Promise.all([
    call.waitFor('callback', { match: (e) => e.purpose === 'transfer' }),
    call.waitFor('callback', { match: (e) => e.purpose === 'hangup' }),
  ]);
}
