import type { TurnInput } from '@handoff/core';
import type { Vapi } from '@vapi-ai/server-sdk';

/**
 * Readers for VAPI server messages. The SDK types say what VAPI means to send; real webhooks
 * drift from them (arguments as an object, `parameters` instead of `arguments`, flat tool calls,
 * `bot` vs `assistant`), so every field is read defensively and a wrong type reads as absent.
 */

type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The `message` of a server message body, with the bits every handler branch needs. */
export interface ServerMessage {
  type: string;
  raw: Json;
  call?: Json;
  /** VAPI's id for the call (`call.id`). */
  vapiCallId?: string;
  /** `call.monitor.controlUrl`: live call control, when the assistant allows it. */
  controlUrl?: string;
}

/** `undefined` when the body is not a VAPI server message at all (the caller answers 400). */
export function readServerMessage(body: unknown): ServerMessage | undefined {
  if (!isObject(body) || !isObject(body.message)) return undefined;
  const raw = body.message;
  const type = str(raw.type);
  if (!type) return undefined;
  const call = isObject(raw.call) ? raw.call : undefined;
  const message: ServerMessage = { type, raw };
  if (call) message.call = call;
  const id = str(call?.id);
  if (id) message.vapiCallId = id;
  const monitor = isObject(call?.monitor) ? call.monitor : undefined;
  const controlUrl = str(monitor?.controlUrl);
  // The docs' sample response prints the URL inside angle brackets; tolerate a copy of that.
  if (controlUrl) message.controlUrl = controlUrl.replace(/^<|>$/gu, '');
  return message;
}

/** `transcript` or, for final-only subscriptions, `transcript[transcriptType="final"]`. */
export function isTranscript(type: string): boolean {
  return type === 'transcript' || type.startsWith('transcript[');
}

// ---- tool calls -------------------------------------------------------------------------------

export interface ToolCallRequest {
  id: string;
  name: string;
  /** Parsed arguments; `undefined` when they were not JSON (the core answers invalid_arguments). */
  args: unknown;
  /** The tool's `messages` as VAPI echoed them in `toolWithToolCallList`, when it did. */
  messages: unknown[];
}

function readArgs(call: Json): unknown {
  const fn = isObject(call.function) ? call.function : {};
  const raw = fn.arguments ?? fn.parameters ?? call.arguments ?? call.parameters;
  if (raw === undefined || raw === null || raw === '') return {};
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function readName(call: Json, tool?: Json): string | undefined {
  const fn = isObject(call.function) ? call.function : {};
  const toolFn = isObject(tool?.function) ? tool.function : {};
  return str(fn.name) ?? str(call.name) ?? str(toolFn.name) ?? str(tool?.name);
}

/**
 * Every tool call in a `tool-calls` message, once per id, in order. `toolWithToolCallList` (the
 * call plus the tool's configuration) wins over `toolCallList` for the same id, because only it
 * carries the tool's `messages`.
 */
export function readToolCalls(raw: Json): ToolCallRequest[] {
  const byId = new Map<string, ToolCallRequest>();
  const withTools = Array.isArray(raw.toolWithToolCallList) ? raw.toolWithToolCallList : [];
  for (const item of withTools) {
    if (!isObject(item) || !isObject(item.toolCall)) continue;
    const call = item.toolCall;
    const id = str(call.id);
    const name = readName(call, item);
    if (!id || !name || byId.has(id)) continue;
    byId.set(id, {
      id,
      name,
      args: readArgs(call),
      messages: Array.isArray(item.messages) ? item.messages : [],
    });
  }
  const list = Array.isArray(raw.toolCallList) ? raw.toolCallList : [];
  for (const call of list) {
    if (!isObject(call)) continue;
    const id = str(call.id);
    const name = readName(call);
    if (!id || !name || byId.has(id)) continue;
    byId.set(id, { id, name, args: readArgs(call), messages: [] });
  }
  return [...byId.values()];
}

/**
 * Whether VAPI voiced one of the tool's `request-start` messages for this call, and whether it
 * waited for it to finish (`blocking`) before calling us. Conditions are VAPI's: each names an
 * argument and compares it with a value; a message with none always applies.
 */
export function spokenRequestStart(
  messages: readonly unknown[],
  args: unknown,
): { blocking: boolean } | undefined {
  for (const message of messages) {
    if (!isObject(message) || message.type !== 'request-start') continue;
    const hasText =
      str(message.content) !== undefined || (Array.isArray(message.contents) && message.contents.length > 0);
    if (!hasText) continue;
    const conditions = Array.isArray(message.conditions) ? message.conditions : [];
    if (conditions.every((c) => conditionHolds(c, args))) return { blocking: message.blocking === true };
  }
  return undefined;
}

function conditionHolds(condition: unknown, args: unknown): boolean {
  if (!isObject(condition) || !isObject(args)) return false;
  const param = str(condition.param);
  if (!param) return false;
  const actual = args[param];
  const expected = condition.value;
  const a = typeof actual === 'number' ? actual : Number(actual);
  const b = typeof expected === 'number' ? expected : Number(expected);
  switch (condition.operator) {
    case 'eq':
      return String(actual) === String(expected);
    case 'neq':
      return String(actual) !== String(expected);
    case 'gt':
      return a > b;
    case 'gte':
      return a >= b;
    case 'lt':
      return a < b;
    case 'lte':
      return a <= b;
    default:
      return false;
  }
}

// ---- transcript -------------------------------------------------------------------------------

/** A committed message of the conversation history (`artifact.messages`, `conversation-update`). */
export interface HistoryTurn {
  turn: TurnInput;
  /** Stable across re-deliveries of the same history: VAPI resends all of it on every update. */
  sourceId: string;
}

/**
 * The caller and agent turns of a VAPI message history. `time`/`endTime` are epoch ms; without
 * them `secondsFromStart` is placed on the call's `startedAt`. System and tool messages are left
 * out: the packet's transcript is what was said.
 */
export function historyTurns(messages: unknown, callStartedAt?: number): HistoryTurn[] {
  if (!Array.isArray(messages)) return [];
  const turns: HistoryTurn[] = [];
  messages.forEach((item, index) => {
    if (!isObject(item)) return;
    const role = roleOf(item.role);
    const text = str(item.message);
    if (!role || !text) return;
    const offset = num(item.secondsFromStart);
    const at =
      num(item.time) ??
      (offset !== undefined && callStartedAt !== undefined ? callStartedAt + offset * 1000 : undefined);
    const turn: TurnInput = { role, text, final: true };
    if (at !== undefined) turn.at = at;
    const endAt = num(item.endTime);
    if (endAt !== undefined && at !== undefined && endAt >= at) turn.endAt = endAt;
    const confidence = role === 'caller' ? wordConfidence(item.metadata) : undefined;
    if (confidence !== undefined) turn.confidence = confidence;
    const key = num(item.time) ?? offset ?? `#${index}`;
    const sourceId = `vapi:${item.role}:${key}`;
    turn.sourceId = sourceId;
    turns.push({ turn, sourceId });
  });
  return turns;
}

function roleOf(role: unknown): TurnInput['role'] | undefined {
  if (role === 'user') return 'caller';
  if (role === 'bot' || role === 'assistant') return 'agent';
  return undefined;
}

/**
 * The mean of `metadata.wordLevelConfidence[].confidence` on a user message. Transcribers with no
 * per-word score send `1` for every word (a placeholder, not a measurement) and some send log
 * probabilities: neither is a confidence, so both read as none.
 */
export function wordConfidence(metadata: unknown): number | undefined {
  if (!isObject(metadata) || !Array.isArray(metadata.wordLevelConfidence)) return undefined;
  const scores = metadata.wordLevelConfidence
    .map((w) => (isObject(w) ? num(w.confidence) : undefined))
    .filter((c): c is number => c !== undefined);
  if (scores.length === 0 || scores.some((c) => c < 0 || c > 1) || scores.every((c) => c === 1))
    return undefined;
  return Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 1000) / 1000;
}

/** The message history a server message carries: `conversation-update.messages`, else `artifact.messages`. */
export function messageHistory(raw: Json): unknown[] | undefined {
  if (Array.isArray(raw.messages) && raw.type === 'conversation-update') return raw.messages;
  const artifact = isObject(raw.artifact) ? raw.artifact : undefined;
  if (Array.isArray(artifact?.messages)) return artifact.messages;
  if (Array.isArray(raw.messages)) return raw.messages;
  return undefined;
}

export function callStartedAt(call: Json | undefined): number | undefined {
  const started = str(call?.startedAt) ?? str(call?.createdAt);
  const ms = started ? Date.parse(started) : Number.NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

/** A final caller transcript from a `transcript` message (partials and the assistant's are not turns). */
export function finalUserTranscript(raw: Json): { text: string; at?: number } | undefined {
  const final = raw.transcriptType === 'final' || String(raw.type).includes('"final"');
  if (!final || raw.role !== 'user') return undefined;
  const text = str(raw.transcript);
  if (!text) return undefined;
  const at = num(raw.timestamp);
  return at === undefined ? { text } : { text, at };
}

// ---- call end ---------------------------------------------------------------------------------

/**
 * The AI side of the call failed (a model, voice or transcriber provider error) rather than the
 * call ending normally: VAPI's `pipeline-error-*` and `call.in-progress.error-{vapifault,
 * providerfault,pipeline,configfault}-*` ended reasons.
 */
export function isAiFailure(endedReason: string | undefined): boolean {
  if (!endedReason) return false;
  return (
    endedReason.startsWith('pipeline-error') ||
    /^call\.in-progress\.error-(vapifault|providerfault|pipeline|configfault)/u.test(endedReason)
  );
}

/** What VAPI's own transfer (live control) ended in, as the core's call events. */
export function forwardingOutcome(
  endedReason: string | undefined,
):
  | { type: 'ringing'; detail: string }
  | { type: 'failed'; outcome: 'busy' | 'no_answer' | 'failed'; detail: string }
  | undefined {
  switch (endedReason) {
    // VAPI: "confirms that the transfer was initiated; it does not confirm that the destination answered".
    case 'assistant-forwarded-call':
      return { type: 'ringing', detail: endedReason };
    case 'call.forwarding.operator-busy':
      return { type: 'failed', outcome: 'busy', detail: endedReason };
    case 'call.forwarding.no-answer':
      return { type: 'failed', outcome: 'no_answer', detail: endedReason };
    case 'call.in-progress.error-transfer-failed':
      return { type: 'failed', outcome: 'failed', detail: endedReason };
    default:
      return undefined;
  }
}

/** The end-of-call report, as the handler hands it on. */
export interface VapiCallReport {
  /** The core's call id (the Vobiz call UUID, or VAPI's call id on a VAPI-native number). */
  callId: string;
  vapiCallId: string;
  /** The handoff of this call, if there was one. */
  handoffId?: string;
  endedReason?: string;
  analysis?: Vapi.Analysis;
  recordingUrl?: string;
  cost?: number;
  startedAt?: string;
  endedAt?: string;
}

export function readReport(raw: Json): Omit<VapiCallReport, 'callId' | 'vapiCallId' | 'handoffId'> {
  const report: Omit<VapiCallReport, 'callId' | 'vapiCallId' | 'handoffId'> = {};
  const endedReason = str(raw.endedReason);
  if (endedReason) report.endedReason = endedReason;
  if (isObject(raw.analysis)) report.analysis = raw.analysis as Vapi.Analysis;
  const artifact = isObject(raw.artifact) ? raw.artifact : {};
  const recording = isObject(artifact.recording) ? artifact.recording : {};
  const mono = isObject(recording.mono) ? recording.mono : {};
  const recordingUrl = str(artifact.recordingUrl) ?? str(recording.stereoUrl) ?? str(mono.combinedUrl);
  if (recordingUrl) report.recordingUrl = recordingUrl;
  const cost = num(raw.cost);
  if (cost !== undefined) report.cost = cost;
  const startedAt = str(raw.startedAt);
  if (startedAt) report.startedAt = startedAt;
  const endedAt = str(raw.endedAt);
  if (endedAt) report.endedAt = endedAt;
  return report;
}
