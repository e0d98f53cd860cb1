/**
 * CPU time of `extractFacts` per caller turn over every eval call, against the extractor of an
 * earlier commit in the same process (interleaved rounds, median of per-round ratios):
 *
 *   node --conditions=@handoff/source --import tsx packages/core/eval/bench-extract.ts [--baseline=<commit>] [--rounds=9]
 *
 * The baseline's `src/extract` is copied out of git into a temporary folder and imported beside
 * the current one; it needs nothing outside that folder but types. `--baseline-dir=<folder>` imports
 * a prepared copy of `src/extract` instead (say, today's files with only the learned model's put back
 * as they were, so other work in the tree does not count). `--model-off` compares instead with the
 * current extractor whose learned model knows nothing (the phrase rules alone, same code).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { extractFacts } from '../src/extract/extract-facts.ts';
import { learnedModels, learnedModelsFrom, useLearnedModels } from '../src/extract/learned-classifier.ts';
import type { Extracted, Turn } from '../src/types.ts';
import { trainingCases } from './score.ts';

type Extract = typeof extractFacts;
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
/** The last commit before the learned model (issue 16). */
const baseline = arg('baseline') ?? '3feef29';
const rounds = Number(arg('rounds') ?? 9);
const repeat = Number(arg('repeat') ?? 20);

async function loadBaseline(commit: string): Promise<Extract> {
  const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
  const dir = join(mkdtempSync(join(tmpdir(), 'extract-baseline-')), 'extract');
  mkdirSync(dir);
  const files = execFileSync('git', ['ls-tree', '--name-only', commit, 'packages/core/src/extract/'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  for (const file of files) {
    const source = execFileSync('git', ['show', `${commit}:${file}`], { cwd: root, encoding: 'utf8' });
    writeFileSync(join(dir, file.split('/').pop()!), source);
  }
  const module = (await import(pathToFileURL(join(dir, 'extract-facts.ts')).href)) as {
    extractFacts: Extract;
  };
  return module.extractFacts;
}

type Facts = Pick<Extracted, 'customer' | 'amounts' | 'language' | 'intent' | 'issueType'>;
const calls: Turn[][] = trainingCases.map((c) =>
  c.turns.map((t, i): Turn => ({ index: i, role: t.role, text: t.text, final: true, at: i })),
);
const callerTurns = calls.flat().filter((t) => t.role === 'caller').length;

/** CPU microseconds per caller turn for `repeat` passes over every call, state carried turn to turn. */
function measure(extract: Extract): number {
  const start = process.cpuUsage();
  for (let r = 0; r < repeat; r++) {
    for (const turns of calls) {
      let facts: Facts = { customer: {} };
      for (const turn of turns) {
        const update = extract(turn, facts);
        if (update.customer || update.amounts || update.language || update.intent || update.issueType)
          facts = { ...facts, ...update };
      }
    }
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / (repeat * callerTurns);
}

const modelOff = process.argv.includes('--model-off');
const empty = { classes: ['none'], scale: 1, weights: '' };
const committed = learnedModels();
const off = learnedModelsFrom(empty, empty);
const withoutModel: Extract = (turn, facts, options) => {
  useLearnedModels(off);
  const update = extractFacts(turn, facts, options);
  useLearnedModels(committed);
  return update;
};
const baselineDir = arg('baseline-dir');
const before = modelOff
  ? withoutModel
  : baselineDir
    ? ((await import(pathToFileURL(join(baselineDir, 'extract-facts.ts')).href)) as { extractFacts: Extract })
        .extractFacts
    : await loadBaseline(baseline);
measure(before);
measure(extractFacts);
const ratios: number[] = [];
const afterUs: number[] = [];
const beforeUs: number[] = [];
for (let round = 0; round < rounds; round++) {
  // Alternate which goes first, so warm caches and load drift favour neither.
  if (round % 2 === 0) {
    beforeUs.push(measure(before));
    afterUs.push(measure(extractFacts));
  } else {
    afterUs.push(measure(extractFacts));
    beforeUs.push(measure(before));
  }
  ratios.push(afterUs[round]! / beforeUs[round]!);
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
console.log(
  `extractFacts over ${calls.length} calls (${callerTurns} caller turns) × ${repeat}, ${rounds} interleaved rounds:`,
);
console.log(
  `  ${modelOff ? 'learned model off' : `baseline ${baselineDir ?? baseline}`}: median ${median(beforeUs).toFixed(2)} µs CPU per caller turn`,
);
console.log(`  current:            median ${median(afterUs).toFixed(2)} µs CPU per caller turn`);
console.log(
  `  ratio current/baseline: median ${median(ratios).toFixed(3)} (range ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})`,
);
