import { attachHandoff, transferToHuman } from '@handoff/livekit';
import {
  type APIConnectOptions,
  APIStatusError,
  asLanguageCode,
  DEFAULT_API_CONNECT_OPTIONS,
  initializeLogger,
  llm,
  stt,
  tts,
  voice,
} from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';
import type { DriverContext, DriverResult, DriverScript, PlatformDriver, ScenarioTurn } from '../driver.js';

/** A phone line carries 8 kHz audio: the TTS makes it and the line plays it, with no resampling. */
const SAMPLE_RATE = 8_000;
const FRAME_MS = 100;
/** 150 words a minute, as the template driver's simulated speech. */
const SECONDS_PER_WORD = 0.4;
/** The line plays audio 50× faster than real time, as the sandbox plays a `<Stream>` farewell. */
const PLAYBACK_SCALE = 0.02;
const TOOL = 'transfer_to_human';
const WAIT_MS = 10_000;

/** What the model answers in one generation. */
interface Generation {
  text?: string;
  transfer?: Record<string, unknown>;
  fail?: boolean;
}

/**
 * The LLM side of the script. A caller turn gets the reply scripted for its text; a reply asked
 * for without new caller input (`generateReply`) gets the one armed in `next`; the reply after a
 * tool result is empty, as the scenarios end at the tool call. Once it has failed it stays down,
 * so the SDK's retries fail too, as they would against a provider returning 500s.
 */
class ScriptedLLM extends llm.LLM {
  readonly replies = new Map<string, Generation>();
  next: Generation | undefined;
  #down = false;

  label(): string {
    return 'scripted-llm';
  }

  chat({ chatCtx, toolCtx, connOptions }: Parameters<llm.LLM['chat']>[0]): llm.LLMStream {
    return new ScriptedGeneration(this, {
      chatCtx,
      ...(toolCtx ? { toolCtx } : {}),
      connOptions: connOptions ?? DEFAULT_API_CONNECT_OPTIONS,
    });
  }

  generationFor(chatCtx: llm.ChatContext): Generation | undefined {
    if (this.#down) return { fail: true };
    const last = chatCtx.items.at(-1);
    let generation: Generation | undefined;
    if (last?.type === 'message' && last.role === 'user') {
      generation = this.replies.get(last.textContent ?? '');
    } else if (last?.type !== 'function_call_output') {
      generation = this.next;
      this.next = undefined;
    }
    if (generation?.fail) this.#down = true;
    return generation;
  }
}

class ScriptedGeneration extends llm.LLMStream {
  readonly #model: ScriptedLLM;

  constructor(model: ScriptedLLM, params: ConstructorParameters<typeof llm.LLMStream>[1]) {
    super(model, params);
    this.#model = model;
  }

  protected override async run(): Promise<void> {
    const generation = this.#model.generationFor(this.chatCtx);
    if (!generation) return;
    if (generation.fail) {
      throw new APIStatusError({
        message: 'LLM provider returned 500',
        options: { statusCode: 500, retryable: true },
      });
    }
    if (generation.text) {
      this.queue.put({ id: 'gen', delta: { role: 'assistant', content: generation.text } });
    }
    if (generation.transfer) {
      const call = llm.FunctionCall.create({
        callId: 'call_1',
        name: TOOL,
        args: JSON.stringify(generation.transfer),
      });
      this.queue.put({ id: 'gen', delta: { role: 'assistant', toolCalls: [call] } });
    }
  }
}

/**
 * The caller's side of the line as a streaming STT hears it: an interim, then a final carrying
 * the recogniser's confidence. The SDK turns those into its own `user_input_transcribed` events
 * and, at the end of the user turn, a user `ChatMessage` with their average `transcriptConfidence`.
 */
class CallerSTT extends stt.STT {
  label = 'scripted-stt';
  #stream: CallerSpeech | undefined;
  #opened: (stream: CallerSpeech) => void = () => {};
  readonly opened = new Promise<CallerSpeech>((resolve) => {
    this.#opened = resolve;
  });

  constructor() {
    super({ streaming: true, interimResults: true });
  }

  protected override async _recognize(): Promise<stt.SpeechEvent> {
    throw new Error('scripted-stt only streams');
  }

  stream(): stt.SpeechStream {
    this.#stream = new CallerSpeech(this);
    this.#opened(this.#stream);
    return this.#stream;
  }

  /** The stream the SDK reads now (it may reopen one). */
  get current(): CallerSpeech | undefined {
    return this.#stream;
  }
}

class CallerSpeech extends stt.SpeechStream {
  label = 'scripted-stt.stream';

  speak(text: string, confidence: number): void {
    const heard = (type: stt.SpeechEventType, words: string, score: number): stt.SpeechEvent => ({
      type,
      alternatives: [
        { text: words, language: asLanguageCode(''), startTime: 0, endTime: 0, confidence: score },
      ],
    });
    const interim = text.split(/\s+/u).slice(0, 2).join(' ');
    this.queue.put(heard(stt.SpeechEventType.INTERIM_TRANSCRIPT, interim, confidence));
    this.queue.put(heard(stt.SpeechEventType.FINAL_TRANSCRIPT, text, confidence));
  }

  protected override async run(): Promise<void> {
    // The caller's audio is not needed to transcribe a script; drain it until the SDK closes us.
    for await (const _ of this.input) {
    }
  }
}

/** A TTS that makes silence as long as the line would take to say (150 words a minute). */
class PacedTTS extends tts.TTS {
  label = 'paced-tts';

  constructor() {
    super(SAMPLE_RATE, 1, { streaming: false });
  }

  synthesize(text: string, connOptions?: APIConnectOptions, abortSignal?: AbortSignal): tts.ChunkedStream {
    return new PacedSpeech(text, this, connOptions, abortSignal);
  }

  stream(): tts.SynthesizeStream {
    throw new Error('paced-tts does not stream: the SDK wraps it in a sentence adapter');
  }
}

class PacedSpeech extends tts.ChunkedStream {
  label = 'paced-tts.chunked';

  protected override async run(): Promise<void> {
    const words = this.inputText.trim().split(/\s+/u).filter(Boolean).length;
    const frames = Math.max(1, Math.round((words * SECONDS_PER_WORD * 1000) / FRAME_MS));
    const samples = (SAMPLE_RATE * FRAME_MS) / 1000;
    for (let i = 0; i < frames; i++) {
      this.queue.put({
        requestId: 'paced',
        segmentId: 'paced',
        frame: new AudioFrame(new Int16Array(samples), SAMPLE_RATE, 1, samples),
        final: i === frames - 1,
      });
    }
  }
}

/**
 * The agent's audio leaving for the caller (LiveKit SIP → Vobiz): a segment finishes playing
 * its own length after the previous one, and only then does the SDK hear that it played out.
 */
class PhoneLine extends voice.AudioOutput {
  #open = false;
  #seconds = 0;
  #freeAt = 0;
  readonly #playing = new Map<NodeJS.Timeout, number>();

  constructor() {
    super(SAMPLE_RATE);
  }

  override async captureFrame(frame: AudioFrame): Promise<void> {
    await super.captureFrame(frame);
    if (!this.#open) {
      this.#open = true;
      this.#seconds = 0;
      this.onPlaybackStarted(Date.now());
    }
    this.#seconds += frame.samplesPerChannel / frame.sampleRate;
  }

  override flush(): void {
    super.flush();
    if (!this.#open) return;
    this.#open = false;
    const seconds = this.#seconds;
    this.#freeAt = Math.max(Date.now(), this.#freeAt) + seconds * 1000 * PLAYBACK_SCALE;
    const timer = setTimeout(() => {
      this.#playing.delete(timer);
      this.onPlaybackFinished({ playbackPosition: seconds, interrupted: false });
    }, this.#freeAt - Date.now());
    this.#playing.set(timer, seconds);
  }

  clearBuffer(): void {
    for (const timer of this.#playing.keys()) {
      clearTimeout(timer);
      this.onPlaybackFinished({ playbackPosition: 0, interrupted: true });
    }
    this.#playing.clear();
    this.#freeAt = 0;
    if (this.#open) {
      this.#open = false;
      this.onPlaybackFinished({ playbackPosition: 0, interrupted: true });
    }
  }
}

async function within<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`livekit driver: timed out waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The model's reply to the caller turn at `index`, from what the script says comes next. */
function replyTo(script: DriverScript, index: number): Generation {
  const after = index + 1;
  if (script.aiDiesAfterTurn === after) return { fail: true };
  if (script.toolCall?.afterTurn === after) return { transfer: script.toolCall.args };
  const next = script.turns[after];
  // Two caller turns in a row: the model had nothing to say in between.
  if (next?.role !== 'agent') return {};
  // A line and then the tool call: one generation, the way a model says it and calls the tool.
  if (script.toolCall?.afterTurn === after + 1) return { text: next.text, transfer: script.toolCall.args };
  return { text: next.text };
}

let loggerReady = false;
/** Sessions still open: the call left LiveKit when Vobiz moved it, but nothing here hangs up. */
const sessions: voice.AgentSession[] = [];

/**
 * LiveKit Agents: a real `voice.AgentSession` with the caller's speech coming through an STT,
 * replies from an LLM, speech through a TTS to an audio output, the package's `attachHandoff` and
 * `transferToHuman` as the app wires them. The call reached LiveKit over SIP, so the Vobiz
 * `<Stream>` socket stays idle; the call id is the Vobiz UUID (what `X-VH-HandoffCall` carries).
 */
export const livekitDriver: PlatformDriver = {
  platform: 'livekit',
  // The plugin records a spoken caller turn from the SDK's STT finals, which carry no confidence,
  // and re-sends the turn's last final with the committed user ChatMessage's `transcriptConfidence`.
  capabilities: { confidence: true, aiDeath: true },

  async setup() {
    if (loggerReady) return;
    initializeLogger({ pretty: false, level: 'fatal' });
    loggerReady = true;
  },

  async run(ctx: DriverContext, script: DriverScript): Promise<DriverResult> {
    const model = new ScriptedLLM();
    const ears = new CallerSTT();
    const session = new voice.AgentSession({
      stt: ears,
      llm: model,
      tts: new PacedTTS(),
      vad: null,
      // The driver ends each caller turn where the script does, instead of an end-of-utterance
      // model guessing it from silence; a short endpointing delay keeps the replay quick.
      turnHandling: { turnDetection: 'manual', endpointing: { minDelay: 20 } },
      // The script pauses between lines: that is not the caller walking away.
      userAwayTimeout: null,
      // A dead model: one retry, then the SDK gives up and closes the session on the error.
      connOptions: { maxUnrecoverableErrors: 0, llmConnOptions: { maxRetry: 1, retryIntervalMs: 10 } },
    });
    session.output.audio = new PhoneLine();
    sessions.push(session);
    // The SDK re-emits model errors on the session; Node throws an `error` event nobody hears.
    session.on(voice.AgentSessionEventTypes.Error, () => {});

    const result: DriverResult = {};
    const farewells: Promise<void>[] = [];
    let lastAgentLine = '';
    session.on(voice.AgentSessionEventTypes.ConversationItemAdded, ({ item }) => {
      if (item.type === 'message' && item.role === 'assistant') lastAgentLine = item.textContent ?? '';
    });
    // The core's farewell is the one line said with interruptions off: the driver's own lines and
    // the model's replies allow them.
    session.on(voice.AgentSessionEventTypes.SpeechCreated, ({ source, speechHandle }) => {
      if (source !== 'say' || speechHandle.allowInterruptions) return;
      farewells.push(
        speechHandle.waitForPlayout().then(() => {
          result.farewellDoneAt = Date.now();
          // Speech is sequential: the message the SDK added as it finished is this one.
          result.farewell = lastAgentLine;
        }),
      );
    });
    const closed = new Promise<void>((resolve) =>
      session.once(voice.AgentSessionEventTypes.Close, () => resolve()),
    );

    const detach = attachHandoff(session, ctx.handoff, { callId: ctx.call.callId });
    await session.start({
      agent: new voice.Agent({
        instructions: 'You are the voice agent on a customer line.',
        tools: { [TOOL]: transferToHuman(ctx.handoff) },
      }),
    });
    await within(ears.opened, 'the STT stream');

    const hear = async (turn: ScenarioTurn) => {
      const heard = new Promise<void>((resolve) => {
        const onTranscribed = (event: voice.UserInputTranscribedEvent) => {
          if (!event.isFinal || event.transcript !== turn.text) return;
          session.off(voice.AgentSessionEventTypes.UserInputTranscribed, onTranscribed);
          resolve();
        };
        session.on(voice.AgentSessionEventTypes.UserInputTranscribed, onTranscribed);
      });
      // A scenario line without a confidence is a clear one: the SDK's own FakeSTT scores those 1.
      ears.current!.speak(turn.text, turn.confidence ?? 1);
      await within(heard, `the final transcript of "${turn.text}"`);
    };
    const nextReply = () =>
      new Promise<voice.SpeechHandle>((resolve) => {
        const onCreated = (event: voice.SpeechCreatedEvent) => {
          if (event.source !== 'generate_reply') return;
          session.off(voice.AgentSessionEventTypes.SpeechCreated, onCreated);
          resolve(event.speechHandle);
        };
        session.on(voice.AgentSessionEventTypes.SpeechCreated, onCreated);
      });
    // The core has the call: let its handoff run to the Transfer API request, farewell first.
    const handedOff = async () => {
      await within(detach.call.settled(), 'the handoff');
      await within(Promise.all(farewells), 'the farewell');
      return result;
    };

    const spokenByModel = new Set<number>();
    let modelAlreadyActed = false;
    for (let i = 0; i <= script.turns.length; i++) {
      if (script.aiDiesAfterTurn === i) {
        if (!modelAlreadyActed) {
          model.next = { fail: true };
          session.generateReply();
        }
        await within(closed, 'the session to close on the model error');
        return {};
      }
      if (script.toolCall?.afterTurn === i) {
        if (!modelAlreadyActed) {
          // Only after a line the driver said itself (not a model reply): the app asks for a reply.
          model.next = { transfer: script.toolCall.args };
          const handle = session.generateReply({ instructions: 'Decide whether to transfer the caller.' });
          await within(handle.waitForPlayout(), 'the tool-call reply');
        }
        await within(Promise.all(farewells), 'the farewell');
        return result;
      }
      const turn = script.turns[i];
      if (!turn) break;
      if (turn.role === 'agent') {
        if (!spokenByModel.has(i)) await within(session.say(turn.text).waitForPlayout(), 'an agent line');
        if (detach.call.transferring) return handedOff();
        continue;
      }

      await hear(turn);
      // A rule fired on the final: the core's farewell is on its way and, said with interruptions
      // off, makes the SDK drop this user turn anyway, so it is not committed.
      if (detach.call.transferring) return handedOff();
      const reply = replyTo(script, i);
      model.replies.set(turn.text, reply);
      if (reply.text !== undefined) spokenByModel.add(i + 1);
      const handle = nextReply();
      session.commitUserTurn();
      if (reply.fail) {
        modelAlreadyActed = true;
        continue;
      }
      await within(
        handle.then((h) => h.waitForPlayout()),
        `the reply to "${turn.text}"`,
      );
      if (reply.transfer) modelAlreadyActed = true;
      else if (detach.call.transferring) return handedOff();
    }
    return result;
  },

  async teardown() {
    for (const session of sessions.splice(0)) await session.close().catch(() => {});
  },
};
