import { describeIssue } from '../extract/labels.js';
import { maskPii } from '../pii/mask.js';
import type { PiiPolicy } from '../pii/policy.js';
import { sentimentLabel } from '../sentiment/score.js';
import { fitSentences, type RankedSentence, spokenWordCount } from '../summary/fit.js';
import type { HandoffContext } from '../types.js';
import { speakable, spellDigits } from './speakable.js';

export interface WhisperOptions {
  /** Longest the brief may take to say. Default 15. */
  maxSeconds?: number;
  /** Speaking rate used to turn seconds into words. Default 150. */
  wordsPerMinute?: number;
  /** Masking for free text (reason, summary). Default: everything masked. */
  pii?: PiiPolicy | false;
}

const LANGUAGE_NAMES: Readonly<Record<string, string>> = { hi: 'Hindi', 'hi-Latn': 'Hindi' };

/**
 * The brief spoken to the human before the caller is put through: who, what they want, why the
 * AI handed over, and the mood if it is bad. Never longer than `maxSeconds` at `wordsPerMinute`;
 * when the budget is tight, lower-priority sentences are dropped whole.
 */
export function renderWhisper(ctx: HandoffContext, options: WhisperOptions = {}): string {
  const maxWords = Math.floor(((options.maxSeconds ?? 15) * (options.wordsPerMinute ?? 150)) / 60);
  if (maxWords <= 0) return '';
  const say = (text: string) => speakable(maskPii(text, options.pii));
  const { extracted, trigger } = ctx;
  const sentences: RankedSentence[] = [];

  const urgent = trigger.urgency === 'immediate' || trigger.urgency === 'high';
  sentences.push({ text: urgent ? 'Urgent AI handoff.' : 'AI handoff.', priority: 1 });

  const name = extracted.customer.name ? say(extracted.customer.name) : undefined;
  const who = name ?? 'The caller';
  const ending = extracted.customer.accountNumber
    ? spellDigits(extracted.customer.accountNumber.slice(-4))
    : undefined;
  const account = ending ? `, account ending ${ending},` : '';
  // Who is on the line, as a sentence of its own; nothing at all when neither name nor account is known.
  const intro = name
    ? `${name}${ending ? `, account ending ${ending}` : ''}.`
    : ending
      ? `The caller's account ends ${ending}.`
      : undefined;
  const issue = describeIssue(extracted, { style: 'speech' });
  const written = ctx.summary.source === 'extractive' ? undefined : ctx.summary.oneLine.trim();
  if (written) {
    // The agent (or an LLM) wrote the summary: its words know which amount is which better than
    // the extractor's guesses, so they lead; the extractive line is the shorter fallback.
    const shorter = [...(issue ? [`${who} ${issue}.`] : []), ...(intro ? [intro] : [])];
    const text = intro ? `${intro} ${sentence(say(written))}` : sentence(say(written));
    sentences.push({ text, priority: 0, shorter });
  } else if (issue) {
    // Under a tight budget, drop the account ending first, then the issue detail, then the amount.
    const plain = describeIssue({ ...extracted, issueType: undefined }, { style: 'speech' })!;
    const bare = describeIssue(
      { intent: extracted.intent, issueType: extracted.issueType },
      { style: 'speech' },
    );
    const shorter = [`${who} ${issue}.`, `${who} ${plain}.`, ...(bare ? [`${who} ${bare}.`] : [])];
    sentences.push({ text: `${who}${account} ${issue}.`, priority: 0, shorter });
  } else if (name) {
    sentences.push({
      text: `${name}${ending ? `, account ending ${ending},` : ''} is on the line.`,
      priority: 0,
    });
  } else if (intro) {
    sentences.push({ text: intro, priority: 0 });
  }

  // One score, one label: the packet's score decides, whatever label a tool call carried.
  const mood =
    extracted.sentimentScore !== undefined
      ? sentimentLabel(extracted.sentimentScore)
      : (extracted.sentiment ?? 'neutral');
  if (mood === 'negative') sentences.push({ text: 'They sound frustrated.', priority: 3 });
  if (mood === 'very_negative') sentences.push({ text: 'They are very upset.', priority: 3 });

  if (asksForHuman(ctx)) {
    sentences.push({ text: 'They asked for a person.', priority: 2 });
  } else if (trigger.reason.trim() !== '') {
    sentences.push({ text: `Reason: ${sentence(say(trigger.reason))}`, priority: 2 });
  }

  const language = extracted.language ? LANGUAGE_NAMES[extracted.language] : undefined;
  if (language) sentences.push({ text: `They speak ${language}.`, priority: 4 });

  return fitSentences(sentences, maxWords, spokenWordCount);
}

function asksForHuman(ctx: HandoffContext): boolean {
  const { rule, reason } = ctx.trigger;
  return (
    (rule ?? '').includes('explicit') || /\b(?:asked|asks|wants?) for a (?:human|person)\b/i.test(reason)
  );
}

function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
