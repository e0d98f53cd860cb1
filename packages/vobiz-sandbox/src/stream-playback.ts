import type { CallRecord } from './call.js';
import { durationMsOf, isPlayableFormat } from './codec.js';

/**
 * The app's audio on its way to the caller: `playAudio` queued and played in real time,
 * `checkpoint` acknowledged once everything before it has played, `clearAudio` dropping the rest.
 */

type PlayItem = { kind: 'audio'; bytes: number; durationMs: number } | { kind: 'checkpoint'; name: string };

export type Ignore = (event: string, reason: string) => void;

/** What the queue needs from its stream; read at each use, as the stream id changes on reconnect. */
export interface PlaybackOwner {
  readonly rec: CallRecord;
  streamId(): string;
  timeScale(): number;
  isEnded(): boolean;
  send(message: Record<string, unknown>): void;
  status(event: string, extra: Record<string, string>): void;
}

export class StreamPlayback {
  private readonly queue: PlayItem[] = [];
  private playing: NodeJS.Timeout | undefined;

  constructor(private readonly owner: PlaybackOwner) {}

  playAudio(msg: Record<string, unknown>, ignore: Ignore): void {
    const media = (msg.media ?? {}) as Record<string, unknown>;
    const contentType = typeof media.contentType === 'string' ? media.contentType : '';
    const sampleRate = Number(media.sampleRate);
    if (!isPlayableFormat(contentType, sampleRate)) {
      ignore('playAudio', `unsupported format ${contentType || '(none)'} @ ${String(media.sampleRate)}`);
      return;
    }
    const payload =
      typeof media.payload === 'string' ? Buffer.from(media.payload, 'base64') : Buffer.alloc(0);
    if (payload.length === 0) {
      ignore('playAudio', 'empty or missing payload');
      return;
    }
    if (contentType.startsWith('audio/x-l16') && payload.length % 2 !== 0) {
      ignore('playAudio', 'L16 payload has an odd number of bytes');
      return;
    }
    const durationMs = durationMsOf(payload.length, contentType, sampleRate);
    this.owner.rec.push('stream_play_audio', {
      streamId: this.owner.streamId(),
      bytes: payload.length,
      durationMs,
      contentType,
      sampleRate,
    });
    this.queue.push({ kind: 'audio', bytes: payload.length, durationMs });
    this.advance();
  }

  checkpoint(msg: Record<string, unknown>, ignore: Ignore): void {
    if (typeof msg.name !== 'string' || msg.name === '') {
      ignore('checkpoint', 'missing name');
      return;
    }
    this.owner.rec.push('stream_checkpoint', { streamId: this.owner.streamId(), name: msg.name });
    this.queue.push({ kind: 'checkpoint', name: msg.name });
    this.advance();
  }

  /** Plays queued audio in order; a checkpoint is acknowledged when everything before it has played. */
  private advance(): void {
    const { owner } = this;
    while (!this.playing && this.queue.length > 0 && !owner.isEnded()) {
      const head = this.queue[0]!;
      if (head.kind === 'checkpoint') {
        this.queue.shift();
        owner.send({ event: 'playedStream', name: head.name });
        owner.rec.push('stream_played', { streamId: owner.streamId(), name: head.name });
        owner.status('PlayedStream', { Name: head.name });
        continue;
      }
      this.playing = setTimeout(() => {
        this.playing = undefined;
        this.queue.shift();
        owner.rec.push('stream_audio_played', {
          streamId: owner.streamId(),
          bytes: head.bytes,
          durationMs: head.durationMs,
        });
        this.advance();
      }, head.durationMs * owner.timeScale());
    }
  }

  clear(): void {
    const { owner } = this;
    let droppedBytes = 0;
    const skippedCheckpoints: string[] = [];
    for (const item of this.queue) {
      if (item.kind === 'audio') droppedBytes += item.bytes;
      else skippedCheckpoints.push(item.name);
    }
    this.stop();
    owner.send({ event: 'clearedAudio', streamId: owner.streamId() });
    owner.rec.push('stream_cleared', { streamId: owner.streamId(), droppedBytes, skippedCheckpoints });
    owner.status('ClearedAudio', {});
  }

  /** Drops everything queued, without acknowledging anything. */
  stop(): void {
    if (this.playing) clearTimeout(this.playing);
    this.playing = undefined;
    this.queue.length = 0;
  }
}
