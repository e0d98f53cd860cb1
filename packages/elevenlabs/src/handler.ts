import {
  AnswerPort,
  type AttachedCall,
  answerToolCall,
  claimOnce,
  type FetchHandler,
  type FieldsSchema,
  type Handoff,
  LIVE,
  type TurnInput,
  webhook,
} from '@handoff/core';
import { callIdFromVariables, usableCallId } from './call-id.js';
import { json, problem, safeEqual } from './http.js';
import { type ElevenLabsWebhook, ENVELOPE_KEYS, toolBody, webhookBody } from './payloads.js';
import { verifyElevenLabs } from './signature.js';
import { turnsFromEntries, turnsFromHistory } from './transcript.js';

export const PLATFORM = 'elevenlabs';
/** The header `elevenLabsTool` sends the shared secret in (server tools carry no signature). */
export const SECRET_HEADER = 'X-Handoff-Secret';
export const SIGNATURE_HEADER = 'ElevenLabs-Signature';

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** `constructEvent`'s tolerance in the ElevenLabs SDK. */
const DEFAULT_TOLERANCE_SEC = 30 * 60;
/** From the tool's answer to the agent's first word: the LLM's reply to the tool result, then TTS. */
const DEFAULT_SPEECH_START_MS = 1_000;
/** Under `elevenLabsTool`'s default `response_timeout_secs` (20). */
const DEFAULT_TOOL_BUDGET_MS = 15_000;

/** What reached the handler, once the core has had it. */
export interface ElevenLabsEvent {
  /** `tool_call`, or the webhook's `type` (`post_call_transcription`, `call_initiation_failure`, …). */
  type: string;
  conversationId?: string;
  /** The Vobiz call UUID. */
  callId?: string;
  /** The handoff made for the call, if any. */
  handoffId?: string;
  /** The spoken turns the request carried. */
  turns: TurnInput[];
  /** The webhook's `data` as received (`analysis`, `metadata`, …). */
  data?: Record<string, unknown>;
}

export interface ElevenLabsHandlerOptions {
  /** The shared secret the server tool sends in `secretHeader` (compared in constant time). */
  secret: string;
  /** Header carrying it (default `X-Handoff-Secret`). */
  secretHeader?: string;
  /** The workspace webhook's HMAC secret (`ElevenLabs-Signature`). Without it, webhooks get 401. */
  webhookSecret?: string;
  /** Age of a webhook signature still accepted, in seconds (default 1800, as the SDK). */
  webhookToleranceSec?: number;
  /** How long after the tool's answer the agent starts speaking (default 1000 ms). */
  speechStartMs?: number;
  /** How long a tool call waits for the core before answering (default 15 000 ms). */
  toolBudgetMs?: number;
  /** Largest body accepted, in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Last resort for the Vobiz call UUID when the request carries none. */
  resolveCallId?: (body: Record<string, unknown>) => string | undefined | Promise<string | undefined>;
  /** Every request once handled: post-call transcripts, analysis, with the handoff they belong to. */
  onEvent?: (event: ElevenLabsEvent) => void | Promise<void>;
}

const KNOWN: Array<keyof ElevenLabsHandlerOptions> = [
  'secret',
  'secretHeader',
  'webhookSecret',
  'webhookToleranceSec',
  'speechStartMs',
  'toolBudgetMs',
  'maxBodyBytes',
  'resolveCallId',
  'onEvent',
];

function settingsFrom(options: ElevenLabsHandlerOptions | undefined) {
  const read = webhook.options('elevenLabsHandler', options, KNOWN, {
    required: 'elevenLabsHandler needs options with `secret`',
  });
  const secret = read.secret('secret', 'elevenLabsHandler needs `secret`: the value the server tool sends');
  read.functions('resolveCallId', 'onEvent');
  return {
    secret,
    secretHeader: read.given.secretHeader ?? SECRET_HEADER,
    webhookSecret: read.given.webhookSecret,
    toleranceSec: read.integer('webhookToleranceSec', DEFAULT_TOLERANCE_SEC),
    speechStartMs: read.integer('speechStartMs', DEFAULT_SPEECH_START_MS, { min: 0 }),
    toolBudgetMs: read.integer('toolBudgetMs', DEFAULT_TOOL_BUDGET_MS),
    maxBodyBytes: read.integer('maxBodyBytes', DEFAULT_MAX_BODY_BYTES),
    resolveCallId: read.given.resolveCallId,
    onEvent: read.given.onEvent,
  };
}

/**
 * ElevenLabs' server-tool requests and workspace webhooks, as one fetch-standard handler.
 * A request with `ElevenLabs-Signature` is a webhook and is verified against `webhookSecret`;
 * any other is a `transfer_to_human` call and must carry the shared secret. The handler joins the
 * call, feeds the transcript ElevenLabs sent, and lets the core decide.
 */
export function elevenLabsHandler<F extends FieldsSchema>(
  handoff: Handoff<F>,
  options: ElevenLabsHandlerOptions,
): FetchHandler {
  webhook.requireHandoff(handoff, 'elevenLabsHandler');
  const settings = settingsFrom(options);
  const report = (e: unknown, where: string) => handoff.reportError(e, where);

  const notify = async (event: ElevenLabsEvent) => {
    await webhook.guarded(report, 'elevenlabs-on-event', settings.onEvent, event);
  };

  const resolveCallId = async (body: Record<string, unknown>) =>
    usableCallId(await webhook.guarded(report, 'elevenlabs-resolve-call-id', settings.resolveCallId, body));

  const merge = (attached: AttachedCall, turns: readonly TurnInput[]) => {
    for (const turn of turns) {
      try {
        attached.addTurn(turn);
      } catch (e) {
        report(e, 'elevenlabs-add-turn');
      }
    }
  };

  const refusal = () => webhook.refusal(handoff.options);

  async function onTool(body: Record<string, unknown>): Promise<Response> {
    const parsed = toolBody.safeParse(body);
    if (!parsed.success) return problem(400, 'invalid_tool_call', webhook.firstIssue(parsed.error));
    const { conversation_history, conversation_id, handoff_call, caller_id } = parsed.data;
    const conversationId = conversation_id ?? undefined;
    let turns: TurnInput[];
    try {
      turns = conversation_history == null ? [] : turnsFromHistory(conversation_history, conversationId);
    } catch {
      return problem(
        400,
        'invalid_history',
        '`conversation_history` is not an ElevenLabs conversation history',
      );
    }
    const args = webhook.withoutKeys(body, ENVELOPE_KEYS);
    const callId = usableCallId(handoff_call) ?? (await resolveCallId(body));
    if (!callId) {
      report(
        new Error('ElevenLabs tool call carries no Vobiz call UUID (handoff_call)'),
        'elevenlabs-call-id',
      );
      return json(refusal());
    }
    const port = new AnswerPort({
      request: 'the ElevenLabs tool call',
      speechStartMs: settings.speechStartMs,
    });
    const attached = handoff.attachCall({
      callId,
      platform: PLATFORM,
      port,
      ...(caller_id ? { from: caller_id } : {}),
      ...(conversationId ? { platformCallId: conversationId } : {}),
    });
    merge(attached, turns);
    const done = await answerToolCall(attached, port, args, settings.toolBudgetMs);
    void notify({ type: 'tool_call', callId, turns, ...(conversationId ? { conversationId } : {}) });
    return json('answer' in done ? done.answer : refusal());
  }

  async function onWebhook(hook: ElevenLabsWebhook, body: Record<string, unknown>): Promise<Response> {
    const { data, type } = hook;
    const conversationId = data.conversation_id;
    const callId =
      callIdFromVariables(data.metadata?.phone_call?.sip_header_dynamic_variables) ??
      callIdFromVariables(data.conversation_initiation_client_data?.dynamic_variables) ??
      (await resolveCallId(body));
    const turns = turnsFromEntries(
      data.transcript ?? [],
      conversationId,
      data.metadata?.start_time_unix_secs ?? undefined,
    );
    const event: ElevenLabsEvent = {
      type,
      conversationId,
      turns,
      data: body.data as Record<string, unknown>,
    };
    if (!callId) {
      await notify(event);
      return json({ ok: true, type, ignored: 'no_vobiz_call' });
    }
    event.callId = callId;
    let record = await handoff.forCall(callId);
    if (type === 'post_call_transcription') {
      const attach = () => handoff.attachCall({ callId, platform: PLATFORM, platformCallId: conversationId });
      if (record && LIVE.has(record.status)) {
        // ElevenLabs' leg ended because Vobiz moved the call: the session stays with the handoff.
      } else if (data.status === 'failed' && !record) {
        // The agent failed, not the call: over Vobiz the caller is still on the line.
        const attached = attach();
        merge(attached, turns);
        await attached.aiUnavailable(
          `elevenlabs conversation failed (${data.metadata?.termination_reason ?? 'no reason'})`,
        );
        record = await handoff.forCall(callId);
      } else {
        const attached = attach();
        merge(attached, turns);
        attached.end();
      }
    }
    if (record) event.handoffId = record.id;
    await notify(event);
    return json({ ok: true, type, ...(record ? { handoffId: record.id } : {}) });
  }

  async function dispatch(request: Request, text: string): Promise<Response> {
    const signature = request.headers.get(SIGNATURE_HEADER);
    if (signature !== null) {
      if (!settings.webhookSecret) return problem(401, 'unauthorized', 'No webhook secret is configured');
      const check = verifyElevenLabs(text, signature, settings.webhookSecret, settings.toleranceSec);
      if (!check.ok) return problem(401, 'unauthorized', `ElevenLabs-Signature is ${check.reason}`);
      // Refused on every instance sharing the store until the signature is too old to pass anyway.
      const ttlMs = Math.max(1, (check.timestamp + settings.toleranceSec) * 1000 - Date.now());
      if (!(await claimOnce(handoff.store, 'platformReplay', `elevenlabs:${check.digest}`, ttlMs))) {
        return problem(409, 'replayed', 'This signed webhook was already received');
      }
    } else if (!safeEqual(request.headers.get(settings.secretHeader), settings.secret)) {
      return problem(401, 'unauthorized', `Missing or wrong ${settings.secretHeader}`);
    }
    const read = webhook.parseObject(text);
    if (!read.ok) return read.response;
    const { body } = read;
    if (signature === null) return onTool(body);
    const hook = webhookBody.safeParse(body);
    if (!hook.success) return problem(400, 'invalid_webhook', webhook.firstIssue(hook.error));
    return onWebhook(hook.data, body);
  }

  return webhook.endpoint(
    { maxBodyBytes: settings.maxBodyBytes, report, where: 'elevenlabs-handler' },
    (request, text) => dispatch(request, text),
  );
}
