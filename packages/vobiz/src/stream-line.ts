import type { Playout } from '@handoff/core';
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
  socket.on('message', (data) => line.receive(data));
  socket.on('close', () => line.settle());
  return { line: line as StreamLine, counts: line.counts };
}

/**
 * A bridge holds one for every call for as long as the call lasts: its methods live on the
 * prototype, and what most calls never use (checkpoints awaited) is made on first use.
 */
class VobizStreamLine implements StreamLine {
  readonly counts = { framesIn: 0, framesOut: 0 };
  #streamId: string | undefined;
  /** The stream id as JSON, for every `playAudio` frame. */
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
      this.counts.framesIn++;
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
        this.counts.framesIn++;
        this.options.onMedia?.(payload);
        return;
      }
      const message = streamMessageOf(parsed);
      if (message.event === 'playedStream') {
        this.#pending?.get(message.name)?.('played');
        this.#pending?.delete(message.name);
      } else if (message.event === 'start') {
        this.#streamId = message.streamId;
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

  /** Vobiz never answers a checkpoint whose audio was cleared, nor any on a closed socket. */
  settle(): void {
    const pending = this.#pending;
    this.#pending = undefined;
    for (const resolve of pending?.values() ?? []) resolve('unknown');
  }

  play(payload: string): void {
    const socket = this.socket;
    if (!this.#streamId || socket.readyState !== OPEN) return;
    // A stalled peer must not make this process hold the AI's audio without bound.
    if ((socket.bufferedAmount ?? 0) > MAX_BUFFERED_BYTES) return;
    // `playAudio` would re-validate every 20 ms frame, the costliest step of a bridge's hot path;
    // the format is the one `start` was checked for, and the frame is the one `serialize` makes.
    socket.send(`${PLAY_HEAD}${this.#streamIdJson}${PLAY_MEDIA}${JSON.stringify(payload)}}}`);
    this.counts.framesOut++;
  }

  playBytes(frame: Buffer, start: number, end: number): void {
    const socket = this.socket;
    if (socket.sendText === undefined) {
      this.play(frame.toString('latin1', start, end));
      return;
    }
    if (!this.#streamId || socket.readyState !== OPEN) return;
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
    this.counts.framesOut++;
  }

  clear(): void {
    if (this.#streamId && this.socket.readyState === OPEN) this.socket.send(clearAudio(this.#streamId));
    this.settle();
  }

  played(mark: string): Promise<Playout> {
    const name = `${mark}-${++this.#marks}`;
    if (!this.#streamId || this.socket.readyState !== OPEN) return Promise.resolve('unknown');
    this.socket.send(checkpoint(this.#streamId, name));
    this.#pending ??= new Map();
    const pending = this.#pending;
    return new Promise((resolve) => pending.set(name, resolve));
  }
}

/*
 * Caller audio, 50 frames a second a call, read straight from the bytes `ws` hands over: a `media`
 * frame's payload is located without the frame being decoded to a string or parsed into objects.
 *
 * Guarded: only a JSON object of strings without escapes, numbers, `true`/`false`/`null` and one
 * `media` object of the same (any key order, extra keys, whitespace between tokens), with `event`
 * "media" and a base64 `media.payload`, is read here; anything else (an escape, an array, deeper
 * nesting, trailing bytes, bad JSON) is left to `JSON.parse`. Within that subset every `"` is a
 * string's edge, so no key is read out of another string's text; a repeated key counts by its
 * last value, as `JSON.parse` has it. (`@handoff/openai-realtime` reads the model's audio deltas
 * the same way.)
 */

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
/** 1: a byte a JSON string holds as it is (not `"`, `\` or a control character). */
const PLAIN = new Uint8Array(256);
/** 1: a base64 byte, `=` included (the payload goes on as it came, so its padding is not checked). */
const BASE64 = new Uint8Array(256);
for (let c = 0x20; c < 256; c++) PLAIN[c] = c === QUOTE || c === 0x5c ? 0 : 1;
for (const c of Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/='))
  BASE64[c] = 1;
const [EVENT, MEDIA, PAYLOAD, TRUE, FALSE, NULL] = ['event', 'media', 'payload', 'true', 'false', 'null'].map(
  (word) => Buffer.from(word),
) as [Buffer, Buffer, Buffer, Buffer, Buffer, Buffer];

function same(b: Uint8Array, start: number, end: number, word: Uint8Array): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (b[start + i] !== word[i]) return false;
  return true;
}

function skipSpace(b: Uint8Array, i: number): number {
  const n = b.length;
  while (i < n) {
    const c = b[i]!;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

/** The closing quote of a string whose text starts at `i`, or -1 at an escape, a control byte or the end. */
function stringEnd(b: Uint8Array, i: number): number {
  for (const n = b.length; i < n; i++) if (PLAIN[b[i]!] === 0) return b[i] === QUOTE ? i : -1;
  return -1;
}

/** The closing quote of a base64 string whose text starts at `i`, or -1 at any other byte or the end. */
function base64End(b: Uint8Array, i: number): number {
  const n = b.length;
  while (i < n && BASE64[b[i]!] === 1) i++;
  return i < n && b[i] === QUOTE ? i : -1;
}

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;

/** Past the JSON number, `true`, `false` or `null` at `i`, or -1 when there is none there. */
function scalarEnd(b: Uint8Array, i: number): number {
  if (same(b, i, i + 4, TRUE) || same(b, i, i + 4, NULL)) return i + 4;
  if (same(b, i, i + 5, FALSE)) return i + 5;
  if (b[i] === 0x2d) i++;
  if (b[i] === 0x30) i++;
  else if (isDigit(b[i])) while (isDigit(b[i])) i++;
  else return -1;
  if (b[i] === 0x2e) {
    if (!isDigit(b[++i])) return -1;
    while (isDigit(b[i])) i++;
  }
  if (b[i] === 0x65 || b[i] === 0x45) {
    if (b[++i] === 0x2b || b[i] === 0x2d) i++;
    if (!isDigit(b[i])) return -1;
    while (isDigit(b[i])) i++;
  }
  return i;
}

/**
 * Where the last `scanMedia` found the payload's text (start, end: byte offsets inside the
 * quotes). One array for the process, read before the next frame is scanned.
 */
const payloadAt = new Int32Array(2);

/** Whether `b` is a media frame read here (see above); `payloadAt` says where its payload is. */
export function scanMedia(b: Uint8Array): boolean {
  let isMedia = false;
  let payload = -1;
  /** Inside the `media` object. */
  let nested = false;
  let i = skipSpace(b, 0);
  if (b[i] !== LBRACE) return false;
  i = skipSpace(b, i + 1);
  for (;;) {
    if (b[i] !== QUOTE) return false;
    const key = i + 1;
    const keyEnd = stringEnd(b, key);
    if (keyEnd < 0) return false;
    i = skipSpace(b, keyEnd + 1);
    if (b[i] !== COLON) return false;
    i = skipSpace(b, i + 1);
    const isEvent = !nested && same(b, key, keyEnd, EVENT);
    const isPayload = nested && same(b, key, keyEnd, PAYLOAD);
    const isMediaKey = !nested && same(b, key, keyEnd, MEDIA);
    if (b[i] === QUOTE) {
      // The audio, most of the frame, is read once: a byte not base64 ends it (a quote, or a miss).
      const end = isPayload ? base64End(b, i + 1) : stringEnd(b, i + 1);
      // `media` a string: it has no payload, and the long way says so.
      if (end < 0 || isMediaKey) return false;
      if (isEvent) isMedia = same(b, i + 1, end, MEDIA);
      else if (isPayload) {
        payload = i + 1;
        payloadAt[1] = end;
      }
      i = end + 1;
    } else if (isMediaKey && b[i] === LBRACE) {
      // A repeated `media` replaces the one before, payload and all.
      nested = true;
      payload = -1;
      i = skipSpace(b, i + 1);
      if (b[i] === QUOTE) continue;
    } else {
      // `event` or the payload not a string, or `media` not an object: the long way decides.
      if (isEvent || isPayload || isMediaKey) return false;
      i = scalarEnd(b, i);
      if (i < 0) return false;
    }
    // After a value: the next key, or the end of `media` (then a key or the end), or the end.
    i = skipSpace(b, i);
    if (b[i] === RBRACE && nested) {
      nested = false;
      i = skipSpace(b, i + 1);
    }
    if (b[i] === COMMA) i = skipSpace(b, i + 1);
    else if (b[i] === RBRACE && !nested) break;
    else return false;
  }
  if (skipSpace(b, i + 1) !== b.length || !isMedia || payload < 0) return false;
  payloadAt[0] = payload;
  return true;
}
