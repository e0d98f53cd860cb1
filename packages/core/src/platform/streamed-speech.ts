import type { TurnInput } from '../types.js';

/**
 * The timing of a speech-to-speech call whose audio is streamed to the caller in real time and
 * whose transcripts arrive after the fact, keyed by the platform's item id (OpenAI Realtime, and
 * any model like it): when each turn started, what the caller heard of a reply they talked over,
 * and which turns were cut off. The platform translates its events into these calls.
 */
export class StreamedSpeech {
  /** Transcripts carry no time: a turn is stamped when its speech started or its audio first played. */
  readonly #startedAt = new Map<string, number>();
  /** Replies the caller talked over; made only once they first do (most calls never need it). */
  #cut: Set<string> | undefined;
  /** The reply whose audio is on the line now. */
  #playing: { id: string; firstAt: number; sentMs: number } | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** The caller started speaking (item `id`). */
  spoke(id: string): void {
    this.#startedAt.set(id, this.now());
  }

  /** `ms` more of reply `id`'s audio went on the line. */
  played(id: string, ms: number): void {
    if (this.#playing?.id !== id) {
      this.#playing = { id, firstAt: this.now(), sentMs: 0 };
      if (!this.#startedAt.has(id)) this.#startedAt.set(id, this.now());
    }
    this.#playing.sentMs += ms;
  }

  /**
   * The caller talked over the line: the reply still playing and how much of it they heard (no
   * more than was sent, nor than the time since it started), once; `undefined` when it has
   * played out already (it plays in real time from its first chunk) or nothing was playing.
   */
  cut(): { id: string; heardMs: number } | undefined {
    const playing = this.#playing;
    const elapsed = playing ? this.now() - playing.firstAt : 0;
    if (!playing || elapsed >= playing.sentMs) return undefined;
    this.#playing = undefined;
    this.#cut ??= new Set();
    this.#cut.add(playing.id);
    return { id: playing.id, heardMs: Math.max(0, Math.min(Math.round(playing.sentMs), elapsed)) };
  }

  /** Item `id` will have no transcript (its transcription failed). */
  forget(id: string): void {
    this.#startedAt.delete(id);
  }

  /** Item `id`'s transcript as the core's turn: stamped with its start, marked if it was cut off. */
  turn(role: 'caller' | 'agent', id: string, text: string): TurnInput {
    const at = this.#startedAt.get(id) ?? this.now();
    this.#startedAt.delete(id);
    const interrupted = this.#cut?.delete(id) || undefined;
    return { role, text, at, sourceId: id || undefined, interrupted };
  }
}
