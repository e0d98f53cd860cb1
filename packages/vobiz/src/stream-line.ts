import type { Playout } from '@handoff/core';
import { payloadAt, scanMedia } from './media-frame.js';
import {
  checkpoint,
  clearAudio,
  parseStreamJson,
  type RawFrame,
  type StreamStartMessage,
  streamMessageOf,
} from './stream.js';

/** WebSocket's `readyState` for an open socket (the same in `ws` and the browser). */
const OPEN = 1;
/**
 * Audio queued for a peer that stopped reading, past which more is dropped: about a minute of
 * 20 ms frames, never reached by a peer that reads (Vobiz plays audio as it arrives).
 */
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** What `serialize` makes of a μ-law `playAudio`, around the stream id and the payload. */
const PLAY_HEAD = '{"event":"playAudio","streamId":';
const PLAY_MEDIA = ',"media":{"contentType":"audio/x-mulaw","sampleRate":8000,"payload":';
/** The same, as bytes for `playBytes`, the payload's quotes included. */
const PLAY_HEAD_BYTES = Buffer.from(PLAY_HEAD);
const PLAY_MEDIA_BYTES = Buffer.from(`${PLAY_MEDIA}"`);
const PLAY_TAIL = Buffer.from('"}}');

/** The part of a `ws` WebSocket the line uses, so this package needs no socket library. */
export interface StreamSocket {
  readonly readyState: number;
  /** Bytes queued but not yet sent (`ws` and the browser have it). */
  readonly bufferedAmount?: number;
  send(data: string): void;
  /**
   * A text frame from its UTF-8 bytes (`ws`: `send(data, { binary: false })`), for audio made
   * without a string in between; without it the line sends strings.
   */
  sendText?(data: Buffer): void;
  on(event: 'message', listener: (data: RawFrame) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  /**
   * A socket that hands its frames and its close to the line itself, given here: the line then
   * adds no listener of its own (two closures and their context per call, ~170 bytes).
   */
  attach?(line: LineEnds): void;
}

/** The line as a socket with `attach` sees it: it calls `receive` with each frame, `settle` on its close. */
export interface LineEnds extends StreamLine {
  receive(data: RawFrame): void;
  /** The socket closed: checkpoints still awaited resolve `'unknown'`. */
  settle(): void;
  /** Caller frames read, and audio frames sent. */
  readonly framesIn: number;
  readonly framesOut: number;
}

export interface StreamLineOptions {
  /** Caller audio: a `media` frame's base64 μ-law payload, as it came. */
  onMedia?: (payload: string) => void;
  /**
   * Caller audio as it came: the base64 payload is `frame[start, end)`, for a caller that forwards
   * it without a string made of it. When given, it gets the frames read without `JSON.parse`
   * (nearly all), and `onMedia` the rest.
   */
  onMediaBytes?: (frame: Buffer, start: number, end: number) => void;
  /** Every `start`, the first and any restart: the line addresses the latest stream id itself. */
  onStart?: (message: StreamStartMessage) => void;
  /** A frame that did not parse, a stream that is not μ-law 8 kHz, or a throwing handler. */
  onError: (error: unknown) => void;
}

/** Audio out on the stream, and word of what has played. */
export interface StreamLine {
  /** Base64 μ-law 8 kHz, sent as it is; dropped before `start` or once the socket closed. */
  play(payload: string): void;
  /**
   * `play` of the base64 text `frame[start, end)` (nothing in it JSON escapes), sent without a
   * string made of it where the socket can (`sendText`).
   */
  playBytes?(frame: Buffer, start: number, end: number): void;
  /** Drops what is queued but not yet heard. */
  clear(): void;
  /** Resolves `'played'` once everything sent so far has played, `'unknown'` when that cannot be learned. */
  played(mark: string): Promise<Playout>;
}

/**
 * One Vobiz `<Stream>` socket as a line to the caller: `playAudio` out, `checkpoint` →
 * `playedStream` to learn what played. The socket's `error` and closing it stay with the caller.
 */
export function vobizStreamLine(socket: StreamSocket, options: StreamLineOptions) {
  const line = new VobizStreamLine(socket, options);
  if (socket.attach) socket.attach(line);
  else {
    socket.on('message', (data) => line.receive(data));
    socket.on('close', () => line.settle());
  }
  // Read as they are now, whenever read: the counts live on the line, not in an object of their own.
  const counts = {
    get framesIn() {
      return line.framesIn;
    },
    get framesOut() {
      return line.framesOut;
    },
  };
  return { line: line as StreamLine, counts };
}

/**
 * A bridge holds one for every call for as long as the call lasts: its methods live on the
 * prototype, and what most calls never use (checkpoints awaited) is made on first use.
 */
class VobizStreamLine implements StreamLine, LineEnds {
  framesIn = 0;
  framesOut = 0;
  /**
   * The stream id as JSON, for every `playAudio` frame; '' before `start`. The id itself is read
   * back from it when a rarer frame needs it, rather than kept as a second string per call.
   */
  #streamIdJson = '';
  /** Its length in UTF-8, for `playBytes`: a number rather than a Buffer kept per call. */
  #streamIdBytes = 0;
  #marks = 0;
  #pending: Map<string, (playout: Playout) => void> | undefined;

  constructor(
    private readonly socket: StreamSocket,
    private readonly options: StreamLineOptions,
  ) {}

  receive(data: RawFrame): void {
    if (Buffer.isBuffer(data) && scanMedia(data)) {
      this.framesIn++;
      const options = this.options;
      try {
        if (options.onMediaBytes) options.onMediaBytes(data, payloadAt[0]!, payloadAt[1]!);
        else options.onMedia?.(data.toString('latin1', payloadAt[0], payloadAt[1]));
      } catch (error) {
        this.options.onError(error);
      }
      return;
    }
    try {
      const parsed = parseStreamJson(data) as { event?: unknown; media?: { payload?: unknown } } | null;
      // Caller audio, 50 frames a second: the payload is all the line reads of it, so no message
      // is built; a media frame without one goes the long way and is reported as invalid.
      const payload = parsed?.event === 'media' ? parsed.media?.payload : undefined;
      if (typeof payload === 'string') {
        this.framesIn++;
        this.options.onMedia?.(payload);
        return;
      }
      const message = streamMessageOf(parsed);
      if (message.event === 'playedStream') {
        this.#pending?.get(message.name)?.('played');
        this.#pending?.delete(message.name);
      } else if (message.event === 'start') {
        this.#streamIdJson = JSON.stringify(message.streamId);
        this.#streamIdBytes = Buffer.byteLength(this.#streamIdJson);
        // Nothing is transcoded: the line answers with contentType="audio/x-mulaw;rate=8000".
        const { encoding } = message.mediaFormat;
        if (encoding !== 'audio/x-mulaw')
          this.options.onError(new Error(`Vobiz stream is ${encoding}, not audio/x-mulaw`));
        this.options.onStart?.(message);
      }
    } catch (error) {
      this.options.onError(error);
    }
  }

  /** A stream to play into: `start` gave a non-empty id (its JSON has more than the quotes). */
  private get streaming(): boolean {
    return this.#streamIdJson.length > 2;
  }

  private get streamId(): string {
    return JSON.parse(this.#streamIdJson) as string;
  }

  /** Vobiz never answers a checkpoint whose audio was cleared, nor any on a closed socket. */
  settle(): void {
    const pending = this.#pending;
    this.#pending = undefined;
    for (const resolve of pending?.values() ?? []) resolve('unknown');
  }

  play(payload: string): void {
    const socket = this.socket;
    if (!this.streaming || socket.readyState !== OPEN) return;
    // A stalled peer must not make this process hold the AI's audio without bound.
    if ((socket.bufferedAmount ?? 0) > MAX_BUFFERED_BYTES) return;
    // `playAudio` would re-validate every 20 ms frame, the costliest step of a bridge's hot path;
    // the format is the one `start` was checked for, and the frame is the one `serialize` makes.
    socket.send(`${PLAY_HEAD}${this.#streamIdJson}${PLAY_MEDIA}${JSON.stringify(payload)}}}`);
    this.framesOut++;
  }

  playBytes(frame: Buffer, start: number, end: number): void {
    const socket = this.socket;
    if (socket.sendText === undefined) {
      this.play(frame.toString('latin1', start, end));
      return;
    }
    if (!this.streaming || socket.readyState !== OPEN) return;
    if ((socket.bufferedAmount ?? 0) > MAX_BUFFERED_BYTES) return;
    // The same frame `play` makes: base64 needs no escaping, so its bytes go between the quotes.
    const out = Buffer.allocUnsafe(
      PLAY_HEAD_BYTES.length +
        this.#streamIdBytes +
        PLAY_MEDIA_BYTES.length +
        (end - start) +
        PLAY_TAIL.length,
    );
    let at = PLAY_HEAD_BYTES.copy(out, 0);
    at += out.write(this.#streamIdJson, at);
    at += PLAY_MEDIA_BYTES.copy(out, at);
    at += frame.copy(out, at, start, end);
    PLAY_TAIL.copy(out, at);
    socket.sendText(out);
    this.framesOut++;
  }

  clear(): void {
    if (this.streaming && this.socket.readyState === OPEN) this.socket.send(clearAudio(this.streamId));
    this.settle();
  }

  played(mark: string): Promise<Playout> {
    const name = `${mark}-${++this.#marks}`;
    if (!this.streaming || this.socket.readyState !== OPEN) return Promise.resolve('unknown');
    this.socket.send(checkpoint(this.streamId, name));
    this.#pending ??= new Map();
    const pending = this.#pending;
    return new Promise((resolve) => pending.set(name, resolve));
  }
}
