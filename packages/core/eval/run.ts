/**
 * `npm run eval`: per-field accuracy of the built-in extractor and extractive summary on the
 * hand-labelled calls, every miss, and (with OPENAI_API_KEY) the LLM summarizer on the same calls.
 * `npm run eval -- --record` writes the current figures to floors.json, which a test enforces.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { DEFAULT_MARGINS, learnedModelsFrom, useLearnedModels } from '../src/extract/learned-classifier.ts';
import { learnedIntent, learnedIssueType } from '../src/extract/learned-weights.ts';
import { openaiSummarizer } from '../src/summary/openai-summarizer.ts';
import {
  CASE_SETS,
  evaluate,
  evaluateSummarizer,
  FIELDS,
  type Report,
  SPLITS,
  type Split,
  splits,
} from './score.ts';

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

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
/** The learned model's thresholds (`learned-classifier.ts`); flags override them to try others. */
const margins = {
  intent: Number(arg('intent-margin') ?? DEFAULT_MARGINS.intent),
  issueType: Number(arg('issue-margin') ?? DEFAULT_MARGINS.issueType),
  consistent: (arg('consistent') ?? String(DEFAULT_MARGINS.consistent)) === 'true',
};
if (process.argv.some((a) => /^--(intent-margin|issue-margin|consistent)=/.test(a))) {
  useLearnedModels(learnedModelsFrom(learnedIntent, learnedIssueType, margins));
}

if (process.argv.includes('--leave-one-out')) {
  await leaveOneOut();
  process.exit(process.exitCode ?? 0);
}

/**
 * For each case set, the whole extractor with a learned model retrained without that set, scored on
 * it: the estimate of intent and issue-type accuracy on calls nobody tuned on. The phrase rules
 * cannot be retrained: sets they were written looking at score optimistically here (see the core
 * README for which). `--rules-only` scores the rules without any learned model; the trainer's
 * settings can be overridden with TRAIN_SETTINGS='{"learner":"perceptron",…}' to compare learners.
 */
async function leaveOneOut(): Promise<void> {
  const { trainModels } = await import('./train-classifier.ts');
  const rulesOnly = process.argv.includes('--rules-only');
  const empty = { classes: ['none'], scale: 1, weights: '' };
  const rows: string[][] = [];
  const sums = { intent: 0, issueType: 0 };
  const misses: string[] = [];
  for (const [name, cases] of CASE_SETS) {
    const rest = CASE_SETS.filter(([other]) => other !== name).flatMap(([, c]) => c);
    const models = rulesOnly ? { intent: empty, issueType: empty } : trainModels(rest);
    useLearnedModels(learnedModelsFrom(models.intent, models.issueType, margins));
    const r = evaluate(cases);
    sums.intent += r.fields.intent.accuracy;
    sums.issueType += r.fields.issueType.accuracy;
    rows.push([name, String(r.cases), pct(r.fields.intent.accuracy), pct(r.fields.issueType.accuracy)]);
    for (const m of r.misses) {
      if (m.field === 'intent' || m.field === 'issueType')
        misses.push(`${name} ${m.id} · ${m.field}: expected ${m.expected}, got ${m.got}`);
    }
  }
  useLearnedModels(undefined);
  const n = CASE_SETS.length;
  rows.push(['mean', '', pct(sums.intent / n), pct(sums.issueType / n)]);
  console.log(
    `Leave one set out (${rulesOnly ? 'phrase rules only' : 'rules + learned model retrained without the set'}; margins ${margins.intent}/${margins.issueType}${margins.consistent ? ', issue consistent with intent' : ''})\n`,
  );
  console.log('| set | calls | intent | issueType |\n| --- | ---: | ---: | ---: |');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  if (process.argv.includes('--misses')) console.log(`\n${misses.join('\n')}`);
}

/** Splits with calls: the held-out split is empty between one blind set being tuned on and the next. */
const active = SPLITS.filter((s) => splits[s].length > 0);
const reports = Object.fromEntries(active.map((s) => [s, evaluate(splits[s])])) as Partial<
  Record<Split, Report>
>;
const all = evaluate(active.flatMap((s) => splits[s]));

console.log('Built-in extractor and extractive summary (offline, deterministic)\n');
console.log(table([...active.map((s): [string, Report] => [NAMES[s], reports[s]!]), ['all', all]]));
for (const s of SPLITS.filter((s) => !active.includes(s))) {
  console.log(
    `\n${NAMES[s]}: no calls registered (the next blind set goes here, scored once before any tuning).`,
  );
}
for (const s of active) printMisses(NAMES[s], reports[s]!);

const floors = JSON.parse(readFileSync(FLOORS, 'utf8')) as Floors;
const below = active.flatMap((s) =>
  FIELDS.filter((f) => reports[s]!.fields[f].accuracy < (floors[s]?.[f] ?? 0)).map(
    (f) => `${NAMES[s]} ${f}: ${pct(reports[s]!.fields[f].accuracy)} < floor ${pct(floors[s]?.[f] ?? 0)}`,
  ),
);

if (process.argv.includes('--record')) {
  const record = (r: Report) => Object.fromEntries(FIELDS.map((f) => [f, r.fields[f].accuracy]));
  // Only splits with calls get floors: an empty split has no accuracy to keep.
  writeFileSync(
    FLOORS,
    `${JSON.stringify(Object.fromEntries(active.map((s) => [s, record(reports[s]!)])), null, 2)}\n`,
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
  for (const s of active) {
    const { report, failures } = await evaluateSummarizer(splits[s], summarizer);
    llm.push([NAMES[s], report]);
    for (const failure of failures) console.log(`  failed (${NAMES[s]}): ${failure}`);
  }
  console.log(table(llm));
  for (const [name, report] of llm) printMisses(`LLM, ${name}`, report);
}
