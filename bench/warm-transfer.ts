/**
 * `warm-transfer`: how long the caller waits between the end of the AI's farewell and the human's
 * first word, today's `<Dial>` strategy vs the conference strategy (issue 17), on the Vobiz sandbox
 * with the same scripted timings: farewell 4 s, ring 3 s, brief 8 s (20 words at 150 wpm). The
 * sandbox runs at SCALE (1 Vobiz second = SCALE × 1000 real ms) so a run takes about a second;
 * figures are reported in Vobiz seconds.
 *
 * - `<Dial>`: the farewell plays, the Transfer API moves the caller into a `<Dial>`, the human's
 *   phone rings, they hear the brief as `confirmSound`, then the bridge: the first word.
 * - conference: the human's phone rings as soon as the packet is persisted (under the farewell);
 *   they hear the brief on their own leg and walk into the room the caller waits in. With
 *   answering-machine detection (the default) Vobiz analyses the answer before the brief: the
 *   rows show the wait without it, with the shortest window Vobiz allows (2 s) and its default (5 s).
 * - conference, keys consult, early accept: a separate scripted case, not the same human. The
 *   brief sits inside the consult's `<Gather>`, so the accept key cuts it short; this human presses
 *   1 after ACCEPT_AFTER_S seconds of it (they heard the name and the ask, the packet is on their
 *   desk). `<Dial>`'s `confirmSound` has no such key in this gateway, so its row stays the baseline.
 *
 * The first word is the moment both sides can hear each other: the sandbox's `bridged` event for
 * `<Dial>`, the second of the two `conference_joined` events for the conference.
 */
import { createHandoff } from '@handoff/core';
import { createGateway, type GatewayOptions } from '@handoff/gateway';
import { vobizCarrier } from '@handoff/vobiz';
import { createVobizSandbox, type SandboxCall } from '@handoff/vobiz-sandbox';
import { median } from './stats.js';
import type { BenchResult } from './types.js';

const SCALE = 0.1;
const FAREWELL_S = 4;
const RING_S = 3;
/** 20 words: 8 s at the 150 words a minute Vobiz's TTS (and the sandbox) speaks. */
const BRIEF =
  'Asha Rao wants a forty lakh home loan, account ending 1234, asked about rates twice, calm, prefers Hindi if possible.';
const RUNS = 5;
/** The early-accept case: the human presses 1 this far into the 8 s brief. */
const ACCEPT_AFTER_S = 3;
const DID = '+918000000000';
const HUMAN = '+919800000002';

type Strategy =
  | { kind: 'dial' }
  | { kind: 'conference'; machineDetectionTimeMs?: number | 'off'; acceptAfterS?: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Median wait (Vobiz seconds) from the end of the farewell to the first word, over RUNS calls. */
async function measure(strategy: Strategy): Promise<number> {
  const sandbox = await createVobizSandbox({
    timeScale: SCALE,
    endpoints: { [HUMAN]: { kind: 'answer', afterMs: RING_S * 1000 * SCALE } },
  });
  const vobiz = { authId: sandbox.authId, authToken: sandbox.authToken, baseUrl: sandbox.baseUrl };
  const handoff = createHandoff({
    transfer: vobizCarrier(vobiz),
    destinations: { support: { numbers: [HUMAN], label: 'Senior care' } },
  });
  // Scripted: the same brief, whatever the transcript, so both strategies speak 8 s to the human.
  Object.assign(handoff.render, { whisper: () => BRIEF });
  const conference: GatewayOptions['conference'] =
    strategy.kind === 'conference'
      ? {
          ...(strategy.machineDetectionTimeMs === 'off'
            ? { machineDetection: false }
            : strategy.machineDetectionTimeMs === undefined
              ? {}
              : { machineDetectionTimeMs: strategy.machineDetectionTimeMs }),
          ...(strategy.acceptAfterS === undefined ? {} : { consult: 'keys' as const }),
        }
      : undefined;
  const gateway = createGateway({
    handoff,
    vobiz: { ...vobiz, callerId: DID },
    answer: { kind: 'stream' },
    transferStrategy: strategy.kind,
    ...(conference ? { conference } : {}),
    ringTimeoutSec: 60,
  });
  await gateway.listen(0);
  gateway.onMedia(() => undefined);
  const waits: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const call = sandbox.placeInboundCall({
        from: `+91981111${String(1000 + run)}`,
        to: DID,
        answerUrl: `${gateway.publicUrl}/vobiz/answer`,
        hangupUrl: `${gateway.publicUrl}/vobiz/hangup`,
      });
      await call.waitFor('stream_connected');
      const session = handoff.session(call.uuid)!;
      session.addTurn({ role: 'caller', text: 'I want to talk to someone about my home loan' });
      let farewellEnd = 0;
      const seenHumans = new Set(sandbox.calls().map((c) => c.uuid));
      await session.transfer(
        { reason: 'wants a person', department: 'support' },
        {
          beforeTransfer: async () => {
            await sleep(FAREWELL_S * 1000 * SCALE);
            farewellEnd = Date.now();
          },
        },
      );
      const firstWord = await firstWordAt(strategy, call, () =>
        sandbox.calls().find((c) => c.direction === 'outbound' && !seenHumans.has(c.uuid)),
      );
      waits.push((firstWord - farewellEnd) / 1000 / SCALE);
      call.hangup('caller');
      await call.waitFor('hangup');
    }
  } finally {
    await gateway.close();
    await sandbox.close();
    await handoff.close();
  }
  return median(waits);
}

async function firstWordAt(
  strategy: Strategy,
  caller: SandboxCall,
  humanCall: () => SandboxCall | undefined,
): Promise<number> {
  if (strategy.kind === 'dial') return (await caller.waitFor('bridged', { timeoutMs: 20_000 })).at;
  const callerIn = await caller.waitFor('conference_joined', { timeoutMs: 20_000 });
  let human = humanCall();
  for (let i = 0; !human && i < 2000; i++) {
    await sleep(5);
    human = humanCall();
  }
  if (!human) throw new Error('the human was never rung');
  if (strategy.acceptAfterS !== undefined) {
    // The brief starts with the Gather that holds it; the human presses 1 partway through.
    await human.waitFor('gather_started', { timeoutMs: 20_000 });
    await sleep(strategy.acceptAfterS * 1000 * SCALE);
    human.pressDigits('1');
  }
  const humanIn = await human.waitFor('conference_joined', { timeoutMs: 20_000 });
  return Math.max(callerIn.at, humanIn.at);
}

export async function benchWarmTransfer(): Promise<BenchResult> {
  const dial = await measure({ kind: 'dial' });
  const noAmd = await measure({ kind: 'conference', machineDetectionTimeMs: 'off' });
  const amdShortest = await measure({ kind: 'conference', machineDetectionTimeMs: 2000 });
  const amdDefault = await measure({ kind: 'conference' });
  const earlyAccept = await measure({
    kind: 'conference',
    machineDetectionTimeMs: 'off',
    acceptAfterS: ACCEPT_AFTER_S,
  });
  return {
    name: `caller's wait from the end of the farewell to the human's first word (farewell ${FAREWELL_S} s, ring ${RING_S} s, brief 8 s; median of ${RUNS}; Vobiz seconds)`,
    rows: [
      { label: '<Dial> (confirmSound brief, no AMD)', value: dial, unit: 's' },
      { label: 'conference, machine detection off', value: noAmd, unit: 's' },
      { label: 'conference, machine detection 2 s', value: amdShortest, unit: 's' },
      { label: 'conference, machine detection 5 s (default)', value: amdDefault, unit: 's' },
      {
        label: `conference, keys consult, human accepts ${ACCEPT_AFTER_S} s into the brief (AMD off; a separate scripted case)`,
        value: earlyAccept,
        unit: 's',
      },
      { label: 'conference (AMD off) ÷ <Dial>', value: noAmd / dial, unit: '×' },
      { label: 'conference (AMD 2 s) ÷ <Dial>', value: amdShortest / dial, unit: '×' },
      {
        label: `conference, early accept at ${ACCEPT_AFTER_S} s (AMD off) ÷ <Dial>`,
        value: earlyAccept / dial,
        unit: '×',
      },
    ],
    ratio: amdDefault / dial,
    baseline: '<Dial> strategy, same sandbox, same scripted timings, same run',
    target: 'conference ≤ 0.5× <Dial> (issue 17)',
    notes:
      `sandbox timeScale ${SCALE}; the floor for any strategy that briefs before connecting is ` +
      `(ring + brief − farewell) ÷ (ring + brief) = 7 ÷ 11 = 0.64× for these timings; machine detection adds its window; ` +
      `a human who accepts ${ACCEPT_AFTER_S} s into the brief: (ring + ${ACCEPT_AFTER_S} − farewell) ÷ 11 = ${((RING_S + ACCEPT_AFTER_S - FAREWELL_S) / (RING_S + 8)).toFixed(2)}×`,
  };
}
