import {
  type AttachedCall,
  type FetchHandler,
  type FieldsSchema,
  type Handoff,
  LIVE,
  promptsFor,
  type ToolReply,
} from '@handoff/core';
import Retell from 'retell-sdk';
import type { z } from 'zod/v4';
import { readBody } from './body.js';
import { findCallUuid, usableCallId } from './call-id.js';
import {
  type CallObject,
  callObject,
  ENVELOPE_KEYS,
  functionBody,
  type RetellCall,
  webhookBody,
} from './payloads.js';
import { type PortContext, type RetellClientLike, RetellPort } from './port.js';
import { MemoryReplayGuard, type ReplayGuard } from './replay.js';
import { mergeTranscript } from './transcript.js';

export const PLATFORM = 'retell';

/** Header `retellTool({ argsAtRoot: true })` asks Retell to send, as bare arguments name no call. */
export const CALL_HEADER = 'x-handoff-call';

/** Retell's timeout for a webhook (docs: features/webhook-overview): answer before it retries. */
const DEFAULT_WEBHOOK_BUDGET_MS = 8_000;
/** Under `retellTool`'s default `timeout_ms`, so the LLM hears the core's words, not a timeout. */
export const DEFAULT_TOOL_TIMEOUT_MS = 30_000;
const DEFAULT_TOOL_BUDGET_MS = 25_000;
/** A long call's transcript with word timings, twice over (plain and with tool calls). */
const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
/** `verify` accepts a timestamp five minutes either side of now. */
const SIGNATURE_WINDOW_MS = 10 * 60 * 1000;
/** Answers kept for a replay that lands on the instance that answered the original. */
const MAX_CACHED_ANSWERS = 1_000;

/** `disconnection_reason`s that mean the AI side failed, not that someone hung up. */
const AI_FAILURES: ReadonlySet<string> = new Set([
  'error_llm_websocket_open',
  'error_llm_websocket_lost_connection',
  'error_llm_websocket_runtime',
  'error_llm_websocket_corrupt_payload',
  'error_asr',
  'error_retell',
  'error_unknown',
]);

/** Events that only report on a call: looked up, passed to `onEvent`, never acted on. */
const REPORTS: ReadonlySet<string> = new Set([
  'call_analyzed',
  'transfer_started',
  'transfer_bridged',
  'transfer_cancelled',
  'transfer_ended',
]);

/** A verified request, after the core has had it. */
export interface RetellEvent {
  /** The webhook's `event` (`call_analyzed`, `transfer_bridged`, …), or `function_call`. */
  event: string;
  /** Retell's `call_id`, when the request carried the call. */
  retellCallId?: string;
  /** The Vobiz call UUID the call carries. */
  callId?: string;
  /** The handoff made for the call, for `call_ended`, `call_analyzed` and `transfer_*`. */
  handoffId?: string;
  /** Retell's call object as received: `call_analysis` on `call_analyzed`, for instance. */
  call?: RetellCall;
}

export interface RetellHandlerOptions {
  /**
   * The Retell API key with the webhook badge: it verifies `x-retell-signature` and authorises
   * update-live-call. Defaults to `RETELL_API_KEY`.
   */
  apiKey?: string;
  /** Largest body accepted, in bytes (default 4 MiB: a long call's transcript is big). */
  maxBodyBytes?: number;
  /** How long a webhook waits for the core before answering (default 8000 ms; Retell gives 10 s). */
  webhookBudgetMs?: number;
  /**
   * How long a `transfer_to_human` request waits for the core before answering with what the core
   * decided so far (default 25 000 ms, under `retellTool`'s `timeout_ms`).
   */
  toolBudgetMs?: number;
  /** The Retell client for update-live-call (a proxy, a test double). Default: one for `apiKey`. */
  client?: RetellClientLike;
  /** Last resort for the Vobiz call UUID when the call's SIP headers and dynamic variables lack it. */
  resolveCallId?: (call: RetellCall) => string | undefined | Promise<string | undefined>;
  /** Every verified request, once handled: `call_analysis` on `call_analyzed`, `transfer_*`, … */
  onEvent?: (event: RetellEvent) => void | Promise<void>;
  /** Signatures already seen (default: this process's memory). Share one across instances. */
  replayGuard?: ReplayGuard;
}

const OPTION_KEYS: ReadonlySet<string> = new Set<keyof RetellHandlerOptions>([
  'apiKey',
  'maxBodyBytes',
  'webhookBudgetMs',
  'toolBudgetMs',
  'client',
  'resolveCallId',
  'onEvent',
  'replayGuard',
]);

interface Settings {
  apiKey: string;
  maxBodyBytes: number;
  webhookBudgetMs: number;
  toolBudgetMs: number;
  client: RetellClientLike;
  resolveCallId: RetellHandlerOptions['resolveCallId'];
  onEvent: RetellHandlerOptions['onEvent'];
  replayGuard: ReplayGuard;
}

function positiveInt(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new TypeError(`retellHandler: \`${name}\` must be a positive integer`);
  }
  return value;
}

function optionalFunction<T>(name: string, value: T): T {
  if (value !== undefined && typeof value !== 'function') {
    throw new TypeError(`retellHandler: \`${name}\` must be a function`);
  }
  return value;
}

/** Strict on the user's options: a typo or a wrong type fails at start-up, naming the option. */
function settingsFrom(options: RetellHandlerOptions | undefined): Settings {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TypeError('retellHandler: options must be an object');
  }
  const given = options ?? {};
  for (const key of Object.keys(given)) {
    if (!OPTION_KEYS.has(key)) throw new TypeError(`retellHandler: unknown option \`${key}\``);
  }
  const apiKey = given.apiKey ?? process.env.RETELL_API_KEY;
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    throw new TypeError('retellHandler needs `apiKey` (or RETELL_API_KEY): the key Retell signs with');
  }
  const client = given.client;
  if (client !== undefined && typeof client?.call?.updateLive !== 'function') {
    throw new TypeError('retellHandler: `client` needs call.updateLive()');
  }
  const guard = given.replayGuard;
  if (guard !== undefined && (typeof guard?.claim !== 'function' || typeof guard?.release !== 'function')) {
    throw new TypeError('retellHandler: `replayGuard` needs claim() and release()');
  }
  return {
    apiKey,
    maxBodyBytes: positiveInt('maxBodyBytes', given.maxBodyBytes, DEFAULT_MAX_BODY_BYTES),
    webhookBudgetMs: positiveInt('webhookBudgetMs', given.webhookBudgetMs, DEFAULT_WEBHOOK_BUDGET_MS),
    toolBudgetMs: positiveInt('toolBudgetMs', given.toolBudgetMs, DEFAULT_TOOL_BUDGET_MS),
    // No retries: a repeated update-live-call with `trigger_response` would speak twice.
    client: client ?? new Retell({ apiKey, maxRetries: 0, timeout: 5_000 }),
    resolveCallId: optionalFunction('resolveCallId', given.resolveCallId),
    onEvent: optionalFunction('onEvent', given.onEvent),
    replayGuard: guard ?? new MemoryReplayGuard(),
  };
}

interface Answer {
  status: number;
  body: unknown;
}

const respond = ({ status, body }: Answer): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const error = (status: number, code: string, message: string): Answer => ({
  status,
  body: { error: code, message },
});

const TIMEOUT = Symbol('timeout');

async function within<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<typeof TIMEOUT>((resolve) => {
        timer = setTimeout(() => resolve(TIMEOUT), ms);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Retell's custom functions and agent webhooks, as one fetch-standard handler: verify the
 * signature over the raw body, parse tolerantly, join the call with `attachCall` per request, and
 * let the core decide. A `transfer_to_human` request is answered with the core's reply for the
 * LLM; a webhook once the core is done with it (or `webhookBudgetMs`, inside Retell's timeout).
 */
export function retellHandler<F extends FieldsSchema>(
  handoff: Handoff<F>,
  options?: RetellHandlerOptions,
): FetchHandler {
  if (!handoff || typeof handoff.attachCall !== 'function') {
    throw new TypeError('retellHandler needs the handoff from createHandoff()');
  }
  const settings = settingsFrom(options);
  const answers = new Map<string, Promise<Answer>>();
  const report = (e: unknown, where: string) => handoff.reportError(e, where);

  const remember = (signature: string, answer: Promise<Answer>) => {
    answers.set(signature, answer);
    if (answers.size > MAX_CACHED_ANSWERS) answers.delete(answers.keys().next().value as string);
    const forget = setTimeout(() => answers.delete(signature), SIGNATURE_WINDOW_MS);
    forget.unref();
  };

  async function callUuidOf(call: CallObject | undefined, request: Request): Promise<string | undefined> {
    const found =
      (call ? findCallUuid(call) : undefined) ??
      usableCallId(request.headers.get(CALL_HEADER)) ??
      usableCallId(new URL(request.url).searchParams.get('handoff_call'));
    if (found || !call || !settings.resolveCallId) return found;
    try {
      return usableCallId(await settings.resolveCallId(call as unknown as RetellCall));
    } catch (e) {
      report(e, 'retell-resolve-call-id');
      return undefined;
    }
  }

  function attach(callUuid: string, call: CallObject | undefined, context: PortContext) {
    const port = new RetellPort(settings.client, call?.call_id, context);
    const attached = handoff.attachCall({
      callId: callUuid,
      platform: PLATFORM,
      port,
      ...(call?.from_number ? { from: call.from_number } : {}),
      ...(call?.to_number ? { to: call.to_number } : {}),
      ...(call ? { platformCallId: call.call_id } : {}),
    });
    return { port, attached };
  }

  async function notify(event: RetellEvent): Promise<void> {
    if (!settings.onEvent) return;
    try {
      await settings.onEvent(event);
    } catch (e) {
      report(e, 'retell-on-event');
    }
  }

  /** The core's own words for a request it never saw (no call to attach), for the LLM. */
  function refusal(): ToolReply {
    const prompts = promptsFor(handoff.options.language, handoff.options.prompts);
    return { status: 'error', ok: false, message: prompts.error };
  }

  async function onFunction(body: Record<string, unknown>, request: Request): Promise<Answer> {
    const parsed = functionBody.safeParse(body);
    if (!parsed.success) return error(400, 'invalid_function_call', issue(parsed.error));
    const { name } = parsed.data;
    const call = parsed.data.call ?? undefined;
    if (name != null && name !== handoff.tool.name) {
      return error(404, 'unknown_function', `This endpoint answers ${handoff.tool.name} only`);
    }
    let args: unknown;
    if ('args' in body) {
      args = body.args;
      if (typeof args === 'string') {
        try {
          args = JSON.parse(args);
        } catch {
          return error(400, 'invalid_arguments', '`args` is not JSON');
        }
      }
    } else {
      // `args_at_root`, or the dashboard's "Payload: args only".
      args = Object.fromEntries(
        Object.entries(body).filter(([key]) => !(ENVELOPE_KEYS as readonly string[]).includes(key)),
      );
    }
    const callUuid = await callUuidOf(call, request);
    if (!callUuid) {
      report(
        new Error(
          `Retell call ${call?.call_id ?? '(unnamed)'} carries no Vobiz call UUID (X-VH-handoffCall header)`,
        ),
        'retell-call-id',
      );
      return { status: 200, body: refusal() };
    }
    const { attached } = attach(callUuid, call, 'tool');
    if (call) mergeTranscript(attached, call, report);
    let decided: ToolReply | undefined;
    const outcome = attached.toolCall(args, {
      onDecided: (reply) => {
        decided = reply;
      },
    });
    const settled = await within(outcome, settings.toolBudgetMs);
    const reply = settled === TIMEOUT ? (decided ?? refusal()) : settled.reply;
    void notify({
      event: 'function_call',
      callId: callUuid,
      ...(call ? { retellCallId: call.call_id, call: call as unknown as RetellCall } : {}),
      ...(reply.handoffId ? { handoffId: reply.handoffId } : {}),
    });
    return { status: 200, body: reply };
  }

  async function onWebhook(event: string, call: CallObject, request: Request): Promise<Answer> {
    const callUuid = await callUuidOf(call, request);
    const info: RetellEvent = {
      event,
      retellCallId: call.call_id,
      call: call as unknown as RetellCall,
      ...(callUuid ? { callId: callUuid } : {}),
    };
    // A call that did not come through the gateway (a web call, a test call from the dashboard).
    if (!callUuid) {
      await notify(info);
      return { status: 200, body: { ok: true, event, ignored: 'no_vobiz_call' } };
    }
    let said: Array<{ text: string; purpose: string }> = [];
    let handoffId: string | undefined;
    if (event === 'transcript_updated' && (call.call_status === 'ended' || call.end_timestamp != null)) {
      // The final update after the call ended: nothing left to act on, and a rule firing now
      // would try to move a call that is gone.
    } else if (event === 'call_started' || event === 'transcript_updated') {
      const { port, attached } = attach(callUuid, call, 'webhook');
      mergeTranscript(attached, call, report);
      await settle(attached);
      said = port.lines.map(({ text, purpose }) => ({ text, purpose }));
    } else if (event === 'call_ended') {
      const reason = call.disconnection_reason ?? '';
      if (AI_FAILURES.has(reason)) {
        // The agent died, not the call: over Vobiz the caller is still on the line.
        const { attached } = attach(callUuid, call, 'webhook');
        mergeTranscript(attached, call, report);
        await attached.aiUnavailable(`retell ${reason}`);
      }
      const record = await handoff.forCall(callUuid);
      handoffId = record?.id;
      if (record && LIVE.has(record.status)) {
        // Retell's leg ended because Vobiz moved the call: the caller is with the human now, or
        // back with a new Retell leg if nobody answers, so only the port goes, not the session.
        handoff.attachCall({ callId: callUuid, platform: PLATFORM });
      } else {
        attach(callUuid, call, 'webhook').attached.end();
      }
    } else if (REPORTS.has(event)) {
      handoffId = (await handoff.forCall(callUuid))?.id;
      // Retell's analysis arrives after the call: it belongs on the handoff the human worked.
      if (handoffId && event === 'call_analyzed' && call.call_analysis) {
        await handoff
          .annotate(handoffId, 'retell', call.call_analysis)
          .catch((e) => report(e, 'retell-annotate'));
      }
    } else {
      await notify(info);
      return { status: 200, body: { ok: true, event, ignored: 'unknown_event' } };
    }
    await notify({ ...info, ...(handoffId ? { handoffId } : {}) });
    return { status: 200, body: { ok: true, event, ...(said.length > 0 ? { say: said } : {}) } };
  }

  async function settle(attached: AttachedCall): Promise<void> {
    const done = await within(attached.settled(), settings.webhookBudgetMs);
    // The core carries on; Retell must not retry a webhook the core is still working on.
    if (done === TIMEOUT) void attached.settled().catch((e: unknown) => report(e, 'retell-settle'));
  }

  async function dispatch(text: string, request: Request): Promise<Answer> {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return error(400, 'invalid_json', 'The body is not JSON');
    }
    if (!isObject(body)) return error(400, 'invalid_body', 'The body must be a JSON object');
    if (typeof body.event === 'string') {
      const parsed = webhookBody.safeParse(body);
      if (!parsed.success) return error(400, 'invalid_webhook', issue(parsed.error));
      return onWebhook(parsed.data.event, parsed.data.call, request);
    }
    if ('call' in body && body.call != null && !callObject.safeParse(body.call).success) {
      return error(400, 'invalid_call', '`call` is not a Retell call object');
    }
    return onFunction(body, request);
  }

  return async (request) => {
    if (request.method !== 'POST') return respond(error(405, 'method_not_allowed', 'POST only'));
    const read = await readBody(request, settings.maxBodyBytes);
    if (!read.ok) {
      return respond(error(413, 'body_too_large', `The body exceeds ${settings.maxBodyBytes} bytes`));
    }
    const signature = request.headers.get('x-retell-signature')?.trim() ?? '';
    if (!signature || !(await verified(read.text, settings.apiKey, signature))) {
      return respond(error(401, 'unauthorized', 'Missing or invalid x-retell-signature'));
    }
    const key = signature.toLowerCase();
    if (!(await settings.replayGuard.claim(key, SIGNATURE_WINDOW_MS))) {
      const earlier = answers.get(key);
      // Retell retrying on the instance that answered gets that answer again; nothing re-runs.
      if (earlier) return respond(await earlier);
      return respond(error(409, 'replayed', 'This signed request was already received'));
    }
    const answer = dispatch(read.text, request).catch((e: unknown): Answer => {
      report(e, 'retell-handler');
      return error(500, 'internal_error', 'The request could not be processed');
    });
    remember(key, answer);
    const done = await answer;
    if (done.status >= 500) {
      // Let Retell's retry through: nothing was answered for it.
      answers.delete(key);
      await Promise.resolve(settings.replayGuard.release(key)).catch((e: unknown) =>
        report(e, 'retell-replay-guard'),
      );
    }
    return respond(done);
  };
}

async function verified(body: string, apiKey: string, signature: string): Promise<boolean> {
  try {
    return await Retell.verify(body, apiKey, signature);
  } catch {
    return false;
  }
}

function issue(e: z.ZodError): string {
  const first = e.issues[0];
  return first ? `${first.path.join('.') || '(body)'}: ${first.message}` : 'invalid body';
}
