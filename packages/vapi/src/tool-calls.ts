import { type FieldsSchema, type Handoff, type ToolReply, webhook } from '@handoff/core';
import type { Vapi } from '@vapi-ai/server-sdk';
import { type CallState, remember, type VapiCalls } from './calls.js';
import { ingest } from './ingest.js';
import type { Settings } from './options.js';
import { readToolCalls, type ServerMessage, spokenRequestStart, type ToolCallRequest } from './payload.js';

const MAX_TOOL_CALLS = 2_000;

/** VAPI rejects tool results with line breaks. */
const oneLine = (text: string) => text.replace(/\s+/gu, ' ').trim();

const toResult = (request: ToolCallRequest, reply: ToolReply): Vapi.ToolCallResult =>
  reply.ok
    ? { toolCallId: request.id, name: request.name, result: oneLine(reply.message) }
    : { toolCallId: request.id, name: request.name, error: oneLine(reply.message) };

/**
 * `tool-calls`: every `toolCallId` answered, `transfer_to_human` through the core, inside the
 * reply budget. VAPI retries a tool call it got no answer to: the retry gets the first answer.
 */
export class ToolCalls {
  readonly #running = new Map<string, Promise<Vapi.ToolCallResult>>();
  readonly #handoff: Handoff<FieldsSchema>;
  readonly #settings: Settings;
  readonly #calls: VapiCalls;

  constructor(handoff: Handoff<FieldsSchema>, settings: Settings, calls: VapiCalls) {
    this.#handoff = handoff;
    this.#settings = settings;
    this.#calls = calls;
  }

  async answer(message: ServerMessage): Promise<Vapi.ServerMessageResponseToolCalls> {
    const requests = readToolCalls(message.raw);
    const vapiCallId = message.vapiCallId;
    const state = vapiCallId ? await this.#calls.stateOf({ ...message, vapiCallId }) : undefined;
    const results = await Promise.all(
      requests.map(async (request): Promise<Vapi.ToolCallResult> => {
        // Another server's tool sharing this URL: answered, so VAPI is not left waiting.
        if (request.name !== this.#handoff.tool.name) {
          return { toolCallId: request.id, name: request.name, error: 'unknown_tool' };
        }
        if (!state || state.ended) return toResult(request, this.#refusal());
        const key = `${state.vapiCallId}:${request.id}`;
        const running = this.#running.get(key);
        if (running) return running;
        const fresh = this.#run(state, message, request).catch((error: unknown) => {
          this.#running.delete(key);
          this.#handoff.reportError(error, 'vapi-tool-call');
          return toResult(request, this.#refusal());
        });
        return remember(this.#running, key, fresh, MAX_TOOL_CALLS);
      }),
    );
    return { results };
  }

  #refusal(): ToolReply {
    return webhook.refusal(this.#handoff.options);
  }

  async #run(
    state: CallState,
    message: ServerMessage,
    request: ToolCallRequest,
  ): Promise<Vapi.ToolCallResult> {
    const call = this.#calls.attach(state, message);
    ingest(state, call, message, (e, where) => this.#handoff.reportError(e, where));
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
    const settled = await webhook.within(outcome, this.#settings.replyTimeoutMs);
    const reply = settled === webhook.TIMEOUT ? (decided ?? this.#refusal()) : settled.reply;
    return toResult(request, reply);
  }
}
