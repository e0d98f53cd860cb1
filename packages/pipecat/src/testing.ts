import {
  type PipecatClientOptions,
  type RTVIEventCallbacks,
  RTVIMessage,
  type Tracks,
  Transport,
  type TransportState,
} from '@pipecat-ai/client-js';

/** `MediaDeviceInfo[]`, named through the SDK so Node code needs no DOM types. */
type Devices = Awaited<ReturnType<Transport['getAllMics']>>;

/** An RTVI message as a bot puts it on the wire: most carry no `id`, many no `data`. */
export interface WireMessage {
  label?: string;
  type: string;
  id?: string;
  data?: unknown;
}

/**
 * A Pipecat `Transport` with no media and no network, for tests and offline runs: the bot's
 * side is whatever you `receive()`, and what the client sends is recorded in `sent`. Connecting
 * answers `client-ready` with `bot-ready`, as a bot does, so the client reaches `ready` and
 * `sendText` works.
 */
export class ScriptedTransport extends Transport {
  readonly sent: RTVIMessage[] = [];
  readonly #waiting: Array<{ type: string; resolve: (message: RTVIMessage) => void }> = [];
  readonly #botVersion: string;

  constructor(options: { botVersion?: string } = {}) {
    super();
    this.#botVersion = options.botVersion ?? '2.1.0';
  }

  initialize(options: PipecatClientOptions, messageHandler: (ev: RTVIMessage) => void): void {
    this._options = options;
    this._onMessage = messageHandler;
    this._callbacks = options.callbacks ?? ({} as RTVIEventCallbacks);
    this.state = 'disconnected';
  }

  async initDevices(): Promise<void> {
    this.state = 'initialized';
  }

  _validateConnectionParams(connectParams?: unknown): unknown {
    return connectParams;
  }

  async _connect(): Promise<void> {
    this.state = 'connecting';
    this.state = 'connected';
    this._callbacks.onConnected?.();
  }

  async _disconnect(): Promise<void> {
    this.state = 'disconnecting';
    this.state = 'disconnected';
    this._callbacks.onDisconnected?.();
  }

  sendReadyMessage(): void {
    this.state = 'ready';
    const ready = this.sent.find((m) => m.type === 'client-ready');
    queueMicrotask(() =>
      this.receive({
        label: 'rtvi-ai',
        type: 'bot-ready',
        id: ready?.id ?? 'bot-ready',
        data: { version: this.#botVersion, about: { library: 'pipecat-ai' } },
      }),
    );
  }

  /** Delivers a message from the bot, exactly as a real transport hands it to the client. */
  receive(message: WireMessage): void {
    this._onMessage({ label: 'rtvi-ai', ...message } as RTVIMessage);
  }

  /** The next message of `type` the client sends from now on. */
  next(type: string): Promise<RTVIMessage> {
    return new Promise((resolve) => this.#waiting.push({ type, resolve }));
  }

  sendMessage(message: RTVIMessage): void {
    this.sent.push(message);
    const index = this.#waiting.findIndex((w) => w.type === message.type);
    if (index >= 0) this.#waiting.splice(index, 1)[0]!.resolve(message);
  }

  get state(): TransportState {
    return this._state;
  }

  set state(state: TransportState) {
    if (this._state === state) return;
    this._state = state;
    this._callbacks?.onTransportStateChanged?.(state);
  }

  async getAllMics(): Promise<Devices> {
    return [];
  }
  async getAllCams(): Promise<Devices> {
    return [];
  }
  async getAllSpeakers(): Promise<Devices> {
    return [];
  }
  updateMic(): void {}
  updateCam(): void {}
  updateSpeaker(): void {}
  get selectedMic(): Record<string, never> {
    return {};
  }
  get selectedCam(): Record<string, never> {
    return {};
  }
  get selectedSpeaker(): Record<string, never> {
    return {};
  }
  enableMic(): void {}
  enableCam(): void {}
  enableScreenShare(): void {}
  get isCamEnabled(): boolean {
    return false;
  }
  get isMicEnabled(): boolean {
    return false;
  }
  get isSharingScreen(): boolean {
    return false;
  }
  tracks(): Tracks {
    return { local: {} };
  }
}

/** How much of a function call the bot reports (`RTVIObserverParams.function_call_report_level`). */
export type ReportLevel = 'full' | 'name' | 'none';

/**
 * The bot's side of an RTVI session, scripted: each method sends what a Pipecat bot (protocol
 * 2.1, pipecat 1.7) sends for that moment, in the shapes of `src/__fixtures__/rtvi-messages.json`.
 */
export class ScriptedBot {
  #segment = 100;
  #call = 0;

  constructor(readonly transport: ScriptedTransport) {}

  /** The caller speaks: an interim transcript of the first words, then the final one. */
  userSays(text: string, options: { timestamp?: string } = {}): void {
    const timestamp = options.timestamp ?? new Date().toISOString();
    const interim = text.split(/\s+/u).slice(0, 3).join(' ');
    this.transport.receive({ type: 'user-started-speaking' });
    this.transport.receive({
      type: 'user-transcription',
      data: { text: interim, user_id: '', timestamp, final: false },
    });
    this.transport.receive({ type: 'user-stopped-speaking' });
    this.transport.receive({
      type: 'user-transcription',
      data: { text, user_id: '', timestamp, final: true },
    });
  }

  /** The bot speaks `text` sentence by sentence, each reported `new` then `completed`. */
  botSays(text: string): void {
    this.transport.receive({ type: 'bot-llm-started' });
    this.transport.receive({ type: 'bot-started-speaking' });
    for (const sentence of text.split(/(?<=[.!?])\s+/u)) {
      const segment_id = ++this.#segment;
      const output = { text: sentence, aggregated_by: 'sentence', segment_id, will_be_spoken: true };
      this.transport.receive({
        type: 'bot-output',
        data: {
          ...output,
          spoken: false,
          spoken_status: 'new',
          spoken_progress: { accumulated_text: '', remaining_text: sentence },
        },
      });
      this.transport.receive({
        type: 'bot-output',
        data: {
          ...output,
          spoken_status: 'completed',
          spoken_progress: { accumulated_text: sentence, remaining_text: '' },
        },
      });
    }
    this.transport.receive({ type: 'bot-stopped-speaking' });
    this.transport.receive({ type: 'bot-llm-stopped' });
  }

  /**
   * The LLM calls `name`: `llm-function-call-started` and `-in-progress` at `reportLevel`
   * (default `full`), or the deprecated `llm-function-call`. Resolves with the client's
   * `llm-function-call-result`.
   */
  callsFunction(
    name: string,
    args: Record<string, unknown>,
    options: { toolCallId?: string; reportLevel?: ReportLevel; deprecated?: boolean } = {},
  ): Promise<RTVIMessage> {
    const tool_call_id = options.toolCallId ?? `call_${++this.#call}`;
    const result = this.transport.next('llm-function-call-result');
    if (options.deprecated) {
      this.transport.receive({
        type: 'llm-function-call',
        data: { function_name: name, tool_call_id, args },
      });
      return result;
    }
    const level = options.reportLevel ?? 'full';
    const named = level === 'none' ? {} : { function_name: name };
    this.transport.receive({ type: 'llm-function-call-started', data: named });
    this.transport.receive({
      type: 'llm-function-call-in-progress',
      data: { tool_call_id, ...named, ...(level === 'full' ? { arguments: args } : {}) },
    });
    // The bot reports the call finished once the client's result is in its context.
    return result.then((message) => {
      const answer = (message.data as { result?: unknown } | undefined)?.result;
      this.transport.receive({
        type: 'llm-function-call-stopped',
        data: { tool_call_id, cancelled: false, ...named, ...(level === 'full' ? { result: answer } : {}) },
      });
      return message;
    });
  }

  /** A fatal pipeline error (the LLM service gave up): the client disconnects. */
  fails(error: string): void {
    this.transport.receive({ type: 'error', data: { error, fatal: true } });
  }
}

export { RTVIMessage };
