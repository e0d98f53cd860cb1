import { tokenize } from '../extract/text.js';
import type { Sentiment, SentimentPoint, Turn } from '../types.js';
import { scoreText, sentimentLabel } from './score.js';

export interface SentimentTrackerOptions {
  /** Weight of the newest caller turn in the moving average. Default 0.75. */
  alpha?: number;
  /** Trajectory points kept, always including the first, so the call's start stays visible. Default 50. */
  maxPoints?: number;
  /** Resume from a stored running score and trajectory. */
  score?: number;
  trajectory?: readonly SentimentPoint[];
}

/**
 * Running caller sentiment: an exponential moving average of per-turn lexicon scores, so a streak
 * of angry turns goes strongly negative while one grumble does not. Constant cost per turn.
 */
export class SentimentTracker {
  readonly #alpha: number;
  readonly #maxPoints: number;
  #score: number;
  #points: SentimentPoint[];

  constructor(options: SentimentTrackerOptions = {}) {
    // The label is read as "how the caller feels now": a heavier newest turn lets one outburst
    // after a calm start read as very upset, while a single grumble still stays above -0.6.
    this.#alpha = clamp(options.alpha ?? 0.75, 0.01, 1);
    this.#maxPoints = Math.max(2, Math.floor(options.maxPoints ?? 50));
    this.#score = options.score ?? 0;
    this.#points = [...(options.trajectory ?? [])];
  }

  /** Feeds a turn; only final caller turns with words move the score. Returns the running score. */
  add(turn: Turn): number {
    if (turn.role !== 'caller' || !turn.final) return this.#score;
    if (turn.sentiment === undefined && tokenize(turn.text).length === 0) return this.#score;
    const value = turn.sentiment ?? scoreText(turn.text);
    // A neutral turn (reading out an account number) is weak evidence that the caller calmed down,
    // so it pulls the average back toward zero at half the rate.
    const alpha = value === 0 ? this.#alpha / 2 : this.#alpha;
    this.#score = round(alpha * value + (1 - alpha) * this.#score);
    this.#points.push({ turnIndex: turn.index, at: turn.at, score: this.#score });
    if (this.#points.length > this.#maxPoints) this.#points.splice(1, 1);
    return this.#score;
  }

  get score(): number {
    return this.#score;
  }

  get label(): Sentiment {
    return sentimentLabel(this.#score);
  }

  /** A copy of the bounded trajectory. */
  get trajectory(): SentimentPoint[] {
    return [...this.#points];
  }

  reset(): void {
    this.#score = 0;
    this.#points = [];
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
