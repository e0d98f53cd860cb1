/**
 * Ultravox payloads as the platform sends them, built per test so each carries the test's call.
 * The package's tests and the contract suite's driver (test/contract/drivers/ultravox.ts) share
 * these, so the suite replays the shapes the package is tested on.
 *
 * Where each shape comes from:
 * - HTTP-tool request: `ultravox.v1.BaseToolDefinition` in Ultravox's OpenAPI (as vendored in
 *   github:tryAGI/Ultravox src/libs/Ultravox/openapi.yaml, 2026-07) and docs.ultravox.ai
 *   tools/custom/parameters (github:fixie-ai/ultradox): every `PARAMETER_LOCATION_BODY` parameter
 *   (dynamic, static, automatic) is a field of the JSON body. Verified against the schema.
 * - `conversation_history` (`KNOWN_PARAM_CONVERSATION_HISTORY`): "the full conversation history
 *   leading up to this tool call". Its serialization is not documented; a list of
 *   `ultravox.v1.Message` (`role`, `text`, `medium`, `callStageMessageIndex`, …, as List Call
 *   Messages returns them) is INFERRED. The handler also takes it as a JSON string or under `results`.
 * - `handoff_call`: a static parameter rendered from the template context, which Ultravox fills
 *   from an incoming SIP call's `X-` headers (`X-Customer-Name: Bob` → `customer_name`, docs
 *   telephony/sip). `X-VH-handoffCall` → `vh_handoffcall` is INFERRED from that rule.
 * - Webhook: `{ event, call }` with `call` as Get Call returns it (`Call` in the OpenAPI), signed
 *   with `X-Ultravox-Webhook-Timestamp` / `-Signature` (docs webhooks/securing-webhooks). Verified.
 *   That `call.requestContext` holds the SIP header's context is INFERRED (`requestContext` is
 *   untyped in the schema).
 */

export interface Utterance {
  role: 'caller' | 'agent';
  text: string;
}

const STAGE = '6f8e2d4c-1b3a-4c5d-9e8f-7a6b5c4d3e2f';

/** An Ultravox call id (a UUID of its own), derived from `seed` so a test can name it again. */
export function ultravoxCallId(seed: string): string {
  const hex = [...seed.replace(/[^0-9a-f]/giu, '').toLowerCase()]
    .reverse()
    .join('')
    .padEnd(32, '0')
    .slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `KNOWN_PARAM_CONVERSATION_HISTORY` as the tool's body carries it. */
export function conversationHistory(turns: readonly Utterance[]): Array<Record<string, unknown>> {
  return turns.map((t, i) => ({
    role: t.role === 'caller' ? 'MESSAGE_ROLE_USER' : 'MESSAGE_ROLE_AGENT',
    text: t.text,
    medium: 'MESSAGE_MEDIUM_VOICE',
    callStageMessageIndex: i,
    callStageId: STAGE,
    timespan: { start: `${(i * 4).toFixed(3)}s`, end: `${(i * 4 + 3).toFixed(3)}s` },
  }));
}

/** An HTTP-tool request for `ultravoxTool`'s parameters. */
export function toolRequest(init: {
  args: Record<string, unknown>;
  turns: readonly Utterance[];
  vobizCallId: string;
  ultravoxCallId: string;
}): Record<string, unknown> {
  return {
    ...init.args,
    // Vobiz sends the UUID without dashes: `[A-Za-z0-9]` only in sipHeaders values.
    handoff_call: init.vobizCallId.replace(/-/gu, ''),
    call_id: init.ultravoxCallId,
    conversation_history: conversationHistory(init.turns),
  };
}

/** A `call.ended` account webhook for an incoming SIP call. */
export function callEnded(init: {
  vobizCallId: string;
  ultravoxCallId: string;
  endReason?: 'hangup' | 'agent_hangup' | 'timeout' | 'connection_error' | 'system_error' | 'unjoined';
}): Record<string, unknown> {
  const now = new Date();
  const started = new Date(now.getTime() - 60_000).toISOString();
  return {
    event: 'call.ended',
    call: {
      callId: init.ultravoxCallId,
      clientVersion: null,
      created: started,
      joined: started,
      ended: now.toISOString(),
      endReason: init.endReason ?? 'hangup',
      billedDuration: '60s',
      billingStatus: 'BILLING_STATUS_PENDING',
      firstSpeaker: 'FIRST_SPEAKER_AGENT',
      firstSpeakerSettings: { agent: {} },
      initialOutputMedium: 'MESSAGE_MEDIUM_VOICE',
      joinTimeout: '30s',
      joinUrl: null,
      languageHint: 'en',
      maxDuration: '3600s',
      medium: { sip: { incoming: {} } },
      model: 'ultravox-v0.7',
      recordingEnabled: false,
      systemPrompt: 'You are the Sahayak Bank assistant.',
      temperature: 0,
      timeExceededMessage: null,
      voice: 'Riya-Hindi-Urdu',
      transcriptOptional: true,
      errorCount: 0,
      vadSettings: null,
      shortSummary: 'Caller asked for help.',
      summary: 'The caller asked for help with their account.',
      agent: { agentId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', name: 'sahayak' },
      agentId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
      experimentalSettings: null,
      metadata: {},
      initialState: {},
      requestContext: {
        vh_handoffcall: init.vobizCallId.replace(/-/gu, ''),
        ultravox: { sip: { caller_id: '+919811111111', from_display_name: '+919811111111' } },
      },
      sipDetails: { billedDuration: '60s', terminationReason: null },
    },
  };
}
