/**
 * `npm run eval`: per-field accuracy of the built-in extractor and extractive summary on the
 * hand-labelled calls, every miss, and (with OPENAI_API_KEY) the LLM summarizer on the same calls.
 * `npm run eval -- --record` writes the current figures to floors.json, which the test enforces.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { openaiSummarizer } from '../src/summary/openai-summarizer.ts';
import { evaluate, evaluateSummarizer, FIELDS, type Report, type Split, splits } from './score.ts';

const FLOORS = new URL('./floors.json', import.meta.url);
type Floors = Record<Split, Record<string, number>>;

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

function table(reports: Array<[string, Report]>): string {
  const head = ['field', ...reports.map(([name, r]) => `${name} (${r.cases})`)];
  const rows = FIELDS.filter((f) => reports.some(([, r]) => r.fields[f].total > 0)).map((f) => [
    f,
    ...reports.map(([, r]) => {
      const s = r.fields[f];
      return s.total === 0 ? '' : `${pct(s.accuracy)} (${s.correct}/${s.total})`;
    }),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function printMisses(name: string, report: Report): void {
  if (report.misses.length === 0) return;
  console.log(`\nMisses (${name}):`);
  for (const m of report.misses) console.log(`  ${m.id} · ${m.field}: expected ${m.expected}, got ${m.got}`);
}

const tuned = evaluate(splits.tuned);
const heldout = evaluate(splits.heldout);
const all = evaluate([...splits.tuned, ...splits.heldout]);

console.log('Built-in extractor and extractive summary (offline, deterministic)\n');
console.log(
  table([
    ['tuned', tuned],
    ['held-out', heldout],
    ['all', all],
  ]),
);
printMisses('tuned', tuned);
printMisses('held-out', heldout);

const floors = JSON.parse(readFileSync(FLOORS, 'utf8')) as Floors;
const below: string[] = [];
for (const [split, report] of [
  ['tuned', tuned],
  ['heldout', heldout],
] as const) {
  for (const f of FIELDS) {
    const floor = floors[split][f];
    if (floor !== undefined && report.fields[f].accuracy < floor) {
      below.push(`${split} ${f}: ${pct(report.fields[f].accuracy)} < floor ${pct(floor)}`);
    }
  }
}

if (process.argv.includes('--record')) {
  const record = (r: Report) => Object.fromEntries(FIELDS.map((f) => [f, r.fields[f].accuracy]));
  writeFileSync(FLOORS, `${JSON.stringify({ tuned: record(tuned), heldout: record(heldout) }, null, 2)}\n`);
  console.log('\nRecorded these figures in eval/floors.json.');
} else if (below.length > 0) {
  console.log(`\nBelow the recorded floors:\n  ${below.join('\n  ')}`);
  process.exitCode = 1;
}

const apiKey = process.env['OPENAI_API_KEY'];
if (!apiKey) {
  console.log('\nLLM summarizer: skipped (OPENAI_API_KEY is not set).');
} else {
  const summarizer = openaiSummarizer({
    apiKey,
    ...(process.env['OPENAI_MODEL'] ? { model: process.env['OPENAI_MODEL'] } : {}),
  });
  console.log('\nLLM summarizer (openaiSummarizer), summary facts only:\n');
  const llmTuned = await evaluateSummarizer(splits.tuned, summarizer);
  const llmHeldout = await evaluateSummarizer(splits.heldout, summarizer);
  console.log(
    table([
      ['tuned', llmTuned.report],
      ['held-out', llmHeldout.report],
    ]),
  );
  for (const failure of [...llmTuned.failures, ...llmHeldout.failures]) console.log(`  failed: ${failure}`);
  printMisses('LLM, tuned', llmTuned.report);
  printMisses('LLM, held-out', llmHeldout.report);
}
