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
import { closeServer, fakeRealtime, type PhaseResult, phase, type SutMode } from './openai-realtime.js';
import type { BenchResult } from './types.js';

const LOADS = [100, 200] as const;
const SECONDS = 3;
/** Rounds per load, each running the three in turn; figures are medians over them. */
const ROUNDS = 2;
const MODES: readonly SutMode[] = ['bridge', 'relay', 'peer'];
const NAMES: Record<SutMode, string> = {
  bridge: 'ours (@handoff/openai-realtime)',
  relay: 'raw ws relay',
  peer: 'OpenAI TwilioRealtimeTransportLayer',
};

type Row = BenchResult['rows'][number];

function rowsAt(calls: number, r: Record<SutMode, PhaseResult>): Row[] {
  const at = `@${calls}: `;
  const rows: Row[] = [{ label: `${at}offered (calls × 50)`, value: calls * 50, unit: 'frames/s' }];
  for (const mode of MODES) {
    const p = r[mode];
    rows.push(
      { label: `${at}${NAMES[mode]} round-tripped`, value: p.framesPerSecond, unit: 'frames/s' },
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
  rows.push(
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
  try {
    for (const calls of LOADS) {
      const runs: Record<SutMode, PhaseResult[]> = { bridge: [], relay: [], peer: [] };
      for (let round = 0; round < ROUNDS; round++) {
        // Alternate the order, so none of the three always runs first (or last) on a busy machine.
        for (const mode of round % 2 === 0 ? MODES : [...MODES].reverse()) {
          runs[mode].push(await phase(mode, fake.url, calls, SECONDS));
          for (const c of fake.server.clients) c.terminate();
        }
      }
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
    rows: results.flatMap(([calls, r]) => rowsAt(calls, r)),
    ratio: first.bridge.cpuMicrosPerFrame / first.peer.cpuMicrosPerFrame,
    baseline: `OpenAI's TwilioRealtimeTransportLayer 0.12.0 in a RealtimeSession, CPU per frame at ${LOADS[0]} calls, same run`,
    target: 'ours ≤ 0.5× the peer on CPU per frame; ≤ 1.1× the relay on CPU per frame and heap per call',
    notes:
      'Each system alone in a fresh child, in turn, against one fake Realtime server (deltas echo the appended frames). ' +
      'CPU per frame = child CPU / frames round-tripped in the window (the peer also answers a Twilio mark per frame, as Twilio does). ' +
      'Heap/RSS per call = child memory after a forced GC with all calls still up after the window (callers silent, sockets drained), less the same after 20 warm-up calls streamed 1.5 s and hung up (so one-time code and set-up are not counted per call), / calls; ' +
      '"growth, cold" is the same from the child before any call.',
  };
}
