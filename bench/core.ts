import {
  createHandoff,
  explicitRequest,
  keywords,
  lowConfidence,
  maxTurns,
  repetition,
  sentimentBelow,
  type TransferProvider,
  when,
} from '@handoff/core';
import { noopTransferProvider } from '@handoff/core/testing';
import { percentile } from './stats.js';
import type { BenchResult } from './types.js';

const LINES: Array<['caller' | 'agent', string]> = [
  ['agent', 'Thanks for calling. How can I help you today?'],
  ['caller', 'Hi, my card ending 4321 was charged twice for the same order'],
  ['agent', 'I am sorry to hear that. Let me check the transactions on your account.'],
  ['caller', 'It was about 2,400 rupees on Saturday, order number 88812'],
  ['agent', 'I can see two charges. I have raised a reversal request for one of them.'],
  ['caller', 'How long will the reversal take? I need the money back soon'],
  ['agent', 'Reversals usually take three to five working days.'],
  ['caller', 'Okay, and can you also check my last statement?'],
];

function makeHandoff(transfer: TransferProvider = noopTransferProvider()) {
  return createHandoff({
    transfer,
    destinations: { support: { number: '+919800000002', label: 'Senior care' } },
    triggers: [
      explicitRequest(),
      keywords(['chargeback', 'fraud']),
      sentimentBelow(-0.9),
      lowConfidence({ below: 0.2, turns: 5 }),
      repetition({ turns: 3 }),
      maxTurns(1_000_000),
      when(() => false),
    ],
  });
}

/** Adds turn number `i` (0-based) with unique text and a time that moves forward. */
function turnFor(i: number) {
  const [role, text] = LINES[i % LINES.length]!;
  return { role, text: `${text} (${i})`, at: 1_700_000_000_000 + i * 1_000, confidence: 0.9 };
}

/**
 * Median per-turn cost of `addTurn` at a given transcript length. Each sample is the mean of two
 * consecutive turns (one agent, one caller) so both paths weigh the same at every length.
 */
function costAt(length: number, samples: number): number {
  const handoff = makeHandoff();
  const perTurn: number[] = [];
  // Small transcripts: many sessions, each measured at exactly `length`.
  // Large: one session, measured at length…length+samples (a 2% drift at 10,000).
  if (length < 1_000) {
    for (let s = 0; s < samples; s++) {
      const session = handoff.startSession({ callId: `s${length}-${s}`, platform: 'bench' });
      for (let i = 0; i < length; i++) session.addTurn(turnFor(i));
      const t0 = process.hrtime.bigint();
      session.addTurn(turnFor(length));
      session.addTurn(turnFor(length + 1));
      perTurn.push(Number(process.hrtime.bigint() - t0) / 2);
    }
  } else {
    const session = handoff.startSession({ callId: `big-${length}`, platform: 'bench' });
    for (let i = 0; i < length; i++) session.addTurn(turnFor(i));
    for (let s = 0; s < samples; s++) {
      const t0 = process.hrtime.bigint();
      session.addTurn(turnFor(length + 2 * s));
      session.addTurn(turnFor(length + 2 * s + 1));
      perTurn.push(Number(process.hrtime.bigint() - t0) / 2);
    }
  }
  return (
    percentile(
      perTurn.sort((a, b) => a - b),
      50,
    ) / 1_000
  );
}

export async function benchAddTurn(): Promise<BenchResult> {
  // Warm up the JIT on both paths before measuring either.
  costAt(10, 300);
  costAt(2_000, 200);
  const at10 = costAt(10, 2_000);
  const at10k = costAt(10_000, 200);
  return {
    name: 'addTurn cost vs transcript length',
    rows: [
      { label: 'median µs/turn at turn 10', value: at10, unit: 'µs' },
      { label: 'median µs/turn at turn 10,000', value: at10k, unit: 'µs' },
    ],
    ratio: at10k / at10,
    baseline: 'the same addTurn at turn 10, same run',
    target: '≤ 1.2×',
  };
}

export async function benchTransfer(): Promise<BenchResult> {
  let startedAt = 0n;
  const samples: number[] = [];
  const handoff = makeHandoff({
    name: 'bench',
    transfer: async () => {
      samples.push(Number(process.hrtime.bigint() - startedAt));
      return {};
    },
  });
  const runs = 3_000;
  const baseline: number[] = [];
  for (let i = 0; i < runs; i++) {
    const session = handoff.startSession({ callId: `t${i}`, platform: 'bench' });
    for (let t = 0; t < 12; t++) session.addTurn(turnFor(t));
    // Baseline: the unavoidable part — build the packet and write it to the same store.
    const b0 = process.hrtime.bigint();
    await handoff.store.put(`bench:${i}`, session.context('baseline'));
    baseline.push(Number(process.hrtime.bigint() - b0));
    startedAt = process.hrtime.bigint();
    await session.transfer({ reason: 'caller asked for a person', department: 'support' });
    session.end();
  }
  // Drop the first 10% as warm-up.
  const measured = samples.slice(runs / 10).sort((a, b) => a - b);
  const base = baseline.slice(runs / 10).sort((a, b) => a - b);
  const p50 = percentile(measured, 50) / 1e6;
  const p99 = percentile(measured, 99) / 1e6;
  const b99 = percentile(base, 99) / 1e6;
  return {
    name: 'transfer() → provider invoked (no-op provider, memory store)',
    rows: [
      { label: 'p50', value: p50, unit: 'ms' },
      { label: 'p99', value: p99, unit: 'ms' },
      { label: 'baseline p99 (context + store.put)', value: b99, unit: 'ms' },
    ],
    ratio: p99 / b99,
    baseline: 'building the context packet and one store.put, same run',
    target: 'p99 < 1 ms',
  };
}
