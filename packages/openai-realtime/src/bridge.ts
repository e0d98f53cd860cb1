import type { AttachedCall, Consult, Handoff, StreamCall } from '@handoff/core';
import { decideConsult, planConsult, streamCallInit, webhook } from '@handoff/core';
import { vobizStreamLine } from '@handoff/vobiz';
import { WebSocket } from 'ws';
import { RealtimeCodec, type RealtimeCodecOptions, type RealtimeServerEvent } from './realtime-codec.js';

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
  const live = new Set<() => void>();
  /** A `<Stream>` socket and its Realtime session, which stops when the socket closes. */
  const open = (socket: WebSocket, id: string, extra: Partial<RealtimeCodec['options']>) => {
    const report = (error: unknown) => options.onError?.(error, id);
    // A restarted stream keeps the call's model session: the line addresses the new stream id.
    const stream = vobizStreamLine(socket, { onMedia: (payload) => codec.append(payload), onError: report });
    const codec: RealtimeCodec = new RealtimeCodec({
      ...options,
      line: stream.line,
      onError: report,
      onEvent: (event) => options.onRealtimeEvent?.(event, id),
      onGone: () => socket.close(1000),
      ...extra,
    });
    const stop = () => {
      void codec.stop();
      socket.close(1001);
    };
    live.add(stop);
    socket.on('error', report);
    socket.on('close', () => live.delete(stop) && codec.stop());
    return { codec, stream, report };
  };
  const handle = (socket: WebSocket, info: BridgeCall) => {
    let call: AttachedCall | undefined;
    const { codec, stream, report } = open(socket, info.callId, {
      // With the model gone nobody talks to a caller still on the line: the core decides where they go.
      onGone: (detail) => void (socket.readyState === WebSocket.OPEN && call?.aiUnavailable(detail)),
    });
    socket.on('close', async () => {
      // Hang-up or transfer. The core's session outlives the stream (a caller may come back from a
      // failed handoff; the gateway's hangup callback ends it), so only this port leaves the call.
      call?.detach(codec);
      await codec.stop();
      options.onCallEnd?.(info.callId, { transferring: call?.transferring ?? false, ...stream.counts });
    });
    try {
      call = options.handoff.attachCall(streamCallInit(info, { platform, port: codec }));
    } catch (error) {
      report(error);
      return socket.close(1011);
    }
    // Dialled before Vobiz's `start` arrives, so the model is ready when the caller speaks.
    codec.connect(call);
  };
  const consult = (socket: WebSocket, session: Consult) => {
    const plan = planConsult(session, options.handoff.options);
    // A model gone closes the socket undecided: the gateway puts the human through (as on silence).
    const { codec, report } = open(socket, session.context.call.callId, {
      openai: {
        ...options.openai,
        instructions: plan.instructions,
        session: { ...options.openai.session, tools: plan.tools.map((t) => ({ type: 'function', ...t })) },
      },
      onTool: (name, args) => void decideConsult(session, name, args).catch(report),
    });
    codec.connect();
    codec.instruct(plan.opening).catch(report);
  };
  return {
    handle,
    consult,
    get active() {
      return live.size;
    },
    close() {
      for (const stop of live) stop();
    },
  };
}
