import {
  AnswerPort,
  type AttachedCall,
  answerToolCall,
  claimOnce,
  type FetchHandler,
  type FieldsSchema,
  type Handoff,
  LIVE,
  type ToolReply,
  type TurnInput,
  webhook,
} from '@handoff/core';
import { callIdFromContext, usableCallId } from './call-id.js';
import { json, problem, safeEqual } from './http.js';
import { ENVELOPE_KEYS, toolBody, type UltravoxWebhook, webhookBody } from './payloads.js';
import { verifyUltravoxWebhook } from './signature.js';
import { turnsFromHistory } from './transcript.js';

export const PLATFORM = 'ultravox';
/** The header `ultravoxTool` sends the shared secret in, as a static parameter. */
export const SECRET_HEADER = 'X-Handoff-Secret';
/** How the agent proceeds after a tool result (docs: tools/custom/agent-responses). */
export const REACTION_HEADER = 'X-Ultravox-Agent-Reaction';

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** The docs' advice: a webhook older than a minute is refused. */
const DEFAULT_TOLERANCE_SEC = 60;
/** From the tool's answer to the agent's first word. */
const DEFAULT_SPEECH_START_MS = 1_000;
/** Under `ultravoxTool`'s default timeout (20 s). */
const DEFAULT_TOOL_BUDGET_MS = 15_000;

/** What reached the handler, once the core has had it. */
export interface UltravoxEvent {
  /** `tool_call`, or the webhook's `event` (`call.started`, `call.ended`, …). */
  type: string;
  /** Ultravox's own call id. */
  ultravoxCallId?: string;
  /** The Vobiz call UUID. */
  callId?: string;
  handoffId?: string;
  /** The spoken turns the request carried. */
  turns: TurnInput[];
  /** The webhook's `call` as received (`endReason`, `summary`, …). */
  call?: Record<string, unknown>;
}

export interface UltravoxHandlerOptions {
  /** The shared secret the tool sends in `secretHeader` (compared in constant time). */
  secret: string;
  /** Header carrying it (default `X-Handoff-Secret`). */
  secretHeader?: string;
  /** The account webhook's secret (`X-Ultravox-Webhook-Signature`). Without it, webhooks get 401. */
  webhookSecret?: string;
  /** Age of a webhook timestamp still accepted, in seconds (default 60). */
  webhookToleranceSec?: number;
  /** How long after the tool's answer the agent starts speaking (default 1000 ms). */
  speechStartMs?: number;
  /** How long a tool call waits for the core before answering (default 15 000 ms). */
  toolBudgetMs?: number;
  /** Largest body accepted, in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Last resort for the Vobiz call UUID when the request carries none. */
  resolveCallId?: (body: Record<string, unknown>) => string | undefined | Promise<string | undefined>;
  /** Every request once handled, with the handoff it belongs to. */
  onEvent?: (event: UltravoxEvent) => void | Promise<void>;
}

const KNOWN: Array<keyof UltravoxHandlerOptions> = [
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

function settingsFrom(options: UltravoxHandlerOptions | undefined) {
  const read = webhook.options('ultravoxHandler', options, KNOWN, {
    required: 'ultravoxHandler needs options with `secret`',
  });
  const secret = read.secret('secret', 'ultravoxHandler needs `secret`: the value the tool sends');
  read.functions('resolveCallId', 'onEvent');
  return {
    secret,
    secretHeader: read.given.secretHeader ?? SECRET_HEADER,
    webhookSecret: read.given.webhookSecret,
    toleranceMs: read.integer('webhookToleranceSec', DEFAULT_TOLERANCE_SEC) * 1000,
    speechStartMs: read.integer('speechStartMs', DEFAULT_SPEECH_START_MS, { min: 0 }),
    toolBudgetMs: read.integer('toolBudgetMs', DEFAULT_TOOL_BUDGET_MS),
    maxBodyBytes: read.integer('maxBodyBytes', DEFAULT_MAX_BODY_BYTES),
    resolveCallId: read.given.resolveCallId,
    onEvent: read.given.onEvent,
  };
}

/** A tool result with the agent's reaction: speak unless the core says there is nothing to add. */
function toolAnswer(body: ToolReply | Record<string, unknown>): Response {
  const response = json(body);
  response.headers.set(REACTION_HEADER, body.status === 'already_transferring' ? 'listens' : 'speaks');
  return response;
}

/**
 * Ultravox's HTTP-tool requests and account webhooks, as one fetch-standard handler. A request
 * with `X-Ultravox-Webhook-Signature` is a webhook, verified against `webhookSecret`; any other is
 * a `transfer_to_human` call and must carry the shared secret. The handler joins the call, feeds
 * the conversation history Ultravox sent, and lets the core decide.
 */
export function ultravoxHandler<F extends FieldsSchema>(
  handoff: Handoff<F>,
  options: UltravoxHandlerOptions,
): FetchHandler {
  webhook.requireHandoff(handoff, 'ultravoxHandler');
  const settings = settingsFrom(options);
  const report = (e: unknown, where: string) => handoff.reportError(e, where);

  const notify = async (event: UltravoxEvent) => {
    await webhook.guarded(report, 'ultravox-on-event', settings.onEvent, event);
  };

  const resolveCallId = async (body: Record<string, unknown>) =>
    usableCallId(await webhook.guarded(report, 'ultravox-resolve-call-id', settings.resolveCallId, body));

  const merge = (attached: AttachedCall, turns: readonly TurnInput[]) => {
    for (const turn of turns) {
      try {
        attached.addTurn(turn);
      } catch (e) {
        report(e, 'ultravox-add-turn');
      }
    }
  };

  const refusal = () => webhook.refusal(handoff.options);

  async function onTool(body: Record<string, unknown>): Promise<Response> {
    const parsed = toolBody.safeParse(body);
    if (!parsed.success) return problem(400, 'invalid_tool_call', webhook.firstIssue(parsed.error));
    const { handoff_call, call_id, conversation_history } = parsed.data;
    const ultravoxCallId = call_id ?? undefined;
    let turns: TurnInput[];
    try {
      turns = conversation_history == null ? [] : turnsFromHistory(conversation_history, ultravoxCallId);
    } catch {
      return problem(400, 'invalid_history', '`conversation_history` is not a list of Ultravox messages');
    }
    const args = webhook.withoutKeys(body, ENVELOPE_KEYS);
    const callId = usableCallId(handoff_call) ?? (await resolveCallId(body));
    if (!callId) {
      report(new Error('Ultravox tool call carries no Vobiz call UUID (handoff_call)'), 'ultravox-call-id');
      return toolAnswer(refusal());
    }
    const port = new AnswerPort({
      request: 'the Ultravox tool call',
      speechStartMs: settings.speechStartMs,
    });
    const attached = handoff.attachCall({
      callId,
      platform: PLATFORM,
      port,
      ...(ultravoxCallId ? { platformCallId: ultravoxCallId } : {}),
    });
    merge(attached, turns);
    const done = await answerToolCall(attached, port, args, settings.toolBudgetMs);
    void notify({ type: 'tool_call', callId, turns, ...(ultravoxCallId ? { ultravoxCallId } : {}) });
    return toolAnswer('answer' in done ? done.answer : refusal());
  }

  async function onWebhook(hook: UltravoxWebhook, body: Record<string, unknown>): Promise<Response> {
    const { event: type, call } = hook;
    const ultravoxCallId = call.callId;
    const callId =
      callIdFromContext(call.requestContext) ??
      callIdFromContext(call.metadata) ??
      (await resolveCallId(body));
    const event: UltravoxEvent = {
      type,
      ultravoxCallId,
      turns: [],
      call: body.call as Record<string, unknown>,
    };
    if (!callId) {
      await notify(event);
      return json({ ok: true, type, ignored: 'no_vobiz_call' });
    }
    event.callId = callId;
    let record = await handoff.forCall(callId);
    if (type === 'call.ended') {
      const attach = () => handoff.attachCall({ callId, platform: PLATFORM, platformCallId: ultravoxCallId });
      if (record && LIVE.has(record.status)) {
        // Ultravox's leg ended because Vobiz moved the call: the session stays with the handoff.
      } else if (call.endReason === 'system_error' && !record) {
        // The agent failed, not the call: over Vobiz the caller is still on the line.
        await attach().aiUnavailable('ultravox call ended with system_error');
        record = await handoff.forCall(callId);
      } else {
        attach().end();
      }
    }
    if (record) event.handoffId = record.id;
    await notify(event);
    return json({ ok: true, type, ...(record ? { handoffId: record.id } : {}) });
  }

  async function dispatch(request: Request, text: string): Promise<Response> {
    const signatures = request.headers.get('x-ultravox-webhook-signature');
    if (signatures !== null) {
      if (!settings.webhookSecret) return problem(401, 'unauthorized', 'No webhook secret is configured');
      const check = verifyUltravoxWebhook(
        text,
        request.headers.get('x-ultravox-webhook-timestamp'),
        signatures,
        settings.webhookSecret,
        settings.toleranceMs,
      );
      if (!check.ok) return problem(401, 'unauthorized', `X-Ultravox-Webhook-Signature is ${check.reason}`);
      // Refused on every instance sharing the store until the timestamp is too old to pass anyway.
      const ttlMs = Math.max(1, check.at + settings.toleranceMs - Date.now());
      if (!(await claimOnce(handoff.store, 'platformReplay', `ultravox:${check.signature}`, ttlMs))) {
        return problem(409, 'replayed', 'This signed webhook was already received');
      }
    } else if (!safeEqual(request.headers.get(settings.secretHeader), settings.secret)) {
      return problem(401, 'unauthorized', `Missing or wrong ${settings.secretHeader}`);
    }
    const read = webhook.parseObject(text);
    if (!read.ok) return read.response;
    const { body } = read;
    if (signatures === null) return onTool(body);
    const hook = webhookBody.safeParse(body);
    if (!hook.success) return problem(400, 'invalid_webhook', webhook.firstIssue(hook.error));
    return onWebhook(hook.data, body);
  }

  return webhook.endpoint(
    { maxBodyBytes: settings.maxBodyBytes, report, where: 'ultravox-handler' },
    (request, text) => dispatch(request, text),
  );
}
