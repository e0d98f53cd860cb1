/**
 * Trains the learned intent and issue-type models (`src/extract/learned-model.ts`) on the labelled
 * calls and, with `--write`, commits them as `src/extract/learned-weights.ts`:
 *
 *   node --conditions=@handoff/source --import tsx packages/core/eval/train-classifier.ts --write
 *
 * Run it after changing the cases, `learned-features.ts` or the settings below. Training is
 * multinomial logistic regression (softmax, L2-penalised) over every caller turn and every call's
 * caller turns together, each labelled with its call's intent / issue type ("none" where the call
 * has none). Full-batch steps in a fixed order, no random start: the same cases always give the
 * same weights. It beat the averaged perceptron it replaced (still `learner: 'perceptron'`) on the
 * leave-one-set-out mean (core README). `npm run eval -- --leave-one-out` calls `trainModels` once
 * per case set, without that set.
 */
import { writeFileSync } from 'node:fs';
import { forEachFeature } from '../src/extract/learned-features.ts';
import { type LearnedModelData, packModel } from '../src/extract/learned-model.ts';
import { clauseTokens, foldText } from '../src/extract/text.ts';
import type { EvalCase } from './types.ts';

export interface TrainSettings {
  epochs: number;
  /** Averaged weights smaller than this are dropped: they rarely change a decision and cost bytes. */
  prune: number;
  /** Weights are stored as integers of 1/scale. */
  scale: number;
  /** Features said in fewer calls than this are ignored: names and one-off words teach nothing. */
  minCalls: number;
  /** One example per caller turn, or one per call (its caller turns together), or both. */
  unit: 'turn' | 'call' | 'both';
  /**
   * `perceptron`: averaged perceptron, `epochs` passes. `softmax`: multinomial logistic regression
   * with an L2 penalty `l2`, `epochs` full-batch AdaGrad steps of size `rate` (no shuffle, so no seed).
   */
  learner: 'perceptron' | 'softmax';
  l2: number;
  rate: number;
}

// Chosen by the leave-one-set-out mean (`npm run eval -- --leave-one-out`, core README): stronger L2
// or a higher prune lost calls; prune 0.07 keeps the file under 200 KB at the accuracy of 0.05.
export const SETTINGS: TrainSettings = {
  learner: 'softmax',
  epochs: 150,
  prune: 0.07,
  scale: 100,
  unit: 'both',
  minCalls: 3,
  l2: 0.003,
  rate: 0.5,
};

interface Example {
  features: number[];
  label: number;
}

const BIAS = 0;

function featuresOf(text: string): number[] {
  const out: number[] = [BIAS];
  forEachFeature(clauseTokens(foldText(text)), (f) => out.push(f));
  return out;
}

/** Deterministic shuffle (a linear congruential generator with a fixed seed). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function perceptron(
  examples: readonly Example[],
  classes: number,
  settings: TrainSettings,
): Map<number, Map<number, number>> {
  const w = new Map<number, Float64Array>();
  const u = new Map<number, Float64Array>();
  const row = (m: Map<number, Float64Array>, f: number) => {
    let r = m.get(f);
    if (!r) {
      r = new Float64Array(classes);
      m.set(f, r);
    }
    return r;
  };
  const scores = new Float64Array(classes);
  let step = 1;
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    for (const ex of shuffled(examples, 0x5eed + epoch)) {
      scores.fill(0);
      for (const f of ex.features) {
        const r = w.get(f);
        if (r) for (let c = 0; c < classes; c++) scores[c]! += r[c]!;
      }
      let best = 0;
      for (let c = 1; c < classes; c++) if (scores[c]! > scores[best]!) best = c;
      if (best !== ex.label) {
        for (const f of ex.features) {
          row(w, f)[ex.label]! += 1;
          row(w, f)[best]! -= 1;
          row(u, f)[ex.label]! += step;
          row(u, f)[best]! -= step;
        }
      }
      step++;
    }
  }
  const out = new Map<number, Map<number, number>>();
  for (const [f, r] of w) {
    const acc = u.get(f)!;
    const kept = new Map<number, number>();
    for (let c = 0; c < classes; c++) {
      const avg = r[c]! - acc[c]! / step;
      if (Math.abs(avg) >= settings.prune) kept.set(c, avg);
    }
    if (kept.size > 0) out.set(f, kept);
  }
  return out;
}

/**
 * Multinomial logistic regression: weights minimising the examples' mean log loss plus
 * `l2`/2 × the squared weights (the bias excluded), by full-batch AdaGrad. Every step reads every
 * example in the same order, so the result depends on nothing but the cases and the settings.
 */
function softmax(
  examples: readonly Example[],
  classes: number,
  settings: TrainSettings,
): Map<number, Map<number, number>> {
  const index = new Map<number, number>();
  const rows = examples.map((ex) =>
    Int32Array.from(ex.features, (f) => index.get(f) ?? index.set(f, index.size).size - 1),
  );
  const w = new Float64Array(index.size * classes);
  const grad = new Float64Array(w.length);
  const history = new Float64Array(w.length).fill(1e-8);
  const p = new Float64Array(classes);
  const bias = index.get(BIAS);
  for (let step = 0; step < settings.epochs; step++) {
    grad.fill(0);
    for (const [i, row] of rows.entries()) {
      p.fill(0);
      for (const f of row) for (let c = 0; c < classes; c++) p[c]! += w[f * classes + c]!;
      let max = -Infinity;
      for (let c = 0; c < classes; c++) max = Math.max(max, p[c]!);
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += p[c] = Math.exp(p[c]! - max);
      const label = examples[i]!.label;
      for (let c = 0; c < classes; c++) p[c] = p[c]! / sum - (c === label ? 1 : 0);
      for (const f of row) for (let c = 0; c < classes; c++) grad[f * classes + c]! += p[c]!;
    }
    for (let k = 0; k < w.length; k++) {
      const penalty = Math.floor(k / classes) === bias ? 0 : settings.l2 * w[k]!;
      const g = grad[k]! / rows.length + penalty;
      history[k]! += g * g;
      w[k]! -= (settings.rate * g) / Math.sqrt(history[k]!);
    }
  }
  const out = new Map<number, Map<number, number>>();
  for (const [f, i] of index) {
    const kept = new Map<number, number>();
    for (let c = 0; c < classes; c++) {
      const v = w[i * classes + c]!;
      if (f === BIAS || Math.abs(v) >= settings.prune) kept.set(c, v);
    }
    if (kept.size > 0) out.set(f, kept);
  }
  return out;
}

function trainOne(
  cases: readonly EvalCase[],
  label: (c: EvalCase) => string | null,
  settings: TrainSettings,
): LearnedModelData {
  const classes = ['none', ...[...new Set(cases.map(label).filter((l) => l !== null))].sort()];
  const index = new Map(classes.map((c, i) => [c, i]));
  const examples: Example[] = [];
  const calls = new Map<number, number>();
  const said = cases.map((c) => c.turns.filter((t) => t.role === 'caller').map((t) => t.text));
  for (const texts of said)
    for (const f of new Set(texts.flatMap(featuresOf))) calls.set(f, (calls.get(f) ?? 0) + 1);
  const common = (features: number[]) => features.filter((f) => calls.get(f)! >= settings.minCalls);
  for (const [i, c] of cases.entries()) {
    const y = index.get(label(c) ?? 'none')!;
    const texts = said[i]!;
    if (settings.unit !== 'turn') examples.push({ features: common(featuresOf(texts.join('. '))), label: y });
    if (settings.unit !== 'call')
      for (const text of texts) examples.push({ features: common(featuresOf(text)), label: y });
  }
  const learn = settings.learner === 'softmax' ? softmax : perceptron;
  return packModel(classes, learn(examples, classes.length, settings), settings.scale);
}

export function trainModels(
  cases: readonly EvalCase[],
  settings: TrainSettings = { ...SETTINGS, ...JSON.parse(process.env['TRAIN_SETTINGS'] ?? '{}') },
): { intent: LearnedModelData; issueType: LearnedModelData } {
  return {
    intent: trainOne(cases, (c) => c.expect.intent, settings),
    issueType: trainOne(cases, (c) => c.expect.issueType, settings),
  };
}

const WEIGHTS = new URL('../src/extract/learned-weights.ts', import.meta.url);

if (process.argv[1]?.endsWith('train-classifier.ts')) {
  const { trainingCases } = await import('./score.ts');
  const models = trainModels(trainingCases);
  const literal = (d: LearnedModelData) =>
    // Laid out as Biome formats it, so a regenerated file passes the lint unchanged.
    `{\n  classes: [\n${d.classes.map((c) => `    '${c}',\n`).join('')}  ],\n  scale: ${d.scale},\n  weights:\n    '${d.weights}',\n}`;
  const source = `// Generated by packages/core/eval/train-classifier.ts from ${trainingCases.length} labelled calls; do not edit.
// Regenerate: node --conditions=@handoff/source --import tsx packages/core/eval/train-classifier.ts --write
import type { LearnedModelData } from './learned-model.js';

export const learnedIntent: LearnedModelData = ${literal(models.intent)};

export const learnedIssueType: LearnedModelData = ${literal(models.issueType)};
`;
  const bytes = Buffer.byteLength(source);
  if (process.argv.includes('--write')) {
    writeFileSync(WEIGHTS, source);
    console.log(`Wrote ${WEIGHTS.pathname} (${(bytes / 1024).toFixed(1)} KB).`);
  } else {
    console.log(`Trained (${(bytes / 1024).toFixed(1)} KB); pass --write to commit the weights.`);
  }
}
