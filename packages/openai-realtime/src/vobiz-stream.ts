import type { Playout } from '@handoff/core';
import { checkpoint, clearAudio, parseStreamMessage, playAudio, type RawFrame } from '@handoff/core/vobiz';
import { WebSocket } from 'ws';
import type { AudioLine } from './realtime-codec.js';

export interface StreamEvents {
  /** The first `start`: the call is on the line. */
  start(): void;
  media(payload: string): void;
  /** The caller hung up, or the call moved to a human. */
  close(): void;
  error(error: unknown): void;
}

/** One Vobiz `<Stream>` socket: caller audio in, model audio out, checkpoints to learn what has played. */
export class VobizStream implements AudioLine {
  streamId: string | undefined;
  closed = false;
  framesIn = 0;
  framesOut = 0;
  #marks = 0;
  readonly #pending = new Map<string, (playout: Playout) => void>();

  constructor(
    readonly socket: WebSocket,
    private readonly on: StreamEvents,
  ) {
    socket.on('message', (data) => {
      try {
        this.#receive(parseStreamMessage(data as RawFrame));
      } catch (error) {
        on.error(error);
      }
    });
    socket.on('error', on.error);
    socket.on('close', () => {
      this.closed = true;
      this.#settle();
      on.close();
    });
  }

  play(payload: string): void {
    if (!this.streamId) return;
    this.framesOut++;
    this.#send(playAudio(this.streamId, payload));
  }

  clear(): void {
    if (!this.streamId) return;
    this.#send(clearAudio(this.streamId));
    // Vobiz never answers a checkpoint whose audio was cleared.
    this.#settle();
  }

  played(mark: string): Promise<Playout> {
    if (!this.streamId || this.closed) return Promise.resolve('unknown');
    const name = `${mark}-${++this.#marks}`;
    this.#send(checkpoint(this.streamId, name));
    return new Promise((resolve) => this.#pending.set(name, resolve));
  }

  close(code: number): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(code);
  }

  #receive(message: ReturnType<typeof parseStreamMessage>): void {
    if (message.event === 'media') {
      this.framesIn++;
      this.on.media(message.payload);
    } else if (message.event === 'playedStream') {
      this.#pending.get(message.name)?.('played');
      this.#pending.delete(message.name);
    } else if (message.event === 'start') {
      const first = this.streamId === undefined;
      // A restarted stream keeps the call's model session; only the id to address changes.
      this.streamId = message.streamId;
      if (!first) return;
      if (message.mediaFormat.encoding !== 'audio/x-mulaw') {
        // Nothing is transcoded: answer with contentType="audio/x-mulaw;rate=8000".
        this.on.error(new Error(`Vobiz stream is ${message.mediaFormat.encoding}, not audio/x-mulaw`));
      }
      this.on.start();
    }
  }

  #settle(): void {
    for (const resolve of this.#pending.values()) resolve('unknown');
    this.#pending.clear();
  }

  #send(frame: string): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(frame);
  }
}
