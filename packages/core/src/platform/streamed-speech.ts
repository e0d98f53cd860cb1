import type { TurnInput } from '../types.js';

/**
 * The timing of a speech-to-speech call whose audio is streamed to the caller in real time and
 * whose transcripts arrive after the fact, keyed by the platform's item id (OpenAI Realtime, and
 * any model like it): when each turn started, what the caller heard of a reply they talked over,
 * and which turns were cut off. The platform translates its events into these calls.
 *
 * A bridge keeps one per call for as long as the call lasts, so the reply on the line is held in
 * fields of its own rather than in an object and a map entry, and the map of other turns waiting
 * for their transcript is made when a second one first waits (a call that only plays audio never
 * makes it).
 */
/**
 * The reply on the line keeps its times less this: a time of day in ms is no small integer, so a
 * field holding one gets a heap number of its own (16 bytes each, two a call that has spoken); ms
 * since the process loaded are small integers for its first 24 days (a boxed number after: the
 * same answers).
 */
const EPOCH = Date.now();

/**
 * `n` as a small integer when it is one: arithmetic on heap numbers gives a heap number even for
 * an integral result (unoptimized code does not check), while `Math.floor` answers a small
 * integer whenever it fits.
 */
function asSmall(n: number): number {
  const floor = Math.floor(n);
  return floor === n ? floor : n;
}

export class StreamedSpeech {
  /**
   * Transcripts carry no time: a turn is stamped when its speech started or its audio first
   * played. Every turn waiting for its transcript, but the reply on the line (`#playingAt`).
   */
  #startedAt: Map<string, number> | undefined;
  /** Replies the caller talked over; made only once they first do (most calls never need it). */
  #cut: Set<string> | undefined;
  /** The reply whose audio is on the line now, when its audio started (less EPOCH), and how much was sent. */
  #playing: string | undefined;
  #playingSince = 0;
  #sentMs = 0;
  /**
   * When that reply's turn started (less EPOCH), while its transcript is still to come;
   * `undefined` once taken.
   */
  #playingAt: number | undefined;

  /** `now`, for a clock other than `Date.now` (tests): kept on the object only then. */
  constructor(now?: () => number) {
    if (now !== undefined) this.now = now;
  }

  private now(): number {
    return Date.now();
  }

  /** The caller started speaking (item `id`). */
  spoke(id: string): void {
    this.wait(id, this.now(), true);
  }

  /** `ms` more of reply `id`'s audio went on the line. */
  played(id: string, ms: number): void {
    if (this.#playing !== id) {
      this.offLine();
      const now = this.now();
      this.#playing = id;
      this.#playingSince = asSmall(now - EPOCH);
      this.#sentMs = 0;
      // A reply back on the line after another keeps the start its first audio gave it.
      const earlier = this.#startedAt?.get(id);
      if (earlier !== undefined) this.#startedAt!.delete(id);
      this.#playingAt = asSmall((earlier ?? now) - EPOCH);
    }
    this.#sentMs += ms;
  }

  /**
   * The caller talked over the line: the reply still playing and how much of it they heard (no
   * more than was sent, nor than the time since it started), once; `undefined` when it has
   * played out already (it plays in real time from its first chunk) or nothing was playing.
   */
  cut(): { id: string; heardMs: number } | undefined {
    const id = this.#playing;
    if (id === undefined) return undefined;
    const elapsed = this.now() - EPOCH - this.#playingSince;
    const sentMs = this.#sentMs;
    if (elapsed >= sentMs) return undefined;
    this.offLine();
    this.#cut ??= new Set();
    this.#cut.add(id);
    return { id, heardMs: Math.max(0, Math.min(Math.round(sentMs), elapsed)) };
  }

  /** Item `id` will have no transcript (its transcription failed). */
  forget(id: string): void {
    this.#startedAt?.delete(id);
    if (this.#playing === id) this.#playingAt = undefined;
  }

  /** Item `id`'s transcript as the core's turn: stamped with its start, marked if it was cut off. */
  turn(role: 'caller' | 'agent', id: string, text: string): TurnInput {
    let at: number | undefined;
    if (this.#playing === id && this.#playingAt !== undefined) {
      at = this.#playingAt + EPOCH;
      this.#playingAt = undefined;
    } else {
      at = this.#startedAt?.get(id);
      this.#startedAt?.delete(id);
    }
    const interrupted = this.#cut?.delete(id) || undefined;
    return { role, text, at: at ?? this.now(), sourceId: id || undefined, interrupted };
  }

  /** The reply leaves the line; its turn, if its transcript is still to come, waits in the map. */
  private offLine(): void {
    const id = this.#playing;
    if (id !== undefined && this.#playingAt !== undefined) this.wait(id, this.#playingAt + EPOCH, false);
    this.#playing = undefined;
    this.#playingAt = undefined;
  }

  /** `replace`: a caller's new speech restamps its item; a reply keeps the start it had. */
  private wait(id: string, at: number, replace: boolean): void {
    this.#startedAt ??= new Map();
    if (replace || !this.#startedAt.has(id)) this.#startedAt.set(id, at);
  }
}
