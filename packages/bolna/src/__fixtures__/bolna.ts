/**
 * Bolna payloads as the platform sends them, built per test so each carries the test's call. The
 * package's tests and the contract suite's driver (test/contract/drivers/bolna.ts) share these.
 *
 * Where each shape comes from:
 * - Custom-function request: bolna-ai/bolna (2026-08) `function_calling_helpers.py`
 *   (`prepare_api_request`, `substitute_var_markers`, `trigger_api`) and `task_manager.py`
 *   (`__execute_function_call`): Bolna POSTs `param` as JSON with every `{"$var": name}` marker
 *   replaced by the value it holds for `name` — the LLM's arguments, `textual_response` (null
 *   unless the LLM spoke with the call) and `execution_id` (corrected to the real one) — and
 *   leaves markers it has no value for; `api_token` is the `Authorization` header verbatim.
 *   Verified against the open-source runtime. That hosted Bolna also fills `call_sid` is from its
 *   docs (tool-calling/custom-function-variables), not from code: `substitute` takes it as given.
 * - Execution webhook: `AgentExecution` / `TelephonyData` in Bolna's OpenAPI (bolna-ai/skills
 *   references/openapi.yml), pushed on every status change (docs polling-call-status-webhooks).
 *   Verified field names. The `transcript` string's layout (`assistant: …` / `user: …` lines) is
 *   INFERRED; the docs call it "Transcription of the execution" and show `"<string>"`.
 */

export interface Utterance {
  role: 'caller' | 'agent';
  text: string;
}

export const AGENT_ID = '5bc97541-e320-4d95-a3a5-242cfe45621d';

export function executionId(seed: string): string {
  const hex = [...seed.replace(/[^0-9a-f]/giu, '').toLowerCase()]
    .reverse()
    .join('')
    .padEnd(32, '0')
    .slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** What Bolna's runtime does to `param` before posting it (`substitute_var_markers`). */
export function substitute(template: unknown, values: Record<string, unknown>): unknown {
  if (Array.isArray(template)) return template.map((item) => substitute(item, values));
  if (template === null || typeof template !== 'object') return template;
  const entries = Object.entries(template);
  if (entries.length === 1 && entries[0]![0] === '$var') {
    const name = String(entries[0]![1]);
    return name in values ? values[name] : template;
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, substitute(v, values)]));
}

/** A function call's body for `bolnaTool`'s `param`, as Bolna posts it. */
export function functionCall(init: {
  param: Record<string, unknown>;
  args: Record<string, unknown>;
  executionId: string;
  /** Hosted Bolna's `call_sid`: on its Vobiz telephony, the Vobiz CallUUID. Omit: the marker stays. */
  callSid?: string;
  textualResponse?: string | null;
}): Record<string, unknown> {
  return substitute(init.param, {
    ...init.args,
    execution_id: init.executionId,
    textual_response: init.textualResponse ?? null,
    tool_call_id: 'call_Wf3kQ8pZ2rT6yN1vB4xM7cD9',
    ...(init.callSid ? { call_sid: init.callSid } : {}),
  }) as Record<string, unknown>;
}

/** An execution as Bolna pushes it to the agent's `webhook_url`. */
export function execution(init: {
  executionId: string;
  vobizCallId: string;
  status: string;
  turns?: readonly Utterance[];
  from?: string;
}): Record<string, unknown> {
  const transcript = (init.turns ?? [])
    .map((t) => `${t.role === 'caller' ? 'user' : 'assistant'}: ${t.text}`)
    .join('\n');
  const now = new Date().toISOString().replace(/\.\d{3}Z$/u, 'Z');
  return {
    id: init.executionId,
    agent_id: AGENT_ID,
    batch_id: null,
    conversation_duration: 0,
    total_cost: 0,
    status: init.status,
    error_message: null,
    answered_by_voice_mail: false,
    transcript: transcript === '' ? null : `${transcript}\n`,
    created_at: now,
    updated_at: now,
    cost_breakdown: { llm: 0, network: 0, platform: 0, synthesizer: 0, transcriber: 0 },
    telephony_data: {
      duration: '0',
      to_number: '+918000000000',
      from_number: init.from ?? '+919811111111',
      recording_url: null,
      hosted_telephony: false,
      provider_call_id: init.vobizCallId,
      call_type: 'inbound',
      provider: 'vobiz',
      hangup_by: null,
      hangup_reason: null,
      hangup_provider_code: null,
    },
    transfer_call_data: null,
    batch_run_details: null,
    extracted_data: null,
    context_details: {
      recipient_data: { timezone: 'Asia/Kolkata' },
      recipient_phone_number: '+919811111111',
    },
  };
}
