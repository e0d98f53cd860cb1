import type { Playout } from '@handoff/core';
import { checkpoint, clearAudio, parseStreamMessage, type RawFrame, serialize } from '@handoff/vobiz';
import { WebSocket } from 'ws';
import type { AudioLine } from './realtime-codec.js';

/**
 * One Vobiz `<Stream>` socket as the model's `AudioLine`: caller audio in, model audio out,
 * checkpoints to learn what has played. The socket's `close` and `error` stay with the bridge.
 */
export function vobizStream(
  socket: WebSocket,
  onMedia: (payload: string) => void,
  onError: (e: unknown) => void,
) {
  let streamId: string | undefined;
  let marks = 0;
  const counts = { framesIn: 0, framesOut: 0 };
  const pending = new Map<string, (playout: Playout) => void>();
  /** Sends the frame built for the stream's id; `false` before `start` or once the socket closed. */
  const send = (frame: (streamId: string) => string) => {
    if (!streamId || socket.readyState !== WebSocket.OPEN) return false;
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
      const message = parseStreamMessage(data as RawFrame);
      if (message.event === 'media') {
        counts.framesIn++;
        onMedia(message.payload);
      } else if (message.event === 'playedStream') {
        pending.get(message.name)?.('played');
        pending.delete(message.name);
      } else if (message.event === 'start') {
        // A restarted stream keeps the call's model session; only the id to address changes.
        streamId = message.streamId;
        // Nothing is transcoded: answer with contentType="audio/x-mulaw;rate=8000".
        const { encoding } = message.mediaFormat;
        if (encoding !== 'audio/x-mulaw')
          onError(new Error(`Vobiz stream is ${encoding}, not audio/x-mulaw`));
      }
    } catch (error) {
      onError(error);
    }
  });
  socket.on('close', settle);

  const line: AudioLine = {
    play(payload) {
      // The model's base64 as it came, in the format `start` was checked for: `playAudio` would
      // re-validate every 20 ms frame, the costliest step of the bridge's hot path.
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
