/**
 * Whether a process's memory and handles stayed flat over a soak, from samples taken inside it
 * (test/reliability/memory-probe.ts): the heap's slope over the last two thirds of the run (the
 * first third is warm-up: JIT, pools, caches filling to their bounds), the last quartile against
 * the first, and the open handles once idle after the run against once idle before it.
 */
import type { ProcessSample } from './memory-probe.js';

export interface TimedSample extends ProcessSample {
  /** Seconds since the soak started. */
  t: number;
}

export interface Trend {
  samples: number;
  /** MiB per minute, least squares over the last two thirds. */
  heapSlope: number;
  rssSlope: number;
  /** Mean of the last quartile over the mean of the first. */
  heapRatio: number;
  rssRatio: number;
  heapFirst: number;
  heapLast: number;
  rssFirst: number;
  rssLast: number;
  /** Open sockets (TCPSocketWrap) and all handles, idle before the run and idle after it. */
  idleBefore: { sockets: number; handles: number };
  idleAfter: { sockets: number; handles: number };
  /** Most sockets open at once under load. */
  peakSockets: number;
  flat: boolean;
}

/** Flat: under this slope and ratio, and no more idle handles after than before (+ this slack). */
export const FLAT = { slopeMiBPerMin: 0.5, ratio: 1.2, handleSlack: 2 } as const;

const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

function slopePerMinute(points: Array<[number, number]>): number {
  if (points.length < 2) return 0;
  const mx = mean(points.map(([x]) => x));
  const my = mean(points.map(([, y]) => y));
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 60;
}

export const sockets = (s: ProcessSample) => s.resources.TCPSocketWrap ?? 0;
export const handles = (s: ProcessSample) => Object.values(s.resources).reduce((a, b) => a + b, 0);

export function trend(run: TimedSample[], idleBefore: ProcessSample, idleAfter: ProcessSample): Trend {
  const tail = run.slice(Math.floor(run.length / 3));
  const quarter = Math.max(1, Math.floor(run.length / 4));
  const first = run.slice(0, quarter);
  const last = run.slice(-quarter);
  const heapFirst = mean(first.map((s) => s.heapUsedMiB));
  const heapLast = mean(last.map((s) => s.heapUsedMiB));
  const rssFirst = mean(first.map((s) => s.rssMiB));
  const rssLast = mean(last.map((s) => s.rssMiB));
  const out = {
    samples: run.length,
    heapSlope: slopePerMinute(tail.map((s) => [s.t, s.heapUsedMiB])),
    rssSlope: slopePerMinute(tail.map((s) => [s.t, s.rssMiB])),
    heapRatio: heapFirst === 0 ? 1 : heapLast / heapFirst,
    rssRatio: rssFirst === 0 ? 1 : rssLast / rssFirst,
    heapFirst,
    heapLast,
    rssFirst,
    rssLast,
    idleBefore: { sockets: sockets(idleBefore), handles: handles(idleBefore) },
    idleAfter: { sockets: sockets(idleAfter), handles: handles(idleAfter) },
    peakSockets: Math.max(0, ...run.map(sockets)),
  };
  const flat =
    out.heapSlope <= FLAT.slopeMiBPerMin &&
    out.heapRatio <= FLAT.ratio &&
    out.idleAfter.handles <= out.idleBefore.handles + FLAT.handleSlack &&
    out.idleAfter.sockets <= out.idleBefore.sockets + FLAT.handleSlack;
  return { ...out, flat };
}
