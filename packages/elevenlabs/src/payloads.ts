import { z } from 'zod/v4';

/**
 * Body fields `elevenLabsTool` binds to ElevenLabs dynamic variables (the rest of the body is the
 * LLM's `transfer_to_human` arguments: ElevenLabs posts the `request_body_schema` object as is,
 * with no `{ name, args }` wrapper).
 */
export const ENVELOPE_KEYS = [
  'conversation_history',
  'conversation_id',
  'handoff_call',
  'caller_id',
] as const;

const text = (max: number) => z.string().max(max).nullish();

/** A server-tool request, tolerant of fields a deployment adds. */
export const toolBody = z.looseObject({
  conversation_history: z
    .union([z.string().max(2_000_000), z.array(z.unknown()), z.record(z.string(), z.unknown())])
    .nullish(),
  conversation_id: text(256),
  handoff_call: text(256),
  caller_id: text(64),
});

const transcriptEntry = z.looseObject({
  role: z.string(),
  message: z.string().nullish(),
  time_in_call_secs: z.number().nullish(),
});

/**
 * A workspace webhook (`post_call_transcription`, `call_initiation_failure`, …), from
 * `@elevenlabs/elevenlabs-js` 2.x `GetConversationResponseModel` and
 * `ConversationHistorySipTrunkingPhoneCallModel` (wire names snake_case).
 */
export const webhookBody = z.looseObject({
  type: z.string().min(1).max(64),
  event_timestamp: z.number().nullish(),
  data: z.looseObject({
    agent_id: text(256),
    conversation_id: z.string().min(1).max(256),
    status: text(32),
    transcript: z.array(transcriptEntry).nullish(),
    metadata: z
      .looseObject({
        start_time_unix_secs: z.number().nullish(),
        termination_reason: text(2_000),
        phone_call: z
          .looseObject({
            type: text(32),
            external_number: text(64),
            agent_number: text(64),
            sip_header_dynamic_variables: z.record(z.string(), z.unknown()).nullish(),
          })
          .nullish(),
      })
      .nullish(),
    conversation_initiation_client_data: z
      .looseObject({ dynamic_variables: z.record(z.string(), z.unknown()).nullish() })
      .nullish(),
  }),
});

export type ElevenLabsWebhook = z.infer<typeof webhookBody>;
