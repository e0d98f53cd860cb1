import type { Playout } from '@handoff/core';
import {
  checkpoint,
  clearAudio,
  parseStreamMessage,
  type RawFrame,
  type StreamStartMessage,
  serialize,
} from './stream.js';

/** WebSocket's `readyState` for an open socket (the same in `ws` and the browser). */
const OPEN = 1;
/**
 * Audio queued for a peer that stopped reading, past which more is dropped: about a minute of
 * 20 ms frames, never reached by a peer that reads (Vobiz plays audio as it arrives).
 */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/** The part of a `ws` WebSocket the line uses, so this package needs no socket library. */
export interface StreamSocket {
  readonly readyState: number;
  /** Bytes queued but not yet sent (`ws` and the browser have it). */
  readonly bufferedAmount?: number;
  send(data: string): void;
  on(event: 'message', listener: (data: RawFrame) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
}

export interface StreamLineOptions {
  /** Caller audio: a `media` frame's base64 μ-law payload, as it came. */
  onMedia?: (payload: string) => void;
  /** Every `start`, the first and any restart: the line addresses the latest stream id itself. */
  onStart?: (message: StreamStartMessage) => void;
  /** A frame that did not parse, a stream that is not μ-law 8 kHz, or a throwing handler. */
  onError: (error: unknown) => void;
}

/** Audio out on the stream, and word of what has played. */
export interface StreamLine {
  /** Base64 μ-law 8 kHz, sent as it is; dropped before `start` or once the socket closed. */
  play(payload: string): void;
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
  let streamId: string | undefined;
  let marks = 0;
  const counts = { framesIn: 0, framesOut: 0 };
  const pending = new Map<string, (playout: Playout) => void>();
  /** Sends the frame built for the stream's id; `false` before `start` or once the socket closed. */
  const send = (frame: (streamId: string) => string) => {
    if (!streamId || socket.readyState !== OPEN) return false;
    socket.send(frame(streamId));
    return true;
  };
  // Vobiz never answers a checkpoint whose audio was cleared, nor any on a closed socket.
  const settle = () => {
    for (const resolve of pending.values()) resolve('unknown');
    pending.clear();
  };

  socket.on('message', (data) => {
    try {
      const message = parseStreamMessage(data);
      if (message.event === 'media') {
        counts.framesIn++;
        options.onMedia?.(message.payload);
      } else if (message.event === 'playedStream') {
        pending.get(message.name)?.('played');
        pending.delete(message.name);
      } else if (message.event === 'start') {
        streamId = message.streamId;
        // Nothing is transcoded: the line answers with contentType="audio/x-mulaw;rate=8000".
        const { encoding } = message.mediaFormat;
        if (encoding !== 'audio/x-mulaw')
          options.onError(new Error(`Vobiz stream is ${encoding}, not audio/x-mulaw`));
        options.onStart?.(message);
      }
    } catch (error) {
      options.onError(error);
    }
  });
  socket.on('close', settle);

  const line: StreamLine = {
    play(payload) {
      // A stalled peer must not make this process hold the AI's audio without bound.
      if ((socket.bufferedAmount ?? 0) > MAX_BUFFERED_BYTES) return;
      // `playAudio` would re-validate every 20 ms frame, the costliest step of a bridge's hot path;
      // the format is the one `start` was checked for.
      const media = { contentType: 'audio/x-mulaw', sampleRate: 8000, payload } as const;
      if (send((id) => serialize({ event: 'playAudio', streamId: id, media }))) counts.framesOut++;
    },
    clear() {
      send(clearAudio);
      settle();
    },
    played(mark) {
      const name = `${mark}-${++marks}`;
      if (!send((id) => checkpoint(id, name))) return Promise.resolve('unknown');
      return new Promise((resolve) => pending.set(name, resolve));
    },
  };
  return { line, counts };
}
