/**
 * ElevenLabs payloads as the platform sends them, built per test so each carries the test's call.
 * The package's tests and the contract suite's driver (test/contract/drivers/elevenlabs.ts) both
 * use these, so the suite replays the same shapes the package is tested on.
 *
 * Where each shape comes from:
 * - Server-tool request: `WebhookToolConfigInput` / `WebhookToolApiSchemaConfigInput` /
 *   `LiteralJsonSchemaProperty` in github:elevenlabs/elevenlabs-js (2026-07, src/api/types): the
 *   POST body is the `request_body_schema` object itself, LLM-filled properties beside properties
 *   bound to `dynamic_variable`s. Verified against the SDK types.
 * - `system__conversation_history`: documented ("JSON-serialized representation of the current
 *   conversation history", elevenlabs.io/docs/.../dynamic-variables), format not shown there. The
 *   `{ entries: [{ role, message }] }` wrapper is what public code reading that variable back from
 *   ElevenLabs' traces parses. INFERRED; the handler also takes a bare list and `transcript`.
 * - The SIP header's variable `sip_vh_handoffcall`: SIP headers become dynamic variables
 *   (`sip_header_dynamic_variables` on `ConversationHistorySipTrunkingPhoneCallModel`, verified);
 *   the naming (`X-Foo-Bar` → `sip_foo_bar`) is INFERRED from secondary sources.
 * - `post_call_transcription`: `GetConversationResponseModel`, `ConversationHistoryTranscript…`,
 *   `ConversationHistoryMetadataCommonModel` and the SIP phone-call model in elevenlabs-js, snake
 *   case on the wire, wrapped in `{ type, event_timestamp, data }` as the post-call webhook docs
 *   show. Verified against the SDK types; `status: 'failed'` for a conversation the agent lost is
 *   from `GetConversationResponseModelStatus` (when ElevenLabs sends it is INFERRED).
 */

export const AGENT_ID = 'agent_01jx4rw8d8fs8r6s1nq0ge6a4x';
export const PHONE_NUMBER_ID = 'phnum_01jx4s0t6ff1qkq4bq8p2m3r5v';

export interface Utterance {
  role: 'caller' | 'agent';
  text: string;
}

const wireRole = (role: Utterance['role']) => (role === 'caller' ? 'user' : 'agent');

/** The `system__conversation_history` dynamic variable's value (a JSON string). */
export function conversationHistory(turns: readonly Utterance[]): string {
  return JSON.stringify({ entries: turns.map((t) => ({ role: wireRole(t.role), message: t.text })) });
}

export function conversationId(seed: string): string {
  return `conv_${seed
    .replace(/[^a-z0-9]/giu, '')
    .toLowerCase()
    .slice(0, 26)
    .padEnd(26, '0')}`;
}

/** A server-tool request for `elevenLabsTool`'s `request_body_schema`. */
export function toolRequest(init: {
  args: Record<string, unknown>;
  turns: readonly Utterance[];
  vobizCallId: string;
  conversationId: string;
  callerId?: string;
}): Record<string, unknown> {
  return {
    ...init.args,
    conversation_history: conversationHistory(init.turns),
    conversation_id: init.conversationId,
    caller_id: init.callerId ?? '+919811111111',
    // Vobiz sends the UUID without dashes: `[A-Za-z0-9]` only in sipHeaders values.
    handoff_call: init.vobizCallId.replace(/-/gu, ''),
  };
}

/** A `post_call_transcription` webhook for a SIP-trunk conversation. */
export function postCallTranscription(init: {
  vobizCallId: string;
  conversationId: string;
  turns: readonly Utterance[];
  status?: 'done' | 'failed';
  startUnixSecs?: number;
  terminationReason?: string;
}): Record<string, unknown> {
  const start = init.startUnixSecs ?? Math.floor(Date.now() / 1000) - 60;
  const compact = init.vobizCallId.replace(/-/gu, '');
  return {
    type: 'post_call_transcription',
    event_timestamp: Math.floor(Date.now() / 1000),
    data: {
      agent_id: AGENT_ID,
      conversation_id: init.conversationId,
      status: init.status ?? 'done',
      user_id: null,
      transcript: init.turns.map((t, i) => ({
        role: wireRole(t.role),
        message: t.text,
        tool_calls: [],
        tool_results: [],
        feedback: null,
        llm_override: null,
        time_in_call_secs: i * 4,
        conversation_turn_metrics: null,
        rag_retrieval_info: null,
        llm_usage: null,
        interrupted: false,
        original_message: null,
        source_medium: 'audio',
      })),
      metadata: {
        start_time_unix_secs: start,
        accepted_time_unix_secs: start,
        call_duration_secs: init.turns.length * 4,
        cost: 412,
        deletion_settings: { deletion_time_unix_secs: null, deleted_logs_at_time_unix_secs: null },
        feedback: { overall_score: null, likes: 0, dislikes: 0 },
        authorization_method: 'authorization_header',
        charging: { dev_discount: false },
        phone_call: {
          direction: 'inbound',
          phone_number_id: PHONE_NUMBER_ID,
          agent_number: '+918000000000',
          external_number: '+919811111111',
          type: 'sip_trunking',
          call_sid: `SCL_${compact.slice(0, 12)}`,
          call_id: null,
          sip_header_dynamic_variables: { sip_vh_handoffcall: compact },
        },
        batch_call: null,
        termination_reason: init.terminationReason ?? 'Call ended by remote party',
        error: null,
        main_language: 'en',
        rag_usage: null,
        text_only: false,
      },
      analysis: {
        evaluation_criteria_results: {},
        data_collection_results: {},
        call_successful: 'success',
        transcript_summary: 'The caller asked for help and was handed to a person.',
        call_summary_title: 'Handoff to a person',
      },
      conversation_initiation_client_data: {
        conversation_config_override: {
          agent: { prompt: null, first_message: null, language: 'en' },
          tts: null,
        },
        custom_llm_extra_body: {},
        user_id: null,
        source_info: { source: null, version: null },
        dynamic_variables: {
          system__agent_id: AGENT_ID,
          system__conversation_id: init.conversationId,
          system__caller_id: '+919811111111',
          system__called_number: '+918000000000',
          sip_vh_handoffcall: compact,
        },
      },
    },
  };
}
