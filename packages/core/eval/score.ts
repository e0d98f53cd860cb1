import { foldText } from '../src/extract/text.ts';
import { createHandoff } from '../src/index.ts';
import { renderWhisper } from '../src/render/whisper.ts';
import { sentimentLabel } from '../src/sentiment/score.ts';
import type { Summarizer } from '../src/summary/summarizer.ts';
import { FakeTransferProvider } from '../src/testing/index.ts';
import type { HandoffContext, Summary } from '../src/types.ts';
import { heldoutCases } from './cases/heldout.ts';
import { heldout2Cases } from './cases/heldout-2.ts';
import { heldout3Cases } from './cases/heldout-3.ts';
import { heldout4Cases } from './cases/heldout-4.ts';
import { heldout5Cases } from './cases/heldout-5.ts';
import { heldout6Cases } from './cases/heldout-6.ts';
import { heldout7Cases } from './cases/heldout-7.ts';
import { heldout8Cases } from './cases/heldout-8.ts';
import { heldout9Cases } from './cases/heldout-9.ts';
import { train9aCases } from './cases/train-9a.ts';
import { train9bCases } from './cases/train-9b.ts';
import { train9cCases } from './cases/train-9c.ts';
import { train9dCases } from './cases/train-9d.ts';
import { train9eCases } from './cases/train-9e.ts';
import { train9fCases } from './cases/train-9f.ts';
import { tunedCases } from './cases/tuned.ts';
import type { EvalCase } from './types.ts';

export const FIELDS = [
  'intent',
  'issueType',
  'language',
  'name',
  'accountNumber',
  'amounts',
  'sentiment',
  'summary',
  'oneTruth',
] as const;
export type Field = (typeof FIELDS)[number];
export const SPLITS = ['tuned', 'heldout'] as const;
export type Split = (typeof SPLITS)[number];

export interface Miss {
  id: string;
  field: Field;
  expected: string;
  got: string;
}

export interface FieldScore {
  correct: number;
  total: number;
  accuracy: number;
}

export interface Report {
  cases: number;
  fields: Record<Field, FieldScore>;
  misses: Miss[];
}

/**
 * Every labelled set, in the order it was written: set 0 is `tuned.ts`, set n is `heldout-n.ts`;
 * sets 9a–9f (`train-9a.ts`…) were written as training data for the learned model, by sessions
 * that never read the extractor (9c ASR-style, 9d many wordings per label, 9e rare labels, 9f
 * confusable labels). The leave-one-out estimate (`npm run eval --
 * --leave-one-out`) scores each with a learned model trained on the others.
 */
export const CASE_SETS: ReadonlyArray<readonly [name: string, cases: readonly EvalCase[]]> = [
  ['set 0', tunedCases],
  ['set 1', heldoutCases],
  ['set 2', heldout2Cases],
  ['set 3', heldout3Cases],
  ['set 4', heldout4Cases],
  ['set 5', heldout5Cases],
  ['set 6', heldout6Cases],
  ['set 7', heldout7Cases],
  ['set 8', heldout8Cases],
  ['set 9a', train9aCases],
  ['set 9b', train9bCases],
  ['set 9c', train9cCases],
  ['set 9d', train9dCases],
  ['set 9e', train9eCases],
  ['set 9f', train9fCases],
];

export const splits: Readonly<Record<Split, readonly EvalCase[]>> = {
  // Held-out sets 1–8 were each scored blind once (figures in the core README), then tuned or
  // trained on; sets 9a–9f are training data. The learned model is trained on all of them.
  tuned: CASE_SETS.flatMap(([, cases]) => cases),
  // Set 9, written blind (see its file) and scored once after the passes on sets 8 and 9a–9f
  // (core README). It stays out of CASE_SETS (the learned model's training) so its figures stay
  // blind; tuning on it needs a set 10 to judge. `npm run eval` and the floors test skip a split
  // with no calls.
  heldout: heldout9Cases,
};

/** The calls the committed learned model (`src/extract/learned-weights.ts`) is trained on: all of them. */
export const trainingCases: readonly EvalCase[] = CASE_SETS.flatMap(([, cases]) => cases);

/** One call through the real session, as the desk and the whisper would see it. */
export function packetFor(c: EvalCase): HandoffContext {
  const handoff = createHandoff({
    transfer: new FakeTransferProvider(),
    destinations: { support: { number: '+919800000000', label: 'Support' } },
    now: () => 1_800_000_000_000,
  });
  const session = handoff.startSession({ callId: c.id, platform: 'eval' });
  for (const turn of c.turns) session.addTurn({ role: turn.role, text: turn.text });
  return session.context(`eval-${c.id}`) as HandoffContext;
}

const show = (value: unknown) => (value === null || value === undefined ? '—' : JSON.stringify(value));

/** Lower case, nukta and commas inside numbers dropped, so "₹15,000" carries the fact "15000". */
function normalise(text: string): string {
  return foldText(text).replace(/(?<=\d)[, ](?=\d)/g, '');
}

/** Facts from `expect.facts` missing from `text`; each fact may list spellings as `a|b`. */
export function missingFacts(text: string, facts: readonly string[]): string[] {
  const haystack = normalise(text);
  return facts.filter((fact) => !fact.split('|').some((option) => haystack.includes(normalise(option))));
}

/** The same mood everywhere a person meets it: packet label, its score, the summary, the whisper. */
export function sentimentDisagreements(ctx: HandoffContext): string[] {
  const { sentiment, sentimentScore } = ctx.extracted;
  const out: string[] = [];
  if (sentimentScore === undefined || sentiment === undefined) return ['no sentiment in the packet'];
  if (sentimentLabel(sentimentScore) !== sentiment)
    out.push(`packet ${sentiment} vs score ${sentimentScore}`);
  const spokenMood = /very upset/i.test(ctx.summary.full)
    ? 'very_negative'
    : /frustrated/i.test(ctx.summary.full)
      ? 'negative'
      : undefined;
  const stated = /Caller sentiment: ([a-z ]+)/i.exec(ctx.summary.full)?.[1]?.trim().toLowerCase();
  if (stated && stated.replace(/ /g, '_') !== sentiment) out.push(`summary says ${stated}`);
  if (spokenMood && spokenMood !== sentiment) out.push(`summary mood ${spokenMood}`);
  const whisper = renderWhisper(ctx);
  const whisperMood = /very upset/.test(whisper)
    ? 'very_negative'
    : /frustrated/.test(whisper)
      ? 'negative'
      : undefined;
  const expectedWhisper = sentiment === 'negative' || sentiment === 'very_negative' ? sentiment : undefined;
  if (whisperMood !== expectedWhisper) out.push(`whisper mood ${whisperMood ?? 'none'}`);
  return out;
}

function sameAmounts(a: readonly number[], b: readonly number[]): boolean {
  const sa = [...new Set(a)].sort((x, y) => x - y);
  const sb = [...new Set(b)].sort((x, y) => x - y);
  return sa.length === sb.length && sa.every((v, i) => v === sb[i]);
}

/**
 * A title is how the caller said it, not part of who they are: "Mrs. Iyer" and "Iyer" are one
 * name, whichever side carries it (decided before set 8 was scored, whose labels keep titles).
 */
const TITLE = /^(?:mr|mrs|ms|miss|dr|shri|sri|smt|shrimati|श्री|श्रीमती|डॉ)\.?\s+/u;
const bareName = (name: string) => foldText(name).replace(TITLE, '').trim();

export function sameName(expected: string | null, got: string | undefined): boolean {
  if (expected === null) return got === undefined;
  return got !== undefined && bareName(expected) === bareName(got);
}

/** Scores one call; `summary` is the text whose facts are checked (the packet's, or an LLM's). */
export function scoreCase(c: EvalCase, ctx: HandoffContext, summary: Summary = ctx.summary) {
  const x = ctx.extracted;
  const e = c.expect;
  const missing = missingFacts(`${summary.oneLine}\n${summary.full}`, e.facts);
  const disagreements = sentimentDisagreements(ctx);
  const results: Array<[Field, boolean, string, string]> = [
    ['intent', (x.intent ?? null) === e.intent, show(e.intent), show(x.intent)],
    ['issueType', (x.issueType ?? null) === e.issueType, show(e.issueType), show(x.issueType)],
    ['language', x.language === e.language, show(e.language), show(x.language)],
    ['name', sameName(e.name, x.customer.name), show(e.name), show(x.customer.name)],
    [
      'accountNumber',
      (x.customer.accountNumber ?? null) === e.accountNumber,
      show(e.accountNumber),
      show(x.customer.accountNumber),
    ],
    ['amounts', sameAmounts(e.amounts, x.amounts ?? []), show(e.amounts), show(x.amounts ?? [])],
    ['sentiment', x.sentiment === e.sentiment, e.sentiment, `${x.sentiment} (${x.sentimentScore})`],
    ['summary', missing.length === 0, show(e.facts), `missing ${show(missing)} in: ${summary.full}`],
    ['oneTruth', disagreements.length === 0, 'one sentiment everywhere', disagreements.join('; ')],
  ];
  return results.map(([field, ok, expected, got]) => ({ field, ok, expected, got }));
}

function emptyReport(): Report {
  const fields = Object.fromEntries(FIELDS.map((f) => [f, { correct: 0, total: 0, accuracy: 0 }])) as Record<
    Field,
    FieldScore
  >;
  return { cases: 0, fields, misses: [] };
}

function add(report: Report, c: EvalCase, results: ReturnType<typeof scoreCase>): void {
  report.cases++;
  for (const r of results) {
    const score = report.fields[r.field];
    score.total++;
    if (r.ok) score.correct++;
    else report.misses.push({ id: c.id, field: r.field, expected: r.expected, got: r.got });
  }
}

function finish(report: Report): Report {
  for (const score of Object.values(report.fields)) {
    score.accuracy = score.total === 0 ? 1 : Math.round((score.correct / score.total) * 10_000) / 10_000;
  }
  return report;
}

/** The built-in, offline extractor and extractive summary over one split. */
export function evaluate(cases: readonly EvalCase[]): Report {
  const report = emptyReport();
  for (const c of cases) add(report, c, scoreCase(c, packetFor(c)));
  return finish(report);
}

/**
 * An LLM summarizer over the same calls: only the `summary` field is its own, since the packet's
 * extracted facts do not depend on it.
 */
export async function evaluateSummarizer(
  cases: readonly EvalCase[],
  summarizer: Summarizer,
): Promise<{ report: Report; failures: string[] }> {
  const report = emptyReport();
  const failures: string[] = [];
  for (const c of cases) {
    const ctx = packetFor(c);
    let summary: Summary;
    try {
      const written = await summarizer.summarize({
        transcript: ctx.transcript,
        extracted: ctx.extracted,
        previous: ctx.summary,
      });
      summary = { ...ctx.summary, ...written, source: 'llm' };
    } catch (error) {
      failures.push(`${c.id}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    add(
      report,
      c,
      scoreCase(c, ctx, summary).filter((r) => r.field === 'summary'),
    );
  }
  return { report: finish(report), failures };
}
