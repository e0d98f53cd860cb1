import type { Playout } from '@handoff/core';
import { checkpoint, clearAudio, parseStreamMessage, playAudio, type RawFrame } from '@handoff/core/vobiz';
import { WebSocket } from 'ws';
import type { AudioLine } from './realtime-codec.js';

export interface StreamEvents {
  media(payload: string): void;
  /** The caller hung up, or the call moved to a human. */
  close(): void;
  error(error: unknown): void;
}

export interface VobizStream extends AudioLine {
  readonly closed: boolean;
  readonly counts: { framesIn: number; framesOut: number };
  close(code: number): void;
}

/** One Vobiz `<Stream>` socket: caller audio in, model audio out, checkpoints to learn what has played. */
export function vobizStream(socket: WebSocket, on: StreamEvents): VobizStream {
  let streamId: string | undefined;
  let marks = 0;
  const counts = { framesIn: 0, framesOut: 0 };
  const pending = new Map<string, (playout: Playout) => void>();
  const send = (frame: (streamId: string) => string) => {
    if (streamId && socket.readyState === WebSocket.OPEN) socket.send(frame(streamId));
  };
  const settle = () => {
    for (const resolve of pending.values()) resolve('unknown');
    pending.clear();
  };

  socket.on('message', (data) => {
    try {
      const message = parseStreamMessage(data as RawFrame);
      if (message.event === 'media') {
        counts.framesIn++;
        on.media(message.payload);
      } else if (message.event === 'playedStream') {
        pending.get(message.name)?.('played');
        pending.delete(message.name);
      } else if (message.event === 'start') {
        // A restarted stream keeps the call's model session; only the id to address changes.
        streamId = message.streamId;
        // Nothing is transcoded: answer with contentType="audio/x-mulaw;rate=8000".
        const { encoding } = message.mediaFormat;
        if (encoding !== 'audio/x-mulaw')
          on.error(new Error(`Vobiz stream is ${encoding}, not audio/x-mulaw`));
      }
    } catch (error) {
      on.error(error);
    }
  });
  socket.on('error', on.error);
  socket.on('close', () => {
    settle();
    on.close();
  });

  return {
    counts,
    get closed() {
      return socket.readyState !== WebSocket.OPEN;
    },
    play(payload) {
      if (streamId) counts.framesOut++;
      send((id) => playAudio(id, payload));
    },
    clear() {
      send(clearAudio);
      // Vobiz never answers a checkpoint whose audio was cleared.
      settle();
    },
    played(mark) {
      if (!streamId || this.closed) return Promise.resolve('unknown');
      const name = `${mark}-${++marks}`;
      send((id) => checkpoint(id, name));
      return new Promise((resolve) => pending.set(name, resolve));
    },
    close(code) {
      if (socket.readyState === WebSocket.OPEN) socket.close(code);
    },
  };
}
