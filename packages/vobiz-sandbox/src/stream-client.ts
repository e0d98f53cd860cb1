import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type RawData, WebSocket } from 'ws';
import type { CallRecord, StreamLink } from './call.js';
import type { CallbackPurpose } from './callbacks.js';
import { formatConsoleTime } from './clock.js';
import {
  DEFAULT_CONTENT_TYPE,
  encodeFrame,
  FRAME_MS,
  type MediaFormat,
  MULAW_FRAME_BYTES,
  MULAW_SILENCE,
  parseContentType,
} from './codec.js';
import type { SandboxContext } from './context.js';
import type { StreamEndReason } from './events.js';
import type { MediaPump } from './media-ticker.js';
import { startMessage, streamStatusParams } from './stream-messages.js';
import { StreamPlayback } from './stream-playback.js';
import type { HttpMethod } from './types.js';

export type AudioTrack = 'inbound' | 'outbound' | 'both';

export interface StreamConfig {
  url: string;
  bidirectional: boolean;
  audioTrack: AudioTrack;
  /** Inbound format as written in the XML/API (`audio/x-mulaw;rate=8000`). */
  contentType: string;
  keepCallAlive: boolean;
  streamTimeoutS: number;
  maxRetries: number;
  statusCallbackUrl: string | undefined;
  statusCallbackMethod: HttpMethod;
  extraHeaders: Record<string, string>;
  source: 'xml' | 'api';
}

/** What a stream needs from its call. */
export interface StreamHost {
  ctx: SandboxContext;
  rec: CallRecord;
  /** From, To, CallUUID, ParentAuthID as webhooks carry them. */
  identityParams(): Record<string, string>;
  notify(purpose: CallbackPurpose, url: string, method: string, params: Record<string, string>): void;
  onStreamEnded(stream: StreamSession): void;
}

// Vobiz caps catch-up so a stalled event loop does not flood the app with a burst of stale frames.
const MAX_CATCH_UP_FRAMES = 5;
const MAX_RETRIES = 10;

/**
 * The Vobiz side of one `<Stream>` (or REST stream): a WebSocket client that sends `start` and
 * 20 ms `media` frames, plays the app's `playAudio`, acknowledges checkpoints and clears, and
 * never sends `stop` itself.
 */
export class StreamSession implements StreamLink, MediaPump {
  streamId: string;
  readonly done: Promise<StreamEndReason>;
  private resolveDone!: (reason: StreamEndReason) => void;
  private readonly format: MediaFormat | undefined;
  private ws: WebSocket | undefined;
  private opened = false;
  private ended = false;
  private endReason: StreamEndReason | undefined;
  private retriesUsed = 0;
  private lastError = '';
  private seq = 0;
  private chunks = { inbound: 0, outbound: 0 };
  private startedAt = 0;
  private framesDue = 0;
  private callerAudio: Buffer;
  private readonly playback: StreamPlayback;
  private timeoutTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly startTime: number;
  private endTime: number | undefined;

  constructor(
    private readonly host: StreamHost,
    readonly config: StreamConfig,
    initialAudio: Buffer | undefined,
  ) {
    this.streamId = randomUUID();
    this.format = parseContentType(config.contentType) ?? parseContentType(DEFAULT_CONTENT_TYPE);
    this.callerAudio = initialAudio ? Buffer.from(initialAudio) : Buffer.alloc(0);
    this.startTime = host.ctx.clock.now();
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
    this.playback = new StreamPlayback({
      rec: host.rec,
      streamId: () => this.streamId,
      timeScale: () => host.ctx.playbackTimeScale,
      isEnded: () => this.ended,
      send: (message) => this.send(message),
      status: (event, extra) => this.status(event, extra),
    });
  }

  get url(): string {
    return this.config.url;
  }
  get source(): 'xml' | 'api' {
    return this.config.source;
  }
  get active(): boolean {
    return !this.ended;
  }
  get connected(): boolean {
    return this.opened && !this.ended;
  }

  /** Connects; `done` settles when the stream has ended for good (after any retries). */
  start(): Promise<StreamEndReason> {
    this.connect();
    return this.done;
  }

  private connect(): void {
    const { rec, ctx } = this.host;
    this.opened = false;
    this.seq = 0;
    this.chunks = { inbound: 0, outbound: 0 };
    rec.push('stream_connecting', { streamId: this.streamId, url: this.url, attempt: this.retriesUsed + 1 });
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.url, { perMessageDeflate: false, handshakeTimeout: ctx.wsHandshakeTimeoutMs });
    } catch (err) {
      this.lastError = err instanceof Error ? err.message : String(err);
      queueMicrotask(() => this.onSocketGone(undefined));
      return;
    }
    this.ws = ws;
    ws.on('open', () => this.onOpen(ws));
    ws.on('message', (data, isBinary) => this.onMessage(ws, data, isBinary));
    ws.on('error', (err) => {
      this.lastError = err.message;
    });
    ws.on('close', () => this.onSocketGone(ws));
  }

  private onOpen(ws: WebSocket): void {
    if (ws !== this.ws || this.ended) return;
    const { rec, ctx } = this.host;
    this.opened = true;
    rec.push('stream_connected', { streamId: this.streamId, url: this.url });
    const start = startMessage(this.host, this.config, this.format, this.streamId, this.seq++);
    this.send(start);
    rec.push('stream_start_sent', { streamId: this.streamId, message: start });
    this.status('StartStream', { ServiceURL: this.url });
    this.startedAt = performance.now();
    this.framesDue = 0;
    if (this.format?.sampleRate === 24000) {
      // Vobiz's parser accepts rate=24000 for inbound audio but no usable media ever arrives.
      rec.push('stream_no_media', {
        streamId: this.streamId,
        reason: 'inbound rate=24000 produces no media',
      });
    } else {
      ctx.ticker.add(this);
    }
    if (!this.timeoutTimer) {
      this.timeoutTimer = setTimeout(() => this.finish('timeout'), ctx.scaled(this.config.streamTimeoutS));
    }
  }

  pump(now: number): void {
    if (!this.connected || !this.format) return;
    const due = Math.floor((now - this.startedAt) / FRAME_MS);
    let missing = due - this.framesDue;
    if (missing > MAX_CATCH_UP_FRAMES) {
      this.framesDue += missing - MAX_CATCH_UP_FRAMES;
      missing = MAX_CATCH_UP_FRAMES;
    }
    for (let i = 0; i < missing; i++) {
      this.framesDue++;
      const frame = this.takeCallerFrame();
      if (this.config.audioTrack !== 'outbound') this.sendMedia('inbound', frame);
      // The sandbox has no synthesized outbound audio: the outbound track carries silence.
      if (this.config.audioTrack !== 'inbound')
        this.sendMedia('outbound', Buffer.alloc(MULAW_FRAME_BYTES, MULAW_SILENCE));
    }
  }

  private takeCallerFrame(): Buffer {
    if (this.callerAudio.length === 0) return Buffer.alloc(MULAW_FRAME_BYTES, MULAW_SILENCE);
    const frame = Buffer.alloc(MULAW_FRAME_BYTES, MULAW_SILENCE);
    this.callerAudio.copy(frame, 0, 0, Math.min(MULAW_FRAME_BYTES, this.callerAudio.length));
    this.callerAudio = this.callerAudio.subarray(MULAW_FRAME_BYTES);
    return frame;
  }

  private sendMedia(track: 'inbound' | 'outbound', mulaw: Buffer): void {
    if (!this.format) return;
    this.chunks[track] += 1;
    const payload = encodeFrame(mulaw, this.format, this.host.ctx.l16ByteOrder).toString('base64');
    this.send({
      sequenceNumber: this.seq++,
      streamId: this.streamId,
      event: 'media',
      media: { track, timestamp: String(this.host.ctx.clock.now()), chunk: this.chunks[track], payload },
      extra_headers: '{}',
    });
  }

  private send(message: Record<string, unknown>): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  private onMessage(ws: WebSocket, data: RawData, isBinary: boolean): void {
    if (ws !== this.ws || this.ended) return;
    const ignore = (event: string, reason: string) =>
      this.host.rec.push('stream_message_ignored', { streamId: this.streamId, event, reason });
    if (isBinary) {
      ignore('(binary)', 'Vobiz only reads JSON text frames');
      return;
    }
    let msg: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(data.toString());
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not an object');
      msg = parsed as Record<string, unknown>;
    } catch {
      ignore('(unparseable)', 'message is not a JSON object');
      return;
    }
    const event = typeof msg.event === 'string' ? msg.event : '(none)';
    if (!['playAudio', 'checkpoint', 'clearAudio', 'stop'].includes(event)) {
      ignore(event, 'not an event Vobiz accepts (playAudio, checkpoint, clearAudio, stop)');
      return;
    }
    if (msg.streamId !== this.streamId) {
      ignore(
        event,
        msg.streamId === undefined
          ? 'missing streamId'
          : `streamId ${String(msg.streamId)} is not this stream`,
      );
      return;
    }
    if (event === 'playAudio') {
      if (this.config.bidirectional) this.playback.playAudio(msg, ignore);
      else ignore('playAudio', 'stream is not bidirectional: playback is silently ignored');
    } else if (event === 'checkpoint') this.playback.checkpoint(msg, ignore);
    else if (event === 'clearAudio') this.playback.clear();
    else this.onStop();
  }

  private onStop(): void {
    this.host.rec.push('stream_stop_received', { streamId: this.streamId });
    this.finish('stop');
  }

  sendDtmf(digit: string): void {
    if (!this.connected) throw new Error(`stream ${this.streamId} is not connected`);
    // Vobiz documents the event but not its body; this is the Plivo shape the Pipecat serializer reads.
    this.send({
      sequenceNumber: this.seq++,
      streamId: this.streamId,
      event: 'dtmf',
      dtmf: { track: 'inbound', digit, timestamp: String(this.host.ctx.clock.now()) },
      extra_headers: '{}',
    });
    this.host.rec.push('stream_dtmf_sent', { streamId: this.streamId, digit });
  }

  pushAudio(mulaw: Buffer): void {
    this.callerAudio = Buffer.concat([this.callerAudio, mulaw]);
  }

  drop(): void {
    if (this.ended) return;
    this.ws?.terminate();
  }

  close(reason: StreamEndReason): void {
    this.finish(reason);
  }

  /** The socket closed without us asking: a drop, or a failed connection attempt. */
  private onSocketGone(ws: WebSocket | undefined): void {
    if ((ws && ws !== this.ws) || this.ended) return;
    const { rec, ctx } = this.host;
    const wasOpen = this.opened;
    this.opened = false;
    ctx.ticker.delete(this);
    this.playback.stop();
    if (!wasOpen)
      rec.push('stream_failed', {
        streamId: this.streamId,
        url: this.url,
        error: this.lastError || 'closed',
      });
    this.status('DroppedStream', { Error: 'connection disconnected with the remote service' });
    if (this.retriesUsed < Math.min(this.config.maxRetries, MAX_RETRIES) && !ctx.shutdown.aborted) {
      this.retriesUsed++;
      // Every reconnect is a new stream as far as the app can tell: fresh start, new streamId.
      this.streamId = randomUUID();
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        if (!this.ended) this.connect();
      }, ctx.scaled(1));
      return;
    }
    this.finish(wasOpen ? 'dropped' : 'connect_failed');
  }

  private finish(reason: StreamEndReason): void {
    if (this.ended) return;
    this.ended = true;
    this.endReason = reason;
    this.endTime = this.host.ctx.clock.now();
    this.host.ctx.ticker.delete(this);
    this.playback.stop();
    for (const t of [this.timeoutTimer, this.retryTimer]) if (t) clearTimeout(t);
    const ws = this.ws;
    if (ws && (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING)) {
      // A plain close, never a `stop` message: Vobiz does not send one.
      if (ws.readyState === WebSocket.OPEN) ws.close(1000);
      else ws.terminate();
    }
    this.host.rec.push('stream_closed', { streamId: this.streamId, reason, sentStop: false });
    // StopStream is for stops the app asked for (stop, REST DELETE) and the stream timeout; never for
    // hang-up, transfer or drops.
    if (reason === 'stop' || reason === 'api' || reason === 'timeout') this.status('StopStream', {});
    this.host.onStreamEnded(this);
    this.resolveDone(reason);
  }

  private status(event: string, extra: Record<string, string>): void {
    const { statusCallbackUrl, statusCallbackMethod } = this.config;
    if (!statusCallbackUrl) return;
    const params = streamStatusParams(this.host, this.config, this.streamId, event, extra);
    this.host.notify('stream_status', statusCallbackUrl, statusCallbackMethod, params);
  }

  /** The REST stream object (`audio-streams/stream-object`). */
  describe(): Record<string, unknown> {
    const { ctx, rec } = this.host;
    const status = !this.ended ? 'in-progress' : this.endReason === 'connect_failed' ? 'failed' : 'completed';
    return {
      stream_id: this.streamId,
      call_uuid: rec.uuid,
      service_url: this.url,
      audio_track: this.config.audioTrack,
      bidirectional: this.config.bidirectional,
      content_type: this.config.contentType,
      sampling_rate: this.format?.sampleRate ?? null,
      stream_timeout: this.config.streamTimeoutS,
      status_callback_url: this.config.statusCallbackUrl ?? null,
      status_callback_method: this.config.statusCallbackMethod,
      status,
      start_time: formatConsoleTime(this.startTime, ctx.consoleTimeZone),
      end_time: this.endTime === undefined ? null : formatConsoleTime(this.endTime, ctx.consoleTimeZone),
      resource_uri: `/api/v1/Account/${ctx.authId}/Call/${rec.uuid}/Stream/${this.streamId}/`,
    };
  }
}
