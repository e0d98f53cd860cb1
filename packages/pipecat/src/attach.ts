import type { Instruction, SpokenLine, ToolReply, TurnInput } from '@handoff/core';
import {
  type BotOutputData,
  type FunctionCallParams,
  type LLMFunctionCallData,
  type LLMFunctionCallInProgressData,
  type LLMFunctionCallResult,
  type PipecatClient,
  type PipecatClientOptions,
  RTVIEvent,
  type RTVIMessage,
  type TranscriptData,
} from '@pipecat-ai/client-js';
import { createPipecatClient, isPipecatClient } from './client.js';
import { type GatewayAction, GatewayApi, GatewayError, type HandoffResponse } from './gateway-api.js';
import { SpeechWatch } from './playout.js';
import { BotUtterance, callerTurn, functionArguments, functionCallIds, outputSegment } from './rtvi.js';

/** The core's tool name (`TOOL_NAME` in `@handoff/core`), declared on the bot with the same schema. */
export const TRANSFER_FUNCTION = 'transfer_to_human';

const DEFAULT_PLAYOUT_TIMEOUT_MS = 30_000;
/** A text-only bot never reports speaking: its reply is one turn once it has been quiet this long. */
const QUIET_MS = 1_500;
/** Body fields the plugin sets; the LLM's arguments never override them. */
const RESERVED = new Set([
  'callId',
  'callbackNumber',
  'transcript',
  'platform',
  'trigger',
  'playout',
  'from',
  'to',
]);

/**
 * How the bot is asked to voice a line or take an instruction. The client cannot speak by
 * itself; the default sends the core's text as `send-text` (a user message the LLM answers,
 * interrupting what it was saying). Replace either with your own, e.g. a `client-message` your
 * bot turns into a `TTSSpeakFrame`. The core still decides what is said and when.
 */
export interface PipecatPort {
  say?(line: SpokenLine, client: PipecatClient): void | Promise<void>;
  instruct?(instruction: Instruction, client: PipecatClient): void | Promise<void>;
}

export interface AttachHandoffOptions {
  /** The gateway's public URL, base path included (`https://handoff.example.com`). */
  gatewayUrl: string;
  /**
   * A client token from `POST /v1/client-tokens`, scoped to this call (never an API key in a
   * browser; on a server an API key also works).
   */
  token: string;
  /**
   * The call the token is scoped to: the Vobiz `CallUUID` of a phone call, or the `callId` the
   * gateway returned for a web session. Turns are reported to it as they happen.
   */
  callId?: string;
  /**
   * A web call with no session id: the customer's number. Turns are kept here and sent with
   * the handoff, which has the gateway place a call connecting a human and this number.
   */
  callbackNumber?: string;
  /** Default `transfer_to_human`. */
  functionName?: string;
  /** As in the packet's `call.platform`; default `pipecat`. */
  platform?: string;
  port?: PipecatPort;
  /** Longest wait for the bot to voice a line before the plugin stops listening for it (default 30 s). */
  playoutTimeoutMs?: number;
  /** Where failures go (a gateway that refused, a network error); default `console.warn`, message only. */
  onError?: (error: unknown, where: string) => void;
  /** A `fetch` of your own (a proxy, tests). */
  fetch?: typeof fetch;
}

/** The plugin on one client. */
export interface PipecatHandoff {
  readonly client: PipecatClient;
  /** Resolves once everything reported so far has reached the gateway (lines being voiced excepted). */
  flush(): Promise<void>;
  /** Reports the end of the call or web session, after what is pending. */
  end(): Promise<void>;
  /** Stops listening and unregisters the function handler; the call is left as it is. */
  detach(): void;
}

/**
 * Joins a Pipecat client to the handoff core over the gateway's `/v1` API: final user
 * transcripts and the bot's output go in as turns (the core's rules run on them), the bot's
 * `transfer_to_human` call becomes a handoff whose result goes back to the bot, and whatever the
 * core asks for (a farewell, an instruction) is passed to the bot. The core decides; this only
 * translates. Pass client options instead of a client to have it built here (Node-safe).
 */
export function attachHandoff(
  target: PipecatClient | PipecatClientOptions,
  options: AttachHandoffOptions,
): PipecatHandoff {
  const { callId, callbackNumber } = options;
  if (!callId && !callbackNumber) {
    throw new TypeError('attachHandoff: pass the callId the token is scoped to, or a callbackNumber');
  }
  const client = isPipecatClient(target) ? target : createPipecatClient(target);
  const api = new GatewayApi(options.gatewayUrl, options.token, options.fetch);
  const functionName = options.functionName ?? TRANSFER_FUNCTION;
  const platform = options.platform ?? 'pipecat';
  const playoutTimeoutMs = options.playoutTimeoutMs ?? DEFAULT_PLAYOUT_TIMEOUT_MS;
  const report =
    options.onError ??
    ((error: unknown, where: string) => {
      console.warn(`[handoff/pipecat] ${where}: ${error instanceof Error ? error.message : String(error)}`);
    });

  const speech = new SpeechWatch();
  const utterance = new BotUtterance();
  /** Turns of a session the gateway does not hold yet (callbackNumber only), sent with the handoff. */
  const history: TurnInput[] = [];
  let outbox: Promise<void> = Promise.resolve();
  let voice: Promise<void> = Promise.resolve();
  let speaking = false;
  let quiet: ReturnType<typeof setTimeout> | undefined;
  let aiDown = false;
  let ended = false;
  /** The last function call the client announced, for telling a repeat from a new call. */
  let lastCall: { toolCallId?: string; functionName?: string } = {};
  const answered = new Set<string>();
  let warnedNoName = false;

  const enqueue = (where: string, work: () => Promise<void>): Promise<void> => {
    outbox = outbox.then(work).catch((error: unknown) => report(error, where));
    return outbox;
  };

  // Transcripts carry the bot's clock and bot output this client's: a skew between the two must
  // not reorder the conversation (the core orders turns by time), nor date a turn in the future.
  let lastAt = 0;
  const sendTurn = (turn: TurnInput) => {
    const now = Date.now();
    turn.at = Math.min(Math.max(turn.at ?? now, lastAt), now);
    lastAt = turn.at;
    if (!callId) {
      history.push(turn);
      return;
    }
    void enqueue('turns', async () => {
      const response = await api.turns(callId, [turn], platform);
      perform(response.actions ?? []);
    });
  };

  const flushAgent = () => {
    if (quiet) clearTimeout(quiet);
    quiet = undefined;
    const turn = utterance.take();
    if (turn) sendTurn(turn);
  };

  // ---- what the core asks for -----------------------------------------------------------------

  const deliverSay = async (line: SpokenLine) => {
    if (options.port?.say) return options.port.say(line, client);
    await client.sendText(line.asInstruction, { run_immediately: true, audio_response: true });
  };

  const deliverInstruction = async (instruction: Instruction) => {
    if (options.port?.instruct) return options.port.instruct(instruction, client);
    await client.sendText(instruction.text, { run_immediately: instruction.respond, audio_response: true });
  };

  /** Waits for `line` to be heard after `deliver`, then acknowledges it so the core moves on. */
  const voiceLine = (line: SpokenLine & { ack?: string }, deliver: () => Promise<void>) => {
    voice = voice
      .then(async () => {
        const heard = speech.expect(line.text, playoutTimeoutMs);
        await deliver();
        if ((await heard) && line.ack) await api.played(line.ack);
      })
      .catch((error: unknown) => report(error, 'say'));
  };

  // One line at a time: a `send-text` that runs the LLM interrupts whatever the bot is saying.
  const perform = (actions: readonly GatewayAction[]) => {
    for (const action of actions) {
      if (action.type === 'say') voiceLine(action, () => deliverSay(action));
      else if (action.type === 'instruct') {
        voice = voice
          .then(() => deliverInstruction(action))
          .catch((error: unknown) => report(error, 'instruct'));
      }
    }
  };

  // ---- the tool call ----------------------------------------------------------------------------

  const handOff = (args: Record<string, unknown>): Promise<LLMFunctionCallResult> =>
    new Promise<LLMFunctionCallResult>((resolve) => {
      void enqueue('handoff', async () => {
        const body: Record<string, unknown> = {
          ...Object.fromEntries(Object.entries(args).filter(([key]) => !RESERVED.has(key))),
          platform,
          trigger: 'tool',
          playout: 'ack',
          // The whole history each time: a retried call re-sends it, and the core drops repeats.
          ...(callId ? { callId } : { callbackNumber, transcript: [...history] }),
        };
        let response: HandoffResponse;
        try {
          response = await api.handoff(body);
        } catch (error) {
          report(error, 'handoff');
          resolve(failure(error));
          return;
        }
        resolve(answer(response));
      });
    });

  /**
   * The function result for the bot. When the core queued a farewell, the bot voices it in its
   * reply to the result (the client has no other way to make it speak), so the result carries
   * the core's "say exactly this" line and the farewell is acknowledged once heard.
   */
  const answer = (response: HandoffResponse): LLMFunctionCallResult => {
    const actions = response.actions ?? [];
    const farewell = actions.find(
      (a): a is Extract<GatewayAction, { type: 'say' }> => a.type === 'say' && a.purpose === 'farewell',
    );
    const reply = replyOf(response);
    if (farewell) {
      const heard = speech.expect(farewell.text, playoutTimeoutMs);
      voice = voice
        .then(async () => {
          if ((await heard) && farewell.ack) await api.played(farewell.ack);
        })
        .catch((error: unknown) => report(error, 'farewell'));
    }
    perform(actions.filter((a) => a !== farewell));
    return farewell ? { ...reply, message: farewell.asInstruction } : reply;
  };

  const onFunctionCall = async (params: FunctionCallParams): Promise<LLMFunctionCallResult | undefined> => {
    // The client emits the call's event (with its tool_call_id) right after invoking us.
    await Promise.resolve();
    const { toolCallId } = lastCall;
    if (toolCallId !== undefined) {
      // A bot sending both the deprecated `llm-function-call` and `-in-progress` for one call.
      if (answered.has(toolCallId)) return undefined;
      answered.add(toolCallId);
    }
    flushAgent();
    return handOff(functionArguments((params as Partial<FunctionCallParams>).arguments));
  };

  // ---- what the bot reports ----------------------------------------------------------------------

  const onTranscript = (data: TranscriptData) => {
    const turn = callerTurn(data, Date.now());
    if (!turn) return;
    flushAgent();
    sendTurn(turn);
  };

  const onBotOutput = (data: BotOutputData) => {
    const segment = outputSegment(data);
    if (!segment) return;
    utterance.add(segment, Date.now());
    if (segment.done) speech.output(segment.text);
    if (!speaking) {
      if (quiet) clearTimeout(quiet);
      quiet = setTimeout(flushAgent, QUIET_MS);
      (quiet as { unref?: () => void }).unref?.();
    }
  };

  const onStarted = () => {
    speaking = true;
    if (quiet) clearTimeout(quiet);
    speech.started();
  };

  const onStopped = () => {
    speaking = false;
    flushAgent();
    speech.stopped();
  };

  const onCallEvent = (data: LLMFunctionCallInProgressData | LLMFunctionCallData) => {
    lastCall = functionCallIds(data);
    if (lastCall.functionName === undefined && !warnedNoName) {
      warnedNoName = true;
      report(
        new Error(
          `a function call arrived without its name, so ${functionName} cannot run in the client: ` +
            `set RTVIObserverParams.function_call_report_level={"${functionName}": RTVIFunctionCallReportLevel.FULL} on the bot`,
        ),
        'function-call',
      );
    }
  };

  const onError = (message: RTVIMessage) => {
    const data = (message?.data ?? {}) as { fatal?: unknown; error?: unknown; message?: unknown };
    if (data.fatal !== true || aiDown || !callId) return;
    aiDown = true;
    flushAgent();
    const detail = typeof data.error === 'string' ? data.error : String(data.message ?? 'fatal bot error');
    void enqueue('ai-unavailable', async () => {
      await api.aiUnavailable(callId, detail, platform);
    });
  };

  const onDisconnected = () => {
    flushAgent();
    // Nothing more will be heard from this bot: lines still waiting stay unacknowledged, and the
    // core moves on after its own bound.
    speech.close();
    // A web session has no Vobiz hang-up to end it; a phone call's ends with the call.
    if (callbackNumber && callId) void voice.then(end);
  };

  const end = (): Promise<void> => {
    flushAgent();
    if (ended || !callId) return outbox;
    ended = true;
    return enqueue('end', async () => {
      await api.end(callId);
    });
  };

  client.registerFunctionCallHandler(
    functionName,
    onFunctionCall as (p: FunctionCallParams) => Promise<LLMFunctionCallResult | undefined>,
  );
  client.on(RTVIEvent.UserTranscript, onTranscript);
  client.on(RTVIEvent.BotOutput, onBotOutput);
  client.on(RTVIEvent.BotStartedSpeaking, onStarted);
  client.on(RTVIEvent.BotStoppedSpeaking, onStopped);
  client.on(RTVIEvent.LLMFunctionCallInProgress, onCallEvent);
  client.on(RTVIEvent.LLMFunctionCall, onCallEvent);
  client.on(RTVIEvent.Error, onError);
  client.on(RTVIEvent.Disconnected, onDisconnected);

  return {
    client,
    flush: () => {
      return outbox;
    },
    end,
    detach() {
      flushAgent();
      speech.close();
      client.unregisterFunctionCallHandler(functionName);
      client.off(RTVIEvent.UserTranscript, onTranscript);
      client.off(RTVIEvent.BotOutput, onBotOutput);
      client.off(RTVIEvent.BotStartedSpeaking, onStarted);
      client.off(RTVIEvent.BotStoppedSpeaking, onStopped);
      client.off(RTVIEvent.LLMFunctionCallInProgress, onCallEvent);
      client.off(RTVIEvent.LLMFunctionCall, onCallEvent);
      client.off(RTVIEvent.Error, onError);
      client.off(RTVIEvent.Disconnected, onDisconnected);
    },
  };
}

/** The core's reply as the function result; a callback handoff by number answers with its result. */
function replyOf(response: HandoffResponse): Record<string, unknown> {
  if (response.reply) return { ...(response.reply as ToolReply) };
  const {
    actions: _actions,
    handoff: _handoff,
    ...result
  } = response as HandoffResponse & { handoff?: unknown };
  return result;
}

/** What the bot learns when the gateway refused or could not be reached: its code and words, not ours. */
function failure(error: unknown): Record<string, unknown> {
  if (error instanceof GatewayError) {
    return { ok: false, status: 'error', code: error.code, message: error.message };
  }
  return {
    ok: false,
    status: 'error',
    code: 'unreachable',
    message: error instanceof Error ? error.message : String(error),
  };
}
