import type Retell from 'retell-sdk';
import { z } from 'zod/v4';

/**
 * Retell's request bodies, written from `retell-sdk` 5.66.1's `PhoneCallResponse` /
 * `WebCallResponse` and docs.retellai.com (features/webhook-overview, build/…/custom-function).
 * Tolerant where Retell drifts: unknown fields pass, optional ones may be missing or null, an
 * utterance of a role we do not know is skipped rather than rejected. Strict only where a mistake
 * would act on the wrong call: `call_id` must be a non-empty string.
 */

/** Every agent webhook event the SDK knows (`AgentResponse.webhook_events`). */
export type RetellWebhookEventName = NonNullable<Retell.AgentResponse['webhook_events']>[number];

/** The call object Retell puts in webhooks and custom-function requests. */
export type RetellCall = Retell.CallResponse;

const record = z.record(z.string(), z.unknown());

const word = z.looseObject({
  word: z.string().nullish(),
  start: z.number().nullish(),
  end: z.number().nullish(),
});

/**
 * One item of `transcript_object` or `transcript_with_tool_calls`. Only `role` is required;
 * spoken utterances also carry `content` and `words`, tool and node items other fields.
 */
export const transcriptItem = z.looseObject({
  role: z.string(),
  content: z.string().nullish(),
  words: z.array(word).nullish(),
});

export type TranscriptItem = z.infer<typeof transcriptItem>;

export const callObject = z.looseObject({
  call_id: z.string().trim().min(1).max(256),
  call_type: z.string().nullish(),
  call_status: z.string().nullish(),
  direction: z.string().nullish(),
  from_number: z.string().nullish(),
  to_number: z.string().nullish(),
  start_timestamp: z.number().nullish(),
  end_timestamp: z.number().nullish(),
  custom_sip_headers: record.nullish(),
  retell_llm_dynamic_variables: record.nullish(),
  collected_dynamic_variables: record.nullish(),
  transcript_object: z.array(transcriptItem).nullish(),
  transcript_with_tool_calls: z.array(transcriptItem).nullish(),
  disconnection_reason: z.string().nullish(),
  call_analysis: record.nullish(),
  transfer_destination: z.string().nullish(),
});

export type CallObject = z.infer<typeof callObject>;

/** `{ event, call }`, with the same signature header as custom functions. */
export const webhookBody = z.looseObject({
  event: z.string().min(1).max(64),
  call: callObject,
});

/**
 * A custom-function request: `{ name, call, args }`. With `args_at_root` the arguments sit beside
 * `name` and `call`; with the dashboard's "Payload: args only" the body is the arguments alone.
 */
export const functionBody = z.looseObject({
  name: z.string().max(64).nullish(),
  call: callObject.nullish(),
  args: z.unknown().optional(),
});

/** Fields of a function body that are Retell's, not the tool's arguments. */
export const ENVELOPE_KEYS = ['name', 'call', 'args'] as const;
