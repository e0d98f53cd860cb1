import type { TurnInput } from '@handoff/core';

/**
 * Readers for RTVI payloads that take what the client hands over as untrusted: bots on older
 * Pipecat versions, custom transports and protocol revisions leave fields out or change them.
 */

type Loose = Record<string, unknown>;

const isObject = (value: unknown): value is Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Epoch ms from an RTVI timestamp: Pipecat sends an ISO string (`time_now_iso8601`); a number
 * is taken as ms, or as seconds when it is too small to be ms. Anything else: undefined.
 */
export function timestampMs(value: unknown): number | undefined {
  if (typeof value === 'string' && value.trim() !== '') {
    const ms = Date.parse(value);
    return Number.isFinite(ms) ? ms : undefined;
  }
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    return value < 1e11 ? Math.round(value * 1000) : Math.round(value);
  }
  return undefined;
}

/** A final `user-transcription` as a caller turn; interim or empty ones are not turns. */
export function callerTurn(data: unknown, receivedAt: number): TurnInput | undefined {
  if (!isObject(data) || data.final !== true || typeof data.text !== 'string') return undefined;
  const text = data.text.trim();
  if (text === '') return undefined;
  return { role: 'caller', text, at: timestampMs(data.timestamp) ?? receivedAt, final: true };
}

/** One `bot-output` message about one segment of what the bot says. */
export interface OutputSegment {
  /** `segment_id`, when the bot sends one: later messages about the same segment replace earlier ones. */
  id: number | string | undefined;
  text: string;
  /** The segment's text is final: spoken to the end, or never to be spoken (a text-only bot). */
  done: boolean;
  /** What has been spoken of it so far, for a segment cut off by barge-in. */
  spokenSoFar: string;
}

/**
 * A `bot-output` message as a segment, or undefined when it carries no new text. Protocol 2.x
 * reports each spoken segment as `new` → `in-progress` → `completed`; 1.x bots (no
 * `spoken_status`) also echo word-level TTS text, and the TTS pass of a sentence already
 * reported, both marked `spoken: true`, which would duplicate the turn.
 */
export function outputSegment(data: unknown): OutputSegment | undefined {
  if (!isObject(data) || typeof data.text !== 'string' || data.text.trim() === '') return undefined;
  const aggregatedBy = data.aggregated_by;
  if (aggregatedBy === 'word' || aggregatedBy === 'token') return undefined;
  const status = data.spoken_status;
  const legacy = status === undefined || status === null;
  if (legacy && data.spoken === true) return undefined;
  const progress = isObject(data.spoken_progress) ? data.spoken_progress : {};
  const id =
    typeof data.segment_id === 'number' || typeof data.segment_id === 'string' ? data.segment_id : undefined;
  return {
    id,
    text: data.text.trim(),
    done: legacy || status === 'completed',
    spokenSoFar: typeof progress.accumulated_text === 'string' ? progress.accumulated_text.trim() : '',
  };
}

/**
 * The arguments of a function call as an object. The client passes `arguments` (or the
 * deprecated message's `args`) through as the bot sent them: an object, a JSON string from some
 * LLM services, or nothing at report level NAME.
 */
export function functionArguments(value: unknown): Record<string, unknown> {
  if (isObject(value)) return value;
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      if (isObject(parsed)) return parsed;
    } catch {
      // not JSON: no arguments the core could use
    }
  }
  return {};
}

/** `tool_call_id` and `function_name` of an `llm-function-call*` event, whichever are present. */
export function functionCallIds(data: unknown): { toolCallId?: string; functionName?: string } {
  if (!isObject(data)) return {};
  return {
    ...(typeof data.tool_call_id === 'string' && data.tool_call_id !== ''
      ? { toolCallId: data.tool_call_id }
      : {}),
    ...(typeof data.function_name === 'string' && data.function_name !== ''
      ? { functionName: data.function_name }
      : {}),
  };
}

/**
 * The bot's segments since it last stopped speaking, as one agent turn: Pipecat reports a reply
 * sentence by sentence, and the transcript (and the packet the human reads) has one turn per
 * reply. A segment cut off by barge-in contributes what was spoken of it.
 */
export class BotUtterance {
  readonly #segments = new Map<number | string, OutputSegment>();
  #anonymous = 0;
  #startedAt: number | undefined;

  add(segment: OutputSegment, receivedAt: number): void {
    this.#startedAt ??= receivedAt;
    const key = segment.id ?? `anonymous-${++this.#anonymous}`;
    const previous = this.#segments.get(key);
    // A late `in-progress` must not undo a `completed` for the same segment.
    if (previous?.done && !segment.done) return;
    this.#segments.set(key, segment);
  }

  get pending(): boolean {
    return this.#segments.size > 0;
  }

  take(): TurnInput | undefined {
    const segments = [...this.#segments.values()];
    const at = this.#startedAt;
    this.#segments.clear();
    this.#startedAt = undefined;
    const parts = segments.map((s) => (s.done ? s.text : s.spokenSoFar)).filter((t) => t !== '');
    if (parts.length === 0) return undefined;
    const turn: TurnInput = { role: 'agent', text: parts.join(' '), final: true };
    if (at !== undefined) turn.at = at;
    if (segments.some((s) => !s.done)) turn.interrupted = true;
    return turn;
  }
}
