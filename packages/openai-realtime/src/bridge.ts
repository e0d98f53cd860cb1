import type { AttachedCall, Consult, Handoff, StreamCall } from '@handoff/core';
import { decideConsult, planConsult, streamCallInit, webhook } from '@handoff/core';
import {
  type LineEnds,
  type RawFrame,
  type StreamLineOptions,
  type StreamSocket,
  vobizStreamLine,
} from '@handoff/vobiz';
import { WebSocket } from 'ws';
import {
  type CodecHooks,
  RealtimeCodec,
  type RealtimeCodecOptions,
  type RealtimeServerEvent,
} from './realtime-codec.js';

/** What the bridge needs to know about a call: the gateway's `MediaCall` fits, so does `{ callId }`. */
export type BridgeCall = StreamCall;

export type CallSummary = { transferring: boolean; framesIn: number; framesOut: number };

export interface RealtimeBridgeOptions extends RealtimeCodecOptions {
  /** From `createHandoff()`: its rules, `sayTimeoutMs`, `aiUnavailable` and `prompts` shape each call. */
  handoff: Handoff;
  /** Platform name for calls that bring none (no gateway in front). Default `vobiz`. */
  platform?: string;
  onError?: (error: unknown, callId: string) => void;
  /** Every Realtime server event, for logging. */
  onRealtimeEvent?: (event: RealtimeServerEvent, callId: string) => void;
  /** Once per call, after both sockets have closed; `transferring`: it was on its way to a human. */
  onCallEnd?: (callId: string, summary: CallSummary) => void;
}

export interface RealtimeBridge {
  /** Mount as `gateway.onMedia(bridge.handle)`, or call it from any `ws` server's connection handler. */
  handle: (socket: WebSocket, call: BridgeCall) => void;
  /** Mount as `gateway.onConsult(bridge.consult)`: a Realtime session briefs the human and takes their word. */
  consult: (socket: WebSocket, session: Consult) => void;
  /** Calls and consults bridged now. */
  readonly active: number;
  close(): void;
}

/**
 * Bridges Vobiz `<Stream>` sockets to OpenAI Realtime sessions, μ-law 8 kHz end to end. Each call
 * joins the core with `attachCall`, its Realtime session as the port; the core decides the rest.
 */
export function createRealtimeBridge(options: RealtimeBridgeOptions): RealtimeBridge {
  // `apiKey: process.env.OPENAI_API_KEY!` with the variable unset fails at boot, not on the first call.
  const openai = new webhook.Options('createRealtimeBridge', options.openai ?? {});
  openai.secret('apiKey', 'createRealtimeBridge needs `openai.apiKey` (is OPENAI_API_KEY set?)');
  const platform = options.platform ?? 'vobiz';
  const live = new Set<Bridged>();
  const bridge: Deployment = { options, live };
  const handle = (socket: WebSocket, info: BridgeCall) => {
    const bridged = new Bridged(bridge, socket, info.callId, options);
    try {
      bridged.call = options.handoff.attachCall(streamCallInit(info, { platform, port: bridged.codec }));
    } catch (error) {
      bridged.onError(error);
      return socket.close(1011);
    }
    // Dialled before Vobiz's `start` arrives, so the model is ready when the caller speaks.
    bridged.codec.connect(bridged.call);
  };
  const consult = (socket: WebSocket, session: Consult) => {
    const plan = planConsult(session, options.handoff.options);
    const codecOptions: RealtimeCodecOptions = {
      handoff: options.handoff,
      openai: {
        ...options.openai,
        instructions: plan.instructions,
        session: { ...options.openai.session, tools: plan.tools.map((t) => ({ type: 'function', ...t })) },
      },
    };
    const bridged = new Bridged(bridge, socket, session.context.call.callId, codecOptions, session);
    bridged.codec.connect();
    bridged.codec.instruct(plan.opening).catch((error) => bridged.onError(error));
  };
  return {
    handle,
    consult,
    get active() {
      return live.size;
    },
    close() {
      for (const bridged of live) bridged.stop();
    },
  };
}

/** The line as `attach` gives it (the package exports no name for it). */

/** What every call of one bridge shares. */
interface Deployment {
  readonly options: RealtimeBridgeOptions;
  readonly live: Set<Bridged>;
}

/** A Buffer sent as a text frame (`ws` sends Buffers as binary unless told). */
const TEXT = { binary: false } as const;

/** Where a `<Stream>` socket's listeners find the call it carries. */
const BRIDGED = Symbol('bridged');
type BridgedSocket = WebSocket & { [BRIDGED]: Bridged };

/**
 * A `<Stream>` socket and its Realtime session, which stops when the socket closes; a consult's
 * when it has `consult`. It is the codec's hooks and the stream line's options itself, so a call
 * keeps one object where it kept a closure for each.
 *
 * It is also the socket the stream line is given, and attaches the line itself: the socket's
 * `message` and `close` listeners, shared by every call, find the line here, so the line adds no
 * listener (a closure each) of its own. A `ws` socket on a server that tracks its clients already
 * has one `close` listener; a third would grow the socket's listener array to 19 slots (~144
 * bytes a call), two stay a pair.
 */
class Bridged implements CodecHooks, StreamLineOptions, StreamSocket {
  readonly codec: RealtimeCodec;
  /** Given by the stream line through `attach`, as the constructor makes it; its frame counts are its own. */
  line!: LineEnds;
  call: AttachedCall | undefined;
  /** What every call of the bridge shares: one field for the two. */
  readonly #bridge: Deployment;

  constructor(
    bridge: Deployment,
    private readonly socket: WebSocket,
    private readonly id: string,
    codecOptions: RealtimeCodecOptions,
    private readonly consult?: Consult,
  ) {
    // A restarted stream keeps the call's model session: the line addresses the new stream id.
    this.#bridge = bridge;
    vobizStreamLine(this, this);
    this.codec = new RealtimeCodec(codecOptions, this);
    bridge.live.add(this);
    (socket as BridgedSocket)[BRIDGED] = this;
    socket.on('error', Bridged.#on.error).on('close', Bridged.#on.close);
    socket.on('message', Bridged.#on.message);
  }

  /** One set of socket listeners for every call: `ws` calls each with the socket as `this`. */
  static readonly #on = {
    error(this: WebSocket, error: Error): void {
      (this as BridgedSocket)[BRIDGED].onError(error);
    },
    close(this: WebSocket): void {
      void (this as BridgedSocket)[BRIDGED].closed();
    },
    message(this: WebSocket, data: RawFrame): void {
      (this as BridgedSocket)[BRIDGED].line.receive(data);
    },
  };

  /**
   * Only with `onRealtimeEvent`: without it the codec reads audio deltas without parsing them.
   * A getter, not a field: the answer is the bridge's, the same for every call.
   */
  get onEvent(): ((event: RealtimeServerEvent) => void) | undefined {
    return this.#bridge.options.onRealtimeEvent ? this.reportEvent : undefined;
  }

  private reportEvent(event: RealtimeServerEvent): void {
    this.#bridge.options.onRealtimeEvent?.(event, this.id);
  }

  get readyState(): number {
    return this.socket.readyState;
  }

  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  send(data: string): void {
    this.socket.send(data);
  }

  sendText(data: Buffer): void {
    this.socket.send(data, TEXT);
  }

  attach(line: LineEnds): void {
    this.line = line;
  }

  /** Not called: the line is attached (`attach`), and the socket's listeners find it. */
  on(): this {
    throw new Error('Bridged: the stream line attaches, it does not listen');
  }

  onMedia(payload: string): void {
    this.codec.append(payload);
  }

  onMediaBytes(frame: Buffer, start: number, end: number): void {
    this.codec.appendBytes(frame, start, end);
  }

  onError(error: unknown): void {
    this.#bridge.options.onError?.(error, this.id);
  }

  onGone(detail: string): void {
    // A model gone closes a consult undecided: the gateway puts the human through (as on silence).
    if (this.consult) this.socket.close(1000);
    // With the model gone nobody talks to a caller still on the line: the core decides where they go.
    else if (this.socket.readyState === WebSocket.OPEN) void this.call?.aiUnavailable(detail);
  }

  onTool(name: string, args: string): void {
    if (this.consult) decideConsult(this.consult, name, args).catch((error) => this.onError(error));
  }

  /** A consult's words go into the packet's `consults` (a call's reach the core through `call`). */
  onTurn(role: 'caller' | 'agent', text: string, at?: number): void {
    this.consult?.addTurn?.({ role: role === 'caller' ? 'human' : 'ai', text, at });
  }

  stop(): void {
    void this.codec.stop();
    this.socket.close(1001);
  }

  /**
   * Hang-up or transfer. The core's session outlives the stream (a caller may come back from a
   * failed handoff; the gateway's hangup callback ends it), so only this port leaves the call.
   */
  private async closed(): Promise<void> {
    this.line.settle();
    this.#bridge.live.delete(this);
    this.call?.detach(this.codec);
    await this.codec.stop();
    if (this.consult) return;
    const transferring = this.call?.transferring ?? false;
    const { framesIn, framesOut } = this.line;
    this.#bridge.options.onCallEnd?.(this.id, { transferring, framesIn, framesOut });
  }
}
