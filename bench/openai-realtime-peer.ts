/**
 * Our Realtime bridge beside the raw relay and beside OpenAI's own phone transport
 * (`TwilioRealtimeTransportLayer` from `@openai/agents-extensions` in a `RealtimeSession`), in one
 * run: `npm run bench -- realtime-peer`. Each system runs alone in a fresh child process
 * (`openai-realtime-server.ts`) against the same fake Realtime server in this process, which
 * echoes every appended frame back as model audio; the callers run here too. Ours and the relay
 * take Vobiz `<Stream>` callers, the peer Twilio Media Streams callers (the protocol it speaks;
 * the frames are the same 20 ms of μ-law).
 *
 * At each load (100, then 200 calls) the three run one after the other, for ROUNDS rounds in
 * alternating order; each figure is the median over the rounds, and the ratios compare figures
 * from the same load in the same run: CPU per round-tripped frame, heap each call keeps
 * (after the window, callers silent, a forced GC), and p99 round-trip latency.
 */
import { loadavg } from 'node:os';
import { closeServer, fakeRealtime, type PhaseResult, phase, type SutMode } from './openai-realtime.js';
import type { BenchResult } from './types.js';

const LOADS = [100, 200] as const;
const SECONDS = 3;
/** Rounds per load, each running the three in turn; figures are medians over them. */
const ROUNDS = 2;
const MODES: readonly SutMode[] = ['bridge', 'relay', 'peer'];
/**
 * A system that round-trips less than this share of the offered frames has fallen behind: it reads
 * several frames per wake-up and writes them in fewer syscalls, so its CPU per frame drops and is
 * no longer comparable with one that keeps up. The ratios at such a load are printed, and flagged.
 */
const KEPT_UP = 0.95;
const NAMES: Record<SutMode, string> = {
  bridge: 'ours (@handoff/openai-realtime)',
  relay: 'raw ws relay',
  peer: 'OpenAI TwilioRealtimeTransportLayer',
};

type Row = BenchResult['rows'][number];

/** The machine's 1-minute load average before a load's first phase and after its last. */
type Load = { before: number; after: number };

function rowsAt(calls: number, r: Record<SutMode, PhaseResult>, load: Load): Row[] {
  const at = `@${calls}: `;
  const offered = calls * 50;
  const rows: Row[] = [
    { label: `${at}offered (calls × 50)`, value: offered, unit: 'frames/s' },
    // On a shared machine the others' load moves CPU per frame: read the figures beside it.
    { label: `${at}load average (1 min) before`, value: load.before, unit: '' },
    { label: `${at}load average (1 min) after`, value: load.after, unit: '' },
  ];
  for (const mode of MODES) {
    const p = r[mode];
    rows.push(
      { label: `${at}${NAMES[mode]} round-tripped`, value: p.framesPerSecond, unit: 'frames/s' },
      { label: `${at}${NAMES[mode]} share of offered`, value: p.framesPerSecond / offered, unit: '×' },
      { label: `${at}${NAMES[mode]} CPU per frame`, value: p.cpuMicrosPerFrame, unit: 'µs' },
      { label: `${at}${NAMES[mode]} CPU`, value: p.cpuCores, unit: 'cores' },
      { label: `${at}${NAMES[mode]} heap per call`, value: p.heapPerCallKb, unit: 'KiB' },
      { label: `${at}${NAMES[mode]} heap growth per call, cold`, value: p.heapGrowthPerCallKb, unit: 'KiB' },
      { label: `${at}${NAMES[mode]} RSS per call`, value: p.rssPerCallKb, unit: 'KiB' },
      { label: `${at}${NAMES[mode]} p50 round trip`, value: p.p50Ms, unit: 'ms' },
      { label: `${at}${NAMES[mode]} p99 round trip`, value: p.p99Ms, unit: 'ms' },
      { label: `${at}${NAMES[mode]} longest GC pause`, value: p.gcMaxMs, unit: 'ms' },
      { label: `${at}driver CPU in its window`, value: p.driverCpuCores, unit: 'cores' },
    );
  }
  const { bridge, relay, peer } = r;
  // 1 when all three carried the offered load, so the CPU-per-frame ratios below compare like with like.
  const keptUp = MODES.every((mode) => r[mode].framesPerSecond >= KEPT_UP * offered);
  rows.push(
    {
      label: `${at}all three kept up (≥ ${KEPT_UP * 100} % of offered)`,
      value: keptUp ? 1 : 0,
      unit: 'yes=1',
    },
    {
      label: `${at}ours / peer, CPU per frame`,
      value: bridge.cpuMicrosPerFrame / peer.cpuMicrosPerFrame,
      unit: '×',
    },
    {
      label: `${at}ours / relay, CPU per frame`,
      value: bridge.cpuMicrosPerFrame / relay.cpuMicrosPerFrame,
      unit: '×',
    },
    { label: `${at}ours / peer, heap per call`, value: bridge.heapPerCallKb / peer.heapPerCallKb, unit: '×' },
    {
      label: `${at}ours / relay, heap per call`,
      value: bridge.heapPerCallKb / relay.heapPerCallKb,
      unit: '×',
    },
    {
      label: `${at}ours / relay, heap growth per call, cold`,
      value: bridge.heapGrowthPerCallKb / relay.heapGrowthPerCallKb,
      unit: '×',
    },
    { label: `${at}ours / peer, p99 round trip`, value: bridge.p99Ms / peer.p99Ms, unit: '×' },
    { label: `${at}ours / relay, p99 round trip`, value: bridge.p99Ms / relay.p99Ms, unit: '×' },
  );
  return rows;
}

/**
 * Heap kept per extra call between consecutive loads: (heap at the higher load − heap at the lower)
 * / the calls added, from each load's median per-call figure. Whatever a system sets up once after
 * the warm-up (code optimised in the window, tables grown) is in both and cancels, which the
 * per-call figure at one load spreads over its calls.
 */
function perExtraCall(results: Array<[number, Record<SutMode, PhaseResult>]>): Row[] {
  const rows: Row[] = [];
  for (let i = 1; i < results.length; i++) {
    const [low, lower] = results[i - 1]!;
    const [high, higher] = results[i]!;
    const at = `${low} → ${high} calls: `;
    const slope = (mode: SutMode) =>
      (higher[mode].heapPerCallKb * high - lower[mode].heapPerCallKb * low) / (high - low);
    for (const mode of MODES)
      rows.push({ label: `${at}${NAMES[mode]} heap per extra call`, value: slope(mode), unit: 'KiB' });
    rows.push(
      { label: `${at}ours / relay, heap per extra call`, value: slope('bridge') / slope('relay'), unit: '×' },
      { label: `${at}ours / peer, heap per extra call`, value: slope('bridge') / slope('peer'), unit: '×' },
    );
  }
  return rows;
}

/** Each figure's median over the rounds (the mean of the middle two when even). */
function medianOf(runs: PhaseResult[]): PhaseResult {
  const keys = Object.keys(runs[0]!) as Array<keyof PhaseResult>;
  const mid = (values: number[]) => {
    const v = [...values].sort((a, b) => a - b);
    const h = Math.floor(v.length / 2);
    return v.length % 2 === 1 ? v[h]! : (v[h - 1]! + v[h]!) / 2;
  };
  const median = { ...runs[0]! };
  for (const k of keys) median[k] = mid(runs.map((r) => r[k]));
  return median;
}

export async function benchRealtimePeer(): Promise<BenchResult> {
  const fake = await fakeRealtime();
  const results: Array<[number, Record<SutMode, PhaseResult>]> = [];
  const loads: Load[] = [];
  try {
    for (const calls of LOADS) {
      const runs: Record<SutMode, PhaseResult[]> = { bridge: [], relay: [], peer: [] };
      const before = loadavg()[0]!;
      for (let round = 0; round < ROUNDS; round++) {
        // Alternate the order, so none of the three always runs first (or last) on a busy machine.
        for (const mode of round % 2 === 0 ? MODES : [...MODES].reverse()) {
          runs[mode].push(await phase(mode, fake.url, calls, SECONDS));
          for (const c of fake.server.clients) c.terminate();
        }
      }
      loads.push({ before, after: loadavg()[0]! });
      results.push([
        calls,
        { bridge: medianOf(runs.bridge), relay: medianOf(runs.relay), peer: medianOf(runs.peer) },
      ]);
    }
  } finally {
    await closeServer(fake.server);
  }
  const [, first] = results[0]!;
  return {
    name: `openai-realtime: ours vs the raw relay vs OpenAI's TwilioRealtimeTransportLayer (${LOADS.join(' and ')} calls, ${ROUNDS} rounds of ${SECONDS} s windows, medians)`,
    rows: [...results.flatMap(([calls, r], i) => rowsAt(calls, r, loads[i]!)), ...perExtraCall(results)],
    ratio: first.bridge.cpuMicrosPerFrame / first.peer.cpuMicrosPerFrame,
    baseline: `OpenAI's TwilioRealtimeTransportLayer 0.12.0 in a RealtimeSession, CPU per frame at ${LOADS[0]} calls, same run`,
    target: 'ours ≤ 0.5× the peer on CPU per frame; ≤ 1.1× the relay on CPU per frame and heap per call',
    notes:
      'Each system alone in a fresh child, in turn, against one fake Realtime server (deltas echo the appended frames). ' +
      'CPU per frame = child CPU / frames round-tripped in the window (the peer also answers a Twilio mark per frame, as Twilio does). ' +
      'Heap/RSS per call = child memory after a forced GC with all calls still up after the window (callers silent, sockets drained), less the same after 20 warm-up calls streamed 1.5 s and hung up (so one-time code and set-up are not counted per call), / calls; ' +
      '"growth, cold" is the same from the child before any call; "per extra call" is the heap added between the two loads / the calls added. ' +
      `At a load where any of the three round-trips less than ${KEPT_UP * 100} % of the offered frames ("kept up" 0), that one has fallen behind and reads several frames per wake-up, so its CPU per frame is lower than at a load it carries: compare CPU per frame at the highest load all three keep up with.`,
  };
}
