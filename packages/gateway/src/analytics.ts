import { type AiCallEntry, aiCallLogKey, type Handoff, type PublicHandoffRecord } from '@handoff/core';
import { HttpError } from './http-errors.js';

/** Most records one report reads (newest first); a wider range is cut here and says so. */
export const MAX_ANALYTICS_RECORDS = 5_000;
/** Most days of AI-call logs one report reads: a wider range counts the calls of its last days only. */
export const MAX_ANALYTICS_DAYS = 400;
const DAY_MS = 24 * 60 * 60_000;

/** A resolved handoff counts as first-contact resolution when the caller has no handoff this soon after. */
export const FCR_WINDOW_MS = 7 * 24 * 60 * 60_000;

export interface Analytics {
  from: number;
  to: number;
  handoffs: number;
  /**
   * The AI calls started in range (from the instances running with `liveCalls: true`, plus any
   * call a handoff in range came from) and how many of them were handed off: the handoff rate.
   */
  calls: { total: number; handedOff: number; neverHandedOff: number; handoffRate: number };
  /** `true` when more than `MAX_ANALYTICS_RECORDS` were in range: the figures cover the newest. */
  truncated: boolean;
  /** Handoffs per trigger; `rate` is per AI call (`count / calls.total`). */
  byTrigger: Record<string, { count: number; rate: number }>;
  byRule: Record<string, { count: number; rate: number }>;
  /** From the transfer request to the human answering, over the handoffs a human answered. */
  timeToAnswerMs: { count: number; p50?: number; p90?: number };
  /** Callers who hung up while the human's phone rang, over the handoffs that were dialled. */
  abandonedWhileRinging: { count: number; dialled: number; rate: number };
  byDestination: Record<
    string,
    { handoffs: number; outcomes: Record<string, number>; dispositions: Record<string, number> }
  >;
  /** Resolved at the desk with no new handoff from the same caller within `FCR_WINDOW_MS`, over disposed handoffs. */
  firstContactResolution: { resolved: number; disposed: number; rate: number };
}

/** `?from=&to=` as ms since the epoch or ISO dates; the last 7 days by default. */
export function parseRange(query: URLSearchParams, now: number): { from: number; to: number } {
  const read = (name: string): number | undefined => {
    const raw = query.get(name);
    if (raw === null || raw === '') return undefined;
    const value = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
    if (!Number.isFinite(value))
      throw new HttpError(400, 'invalid_query', `\`${name}\` must be a date or ms since the epoch`);
    return value;
  };
  const to = read('to') ?? now;
  const from = read('from') ?? to - 7 * 24 * 60 * 60_000;
  if (from > to) throw new HttpError(400, 'invalid_query', '`from` must not be after `to`');
  return { from, to };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 10_000) / 10_000);

function tally(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

/** The figures over the records created in `range`; records after it count for first-contact resolution. */
export function computeAnalytics(
  records: readonly PublicHandoffRecord[],
  range: { from: number; to: number },
  truncated = false,
  aiCalls: readonly AiCallEntry[] = [],
): Analytics {
  const inRange = records.filter((r) => r.createdAt >= range.from && r.createdAt <= range.to);
  const total = inRange.length;
  const handedOff = new Set(inRange.map((r) => r.callId));
  const calls = new Set(handedOff);
  for (const call of aiCalls)
    if (call.startedAt >= range.from && call.startedAt <= range.to) calls.add(call.callId);
  const triggers: Record<string, number> = {};
  const rules: Record<string, number> = {};
  const answered: number[] = [];
  let dialled = 0;
  let abandoned = 0;
  const byDestination: Analytics['byDestination'] = {};
  let disposed = 0;
  let resolved = 0;
  const handoffsOf = new Map<string, number[]>();
  for (const r of records) {
    const from = r.context.call.from;
    if (from) handoffsOf.set(from, [...(handoffsOf.get(from) ?? []), r.createdAt]);
  }
  for (const r of inRange) {
    const ctx = r.context;
    tally(triggers, ctx.trigger.kind);
    if (ctx.trigger.rule) tally(rules, ctx.trigger.rule);
    const t = ctx.timings;
    const asked = t.transferRequestedAt ?? t.triggeredAt;
    if (t.answeredAt !== undefined && asked !== undefined) answered.push(t.answeredAt - asked);
    if (ctx.dialAttempts.length > 0) {
      dialled++;
      if (r.status === 'caller_hung_up' && t.answeredAt === undefined) abandoned++;
    }
    const key = r.destination?.key ?? ctx.destination?.key ?? 'none';
    byDestination[key] ??= { handoffs: 0, outcomes: {}, dispositions: {} };
    const dest = byDestination[key];
    dest.handoffs++;
    tally(dest.outcomes, r.status);
    if (r.disposition) {
      tally(dest.dispositions, r.disposition.outcome);
      disposed++;
      const from = ctx.call.from;
      const again = from
        ? (handoffsOf.get(from) ?? []).some((at) => at > r.createdAt && at - r.createdAt <= FCR_WINDOW_MS)
        : false;
      if (r.disposition.outcome === 'resolved' && !again) resolved++;
    }
  }
  const rates = (counts: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(counts).map(([k, count]) => [k, { count, rate: ratio(count, calls.size) }]),
    );
  answered.sort((a, b) => a - b);
  return {
    from: range.from,
    to: range.to,
    handoffs: total,
    calls: {
      total: calls.size,
      handedOff: handedOff.size,
      neverHandedOff: calls.size - handedOff.size,
      handoffRate: ratio(handedOff.size, calls.size),
    },
    truncated,
    byTrigger: rates(triggers),
    byRule: rates(rules),
    timeToAnswerMs: {
      count: answered.length,
      ...(answered.length > 0 ? { p50: percentile(answered, 50), p90: percentile(answered, 90) } : {}),
    },
    abandonedWhileRinging: { count: abandoned, dialled, rate: ratio(abandoned, dialled) },
    byDestination,
    firstContactResolution: { resolved, disposed, rate: ratio(resolved, disposed) },
  };
}

/** Reads the newest records (bounded) and computes the figures for `range` over those `keep` accepts. */
export async function analyticsFor(
  handoff: Handoff,
  range: { from: number; to: number },
  keep: (record: PublicHandoffRecord) => boolean = () => true,
): Promise<Analytics> {
  const [records, aiCalls] = await Promise.all([
    handoff.list({ limit: MAX_ANALYTICS_RECORDS }).then((all) => all.filter(keep)),
    aiCallsIn(handoff, range),
  ]);
  const oldest = records.at(-1)?.createdAt;
  const truncated = records.length >= MAX_ANALYTICS_RECORDS && oldest !== undefined && oldest > range.from;
  return computeAnalytics(records, range, truncated, aiCalls);
}

/** The AI calls logged on the days `range` covers (the last `MAX_ANALYTICS_DAYS` of them). */
async function aiCallsIn(handoff: Handoff, range: { from: number; to: number }): Promise<AiCallEntry[]> {
  const first = Math.max(range.from, range.to - (MAX_ANALYTICS_DAYS - 1) * DAY_MS);
  const days: number[] = [];
  for (let day = Math.floor(first / DAY_MS); day <= Math.floor(range.to / DAY_MS); day++)
    days.push(day * DAY_MS);
  const logs = await Promise.all(days.map((at) => handoff.store.range<AiCallEntry>(aiCallLogKey(at), 0)));
  return logs.flat();
}
