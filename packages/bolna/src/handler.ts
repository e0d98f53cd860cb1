import {
  AnswerPort,
  type AttachedCall,
  answerToolCall,
  type FetchHandler,
  type FieldsSchema,
  type Handoff,
  LIVE,
  type TurnInput,
  webhook,
} from '@handoff/core';
import { usableCallId } from './call-id.js';
import { json, problem, safeEqual } from './http.js';
import {
  type BolnaExecution,
  ENVELOPE_KEYS,
  executionBody,
  TERMINAL,
  toolBody,
  withoutMarkers,
} from './payloads.js';
import { turnsFromTranscript } from './transcript.js';

export const PLATFORM = 'bolna';
/** The query parameter that authenticates execution webhooks: Bolna sends them with no signature. */
export const TOKEN_PARAM = 'token';

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Bolna gives a function call 10 s (bolna-ai/bolna `trigger_api`); answer well inside it. */
const DEFAULT_TOOL_BUDGET_MS = 8_000;
/** From the function's response to the LLM's spoken reply, when Bolna did not speak the farewell. */
const DEFAULT_SPEECH_START_MS = 1_000;
const DEFAULT_API_BASE = 'https://api.bolna.ai';
const LOOKUP_TIMEOUT_MS = 3_000;

/** What reached the handler, once the core has had it. */
export interface BolnaEvent {
  /** `function_call`, or `execution` for an execution webhook. */
  type: 'function_call' | 'execution';
  executionId?: string;
  /** The execution's status (`in-progress`, `completed`, …) for an execution webhook. */
  status?: string;
  /** The Vobiz call UUID. */
  callId?: string;
  handoffId?: string;
  /** The spoken turns the request carried. */
  turns: TurnInput[];
  /** The execution as received (`extracted_data`, `telephony_data`, …). */
  execution?: Record<string, unknown>;
}

export interface BolnaHandlerOptions {
  /** The secret the function sends as `Authorization: Bearer <secret>` (compared in constant time). */
  secret: string;
  /**
   * The token execution webhooks carry as `?token=` in the agent's `webhook_url`: Bolna signs
   * nothing and sends no headers of yours. Without it, execution webhooks get 401.
   */
  webhookToken?: string;
  /**
   * A Bolna API key: the handler then finds the Vobiz call of a function call that carries only
   * `execution_id` through Get Execution (`telephony_data.provider_call_id`).
   */
  apiKey?: string;
  /** Bolna's API base URL (default `https://api.bolna.ai`). */
  apiBase?: string;
  /** The `fetch` for Get Execution (a proxy, a test double). */
  fetch?: typeof fetch;
  /** How long after the response the LLM starts speaking, when the farewell goes in the response (default 1000 ms). */
  speechStartMs?: number;
  /** How long a function call waits for the core before answering (default 8000 ms; Bolna waits 10 s). */
  toolBudgetMs?: number;
  /** Largest body accepted, in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Last resort for the Vobiz call UUID when the request carries none. */
  resolveCallId?: (body: Record<string, unknown>) => string | undefined | Promise<string | undefined>;
  /** Every request once handled: executions with their transcript and the handoff they belong to. */
  onEvent?: (event: BolnaEvent) => void | Promise<void>;
}

const KNOWN: Array<keyof BolnaHandlerOptions> = [
  'secret',
  'webhookToken',
  'apiKey',
  'apiBase',
  'fetch',
  'speechStartMs',
  'toolBudgetMs',
  'maxBodyBytes',
  'resolveCallId',
  'onEvent',
];

function settingsFrom(options: BolnaHandlerOptions | undefined) {
  const read = webhook.options('bolnaHandler', options, KNOWN, {
    required: 'bolnaHandler needs options with `secret`',
  });
  const secret = read.secret('secret', 'bolnaHandler needs `secret`: the value the function sends');
  read.functions('resolveCallId', 'onEvent', 'fetch');
  const given = read.given;
  return {
    authorization: `Bearer ${secret}`,
    webhookToken: given.webhookToken,
    apiKey: given.apiKey,
    apiBase: (given.apiBase ?? DEFAULT_API_BASE).replace(/\/+$/u, ''),
    fetch: given.fetch ?? globalThis.fetch,
    speechStartMs: read.integer('speechStartMs', DEFAULT_SPEECH_START_MS, { min: 0 }),
    toolBudgetMs: read.integer('toolBudgetMs', DEFAULT_TOOL_BUDGET_MS),
    maxBodyBytes: read.integer('maxBodyBytes', DEFAULT_MAX_BODY_BYTES),
    resolveCallId: given.resolveCallId,
    onEvent: given.onEvent,
  };
}

/**
 * Bolna's custom-function calls and execution webhooks, as one fetch-standard handler. A request
 * with `Authorization` is a `transfer_to_human` call; one with `?token=` an execution webhook.
 * The handler joins the call, feeds the transcript an execution carries, and lets the core decide.
 */
export function bolnaHandler<F extends FieldsSchema>(
  handoff: Handoff<F>,
  options: BolnaHandlerOptions,
): FetchHandler {
  webhook.requireHandoff(handoff, 'bolnaHandler');
  const settings = settingsFrom(options);
  const report = (e: unknown, where: string) => handoff.reportError(e, where);

  const notify = async (event: BolnaEvent) => {
    await webhook.guarded(report, 'bolna-on-event', settings.onEvent, event);
  };

  /** Get Execution → `telephony_data.provider_call_id`, the Vobiz CallUUID on Bolna's Vobiz telephony. */
  const lookup = async (executionId: string | undefined) => {
    if (!settings.apiKey || !executionId || !/^[A-Za-z0-9-]{1,128}$/u.test(executionId)) return undefined;
    try {
      const response = await settings.fetch(`${settings.apiBase}/executions/${executionId}`, {
        headers: { authorization: `Bearer ${settings.apiKey}` },
        signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`Bolna Get Execution answered ${response.status}`);
      const parsed = executionBody.safeParse(await response.json());
      return parsed.success ? usableCallId(parsed.data.telephony_data?.provider_call_id) : undefined;
    } catch (e) {
      report(e, 'bolna-get-execution');
      return undefined;
    }
  };

  const resolveCallId = async (body: Record<string, unknown>) =>
    usableCallId(await webhook.guarded(report, 'bolna-resolve-call-id', settings.resolveCallId, body));

  const merge = (attached: AttachedCall, turns: readonly TurnInput[]) => {
    for (const turn of turns) {
      try {
        attached.addTurn(turn);
      } catch (e) {
        report(e, 'bolna-add-turn');
      }
    }
  };

  const refusal = () => webhook.refusal(handoff.options);

  async function onFunction(raw: Record<string, unknown>): Promise<Response> {
    const body = withoutMarkers(raw);
    const parsed = toolBody.safeParse(body);
    if (!parsed.success) return problem(400, 'invalid_function_call', webhook.firstIssue(parsed.error));
    const { execution_id, call_sid, textual_response } = parsed.data;
    const executionId = execution_id ?? undefined;
    const args = webhook.withoutKeys(body, ENVELOPE_KEYS);
    const callId = usableCallId(call_sid) ?? (await lookup(executionId)) ?? (await resolveCallId(body));
    if (!callId) {
      report(new Error('Bolna function call names no Vobiz call (call_sid, execution_id)'), 'bolna-call-id');
      return json(refusal());
    }
    const port = new AnswerPort({
      request: 'the Bolna function call',
      // Bolna skips the pre-call message when the LLM said something of its own with the call.
      farewellPlayed: !textual_response?.trim(),
      speechStartMs: settings.speechStartMs,
    });
    const attached = handoff.attachCall({
      callId,
      platform: PLATFORM,
      port,
      ...(executionId ? { platformCallId: executionId } : {}),
    });
    const done = await answerToolCall(attached, port, args, settings.toolBudgetMs, {
      keepDecided: true,
    });
    void notify({ type: 'function_call', callId, turns: [], ...(executionId ? { executionId } : {}) });
    return json('answer' in done ? done.answer : (done.decided ?? refusal()));
  }

  async function onExecution(execution: BolnaExecution, raw: Record<string, unknown>): Promise<Response> {
    const executionId = execution.id;
    const callId =
      usableCallId(execution.telephony_data?.provider_call_id) ??
      usableCallId(execution.context_details?.call_sid) ??
      (await resolveCallId(raw));
    const turns = execution.transcript ? turnsFromTranscript(execution.transcript, executionId) : [];
    const event: BolnaEvent = {
      type: 'execution',
      executionId,
      status: execution.status,
      turns,
      execution: raw,
    };
    if (!callId) {
      await notify(event);
      return json({ ok: true, status: execution.status, ignored: 'no_vobiz_call' });
    }
    event.callId = callId;
    const record = await handoff.forCall(callId);
    const live = record !== undefined && LIVE.has(record.status);
    const from = execution.telephony_data?.from_number;
    const attach = () =>
      handoff.attachCall({
        callId,
        platform: PLATFORM,
        platformCallId: executionId,
        ...(from ? { from } : {}),
      });
    // After a handoff, the transcript belongs to the record (onEvent), not to a call that moved on.
    if (!live && (turns.length > 0 || TERMINAL.has(execution.status))) {
      const attached = attach();
      merge(attached, turns);
      if (TERMINAL.has(execution.status)) attached.end();
    }
    if (record) event.handoffId = record.id;
    await notify(event);
    return json({ ok: true, status: execution.status, ...(record ? { handoffId: record.id } : {}) });
  }

  async function dispatch(request: Request, text: string): Promise<Response> {
    const authorization = request.headers.get('authorization');
    const token = new URL(request.url).searchParams.get(TOKEN_PARAM);
    const isFunction = authorization !== null;
    if (isFunction) {
      if (!safeEqual(authorization, settings.authorization)) {
        return problem(401, 'unauthorized', 'Missing or wrong Authorization');
      }
    } else if (!settings.webhookToken || !safeEqual(token, settings.webhookToken)) {
      return problem(401, 'unauthorized', 'Missing or wrong Authorization or webhook token');
    }
    const read = webhook.parseObject(text);
    if (!read.ok) return read.response;
    const { body } = read;
    if (isFunction) return onFunction(body);
    const execution = executionBody.safeParse(body);
    if (!execution.success) return problem(400, 'invalid_execution', webhook.firstIssue(execution.error));
    return onExecution(execution.data, body);
  }

  return webhook.endpoint(
    { maxBodyBytes: settings.maxBodyBytes, report, where: 'bolna-handler' },
    (request, text) => dispatch(request, text),
  );
}
