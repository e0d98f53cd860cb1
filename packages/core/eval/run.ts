/**
 * `npm run eval`: per-field accuracy of the built-in extractor and extractive summary on the
 * hand-labelled calls, every miss, and (with OPENAI_API_KEY) the LLM summarizer on the same calls.
 * `npm run eval -- --record` writes the current figures to floors.json, which a test enforces.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { openaiSummarizer } from '../src/summary/openai-summarizer.ts';
import { evaluate, evaluateSummarizer, FIELDS, type Report, SPLITS, type Split, splits } from './score.ts';

const FLOORS = new URL('./floors.json', import.meta.url);
type Floors = Partial<Record<Split, Record<string, number>>>;
const NAMES: Record<Split, string> = { tuned: 'tuned', heldout: 'held-out' };

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

const reports = Object.fromEntries(SPLITS.map((s) => [s, evaluate(splits[s])])) as Record<Split, Report>;
const all = evaluate(SPLITS.flatMap((s) => splits[s]));

console.log('Built-in extractor and extractive summary (offline, deterministic)\n');
console.log(table([...SPLITS.map((s): [string, Report] => [NAMES[s], reports[s]]), ['all', all]]));
for (const s of SPLITS) printMisses(NAMES[s], reports[s]);

const floors = JSON.parse(readFileSync(FLOORS, 'utf8')) as Floors;
const below = SPLITS.flatMap((s) =>
  FIELDS.filter((f) => reports[s].fields[f].accuracy < (floors[s]?.[f] ?? 0)).map(
    (f) => `${NAMES[s]} ${f}: ${pct(reports[s].fields[f].accuracy)} < floor ${pct(floors[s]?.[f] ?? 0)}`,
  ),
);

if (process.argv.includes('--record')) {
  const record = (r: Report) => Object.fromEntries(FIELDS.map((f) => [f, r.fields[f].accuracy]));
  writeFileSync(
    FLOORS,
    `${JSON.stringify(Object.fromEntries(SPLITS.map((s) => [s, record(reports[s])])), null, 2)}\n`,
  );
  console.log('\nRecorded these figures in eval/floors.json.');
} else if (below.length > 0) {
  console.log(`\nBelow the recorded floors:\n  ${below.join('\n  ')}`);
  process.exitCode = 1;
}

const apiKey = process.env['OPENAI_API_KEY'];
if (!apiKey) {
  console.log('\nLLM summarizer: skipped (OPENAI_API_KEY is not set).');
} else {
  const model = process.env['OPENAI_MODEL'];
  const summarizer = openaiSummarizer({ apiKey, ...(model ? { model } : {}) });
  console.log(`\nLLM summarizer (openaiSummarizer${model ? `, ${model}` : ''}), summary facts only:\n`);
  const llm: Array<[string, Report]> = [];
  for (const s of SPLITS) {
    const { report, failures } = await evaluateSummarizer(splits[s], summarizer);
    llm.push([NAMES[s], report]);
    for (const failure of failures) console.log(`  failed (${NAMES[s]}): ${failure}`);
  }
  console.log(table(llm));
  for (const [name, report] of llm) printMisses(`LLM, ${name}`, report);
}
