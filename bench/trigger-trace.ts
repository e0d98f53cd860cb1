/**
 * TRIGGER_TRACE=1 for `gateway:trigger-to-transfer`: what each process did around each sample.
 * Both the gateway's process and the sandbox's record, on the hrtime (CLOCK_MONOTONIC) scale the
 * samples are on, every HTTP request they served or sent (diagnostics channels, read-only) and
 * the bench's own marks, each with the process's event-loop active time so far
 * (`eventLoopUtilization`), so a slow sample can be split into who was busy with what.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface TraceEvent {
  /** hrtime, ms. */
  at: number;
  what: string;
  /** This process's event-loop active time so far, ms. */
  busyMs: number;
  /**
   * The JS thread's time on a core and waiting in the run queue for one so far, ms (Linux
   * schedstat): busy time that is not on a core is time the machine gave to someone else.
   */
  cpuMs: number;
  waitMs: number;
}

/** The calling thread's `[on-core, run-queue wait]` so far, ms; zeros where Linux does not say. */
function schedstat(): [number, number] {
  try {
    const [run, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ');
    return [Number(run) / 1e6, Number(wait) / 1e6];
  } catch {
    return [0, 0];
  }
}

export interface Trace {
  readonly events: TraceEvent[];
  mark(what: string): void;
  stop(): void;
}

type Listener = (message: unknown) => void;

export function startTrace(): Trace {
  const events: TraceEvent[] = [];
  const mark = (what: string) => {
    const [cpuMs, waitMs] = schedstat();
    events.push({
      at: Number(process.hrtime.bigint()) / 1e6,
      what,
      busyMs: performance.eventLoopUtilization().active,
      cpuMs,
      waitMs,
    });
  };
  const listeners: Record<string, Listener> = {
    'http.server.request.start': (m) => {
      const { request } = m as { request: { method: string; url: string } };
      mark(`served ${request.method} ${request.url}`);
    },
    'http.server.response.finish': (m) => {
      const { request } = m as { request: { url: string } };
      mark(`answered ${request.url}`);
    },
    'undici:request:create': (m) => {
      const { request } = m as { request: { method: string; origin: string; path: string } };
      mark(`send ${request.method} ${request.path}`);
    },
    'undici:request:headers': (m) => {
      const { request, response } = m as { request: { path: string }; response: { statusCode: number } };
      mark(`got ${response.statusCode} ${request.path}`);
    },
  };
  for (const [name, listener] of Object.entries(listeners)) subscribe(name, listener);
  return {
    events,
    mark,
    stop: () => {
      for (const [name, listener] of Object.entries(listeners)) unsubscribe(name, listener);
    },
  };
}

/** Short labels: uuids and long ids cut to 8 characters. */
const short = (what: string) => what.replace(/[0-9a-f-]{20,}/gi, (id) => id.slice(0, 8));

/**
 * The `count` slowest samples, each as its split and the events of both processes from `leadMs`
 * before its trigger to its arrival, times relative to the trigger.
 */
export function describeSlowest(
  samples: ReadonlyArray<{ t0: number; sent: number; arrived: number; index: number }>,
  here: ReadonlyArray<TraceEvent>,
  sandbox: ReadonlyArray<TraceEvent>,
  count: number,
  leadMs = 15,
): string {
  const lines: string[] = [];
  const slowest = [...samples].sort((a, b) => b.arrived - b.t0 - (a.arrived - a.t0)).slice(0, count);
  /** Busy and CPU ms from the last event at or before `from` to the first at or after `to`. */
  const busyBetween = (events: ReadonlyArray<TraceEvent>, from: number, to: number) => {
    const first = events.findLast((e) => e.at <= from);
    const last = events.find((e) => e.at >= to);
    if (!first || !last) return 'n/a';
    const span = last.at - first.at;
    return `${(last.busyMs - first.busyMs).toFixed(2)} busy, ${(last.cpuMs - first.cpuMs).toFixed(2)} on a core, ${(last.waitMs - first.waitMs).toFixed(2)} waiting for one, of ${span.toFixed(2)} ms`;
  };
  for (const s of slowest) {
    const total = s.arrived - s.t0;
    lines.push(
      `#${s.index} ${total.toFixed(2)} ms: trigger→sent ${(s.sent - s.t0).toFixed(2)}, sent→arrival ${(s.arrived - s.sent).toFixed(2)}; gateway ${busyBetween(here, s.t0, s.arrived)}; sandbox ${busyBetween(sandbox, s.t0, s.arrived)}`,
    );
    const from = s.t0 - leadMs;
    const merged = [
      ...here.filter((e) => e.at >= from && e.at <= s.arrived + 0.5).map((e) => ({ ...e, who: 'gw' })),
      ...sandbox.filter((e) => e.at >= from && e.at <= s.arrived + 0.5).map((e) => ({ ...e, who: 'sb' })),
    ].sort((a, b) => a.at - b.at);
    for (const e of merged)
      lines.push(
        `    ${(e.at - s.t0).toFixed(2).padStart(7)} ${e.who} busy=${e.busyMs.toFixed(1)} cpu=${e.cpuMs.toFixed(1)} wait=${e.waitMs.toFixed(1)} ${short(e.what)}`,
      );
  }
  return lines.join('\n');
}

/**
 * Over the samples above `slowMs`: how many had another call's HTTP traffic (a webhook, an XML
 * fetch, IPC) in either process inside their window, and the medians of each process's JS thread
 * time on a core and waiting for one over the window.
 */
export function summarizeSlow(
  samples: ReadonlyArray<{ t0: number; arrived: number; uuid: string }>,
  here: ReadonlyArray<TraceEvent>,
  sandbox: ReadonlyArray<TraceEvent>,
  slowMs: number,
): string {
  const slow = samples.filter((s) => s.arrived - s.t0 > slowMs);
  const spent = (events: ReadonlyArray<TraceEvent>, from: number, to: number) => {
    const first = events.findLast((e) => e.at <= from);
    const last = events.find((e) => e.at >= to);
    return first && last ? [last.cpuMs - first.cpuMs, last.waitMs - first.waitMs] : [0, 0];
  };
  const foreign = (s: { t0: number; arrived: number; uuid: string }) =>
    [...here, ...sandbox].some(
      (e) =>
        e.at > s.t0 &&
        e.at < s.arrived &&
        /^(served|answered|send|got|ipc)/.test(e.what) &&
        !e.what.includes(s.uuid),
    );
  const framed = (s: { t0: number; arrived: number }) =>
    here.some((e) => e.at > s.t0 && e.at < s.arrived && e.what === 'media frame');
  const med = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  const rows = slow.map((s) => [...spent(here, s.t0, s.arrived), ...spent(sandbox, s.t0, s.arrived)]);
  const waited = rows.filter(([, gw = 0, , sb = 0], i) => gw + sb > (slow[i]!.arrived - slow[i]!.t0) / 2);
  const all = samples.map((s) => [...spent(here, s.t0, s.arrived), ...spent(sandbox, s.t0, s.arrived)]);
  const typical = `all ${samples.length}: gateway on a core ${med(all.map((r) => r[0]!)).toFixed(2)}, waiting ${med(all.map((r) => r[1]!)).toFixed(2)}; sandbox on a core ${med(all.map((r) => r[2]!)).toFixed(2)}, waiting ${med(all.map((r) => r[3]!)).toFixed(2)} ms; with another call's traffic inside: ${samples.filter(foreign).length}, with a media frame of its own inside: ${samples.filter(framed).length}`;
  return `${typical}\n  slow (> ${slowMs} ms): ${slow.length}; with another call's traffic inside: ${slow.filter(foreign).length}, with a media frame: ${slow.filter(framed).length}; waiting for a core over half the sample: ${waited.length}; medians: gateway on a core ${med(rows.map((r) => r[0]!)).toFixed(2)}, waiting ${med(rows.map((r) => r[1]!)).toFixed(2)}; sandbox on a core ${med(rows.map((r) => r[2]!)).toFixed(2)}, waiting ${med(rows.map((r) => r[3]!)).toFixed(2)} ms; slow samples' mean ${(slow.reduce((n, s) => n + s.arrived - s.t0, 0) / Math.max(1, slow.length)).toFixed(2)} ms`;
}

/** Both of the above on stderr, for the run labelled `label`. */
export function printTrace(
  label: string,
  samples: ReadonlyArray<{ t0: number; sent: number; arrived: number; index: number; uuid: string }>,
  here: ReadonlyArray<TraceEvent>,
  sandbox: ReadonlyArray<TraceEvent>,
  slowMs: number,
): void {
  console.error(describeSlowest(samples, here, sandbox, 8));
  console.error(`${label}: ${summarizeSlow(samples, here, sandbox, slowMs)}`);
}
