import {
  type Firing,
  type Handoff,
  type HandoffResult,
  isHandoffError,
  type Session,
  type TransferArgs,
  type TriggerInfo,
} from '@handoff/core';
import { checkpoint, clearAudio, parseStreamMessage, playAudio, type RawFrame } from '@handoff/core/vobiz';
import { WebSocket } from 'ws';

export const DEFAULT_MODEL = 'gpt-realtime';
export const DEFAULT_BASE_URL = 'wss://api.openai.com/v1/realtime';
export const DEFAULT_TRANSCRIPTION_MODEL = 'gpt-4o-mini-transcribe';

/** What the bridge needs to know about a call: the gateway's `MediaCall` fits, so does `{ callId }`. */
export interface BridgeCall {
  callId: string;
  from?: string;
  to?: string;
  platform?: string;
  /** Set when the caller comes back to the AI after a handoff that did not connect. */
  handoffId?: string;
  resumeReason?: string;
  /** What the caller was just told by the gateway's ladder; the model picks up from there. */
  sayToCaller?: string;
}

export interface RealtimeBridgeOptions {
  handoff: Handoff;
  openai: {
    apiKey: string;
    model?: string;
    voice?: string;
    instructions?: string;
    /** `wss://api.openai.com/v1/realtime` unless a proxy or a test server stands in. */
    baseUrl?: string;
    /** Model for the caller's transcript (`session.audio.input.transcription.model`). */
    transcriptionModel?: string;
    /** Extra `session` fields merged over the bridge's `session.update` (GA shape). */
    session?: Record<string, unknown>;
  };
  /** Longest wait for the farewell to play before the call is moved anyway. Default 10 s. */
  transferTimeoutMs?: number;
  /** Longest wait for the model's reply that carried the tool call to end. Default 3 s. */
  responseTimeoutMs?: number;
  /**
   * What to hand the call to when the Realtime session fails mid-call (an `error` event the bridge
   * treats as fatal, or the socket dropping). `false` leaves the caller with the gateway. Default
   * `{ reason: 'ai_unavailable' }`.
   */
  fallback?: TransferArgs | false;
  /** Which Realtime `error` events end the AI's part of the call. Default: all but `invalid_request_error`. */
  isFatalError?: (error: RealtimeErrorEvent['error']) => boolean;
  /** Platform name for sessions the bridge starts itself (no gateway in front). Default `vobiz`. */
  platform?: string;
  onError?: (error: unknown, callId: string) => void;
  /** Every Realtime server event, for logging. */
  onRealtimeEvent?: (event: RealtimeServerEvent, callId: string) => void;
  /** Once per call, after both sockets are done. */
  onCallEnd?: (callId: string, summary: CallSummary) => void;
}

export interface CallSummary {
  transferred?: HandoffResult;
  fallback: boolean;
  framesIn: number;
  framesOut: number;
}

export interface RealtimeErrorEvent {
  type: 'error';
  error: { type?: string; code?: string | null; message?: string; event_id?: string | null };
}

/** A Realtime server event, loosely typed: the bridge reads only the fields it needs. */
export interface RealtimeServerEvent {
  type: string;
  [key: string]: unknown;
}

export interface RealtimeBridge {
  /** Mount as `gateway.onMedia(bridge.handle)`, or call it from any `ws` server's connection handler. */
  handle: (socket: WebSocket, call: BridgeCall) => void;
  /** Calls currently bridged. */
  readonly active: number;
  /** Closes every bridged call's Realtime socket. */
  close(): void;
}

/** μ-law at 8 kHz is 8 bytes a millisecond. */
const BYTES_PER_MS = 8;
const MAX_QUEUED_FRAMES = 250;

export function sessionConfig(options: RealtimeBridgeOptions): Record<string, unknown> {
  const { openai, handoff } = options;
  const output: Record<string, unknown> = { format: { type: 'audio/pcmu' } };
  if (openai.voice) output.voice = openai.voice;
  return {
    type: 'realtime',
    model: openai.model ?? DEFAULT_MODEL,
    ...(openai.instructions ? { instructions: openai.instructions } : {}),
    output_modalities: ['audio'],
    audio: {
      input: {
        format: { type: 'audio/pcmu' },
        transcription: { model: openai.transcriptionModel ?? DEFAULT_TRANSCRIPTION_MODEL },
        turn_detection: { type: 'server_vad' },
      },
      output,
    },
    tools: [
      {
        type: 'function',
        name: handoff.tool.name,
        description: handoff.tool.description,
        parameters: handoff.tool.parameters,
      },
    ],
    tool_choice: 'auto',
    ...openai.session,
  };
}

/**
 * Bridges Vobiz `<Stream>` sockets to OpenAI Realtime sessions, μ-law 8 kHz end to end, with
 * `transfer_to_human` wired to the handoff core and the farewell played before the call moves.
 */
export function createRealtimeBridge(options: RealtimeBridgeOptions): RealtimeBridge {
  const calls = new Set<CallBridge>();
  return {
    handle: (socket, call) => {
      const bridge = new CallBridge(options, socket, call, () => calls.delete(bridge));
      calls.add(bridge);
    },
    get active() {
      return calls.size;
    },
    close() {
      for (const bridge of calls) bridge.shutdown();
    },
  };
}

interface Waiter {
  resolve: () => void;
}

class CallBridge {
  readonly #o: RealtimeBridgeOptions;
  readonly #vobiz: WebSocket;
  readonly #call: BridgeCall;
  readonly #onDone: () => void;
  #rt: WebSocket | undefined;
  #rtReady = false;
  #queue: string[] = [];
  #streamId: string | undefined;
  #session: Session | undefined;
  #vobizClosed = false;
  #ended = false;
  #transferring = false;
  #fallbackUsed = false;
  #transferred: HandoffResult | undefined;
  #framesIn = 0;
  #framesOut = 0;
  #checkpoints = 0;
  readonly #played = new Map<string, Waiter>();
  /** The response the model is producing, if any. */
  #activeResponse: string | undefined;
  readonly #responseDone = new Map<string, Waiter[]>();
  /** Recently finished responses: events of a batch arrive before an awaiting caller resumes. */
  readonly #doneResponses = new Set<string>();
  #idleWaiters: Waiter[] = [];
  /** Waiting for the response.created of a response the bridge asked for. */
  #createdWaiters: Array<(id: string | undefined) => void> = [];
  /** The assistant item whose audio is on the line: for barge-in truncation. */
  #playing: { itemId: string; firstAt: number; sentMs: number; checkpoint?: string } | undefined;
  readonly #speechStartedAt = new Map<string, number>();
  readonly #itemStartedAt = new Map<string, number>();
  /** Assistant items the caller talked over: their turns are marked `interrupted`. */
  readonly #truncated = new Set<string>();

  constructor(options: RealtimeBridgeOptions, socket: WebSocket, call: BridgeCall, onDone: () => void) {
    this.#o = options;
    this.#vobiz = socket;
    this.#call = call;
    this.#onDone = onDone;
    socket.on('message', (data) => this.#onVobiz(data as RawFrame));
    socket.on('close', () => this.#onVobizClose());
    socket.on('error', (error) => this.#report(error));
  }

  shutdown(): void {
    this.#rt?.close(1000);
    if (this.#vobiz.readyState === WebSocket.OPEN) this.#vobiz.close(1001);
  }

  #report(error: unknown): void {
    this.#o.onError?.(error, this.#call.callId);
  }

  // ---- Vobiz side -------------------------------------------------------------------------

  #onVobiz(data: RawFrame): void {
    let message: ReturnType<typeof parseStreamMessage>;
    try {
      message = parseStreamMessage(data);
    } catch (error) {
      this.#report(error);
      return;
    }
    switch (message.event) {
      case 'start':
        if (this.#streamId) {
          this.#streamId = message.streamId;
          return;
        }
        this.#streamId = message.streamId;
        if (message.mediaFormat.encoding !== 'audio/x-mulaw') {
          // The bridge does not transcode: answer with contentType="audio/x-mulaw;rate=8000".
          this.#report(
            new Error(
              `Vobiz stream is ${message.mediaFormat.encoding}; the bridge expects audio/x-mulaw at 8 kHz`,
            ),
          );
        }
        this.#start();
        return;
      case 'media':
        this.#framesIn++;
        this.#sendRt({ type: 'input_audio_buffer.append', audio: message.payload }, true);
        return;
      case 'playedStream': {
        if (this.#playing?.checkpoint === message.name) this.#playing = undefined;
        const waiter = this.#played.get(message.name);
        this.#played.delete(message.name);
        waiter?.resolve();
        return;
      }
      default:
        return;
    }
  }

  #onVobizClose(): void {
    this.#vobizClosed = true;
    // Caller hung up (or the call moved to a human): the Realtime session has nothing left to do.
    // The core session stays: the gateway's hangup callback ends it.
    for (const waiter of this.#played.values()) waiter.resolve();
    this.#played.clear();
    this.#releaseAll();
    if (this.#rt && this.#rt.readyState !== WebSocket.CLOSED) this.#rt.close(1000);
    this.#finish();
  }

  #finish(): void {
    if (this.#ended) return;
    if (!this.#vobizClosed) return;
    if (this.#rt && this.#rt.readyState !== WebSocket.CLOSED) {
      this.#rt.once('close', () => this.#finish());
      return;
    }
    this.#ended = true;
    this.#onDone();
    this.#o.onCallEnd?.(this.#call.callId, {
      ...(this.#transferred ? { transferred: this.#transferred } : {}),
      fallback: this.#fallbackUsed,
      framesIn: this.#framesIn,
      framesOut: this.#framesOut,
    });
  }

  #sendVobiz(frame: string): void {
    if (this.#vobiz.readyState === WebSocket.OPEN) this.#vobiz.send(frame);
  }

  #checkpoint(prefix: string): string | undefined {
    if (!this.#streamId) return undefined;
    const name = `${prefix}-${++this.#checkpoints}`;
    this.#sendVobiz(checkpoint(this.#streamId, name));
    return name;
  }

  #waitPlayed(name: string | undefined): Promise<void> {
    if (!name || this.#vobizClosed) return Promise.resolve();
    return new Promise((resolve) => this.#played.set(name, { resolve }));
  }

  // ---- Realtime side ----------------------------------------------------------------------

  #start(): void {
    const { handoff } = this.#o;
    const call = this.#call;
    this.#session =
      handoff.session(call.callId) ??
      handoff.startSession({
        callId: call.callId,
        platform: call.platform ?? this.#o.platform ?? 'vobiz',
        ...(call.from ? { from: call.from } : {}),
        ...(call.to ? { to: call.to } : {}),
      });
    // The bridge speaks the farewell itself before a rule's transfer.
    this.#session.autoTransfer = false;

    const { openai } = this.#o;
    const base = openai.baseUrl ?? DEFAULT_BASE_URL;
    const url = `${base}${base.includes('?') ? '&' : '?'}model=${encodeURIComponent(openai.model ?? DEFAULT_MODEL)}`;
    const rt = new WebSocket(url, { headers: { Authorization: `Bearer ${openai.apiKey}` } });
    this.#rt = rt;
    rt.on('open', () => {
      if (this.#vobizClosed) {
        rt.close(1000);
        return;
      }
      rt.send(JSON.stringify({ type: 'session.update', session: sessionConfig(this.#o) }));
      this.#rtReady = true;
      for (const frame of this.#queue.splice(0)) rt.send(frame);
      if (call.sayToCaller) {
        // Back from a handoff that did not connect: the gateway's words were just spoken.
        this.#systemMessage(
          `The transfer to a human did not connect (${call.resumeReason ?? 'unavailable'}). The caller was told: "${call.sayToCaller}". Continue helping them.`,
        );
      }
    });
    rt.on('message', (data) => {
      let event: RealtimeServerEvent;
      try {
        event = JSON.parse(String(data)) as RealtimeServerEvent;
      } catch (error) {
        this.#report(error);
        return;
      }
      try {
        this.#onRealtime(event);
      } catch (error) {
        this.#report(error);
      }
    });
    rt.on('error', (error) => this.#report(error));
    rt.on('close', () => {
      this.#rtReady = false;
      this.#releaseAll();
      if (!this.#vobizClosed) this.#fail('realtime socket closed');
      this.#finish();
    });
  }

  #sendRt(event: Record<string, unknown>, droppable = false): void {
    const frame = JSON.stringify(event);
    const rt = this.#rt;
    if (rt && this.#rtReady && rt.readyState === WebSocket.OPEN) {
      rt.send(frame);
    } else if (!this.#vobizClosed && (!rt || rt.readyState === WebSocket.CONNECTING)) {
      if (droppable && this.#queue.length >= MAX_QUEUED_FRAMES) this.#queue.shift();
      this.#queue.push(frame);
    }
  }

  #onRealtime(event: RealtimeServerEvent): void {
    this.#o.onRealtimeEvent?.(event, this.#call.callId);
    switch (event.type) {
      case 'response.created': {
        const response = event.response as { id?: string } | undefined;
        this.#activeResponse = response?.id;
        this.#createdWaiters.shift()?.(response?.id);
        return;
      }
      case 'response.done': {
        const response = event.response as { id?: string } | undefined;
        const id = response?.id ?? this.#activeResponse;
        if (id === this.#activeResponse) this.#activeResponse = undefined;
        if (id) {
          this.#doneResponses.add(id);
          if (this.#doneResponses.size > 32) {
            const oldest = this.#doneResponses.values().next().value;
            if (oldest !== undefined) this.#doneResponses.delete(oldest);
          }
          for (const waiter of this.#responseDone.get(id) ?? []) waiter.resolve();
          this.#responseDone.delete(id);
        }
        if (!this.#activeResponse) for (const waiter of this.#idleWaiters.splice(0)) waiter.resolve();
        return;
      }
      case 'response.output_audio.delta':
      case 'response.audio.delta':
        this.#onAudioDelta(String(event.item_id ?? ''), String(event.delta ?? ''));
        return;
      case 'response.output_audio.done':
      case 'response.audio.done': {
        // Mark where this item's audio ends on the line, so barge-in knows when it has played.
        const itemId = String(event.item_id ?? '');
        if (this.#playing && this.#playing.itemId === itemId && !this.#transferring) {
          const name = this.#checkpoint('reply');
          if (name) this.#playing.checkpoint = name;
        }
        return;
      }
      case 'input_audio_buffer.speech_started':
        this.#speechStartedAt.set(String(event.item_id ?? ''), Date.now());
        this.#bargeIn();
        return;
      case 'conversation.item.input_audio_transcription.completed': {
        const itemId = String(event.item_id ?? '');
        const at = this.#speechStartedAt.get(itemId) ?? Date.now();
        this.#speechStartedAt.delete(itemId);
        this.#addTurn('caller', String(event.transcript ?? ''), itemId, at);
        return;
      }
      case 'conversation.item.input_audio_transcription.failed':
        this.#speechStartedAt.delete(String(event.item_id ?? ''));
        return;
      case 'response.output_audio_transcript.done':
      case 'response.audio_transcript.done': {
        const itemId = String(event.item_id ?? '');
        const at = this.#itemStartedAt.get(itemId) ?? Date.now();
        this.#itemStartedAt.delete(itemId);
        const interrupted = this.#truncated.delete(itemId);
        this.#addTurn('agent', String(event.transcript ?? ''), itemId, at, interrupted);
        return;
      }
      case 'response.function_call_arguments.done':
        if (event.name === this.#o.handoff.tool.name) {
          this.#onToolCall(String(event.call_id ?? ''), String(event.arguments ?? '{}')).catch((error) =>
            this.#report(error),
          );
        }
        return;
      case 'error': {
        const error = (event as unknown as RealtimeErrorEvent).error ?? {};
        this.#report(new Error(`Realtime error: ${error.code ?? error.type ?? ''} ${error.message ?? ''}`));
        const fatal = this.#o.isFatalError ?? ((e) => e.type !== 'invalid_request_error');
        if (fatal(error)) {
          this.#fail(`realtime error ${error.code ?? error.type ?? ''}`);
          this.#rt?.close(1000);
        }
        return;
      }
      default:
        return;
    }
  }

  #onAudioDelta(itemId: string, delta: string): void {
    if (!this.#streamId || delta === '') return;
    const bytes =
      Math.floor((delta.length * 3) / 4) - (delta.endsWith('==') ? 2 : delta.endsWith('=') ? 1 : 0);
    if (!this.#playing || this.#playing.itemId !== itemId) {
      this.#playing = { itemId, firstAt: Date.now(), sentMs: 0 };
      if (!this.#itemStartedAt.has(itemId)) this.#itemStartedAt.set(itemId, Date.now());
    }
    this.#playing.sentMs += bytes / BYTES_PER_MS;
    this.#framesOut++;
    // μ-law in, μ-law out: the model's base64 goes to Vobiz as it came.
    this.#sendVobiz(playAudio(this.#streamId, delta));
  }

  #bargeIn(): void {
    const playing = this.#playing;
    if (!playing || !this.#streamId) return;
    // The farewell is never cut off: the call is about to move.
    if (this.#transferring) return;
    this.#playing = undefined;
    this.#truncated.add(playing.itemId);
    this.#sendVobiz(clearAudio(this.#streamId));
    const audioEndMs = Math.max(0, Math.min(Math.round(playing.sentMs), Date.now() - playing.firstAt));
    this.#sendRt({
      type: 'conversation.item.truncate',
      item_id: playing.itemId,
      content_index: 0,
      audio_end_ms: audioEndMs,
    });
  }

  #addTurn(role: 'caller' | 'agent', text: string, sourceId: string, at: number, interrupted = false): void {
    const session = this.#session;
    if (!session || text.trim() === '') return;
    let firing: Firing | undefined;
    try {
      firing = session.addTurn({
        role,
        text,
        at,
        ...(sourceId ? { sourceId } : {}),
        ...(interrupted ? { interrupted } : {}),
      });
    } catch (error) {
      this.#report(error);
      return;
    }
    if (!firing || this.#transferring) return;
    if (firing.action === 'suggest') {
      this.#systemMessage(
        `Handoff suggestion (${firing.kind}${firing.reason ? `: ${firing.reason}` : ''}). Consider offering the caller a human and calling ${this.#o.handoff.tool.name} if they agree.`,
      );
    } else if (firing.action === 'transfer') {
      const args: Record<string, unknown> = { reason: firing.reason ?? firing.kind };
      if (firing.department) args.department = firing.department;
      if (firing.urgency) args.urgency = firing.urgency;
      this.#runTransfer(args, { kind: 'rule', firing, at: firing.at }, undefined).catch((error) =>
        this.#report(error),
      );
    }
  }

  #systemMessage(text: string): void {
    this.#sendRt({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'system', content: [{ type: 'input_text', text }] },
    });
  }

  // ---- transfer ---------------------------------------------------------------------------

  async #onToolCall(callId: string, rawArgs: string): Promise<void> {
    if (this.#transferring) {
      this.#toolOutput(callId, { status: 'already_transferring' });
      return;
    }
    let args: unknown;
    try {
      args = JSON.parse(rawArgs);
    } catch {
      this.#toolOutput(callId, { status: 'error', error: 'arguments were not valid JSON' });
      await this.#respond();
      return;
    }
    await this.#runTransfer(args, { kind: 'tool' }, callId);
  }

  async #runTransfer(args: unknown, trigger: TriggerInfo, toolCallId: string | undefined): Promise<void> {
    const session = this.#session;
    if (!session) return;
    this.#transferring = true;
    let spoke = false;
    try {
      const result = await session.transfer(args, {
        trigger,
        beforeTransferTimeoutMs: this.#o.transferTimeoutMs ?? 10_000,
        beforeTransfer: async (r) => {
          spoke = true;
          await this.#farewell(r, toolCallId);
        },
      });
      this.#transferred = result;
      if (!spoke) {
        // Rejected (after hours) or joined a handoff already under way: the model says what the core decided.
        if (result.status === 'rejected' || result.status === 'failed') this.#transferring = false;
        const output = {
          status: result.status,
          sayToCaller: result.sayToCaller,
          ...(result.reason ? { reason: result.reason } : {}),
        };
        if (toolCallId) this.#toolOutput(toolCallId, output);
        else this.#systemMessage(`The handoff did not go ahead (${result.reason ?? result.status}).`);
        await this.#waitIdle();
        await this.#respond(sayExactly(result.sayToCaller));
      }
    } catch (error) {
      this.#transferring = false;
      const message = isHandoffError(error) ? error.message : 'The transfer could not be started.';
      if (!isHandoffError(error)) this.#report(error);
      if (toolCallId) {
        this.#toolOutput(toolCallId, { status: 'error', error: message });
        await this.#waitIdle();
        await this.#respond();
      }
    }
  }

  /** Says `sayToCaller`, then waits for Vobiz to confirm it played. */
  async #farewell(result: HandoffResult, toolCallId: string | undefined): Promise<void> {
    if (toolCallId) {
      this.#toolOutput(toolCallId, { status: result.status, sayToCaller: result.sayToCaller });
    }
    if (!this.#rtReady || this.#vobizClosed) return;
    // The reply that carried the tool call must end first: one response at a time.
    await this.#waitIdle();
    const responseId = await this.#respond(sayExactly(result.sayToCaller));
    if (!responseId) return;
    await this.#waitResponse(responseId);
    await this.#waitPlayed(this.#checkpoint('farewell'));
  }

  #toolOutput(callId: string, output: Record<string, unknown>): void {
    this.#sendRt({
      type: 'conversation.item.create',
      item: { type: 'function_call_output', call_id: callId, output: JSON.stringify(output) },
    });
  }

  /** `response.create`; resolves with the response id once the server has created it. */
  #respond(instructions?: string): Promise<string | undefined> {
    if (!this.#rtReady) return Promise.resolve(undefined);
    const response: Record<string, unknown> = {};
    if (instructions) {
      response.instructions = instructions;
      response.tool_choice = 'none';
    }
    this.#sendRt({ type: 'response.create', response });
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(undefined), this.#o.responseTimeoutMs ?? 3000);
      const settle = (id: string | undefined) => {
        clearTimeout(timer);
        this.#createdWaiters = this.#createdWaiters.filter((w) => w !== settle);
        resolve(id);
      };
      this.#createdWaiters.push(settle);
    });
  }

  #waitIdle(): Promise<void> {
    if (!this.#activeResponse || !this.#rtReady) return Promise.resolve();
    return this.#withTimeout((waiter) => this.#idleWaiters.push(waiter));
  }

  #waitResponse(id: string): Promise<void> {
    if (!this.#rtReady || this.#doneResponses.has(id)) return Promise.resolve();
    return this.#withTimeout((waiter) => {
      const list = this.#responseDone.get(id) ?? [];
      list.push(waiter);
      this.#responseDone.set(id, list);
    }, this.#o.transferTimeoutMs ?? 10_000);
  }

  #withTimeout(register: (waiter: Waiter) => void, ms = this.#o.responseTimeoutMs ?? 3000): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      register({
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  #releaseAll(): void {
    for (const waiter of this.#idleWaiters.splice(0)) waiter.resolve();
    for (const list of this.#responseDone.values()) for (const waiter of list) waiter.resolve();
    this.#responseDone.clear();
    for (const settle of this.#createdWaiters.splice(0)) settle(undefined);
  }

  /** The AI side failed mid-call: hand the caller to a human rather than leave them in silence. */
  #fail(why: string): void {
    if (this.#vobizClosed || this.#transferring || this.#fallbackUsed) return;
    const fallback = this.#o.fallback ?? { reason: 'ai_unavailable' };
    if (fallback === false || !this.#session) return;
    this.#fallbackUsed = true;
    this.#transferring = true;
    this.#report(new Error(`Realtime session failed (${why}); handing the call to a human`));
    // No TTS without the model: the call moves straight away (the human's whisper explains why).
    this.#session
      .transfer(fallback, { trigger: { kind: 'api' } })
      .then((result) => {
        this.#transferred = result;
      })
      .catch((error: unknown) => this.#report(error));
  }
}

function sayExactly(text: string): string {
  return `Say exactly this to the caller, word for word, in the caller's language, and nothing else: "${text}"`;
}
