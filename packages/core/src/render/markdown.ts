import { formatInr } from '../extract/amounts.js';
import { labelFor, languageLabel } from '../extract/labels.js';
import { maskPii, maskPiiDeep } from '../pii/mask.js';
import type { PiiPolicy } from '../pii/policy.js';
import { sentimentLabel } from '../sentiment/score.js';
import type { HandoffContext, Role } from '../types.js';
import { TIMING_PHASES } from './timing-phases.js';

export interface MarkdownOptions {
  /** Masking for every piece of text. Default: everything masked. */
  pii?: PiiPolicy | false;
}

const ROLE_NAMES: Readonly<Record<Role, string>> = {
  caller: 'Caller',
  agent: 'AI',
  tool: 'Tool',
  system: 'System',
};
const SPARK = '▁▂▃▄▅▆▇█';

/** A ticket-ready rendering of the whole packet. Text from the call is escaped and, by default, masked. */
export function renderMarkdown(ctx: HandoffContext, options: MarkdownOptions = {}): string {
  const mask = (text: string) => maskPii(text, options.pii);
  const text = (value: string) => escapeMarkdown(mask(value));
  const out: string[] = [];

  out.push(`# Handoff ${escapeMarkdown(ctx.handoffId)}: ${text(ctx.summary.oneLine)}`, '');
  const status = [
    `**Status:** ${escapeMarkdown(ctx.status)}`,
    `**Urgency:** ${escapeMarkdown(ctx.trigger.urgency)}`,
  ];
  if (ctx.destination) {
    status.push(`**Destination:** ${text(ctx.destination.label)} (${escapeMarkdown(ctx.destination.key)})`);
  }
  out.push(status.join(' · '), '');

  out.push('## Call', '', '| | |', '| --- | --- |');
  out.push(row('Call ID', escapeMarkdown(ctx.call.callId)));
  if (ctx.call.platformCallId) out.push(row('Platform call ID', escapeMarkdown(ctx.call.platformCallId)));
  out.push(row('Platform', escapeMarkdown(ctx.call.platform)));
  if (ctx.call.from) out.push(row('From', text(ctx.call.from)));
  if (ctx.call.to) out.push(row('To', text(ctx.call.to)));
  out.push(row('Started', iso(ctx.call.startedAt)), '');

  out.push('## Trigger', '');
  const ruleName = ctx.trigger.rule ? ` (${escapeMarkdown(ctx.trigger.rule)})` : '';
  out.push(`- **Kind:** ${escapeMarkdown(ctx.trigger.kind)}${ruleName}`);
  out.push(`- **Reason:** ${text(ctx.trigger.reason)}`);
  if (ctx.trigger.evidence) {
    const turn =
      ctx.trigger.turnIndex !== undefined && ctx.trigger.turnIndex >= 0
        ? ` (turn ${ctx.trigger.turnIndex})`
        : '';
    out.push(`- **Evidence${turn}:** “${text(ctx.trigger.evidence)}”`);
  }
  out.push('');

  out.push('## Summary', '', text(ctx.summary.full || ctx.summary.oneLine), '');
  out.push(`*Written by: ${escapeMarkdown(summaryAuthor(ctx.summary))}*`, '');
  if (ctx.summary.spoken) out.push(`> Spoken brief: ${text(ctx.summary.spoken)}`, '');
  out.push(`_Summary by ${escapeMarkdown(ctx.summary.source)}, updated ${iso(ctx.summary.updatedAt)}._`, '');

  out.push('## Facts', '', '| Field | Value |', '| --- | --- |');
  for (const [field, value] of facts(ctx, options.pii)) out.push(row(field, value));
  out.push('');

  const trajectory = ctx.extracted.sentimentTrajectory;
  if (trajectory.length > 0) {
    out.push('## Sentiment trajectory', '', '| Turn | Time | Score | |', '| --- | --- | --- | --- |');
    for (const point of trajectory) {
      out.push(
        `| ${point.turnIndex} | ${iso(point.at)} | ${point.score.toFixed(2)} | ${spark(point.score)} |`,
      );
    }
    out.push('');
  }

  if (ctx.attempts.length > 0) {
    out.push('## What the AI already tried', '');
    for (const [i, attempt] of ctx.attempts.entries()) out.push(`${i + 1}. ${text(attempt)}`);
    out.push('');
  }

  out.push('## Transcript', '');
  if (ctx.transcript.length === 0) out.push('_No turns._');
  for (const entry of ctx.transcript) {
    const confidence = entry.confidence !== undefined ? ` _(confidence ${entry.confidence.toFixed(2)})_` : '';
    out.push(`- \`${iso(entry.at)}\` **${ROLE_NAMES[entry.role]}:** ${text(entry.text)}${confidence}`);
  }
  out.push('');

  if (ctx.dialAttempts.length > 0) {
    out.push('## Dial attempts', '', '| # | Destination | Started | Answered | Ended | Outcome | Detail |');
    out.push('| --- | --- | --- | --- | --- | --- | --- |');
    for (const a of ctx.dialAttempts) {
      const cells = [
        String(a.n),
        escapeMarkdown(a.destination),
        iso(a.startedAt),
        a.answeredAt !== undefined ? iso(a.answeredAt) : '',
        a.endedAt !== undefined ? iso(a.endedAt) : '',
        escapeMarkdown(a.outcome ?? ''),
        text(a.detail ?? ''),
      ];
      out.push(`| ${cells.join(' | ')} |`);
    }
    out.push('');
  }

  out.push('## Outcome', '');
  if (ctx.outcome) {
    const detail = ctx.outcome.detail ? `: ${text(ctx.outcome.detail)}` : '';
    out.push(`**${escapeMarkdown(ctx.outcome.status)}** at ${iso(ctx.outcome.at)}${detail}`);
  } else {
    out.push(`_Pending (status ${escapeMarkdown(ctx.status)})._`);
  }
  out.push('');

  const phases = TIMING_PHASES.filter(([key]) => ctx.timings[key] !== undefined);
  if (phases.length > 0) {
    const origin = ctx.timings.triggeredAt ?? ctx.timings[phases[0]![0]]!;
    out.push('## Timings', '', '| Phase | Time | Since trigger |', '| --- | --- | --- |');
    for (const [key, label] of phases) {
      const at = ctx.timings[key]!;
      out.push(`| ${label} | ${iso(at)} | +${Math.round(at - origin)} ms |`);
    }
    out.push('');
  }

  return `${out.join('\n').trimEnd()}\n`;
}

function facts(ctx: HandoffContext, pii: PiiPolicy | false | undefined): Array<[string, string]> {
  const x = ctx.extracted;
  const text = (value: string) => escapeMarkdown(maskPii(value, pii));
  const rows: Array<[string, string]> = [];
  if (x.customer.name) rows.push(['Customer', text(x.customer.name)]);
  if (x.customer.accountNumber) {
    // Account numbers are not card-grade secrets, but a ticket only needs the ending to find the account.
    const account = pii === false ? x.customer.accountNumber : `ending ${x.customer.accountNumber.slice(-4)}`;
    rows.push(['Account', escapeMarkdown(account)]);
  }
  if (x.customer.verified !== undefined) rows.push(['Verified', x.customer.verified ? 'yes' : 'no']);
  if (x.intent) rows.push(['Intent', text(labelFor(x.intent))]);
  if (x.issueType) rows.push(['Issue type', text(labelFor(x.issueType))]);
  if (x.language) rows.push(['Language', escapeMarkdown(languageLabel(x.language))]);
  if (x.amounts && x.amounts.length > 0)
    rows.push(['Amounts', escapeMarkdown(x.amounts.map(formatInr).join(', '))]);
  const score = x.sentimentScore;
  // The label is derived from the score whenever there is one, as on the desk and in the whisper.
  const label = score !== undefined ? sentimentLabel(score) : x.sentiment;
  if (label)
    rows.push(['Sentiment', `${labelFor(label)}${score !== undefined ? ` (${score.toFixed(2)})` : ''}`]);
  for (const [key, value] of Object.entries(maskPiiDeep(x.fields, pii))) {
    if (value === undefined) continue;
    rows.push([
      escapeMarkdown(key),
      escapeMarkdown(typeof value === 'string' ? value : JSON.stringify(value)),
    ]);
  }
  return rows;
}

function row(label: string, value: string): string {
  return `| ${label} | ${value} |`;
}

/**
 * Call text is untrusted: escape what Markdown (and HTML inside it) would interpret, and keep
 * every turn on one line so a caller cannot start a heading or a fake section.
 */
export function escapeMarkdown(value: string): string {
  return value
    .replace(/\s*\n\s*/g, ' ')
    .replace(/[\\`*_[\]<>#|~&]/g, '\\$&')
    .trim();
}

function iso(at: number): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? String(at) : date.toISOString();
}

function spark(score: number): string {
  const i = Math.round(((Math.max(-1, Math.min(1, score)) + 1) / 2) * (SPARK.length - 1));
  return SPARK[i] ?? '';
}

/** Who wrote the summary the human read, as a person reads it. */
export function summaryAuthor(summary: Pick<HandoffContext['summary'], 'source' | 'model'>): string {
  if (summary.source === 'llm') return summary.model ? `LLM summarizer (${summary.model})` : 'LLM summarizer';
  if (summary.source === 'agent') return 'the AI agent, in its handoff request';
  return 'built-in extractive summary';
}
