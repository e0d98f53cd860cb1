import {
  type AttachedCall,
  estimateSpeechMs,
  type FetchHandler,
  type FieldsSchema,
  type Handoff,
  LIVE,
  promptsFor,
  type ToolReply,
  type TurnInput,
} from '@handoff/core';
import type { Vapi } from '@vapi-ai/server-sdk';
import { checkAuthModes, type VapiAuth, verifyVapiRequest } from './auth.js';
import { callParties, vobizCallIdOf } from './call-id.js';
import { forgetControlUrl, rememberControlUrl, VapiCallPort } from './control.js';
import {
  callStartedAt,
  finalUserTranscript,
  forwardingOutcome,
  historyTurns,
  isAiFailure,
  isTranscript,
  messageHistory,
  readReport,
  readServerMessage,
  readToolCalls,
  type ServerMessage,
  spokenRequestStart,
  type ToolCallRequest,
  type VapiCallReport,
} from './payload.js';

export interface VapiHandlerOptions {
  /**
   * The value VAPI sends as `X-Vapi-Secret`: the legacy inline `secret`, or a Bearer Token
   * credential with header `X-Vapi-Secret` and the Bearer prefix off.
   */
  secret?: string;
  /** Other ways VAPI is configured to authenticate (Bearer, HMAC). A request passes if any passes. */
  auth?: VapiAuth | VapiAuth[];
  /** Your VAPI public key, when `monitorPlan.controlAuthenticationEnabled` is on. */
  controlToken?: string;
  /** Longest wait for the call's control URL to answer. Default 5 s. */
  controlTimeoutMs?: number;
  /** Largest body accepted; larger is 413 and never read. Default 2 MiB. */
  maxBodyBytes?: number;
  /**
   * Longest a request waits for the core before it is answered (a tool call gets the core's
   * decision even if the carrier is still busy). Keep it under the tool's `server.timeoutSeconds`
   * (VAPI's default 20 s). Default 15 s.
   */
  replyTimeoutMs?: number;
  /**
   * The Vobiz call UUID of a VAPI call whose SIP headers and variables do not carry one (e.g. the
   * gateway's record of the call it dialled to VAPI). Without one, VAPI's own call id is the
   * core's call id: a VAPI-native number, moved by the live-control carrier.
   */
  resolveCallId?: (call: Vapi.Call) => string | undefined | Promise<string | undefined>;
  /** The end-of-call report with VAPI's `analysis`, and the handoff it belongs to, once the call is over. */
  onReport?: (report: VapiCallReport) => void | Promise<void>;
  /** For tests. */
  fetch?: typeof fetch;
}

/** One VAPI call as this process knows it. */
interface CallState {
  callId: string;
  vapiCallId: string;
  port: VapiCallPort;
  /** Messages of the history already fed to the core from this process. */
  seen: Set<string>;
  /** Final caller transcripts fed ahead of the history, waiting for their committed message. */
  live: string[];
  ended: boolean;
}

const MAX_BODY_BYTES = 2 * 1024 * 1024;
const MAX_CALLS = 10_000;
const MAX_TOOL_CALLS = 2_000;

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const TOO_LARGE = Symbol('too large');

async function readBody(request: Request, max: number): Promise<string | typeof TOO_LARGE> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) return TOO_LARGE;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Resolves with `value` once `work` settles or `ms` pass, whichever is first. */
async function within<T>(work: Promise<T>, ms: number, otherwise: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<T>((resolve) => {
        timer = setTimeout(() => resolve(otherwise()), ms);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** VAPI rejects tool results with line breaks. */
const oneLine = (text: string) => text.replace(/\s+/gu, ' ').trim();

const comparable = (text: string) =>
  text
    .toLocaleLowerCase()
    .replace(/[\p{P}\s]+/gu, ' ')
    .trim();

/** A bounded map, oldest entry first out: per-call state must not grow with the process's age. */
function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): V {
  map.delete(key);
  map.set(key, value);
  for (const oldest of map.keys()) {
    if (map.size <= max) break;
    map.delete(oldest);
  }
  return value;
}

/**
 * VAPI server messages → the core's platform contract, as a fetch-standard handler: every request
 * is authenticated (401 and nothing done otherwise), turns go in as the core's turns, `tool-calls`
 * become `call.toolCall`, the call's end ends the session. The core speaks and instructs through
 * the call's live control. Each request attaches the call afresh, so messages for one call may
 * land on any instance.
 */
export function vapiHandler<F extends FieldsSchema>(
  handoff: Handoff<F>,
  options: VapiHandlerOptions,
): FetchHandler {
  const modes: VapiAuth[] = [
    ...(options?.secret ? [{ type: 'secret' as const, secret: options.secret }] : []),
    ...(options?.auth ? [options.auth].flat() : []),
  ];
  checkAuthModes(modes);
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const replyTimeoutMs = options.replyTimeoutMs ?? 15_000;
  const control = {
    ...(options.controlToken ? { controlToken: options.controlToken } : {}),
    ...(options.controlTimeoutMs ? { timeoutMs: options.controlTimeoutMs } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const states = new Map<string, Promise<CallState>>();
  const toolCalls = new Map<string, Promise<Vapi.ToolCallResult>>();

  const stateOf = (message: ServerMessage & { vapiCallId: string }): Promise<CallState> => {
    const known = states.get(message.vapiCallId);
    const state =
      known ??
      (async (): Promise<CallState> => {
        const call = message.call ?? {};
        const callId =
          vobizCallIdOf(call) ??
          (await options.resolveCallId?.(call as unknown as Vapi.Call)) ??
          message.vapiCallId;
        return {
          callId,
          vapiCallId: message.vapiCallId,
          port: new VapiCallPort(control),
          seen: new Set(),
          live: [],
          ended: false,
        };
      })();
    remember(states, message.vapiCallId, state, MAX_CALLS);
    // A failed lookup must not stick to the call for good.
    state.catch(() => states.delete(message.vapiCallId));
    return state.then((s) => {
      if (message.controlUrl) {
        s.port.controlUrl = message.controlUrl;
        rememberControlUrl([s.vapiCallId, s.callId], message.controlUrl);
      }
      return s;
    });
  };

  const attach = (state: CallState, message: ServerMessage): AttachedCall =>
    handoff.attachCall({
      callId: state.callId,
      platform: 'vapi',
      port: state.port,
      platformCallId: state.vapiCallId,
      ...callParties(message.raw, message.call),
    });

  const addTurn = (call: AttachedCall, turn: TurnInput) => {
    try {
      call.addTurn(turn);
    } catch (error) {
      handoff.reportError(error, 'vapi-turn');
    }
  };

  /** Committed history first (deduplicated by message), then a live caller transcript. */
  const ingest = (state: CallState, call: AttachedCall, message: ServerMessage) => {
    for (const { turn, sourceId } of historyTurns(messageHistory(message.raw), callStartedAt(message.call))) {
      if (state.seen.has(sourceId)) continue;
      state.seen.add(sourceId);
      if (turn.role === 'caller' && consumeLive(state, turn.text)) continue;
      addTurn(call, turn);
    }
    if (!isTranscript(message.type)) return;
    const live = finalUserTranscript(message.raw);
    if (!live) return;
    const key = comparable(live.text);
    // The committed message may have come first (another request, same process).
    const recent = call.turns.slice(-4).some((t) => t.role === 'caller' && comparable(t.text) === key);
    if (recent) return;
    const heardAt = live.at ?? Date.now();
    // The transcript is stamped when it was final, i.e. at the end of the utterance.
    const last = call.turns.at(-1)?.at ?? 0;
    const at = Math.max(heardAt - estimateSpeechMs(live.text), last + 1);
    state.live.push(key);
    addTurn(call, { role: 'caller', text: live.text, at, final: true, sourceId: `vapi:live:${heardAt}` });
  };

  /** Whether `text` is what live transcripts already fed (one utterance, or several in a row). */
  const consumeLive = (state: CallState, text: string): boolean => {
    const key = comparable(text);
    for (let n = 1; n <= state.live.length; n++) {
      if (state.live.slice(0, n).join(' ') === key) {
        state.live.splice(0, n);
        return true;
      }
    }
    const single = state.live.indexOf(key);
    if (single >= 0) state.live.splice(single, 1);
    return single >= 0;
  };

  const settle = (call: AttachedCall) => within(call.settled(), replyTimeoutMs, () => undefined);

  const refusal = (): ToolReply => ({
    status: 'error',
    ok: false,
    message: promptsFor(handoff.options.language, handoff.options.prompts).error,
  });

  const toResult = (request: ToolCallRequest, reply: ToolReply): Vapi.ToolCallResult =>
    reply.ok
      ? { toolCallId: request.id, name: request.name, result: oneLine(reply.message) }
      : { toolCallId: request.id, name: request.name, error: oneLine(reply.message) };

  const runToolCall = async (
    state: CallState,
    message: ServerMessage,
    request: ToolCallRequest,
  ): Promise<Vapi.ToolCallResult> => {
    const call = attach(state, message);
    ingest(state, call, message);
    const spoken = spokenRequestStart(request.messages, request.args);
    const release = spoken
      ? state.port.farewellSpokenByTool(spoken.blocking ? 'played' : 'unknown')
      : undefined;
    let decided: ToolReply | undefined;
    const outcome = call.toolCall(request.args, {
      onDecided: (reply) => {
        decided = reply;
      },
    });
    const done = () => release?.();
    outcome.then(done, done);
    const reply = await within(
      outcome.then((o) => o.reply),
      replyTimeoutMs,
      () => decided ?? refusal(),
    );
    return toResult(request, reply);
  };

  const onToolCalls = async (message: ServerMessage): Promise<Response> => {
    const requests = readToolCalls(message.raw);
    const vapiCallId = message.vapiCallId;
    const state = vapiCallId ? await stateOf({ ...message, vapiCallId }) : undefined;
    const results = await Promise.all(
      requests.map(async (request): Promise<Vapi.ToolCallResult> => {
        // Another server's tool sharing this URL: answered, so VAPI is not left waiting.
        if (request.name !== handoff.tool.name) {
          return { toolCallId: request.id, name: request.name, error: 'unknown_tool' };
        }
        if (!state || state.ended) return toResult(request, refusal());
        // VAPI retries a tool call it got no answer to: the retry gets the first one's answer.
        const key = `${state.vapiCallId}:${request.id}`;
        const running = toolCalls.get(key);
        if (running) return running;
        const fresh = runToolCall(state, message, request).catch((error: unknown) => {
          toolCalls.delete(key);
          handoff.reportError(error, 'vapi-tool-call');
          return toResult(request, refusal());
        });
        return remember(toolCalls, key, fresh, MAX_TOOL_CALLS);
      }),
    );
    const body: Vapi.ServerMessageResponseToolCalls = { results };
    return json(body);
  };

  /**
   * VAPI's call is over. `rescue` (the live `status-update`, not the report that follows once
   * post-processing is done, possibly on another instance) hands a caller whose assistant died to
   * a human.
   */
  const onEnded = async (state: CallState, message: ServerMessage, rescue: boolean): Promise<void> => {
    const endedReason = typeof message.raw.endedReason === 'string' ? message.raw.endedReason : undefined;
    if (rescue && isAiFailure(endedReason) && !state.ended) {
      // The assistant died, not the call: over Vobiz the caller is still on the line.
      const call = attach(state, message);
      await call.aiUnavailable(endedReason ?? 'vapi pipeline error');
    }
    const outcome = forwardingOutcome(endedReason);
    const record = await handoff.forCall(state.callId);
    if (outcome && record && LIVE.has(record.status)) await handoff.advance(record.id, outcome);
    state.ended = true;
    forgetControlUrl(state.vapiCallId, state.callId);
    const call = handoff.call(state.callId);
    // Over Vobiz, VAPI's leg ends because the call moved: the caller is still on it (with the
    // human, or back with a new VAPI leg if nobody answers), so only this leg's port goes.
    const moving = state.callId !== state.vapiCallId && record !== undefined && LIVE.has(record.status);
    if (moving) call?.detach(state.port);
    else call?.end();
  };

  const dispatch = async (message: ServerMessage): Promise<Response> => {
    if (message.type === 'tool-calls') return onToolCalls(message);
    const vapiCallId = message.vapiCallId;
    if (!vapiCallId) return json({});
    const type = message.type;
    if (type === 'end-of-call-report') {
      const state = await stateOf({ ...message, vapiCallId });
      if (!state.ended) await onEnded(state, message, false);
      const record = await handoff.forCall(state.callId);
      const report = readReport(message.raw);
      // VAPI's analysis arrives after the call: it belongs on the handoff the human worked.
      if (record && report.analysis) await handoff.annotate(record.id, 'vapi', report.analysis);
      if (options.onReport) {
        await options.onReport({
          callId: state.callId,
          vapiCallId,
          ...(record ? { handoffId: record.id } : {}),
          ...report,
        });
      }
      return json({});
    }
    const relevant = type === 'conversation-update' || type === 'status-update' || isTranscript(type);
    if (!relevant) return json({});
    const state = await stateOf({ ...message, vapiCallId });
    if (state.ended) return json({});
    if (type === 'status-update' && message.raw.status === 'ended') {
      await onEnded(state, message, true);
      return json({});
    }
    const call = attach(state, message);
    ingest(state, call, message);
    // Answered once the core is done with what these turns started (a rule's farewell, the move).
    await settle(call);
    return json({});
  };

  return async (request: Request): Promise<Response> => {
    if (request.method !== 'POST') return json({ error: 'method_not_allowed' }, 405, { allow: 'POST' });
    const body = await readBody(request, maxBodyBytes);
    if (body === TOO_LARGE) return json({ error: 'payload_too_large' }, 413);
    const authentic = verifyVapiRequest(modes, {
      method: request.method,
      url: request.url,
      headers: request.headers,
      body,
    });
    if (!authentic) return json({ error: 'unauthorized' }, 401);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return json({ error: 'invalid_json' }, 400);
    }
    const message = readServerMessage(parsed);
    if (!message) return json({ error: 'invalid_message', detail: 'expected { message: { type, … } }' }, 400);
    try {
      return await dispatch(message);
    } catch (error) {
      handoff.reportError(error, `vapi-${message.type}`);
      return json({ error: 'internal_error' }, 500);
    }
  };
}
