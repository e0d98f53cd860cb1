/**
 * The Vobiz sandbox of `gateway:trigger-to-transfer`, alone in a child process as Vobiz is a
 * remote service: its calls, sockets and call history are not on the gateway's heap, and its
 * garbage collections do not pause the gateway's event loop. Config in argv[2] (JSON).
 *
 * Over IPC: `place` places an inbound call and answers `placed` once its stream is connected;
 * every Transfer API request the sandbox receives is reported as `transfer` with the time it
 * arrived; `hangup` hangs a call up as the caller (with an id, answered `hungup` once the requests
 * the call still causes were answered: `hangUpSettled`); `heap` answers with the heap this
 * process keeps; `trace` with what this process recorded (TRIGGER_TRACE, `trigger-trace.ts`).
 *
 * Times are `process.hrtime.bigint()`, which is CLOCK_MONOTONIC: on Linux one clock for every
 * process on the machine, so the parent can subtract its own trigger time from a time taken
 * here (`performance.now()` could not: its origin is each process's start). Sent as strings,
 * since IPC's JSON has no bigint. This process's garbage collections are reported (`gc`) on the
 * same scale, so the parent can tell a slow sample that the fake Vobiz's own pause made.
 */
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { createVobizSandbox, type SandboxCall } from '@handoff/vobiz-sandbox';
import { heapAfterGc } from './child.js';
import { hangUpSettled } from './trigger-sandboxes.js';
import { startTrace, type TraceEvent } from './trigger-trace.js';

interface Config {
  timeScale: number;
  /** Passed to the sandbox: how many ended calls it keeps for inspection (all when omitted). */
  keepEndedCalls?: number;
  /** Record what this process does (`trigger-trace.ts`), sent back on `trace`. */
  trace?: boolean;
}

export type SandboxRequest =
  | { type: 'place'; id: number; answerUrl: string; hangupUrl: string }
  /** With an id, answered (`hungup`) once the requests the call still causes were answered. */
  | { type: 'hangup'; uuid: string; id?: number }
  | { type: 'heap'; id: number }
  | { type: 'trace'; id: number };

export type SandboxReport =
  | { type: 'ready'; authId: string; authToken: string; baseUrl: string }
  | { type: 'placed'; id: number; uuid?: string; error?: string }
  | { type: 'hungup'; id: number }
  | { type: 'transfer'; uuid: string; at: string }
  /** Garbage collections in this process, each `[start, end]` on the hrtime scale (ns), as strings. */
  | { type: 'gc'; spans: Array<[string, string]> }
  /** The heap kept (after full collections) and the calls the sandbox holds. */
  | { type: 'heap'; id: number; keptBytes: number; calls: number }
  | { type: 'trace'; id: number; events: TraceEvent[] };

const config = JSON.parse(process.argv[2] ?? '{}') as Config;
const send = (message: SandboxReport) => process.send?.(message);
const trace = config.trace ? startTrace() : undefined;

const sandbox = await createVobizSandbox({
  timeScale: config.timeScale,
  ...(config.keepEndedCalls !== undefined ? { keepEndedCalls: config.keepEndedCalls } : {}),
  onEvent: (call, event) => {
    // First thing on arrival, before the sandbox runs anything the request asked for.
    if (event.type === 'transfer') {
      send({ type: 'transfer', uuid: call.uuid, at: process.hrtime.bigint().toString() });
      trace?.mark(`transfer arrived ${call.uuid}`);
    }
  },
});
const calls = new Map<string, SandboxCall>();

// `performance.now()` and hrtime read the same monotonic clock; the offset puts a GC entry's
// times (ms since this process's time origin) on the hrtime scale the arrivals use.
const originNs = process.hrtime.bigint() - BigInt(Math.round(performance.now() * 1e6));
const toNs = (ms: number) => (originNs + BigInt(Math.round(ms * 1e6))).toString();
const gcObserver = new PerformanceObserver((list) => {
  const spans = list
    .getEntries()
    .map((e): [string, string] => [toNs(e.startTime), toNs(e.startTime + e.duration)]);
  if (spans.length > 0) send({ type: 'gc', spans });
});
gcObserver.observe({ entryTypes: ['gc'] });

process.on('message', async (message: SandboxRequest) => {
  trace?.mark(`ipc ${message.type}`);
  if (message.type === 'trace') {
    send({ type: 'trace', id: message.id, events: trace?.events ?? [] });
  } else if (message.type === 'hangup') {
    const call = calls.get(message.uuid);
    calls.delete(message.uuid);
    if (message.id === undefined) call?.hangup('caller');
    else {
      if (call) await hangUpSettled(call);
      send({ type: 'hungup', id: message.id });
    }
  } else if (message.type === 'heap') {
    send({ type: 'heap', id: message.id, keptBytes: await heapAfterGc(), calls: sandbox.calls().length });
  } else {
    try {
      const call = sandbox.placeInboundCall({
        from: '+919811111111',
        to: '+918000000000',
        answerUrl: message.answerUrl,
        hangupUrl: message.hangupUrl,
      });
      await call.waitFor('stream_connected');
      calls.set(call.uuid, call);
      send({ type: 'placed', id: message.id, uuid: call.uuid });
    } catch (error) {
      send({ type: 'placed', id: message.id, error: error instanceof Error ? error.message : String(error) });
    }
  }
});
process.on('disconnect', async () => {
  gcObserver.disconnect();
  await sandbox.close();
  process.exit(0);
});
send({ type: 'ready', authId: sandbox.authId, authToken: sandbox.authToken, baseUrl: sandbox.baseUrl });
