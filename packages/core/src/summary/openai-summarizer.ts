import { z } from 'zod/v4';
import { HandoffError } from '../errors.js';
import { truncateText } from '../extract/text.js';
import { maskPii } from '../pii/mask.js';
import type { PiiPolicy } from '../pii/policy.js';
import type { Summary } from '../types.js';
import { limitWords } from './fit.js';
import { type Summarizer, SummarizerError, type SummarizerInput } from './summarizer.js';

export interface OpenAISummarizerOptions {
  apiKey: string;
  /** Default `gpt-4o-mini`. */
  model?: string;
  /** Any OpenAI-compatible Chat Completions endpoint. Default `https://api.openai.com/v1`. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Give up after this long; the extractive summary stays. Default 15 s. */
  timeoutMs?: number;
  /** Most recent transcript entries sent, so prompt size does not grow with the call. Default 80. */
  maxEntries?: number;
  /** Masking applied to the transcript before it leaves for a third party. Default: everything masked. */
  pii?: PiiPolicy | false;
}

const SYSTEM_PROMPT = [
  'You summarise a live phone call between a caller and an AI agent',
  'for the human agent who is about to take it over.',
  'Reply with a JSON object with exactly three string keys:',
  '"oneLine": at most 120 characters, the issue and what the caller wants;',
  '"spoken": at most 40 words, read aloud to the human before they greet the caller:',
  'who, why, the key fact, the mood;',
  '"full": three to six sentences: the issue, key facts, what the AI already tried,',
  'what the caller wants now, their mood.',
  'Use only facts from the call; never invent. Write in English even when the call is in Hindi or Hinglish.',
  'Where the facts gathered so far give an intent or an issue, state that one: the desk shows it beside your words.',
  'Never repeat card numbers, one-time codes, passwords or other secrets.',
].join(' ');

const replySchema = z.object({
  oneLine: z.string().min(1),
  spoken: z.string().min(1),
  full: z.string().min(1),
});
const completionSchema = z.object({
  /** The model that answered (a dated snapshot of the one asked for). */
  model: z.string().optional(),
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
});

/**
 * An LLM summarizer over OpenAI Chat Completions (JSON mode), with plain `fetch`. Throws a
 * `SummarizerError` on any failure; the caller keeps the extractive summary.
 */
export function openaiSummarizer(options: OpenAISummarizerOptions): Summarizer {
  if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '') {
    throw new HandoffError('invalid_options', 'openaiSummarizer needs an apiKey', {
      issues: [{ path: 'apiKey', message: 'required' }],
    });
  }
  const endpoint = `${(options.baseUrl ?? 'https://api.openai.com/v1').replace(/\/+$/, '')}/chat/completions`;
  const doFetch = options.fetch ?? globalThis.fetch;
  const model = options.model ?? 'gpt-4o-mini';
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxEntries = options.maxEntries ?? 80;
  const pii = options.pii;

  return {
    async summarize(input, signal) {
      const timeout = AbortSignal.timeout(timeoutMs);
      const body = {
        model,
        temperature: 0.2,
        response_format: { type: 'json_object' },
        messages: [
          { role: 'system', content: SYSTEM_PROMPT },
          { role: 'user', content: promptFor(input, maxEntries, pii) },
        ],
      };

      let response: Response;
      try {
        response = await doFetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}` },
          body: JSON.stringify(body),
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
      } catch (error) {
        const reason = timeout.aborted
          ? `timed out after ${timeoutMs} ms`
          : signal?.aborted
            ? 'aborted'
            : 'failed';
        throw new SummarizerError(`summarizer request ${reason}`, { cause: error });
      }

      const text = await response.text().catch(() => '');
      if (!response.ok) {
        throw new SummarizerError(`summarizer got HTTP ${response.status}: ${truncateText(text, 200)}`, {
          status: response.status,
        });
      }
      return parseReply(text, response.status, model);
    },
  };
}

function promptFor(input: SummarizerInput, maxEntries: number, pii: PiiPolicy | false | undefined): string {
  const lines = input.transcript
    .slice(-maxEntries)
    .map((entry) => `${entry.role}: ${maskPii(entry.text, pii)}`)
    .join('\n');
  const { intent, issueType, sentiment, customer, language, amounts } = input.extracted;
  const facts = {
    intent,
    issueType,
    sentiment,
    customerName: customer.name,
    accountEnding: customer.accountNumber?.slice(-4),
    language,
    amounts,
  };
  return [
    `Facts gathered so far: ${JSON.stringify(facts)}`,
    `Summary so far: ${maskPii(input.previous.full, pii)}`,
    input.transcript.length > maxEntries ? `Transcript (last ${maxEntries} turns):` : 'Transcript:',
    lines,
  ].join('\n\n');
}

function parseReply(text: string, status: number, requested: string): Partial<Summary> {
  let reply: z.infer<typeof replySchema>;
  let completion: z.infer<typeof completionSchema>;
  try {
    completion = completionSchema.parse(JSON.parse(text));
    reply = replySchema.parse(JSON.parse(completion.choices[0]!.message.content ?? ''));
  } catch (error) {
    throw new SummarizerError('summarizer reply was not the expected JSON', { status, cause: error });
  }
  // The model is asked for these limits; enforce them, since headers and the whisper rely on them.
  return {
    oneLine: truncateText(reply.oneLine, 120),
    spoken: limitWords(reply.spoken, 40),
    full: reply.full.trim(),
    source: 'llm',
    // The record says which model wrote what the human read.
    model: completion.model ?? requested,
  };
}
