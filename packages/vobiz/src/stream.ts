import { HandoffError } from '@handoff/core';

/**
 * The `<Stream>` WebSocket protocol. Vobiz is the client and sends JSON text frames; the newest
 * docs nest the `start` IDs under `start`, the old ones put them (plus from/to/contentType) at the
 * top level, and the `dtmf` body is undocumented. The parser accepts every reading and hands out
 * one normalised shape. Note that no inbound `stop` is documented: socket close is the end signal.
 */

export interface StreamStartMessage {
  event: 'start';
  sequenceNumber?: number;
  callId: string;
  streamId: string;
  accountId?: string;
  tracks: string[];
  mediaFormat: { encoding: AudioEncoding | (string & {}); sampleRate: number };
  /** Only the legacy flat shape carries these. */
  from?: string;
  to?: string;
  /** `extra_headers`, decoded. In practice Vobiz sends the literal `"{}"`. */
  extraHeaders: Record<string, string>;
}

export interface StreamMediaMessage {
  event: 'media';
  sequenceNumber?: number;
  streamId?: string;
  track: string;
  /** Milliseconds on Vobiz's clock (sent as a string). */
  timestamp?: number;
  chunk?: number;
  /** Base64 raw audio in the stream's `mediaFormat`; see `decodePayload`. */
  payload: string;
}

export interface StreamDtmfMessage {
  event: 'dtmf';
  sequenceNumber?: number;
  streamId?: string;
  digit: string;
}

export interface StreamPlayedMessage {
  event: 'playedStream';
  /** The checkpoint name. This event carries no streamId. */
  name: string;
  streamId?: string;
}

export interface StreamClearedMessage {
  event: 'clearedAudio';
  streamId?: string;
}

export interface StreamStopMessage {
  event: 'stop';
  streamId?: string;
}

export interface StreamUnknownMessage {
  event: 'unknown';
  /** The parsed JSON as received. */
  raw: unknown;
}

export type VobizInboundMessage =
  | StreamStartMessage
  | StreamMediaMessage
  | StreamDtmfMessage
  | StreamPlayedMessage
  | StreamClearedMessage
  | StreamStopMessage
  | StreamUnknownMessage;

function invalid(message: string): never {
  throw new HandoffError('invalid_message', `Invalid Vobiz stream message: ${message}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function num(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** `audio/x-l16;rate=16000` → encoding and rate; a bare encoding gets Vobiz's 8 kHz. */
function parseContentType(value: string): { encoding: string; sampleRate: number } {
  const [encoding = '', ...params] = value.split(';').map((part) => part.trim());
  const rate = params.find((p) => p.toLowerCase().startsWith('rate='))?.slice(5);
  return { encoding: encoding.toLowerCase(), sampleRate: num(rate) ?? 8000 };
}

/** `extra_headers` has been seen as a JSON string (`"{}"`), and is documented as `k=v,k2=v2`. */
function parseExtraHeaders(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  let source: unknown = value;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return out;
    if (text.startsWith('{')) {
      try {
        source = JSON.parse(text);
      } catch {
        return out;
      }
    } else {
      for (const pair of text.split(',')) {
        const eq = pair.indexOf('=');
        if (eq > 0) out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
      }
      return out;
    }
  }
  if (isRecord(source)) {
    for (const [k, v] of Object.entries(source)) {
      const text = str(v);
      if (text !== undefined && k !== '__proto__') out[k] = text;
    }
  }
  return out;
}

function parseStart(data: Record<string, unknown>, sequenceNumber: number | undefined): StreamStartMessage {
  const nested = isRecord(data.start) ? data.start : {};
  const callId = str(nested.callId) ?? str(nested.callSid) ?? str(data.callId);
  const streamId = str(nested.streamId) ?? str(nested.streamSid) ?? str(data.streamId);
  if (callId === undefined || streamId === undefined) invalid('start without callId/streamId');

  const format = isRecord(nested.mediaFormat) ? nested.mediaFormat : undefined;
  const legacyContentType = str(nested.contentType) ?? str(data.contentType);
  const fromContentType = legacyContentType === undefined ? undefined : parseContentType(legacyContentType);
  // Vobiz's default inbound format is L16 at 8 kHz when nothing says otherwise.
  const mediaFormat = {
    encoding: (str(format?.encoding) ?? fromContentType?.encoding ?? 'audio/x-l16').toLowerCase(),
    sampleRate: num(format?.sampleRate) ?? fromContentType?.sampleRate ?? 8000,
  };
  const trackList = Array.isArray(nested.tracks)
    ? nested.tracks
    : Array.isArray(data.tracks)
      ? data.tracks
      : undefined;
  const tracks = trackList?.filter((t): t is string => typeof t === 'string') ?? ['inbound'];

  const message: StreamStartMessage = {
    event: 'start',
    callId,
    streamId,
    tracks,
    mediaFormat,
    extraHeaders: parseExtraHeaders(data.extra_headers ?? data.extraHeaders ?? nested.extraHeaders),
  };
  if (sequenceNumber !== undefined) message.sequenceNumber = sequenceNumber;
  const accountId = str(nested.accountId) ?? str(data.accountId);
  if (accountId !== undefined) message.accountId = accountId;
  const from = str(nested.from) ?? str(data.from);
  if (from !== undefined) message.from = from;
  const to = str(nested.to) ?? str(data.to);
  if (to !== undefined) message.to = to;
  return message;
}

function parseMedia(data: Record<string, unknown>, sequenceNumber: number | undefined): StreamMediaMessage {
  const media = isRecord(data.media) ? data.media : undefined;
  const payload = media?.payload;
  if (typeof payload !== 'string') invalid('media without a payload');
  const message: StreamMediaMessage = { event: 'media', track: str(media?.track) ?? 'inbound', payload };
  if (sequenceNumber !== undefined) message.sequenceNumber = sequenceNumber;
  const streamId = str(data.streamId);
  if (streamId !== undefined) message.streamId = streamId;
  const timestamp = num(media?.timestamp);
  if (timestamp !== undefined) message.timestamp = timestamp;
  const chunk = num(media?.chunk);
  if (chunk !== undefined) message.chunk = chunk;
  return message;
}

function withStreamId<T extends object>(
  message: T,
  data: Record<string, unknown>,
): T & { streamId?: string } {
  const streamId = str(data.streamId);
  return streamId === undefined ? message : { ...message, streamId };
}

export type RawFrame = string | Uint8Array | ArrayBuffer | readonly Uint8Array[];

/** Everything `ws` hands a message listener: string, Buffer, ArrayBuffer or fragments. */
function frameText(data: RawFrame): string {
  if (typeof data === 'string') return data;
  // What `ws` hands over for every text frame: decoded in place, no view built around it.
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  if (data instanceof Uint8Array) {
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  }
  return Buffer.concat(data).toString('utf8');
}

/**
 * Parses one text frame from Vobiz. Malformed JSON, or a known event missing what makes it
 * usable (start without IDs, media without payload, playedStream without name), throws
 * `HandoffError('invalid_message')`; an event this module does not know becomes `unknown`.
 */
export function parseStreamMessage(data: RawFrame): VobizInboundMessage {
  return streamMessageOf(parseStreamJson(data));
}

/** One frame's JSON, not yet checked: throws `invalid_message` when it is not JSON. */
export function parseStreamJson(data: RawFrame): unknown {
  try {
    return JSON.parse(frameText(data));
  } catch {
    return invalid('not JSON');
  }
}

/** What `parseStreamMessage` makes of a frame's JSON once parsed (`parseStreamJson`). */
export function streamMessageOf(parsed: unknown): VobizInboundMessage {
  if (!isRecord(parsed)) return invalid('not a JSON object');
  const sequenceNumber = num(parsed.sequenceNumber);

  switch (parsed.event) {
    case 'start':
      return parseStart(parsed, sequenceNumber);
    case 'media':
      return parseMedia(parsed, sequenceNumber);
    case 'dtmf': {
      // Undocumented body: Plivo/Pipecat read `dtmf.digit`; fall back to a bare `dtmf` or `digit`.
      const dtmf = parsed.dtmf;
      const digit = (isRecord(dtmf) ? str(dtmf.digit) : str(dtmf)) ?? str(parsed.digit);
      if (digit === undefined) return { event: 'unknown', raw: parsed };
      const message: StreamDtmfMessage = { event: 'dtmf', digit };
      if (sequenceNumber !== undefined) message.sequenceNumber = sequenceNumber;
      return withStreamId(message, parsed);
    }
    case 'playedStream': {
      const name = str(parsed.name);
      if (name === undefined) return invalid('playedStream without a name');
      return withStreamId({ event: 'playedStream', name } as StreamPlayedMessage, parsed);
    }
    case 'clearedAudio':
      return withStreamId({ event: 'clearedAudio' } as StreamClearedMessage, parsed);
    case 'stop':
      return withStreamId({ event: 'stop' } as StreamStopMessage, parsed);
    default:
      return { event: 'unknown', raw: parsed };
  }
}

/** The raw audio bytes of a `media` message. */
export function decodePayload(message: Pick<StreamMediaMessage, 'payload'> | string): Buffer {
  return Buffer.from(typeof message === 'string' ? message : message.payload, 'base64');
}

// ---- app → Vobiz ----

export interface PlayAudioOptions {
  contentType?: AudioEncoding;
  sampleRate?: SampleRate;
}

export type VobizOutboundMessage =
  | {
      event: 'playAudio';
      streamId: string;
      media: { contentType: AudioEncoding; sampleRate: SampleRate; payload: string };
    }
  | { event: 'checkpoint'; streamId: string; name: string }
  | { event: 'clearAudio'; streamId: string }
  | { event: 'stop'; streamId: string };

function requireStreamId(streamId: string): string {
  if (typeof streamId !== 'string' || streamId === '') {
    throw new HandoffError(
      'invalid_arguments',
      'Vobiz stream messages need the streamId from the start event',
    );
  }
  return streamId;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function serialize(message: VobizOutboundMessage): string {
  return JSON.stringify(message);
}

export type AudioEncoding = 'audio/x-mulaw' | 'audio/x-l16';
export type SampleRate = 8000 | 16000 | 24000;

/** The formats Vobiz plays: μ-law at 8 kHz, or L16 at 8, 16 or 24 kHz. */
function assertAudioFormat(format: { encoding: AudioEncoding; sampleRate: SampleRate }): void {
  if (format.encoding === 'audio/x-mulaw') {
    if (format.sampleRate !== 8000) {
      throw new HandoffError(
        'invalid_arguments',
        `audio/x-mulaw is 8000 Hz only; got ${String(format.sampleRate)}`,
      );
    }
  } else if (format.encoding === 'audio/x-l16') {
    if (format.sampleRate !== 8000 && format.sampleRate !== 16000 && format.sampleRate !== 24000) {
      throw new HandoffError(
        'invalid_arguments',
        `audio/x-l16 must be 8000, 16000 or 24000 Hz; got ${String(format.sampleRate)}`,
      );
    }
  } else {
    throw new HandoffError(
      'invalid_arguments',
      `encoding must be audio/x-mulaw or audio/x-l16; got ${String(format.encoding)}`,
    );
  }
}

/**
 * Audio for Vobiz to play: raw mono samples, no WAV header. A `Buffer` is base64-encoded here; a
 * string is taken to be base64 already. Vobiz plays μ-law at 8 kHz or L16 at 8/16/24 kHz,
 * independent of the inbound format.
 */
export function playAudio(
  streamId: string,
  payload: Uint8Array | string,
  options: PlayAudioOptions = {},
): string {
  const contentType = options.contentType ?? 'audio/x-mulaw';
  const sampleRate = options.sampleRate ?? 8000;
  assertAudioFormat({ encoding: contentType, sampleRate });
  let encoded: string;
  if (typeof payload === 'string') {
    if (!BASE64.test(payload)) {
      throw new HandoffError('invalid_arguments', 'playAudio payload string must be base64');
    }
    encoded = payload;
  } else {
    if (contentType === 'audio/x-l16' && payload.length % 2 !== 0) {
      throw new HandoffError('invalid_arguments', 'playAudio L16 payload must be whole 16-bit samples');
    }
    encoded = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('base64');
  }
  return serialize({
    event: 'playAudio',
    streamId: requireStreamId(streamId),
    media: { contentType, sampleRate, payload: encoded },
  });
}

/** Vobiz answers `playedStream{name}` once audio queued before it has played (not if cleared). */
export function checkpoint(streamId: string, name: string): string {
  if (typeof name !== 'string' || name === '') {
    throw new HandoffError('invalid_arguments', 'checkpoint needs a name');
  }
  return serialize({ event: 'checkpoint', streamId: requireStreamId(streamId), name });
}

/** Barge-in: drops queued audio; wait for `clearedAudio` before queueing the next reply. */
export function clearAudio(streamId: string): string {
  return serialize({ event: 'clearAudio', streamId: requireStreamId(streamId) });
}

/** Ends the stream; Vobiz runs the next XML element (or hangs up with 4010 if there is none). */
export function stopStream(streamId: string): string {
  return serialize({ event: 'stop', streamId: requireStreamId(streamId) });
}
