import type { AttachedCall, CallPort, Handoff, Instruction, Playout, SpokenLine } from '@handoff/core';
import { answerOnce, StreamedSpeech } from '@handoff/core';
import type { StreamLine } from '@handoff/vobiz';
import { WebSocket } from 'ws';
import { base64Bytes, deltaAt, scanDelta } from './delta-frame.js';
import { realtimeUrl, sessionConfig } from './session-config.js';

/** Caller audio held while the socket connects: 5 s of 20 ms frames. */
const MAX_QUEUED = 250;
/** Each caller frame is this, its base64 payload as a JSON string, and `}`: no object per frame. */
const APPEND_HEAD = '{"type":"input_audio_buffer.append","audio":';
/** `APPEND_HEAD` and the payload's opening quote, as bytes, and what closes the frame after it. */
const APPEND_HEAD_BYTES = Buffer.from(`${APPEND_HEAD}"`);
const APPEND_TAIL = Buffer.from('"}');
/** A Buffer sent as a text frame (`ws` sends Buffers as binary unless told). */
const TEXT = { binary: false } as const;

export interface RealtimeCodecOptions {
  handoff: Pick<Handoff, 'tool'>;
  openai: {
    apiKey: string;
    model?: string;
    voice?: string;
    instructions?: string;
    /** `wss://api.openai.com/v1/realtime` unless a proxy or a test server stands in. */
    baseUrl?: string;
    /** `session.audio.input.transcription.model`, for the caller's transcript. */
    transcriptionModel?: string;
    /** Extra GA `session` fields, merged over the codec's (a consult's `tools` replace `transfer_to_human`). */
    session?: Record<string, unknown>;
  };
}

/** Where the model's μ-law 8 kHz audio plays (a Vobiz `<Stream>`), and how to learn that it has. */
export type AudioLine = StreamLine;

/** A Realtime server event, loosely typed: the codec reads only the fields it needs. */
export type RealtimeServerEvent = { type: string; [key: string]: unknown };

type EventHandler = (codec: RealtimeCodec, event: RealtimeServerEvent, item: string) => void;

export interface CodecHooks {
  line: AudioLine;
  onError(error: unknown): void;
  /**
   * Every server event, parsed. Without it, audio deltas are read from the frame's bytes without
   * being parsed (`delta-frame.ts`), which is most of what a call costs.
   */
  onEvent?(event: RealtimeServerEvent): void;
  /** The model session ended without `stop()`: the socket dropped, or a server error ended it. */
  onGone(detail: string): void;
  /** A call of any tool but `transfer_to_human`, with its JSON arguments as the model wrote them. */
  onTool?(name: string, args: string): void;
  /**
   * Each final transcript, the person's on the line (`caller`) and the model's (`agent`), with when
   * it was said (its speech started, or its audio first played): how a session with no attached
   * call (a consult) learns what was said. An attached call gets the turn as well.
   */
  onTurn?(role: 'caller' | 'agent', text: string, at?: number): void;
}

const CLOSED = 1;
const UNBROKEN = 2;

/** Where a Realtime socket's listeners find the codec it belongs to. */
const CODEC = Symbol('codec');
type RealtimeSocket = WebSocket & { [CODEC]: RealtimeCodec };

/**
 * One OpenAI Realtime session as the core's `CallPort`: server events become turns and tool calls,
 * the core's lines and instructions become client events. It decides nothing about the call.
 */
export class RealtimeCodec implements CallPort {
  #call: AttachedCall | undefined;
  #rt: WebSocket | undefined;
  /** CLOSED and UNBROKEN, in one field rather than two: every call keeps them. */
  #flags = 0;
  #goneBecause = 'realtime socket closed';
  /** Frames sent while the socket connects; made only then. */
  #queue: string[] | undefined;
  /** The response in progress: the server refuses a `response.create` while there is one. */
  #active: string | undefined;
  #created = 0;
  /** Waits to look again after the next server event or the close; made only when one waits. */
  #waiters: Array<() => void> | undefined;
  /** When each turn started, and what the caller heard of a reply they talked over. */
  readonly #speech = new StreamedSpeech();
  readonly #hooks: CodecHooks;

  /**
   * `options` may be shared by every call (the bridge passes its own); `hooks` are this call's,
   * and default to `options` for a caller that passes both in one object.
   */
  constructor(
    private readonly options: RealtimeCodecOptions,
    hooks: CodecHooks = options as RealtimeCodecOptions & CodecHooks,
  ) {
    this.#hooks = hooks;
  }

  /** Nothing more goes out: the socket closed, or `stop()` was called. */
  private get closed(): boolean {
    return (this.#flags & CLOSED) !== 0;
  }

  private set closed(on: boolean) {
    this.#flags = on ? this.#flags | CLOSED : this.#flags & ~CLOSED;
  }

  /** An uninterruptible line (the farewell) is being voiced: barge-in leaves the line alone. */
  private get unbroken(): boolean {
    return (this.#flags & UNBROKEN) !== 0;
  }

  private set unbroken(on: boolean) {
    this.#flags = on ? this.#flags | UNBROKEN : this.#flags & ~UNBROKEN;
  }

  connect(call?: AttachedCall): void {
    this.#call = call;
    const { apiKey } = this.options.openai;
    // Base64 μ-law barely compresses: permessage-deflate would cost zlib on every frame and its
    // buffers on every call. OpenAI's frames are checked as JSON, so not as UTF-8 first.
    const headers = { Authorization: `Bearer ${apiKey}` };
    const rt = new WebSocket(realtimeUrl(this.options.openai), {
      headers,
      perMessageDeflate: false,
      skipUTF8Validation: true,
    });
    this.#rt = rt;
    // One set of listeners for every call, each finding its codec on the socket (`ws` calls a
    // listener with the socket as `this`), rather than four closures per call. Never four event
    // names at once: a fourth grows the socket's listener table (a dictionary) from 4 slots to 8,
    // ~96 bytes a call. `close` takes `open`'s place once open, or at an error before it (`ws`
    // reports every close before open as an error first, then the close).
    (rt as RealtimeSocket)[CODEC] = this;
    const on = RealtimeCodec.#on;
    rt.on('open', on.open).on('message', on.message).on('error', on.error);
  }

  /** Swaps the `open` listener for the `close` one (see `connect`). */
  static #listenForClose(rt: WebSocket): void {
    const on = RealtimeCodec.#on;
    rt.removeListener('open', on.open).on('close', on.close);
  }

  /** One set of socket listeners for every call: `ws` calls each with the socket as `this`. */
  static readonly #on = {
    open(this: WebSocket): void {
      RealtimeCodec.#listenForClose(this);
      const c = (this as RealtimeSocket)[CODEC];
      this.send(JSON.stringify({ type: 'session.update', session: sessionConfig(c.options) }));
      const queue = c.#queue;
      c.#queue = undefined;
      for (const frame of queue ?? []) this.send(frame);
    },
    message(this: WebSocket, data: WebSocket.RawData): void {
      const c = (this as RealtimeSocket)[CODEC];
      if (c.#hooks.onEvent === undefined && Buffer.isBuffer(data) && scanDelta(data)) c.delta(data);
      else c.receive(String(data));
    },
    error(this: WebSocket, error: Error): void {
      // Before open: the close follows this error, and is the codec's to hear.
      if (this.listeners('open').includes(RealtimeCodec.#on.open)) RealtimeCodec.#listenForClose(this);
      const c = (this as RealtimeSocket)[CODEC];
      if (!c.closed) c.#hooks.onError(error);
    },
    close(this: WebSocket): void {
      const c = (this as RealtimeSocket)[CODEC];
      const gone = !c.closed;
      c.closed = true;
      c.tick();
      if (gone) c.#hooks.onGone(c.#goneBecause);
    },
  };

  append(audio: string): void {
    this.sendFrame(`${APPEND_HEAD}${JSON.stringify(audio)}}`, true);
  }

  /**
   * `append` of the base64 text `frame[start, end)` (nothing in it JSON escapes), as bytes: a
   * Buffer goes out in one write (`ws` masks it into the frame it sends), a string in two.
   */
  appendBytes(frame: Buffer, start: number, end: number): void {
    const rt = this.#rt;
    if (rt?.readyState !== WebSocket.OPEN) {
      this.append(frame.toString('latin1', start, end));
      return;
    }
    const head = APPEND_HEAD_BYTES;
    const out = Buffer.allocUnsafe(head.length + (end - start) + APPEND_TAIL.length);
    head.copy(out, 0);
    frame.copy(out, head.length, start, end);
    APPEND_TAIL.copy(out, head.length + end - start);
    rt.send(out, TEXT);
  }

  /** Ends the session on purpose (hang-up, shutdown); resolves once the socket has closed. */
  stop(): Promise<void> {
    this.closed = true;
    this.tick();
    const rt = this.#rt;
    if (!rt || rt.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => rt.once('close', () => resolve()).close(1000));
  }

  async say(line: SpokenLine): Promise<Playout> {
    if (this.closed) throw new Error('the Realtime session is closed');
    this.unbroken = !line.interruptible;
    // No TTS of its own: the model voices the line verbatim, with no tool call in its way.
    const before = await this.respond({ instructions: line.asInstruction, tool_choice: 'none' });
    await this.until(() => this.#created > before && this.#active === undefined);
    const playout = this.closed ? 'unknown' : await this.#hooks.line.played(line.purpose);
    this.unbroken = false;
    return playout;
  }

  async instruct({ text, respond }: Instruction): Promise<void> {
    const content = [{ type: 'input_text', text }];
    this.send({ type: 'conversation.item.create', item: { type: 'message', role: 'system', content } });
    if (respond) await this.respond({});
  }

  private receive(data: string): void {
    try {
      const event = JSON.parse(data) as RealtimeServerEvent;
      this.#hooks.onEvent?.(event);
      // Beta names (`response.audio.delta`, `response.audio_transcript.done`) read as the GA ones.
      const beta = event.type.startsWith('response.audio');
      const type = beta ? `response.output_audio${event.type.slice(14)}` : event.type;
      RealtimeCodec.#handlers[type]?.(this, event, String(event.item_id ?? ''));
    } catch (error) {
      this.#hooks.onError(error);
    }
    this.tick();
  }

  /** A delta `scanDelta` read: what `receive` does with one, from the frame's bytes. */
  private delta(frame: Buffer): void {
    try {
      const start = deltaAt[2]!;
      const end = deltaAt[3]!;
      if (end > start) {
        // μ-law at 8 kHz is 8 bytes a millisecond.
        this.#speech.played(
          frame.toString('utf8', deltaAt[0], deltaAt[1]),
          base64Bytes(frame, start, end) / 8,
        );
        const line = this.#hooks.line;
        if (line.playBytes) line.playBytes(frame, start, end);
        else line.play(frame.toString('latin1', start, end));
      }
    } catch (error) {
      this.#hooks.onError(error);
    }
    this.tick();
  }

  private tick(): void {
    const waiters = this.#waiters;
    if (waiters === undefined) return;
    this.#waiters = undefined;
    for (const wake of waiters) wake();
  }

  /** One table for every call: what each server event does to the codec it arrived on. */
  static readonly #handlers: Record<string, EventHandler> = {
    'response.created': (c, e) => {
      c.#active = (e.response as { id?: string } | undefined)?.id ?? '';
      c.#created++;
    },
    'response.done': (c, e) => {
      const id = (e.response as { id?: string } | undefined)?.id;
      if (id === undefined || id === c.#active) c.#active = undefined;
    },
    'response.output_audio.delta': (c, e, item) => c.audioOut(item, String(e.delta ?? '')),
    'input_audio_buffer.speech_started': (c, _, item) => {
      c.#speech.spoke(item);
      c.bargeIn();
    },
    'conversation.item.input_audio_transcription.completed': (c, e, item) => c.turn('caller', item, e),
    'conversation.item.input_audio_transcription.failed': (c, _, item) => c.#speech.forget(item),
    'response.output_audio_transcript.done': (c, e, item) => c.turn('agent', item, e),
    'response.function_call_arguments.done': (c, e) => {
      const args = String(e.arguments ?? '');
      if (e.name !== c.options.handoff.tool.name) return c.#hooks.onTool?.(String(e.name), args);
      c.toolCall(String(e.call_id ?? ''), args).catch((error) => c.#hooks.onError(error));
    },
    error: (c, e) => {
      const { type, code, message } = (e.error ?? {}) as { type?: string; code?: string; message?: string };
      c.#hooks.onError(new Error(`Realtime error: ${code ?? type} ${message ?? ''}`));
      // A bad client event leaves the session as it was; any other error means it is gone.
      if (type === 'invalid_request_error') return;
      c.#goneBecause = `realtime error ${code ?? type}`;
      c.#rt?.close(1000);
    },
  };

  private audioOut(itemId: string, delta: string): void {
    if (delta === '') return;
    // μ-law at 8 kHz is 8 bytes a millisecond.
    this.#speech.played(itemId, Buffer.byteLength(delta, 'base64') / 8);
    // μ-law in, μ-law out: the model's base64 goes on the line as it came.
    this.#hooks.line.play(delta);
  }

  private bargeIn(): void {
    const cut = this.unbroken ? undefined : this.#speech.cut();
    if (!cut) return;
    this.#hooks.line.clear();
    this.send({
      type: 'conversation.item.truncate',
      item_id: cut.id,
      content_index: 0,
      audio_end_ms: cut.heardMs,
    });
  }

  private turn(role: 'caller' | 'agent', item: string, event: RealtimeServerEvent): void {
    // Taken from `#speech` even with nobody to tell, so a consult's item times do not pile up.
    const text = String(event.transcript ?? '');
    const turn = this.#speech.turn(role, item, text);
    const at = turn.at;
    this.#call?.addTurn(turn);
    this.#hooks.onTurn?.(role, text, at);
  }

  private async toolCall(callId: string, args: string): Promise<void> {
    // The JSON text as the model wrote it: the core parses it, and answers text that is not JSON.
    const reply = await answerOnce(this.#call!, args, (answer) => {
      const item = { type: 'function_call_output', call_id: callId, output: JSON.stringify(answer) };
      this.send({ type: 'conversation.item.create', item });
    });
    // A function output gets no reply by itself: the model relays the answer, unless the call is moving.
    if (!reply.ok) await this.respond({});
  }

  /** `response.create` once no response is in progress; returns how many had been created before. */
  private async respond(response: Record<string, unknown>): Promise<number> {
    await this.until(() => this.#active === undefined);
    this.send({ type: 'response.create', response });
    return this.#created;
  }

  private send(event: Record<string, unknown>): void {
    this.sendFrame(JSON.stringify(event), false);
  }

  private sendFrame(frame: string, droppable: boolean): void {
    if (this.#rt?.readyState === WebSocket.OPEN) this.#rt.send(frame);
    else if (!this.closed) {
      this.#queue ??= [];
      // While connecting, caller audio past the cap is dropped; a client event never is.
      if (!droppable || this.#queue.length < MAX_QUEUED) this.#queue.push(frame);
    }
  }

  /** Resolves once `test` holds after a server event, or at once when the session is over. */
  private async until(test: () => boolean): Promise<void> {
    while (!this.closed && !test())
      await new Promise<void>((wake) => {
        this.#waiters ??= [];
        this.#waiters.push(wake);
      });
  }
}
