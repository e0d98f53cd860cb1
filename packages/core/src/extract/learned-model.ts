import { turnFeatures } from './learned-features.js';
import { isUnchanging } from './text.js';

/**
 * A linear classifier over the hashed features of one caller turn (`learned-features.ts`), with
 * weights learned offline from the labelled calls (`eval/train-classifier.ts`, L2-penalised
 * softmax regression, so a class's score is its log-odds up to a constant) and committed as data
 * (`learned-weights.ts`): nothing is trained or fetched at run time, and the same turn always gets
 * the same answer.
 */

/** The committed form of a model: small, diffable text rather than a binary blob. */
export interface LearnedModelData {
  /** Class names; the first is "none" (the turn does not say), the others are keys. */
  readonly classes: readonly string[];
  /** Integer weights are divided by this. */
  readonly scale: number;
  /**
   * `feature:class.weight,class.weight;…` with the feature hash (unsigned) and weights in base 36;
   * the bias feature is hash 0.
   */
  readonly weights: string;
}

export interface LearnedGuess {
  /** The best class, `undefined` for "none". */
  key: string | undefined;
  /** The best class's score minus the runner-up's: how sure the model is. */
  margin: number;
}

export class LearnedModel {
  readonly classes: readonly string[];
  /**
   * Open-addressing table from feature hash to its weights: `#slotKey` holds the hash, `#slotFirst`
   * and `#slotEnd` the feature's run of entries in `#classOf`/`#weight` (end 0 marks an empty slot).
   */
  readonly #slotKey: Int32Array;
  readonly #slotFirst: Int32Array;
  readonly #slotEnd: Int32Array;
  readonly #mask: number;
  readonly #classOf: Uint8Array;
  readonly #weight: Float64Array;
  readonly #bias: Float64Array;
  readonly #scores: Float64Array;
  #lastTokens: readonly string[] | undefined;
  #last: LearnedGuess | undefined;

  constructor(data: LearnedModelData) {
    this.classes = data.classes;
    const classOf: number[] = [];
    const weight: number[] = [];
    const runs: Array<[feature: number, first: number, end: number]> = [];
    this.#bias = new Float64Array(data.classes.length);
    for (const entry of data.weights.split(';')) {
      if (entry === '') continue;
      const [featureText, list] = entry.split(':') as [string, string];
      const feature = Number.parseInt(featureText, 36) | 0;
      const first = classOf.length;
      for (const pair of list.split(',')) {
        const [c, w] = pair.split('.') as [string, string];
        const value = Number.parseInt(w, 36) / data.scale;
        if (feature === 0) this.#bias[Number.parseInt(c, 36)] = value;
        else {
          classOf.push(Number.parseInt(c, 36));
          weight.push(value);
        }
      }
      if (feature !== 0) runs.push([feature, first, classOf.length]);
    }
    let size = 16;
    while (size < runs.length * 2) size *= 2;
    this.#mask = size - 1;
    this.#slotKey = new Int32Array(size);
    this.#slotFirst = new Int32Array(size);
    this.#slotEnd = new Int32Array(size);
    for (const [feature, first, end] of runs) {
      let slot = feature & this.#mask;
      while (this.#slotEnd[slot] !== 0) slot = (slot + 1) & this.#mask;
      this.#slotKey[slot] = feature;
      this.#slotFirst[slot] = first;
      this.#slotEnd[slot] = end;
    }
    this.#classOf = Uint8Array.from(classOf);
    this.#weight = Float64Array.from(weight);
    this.#scores = new Float64Array(data.classes.length);
  }

  /** The class `tokens` (`clauseTokens` of one folded turn) most support, and by how much. */
  guess(tokens: readonly string[]): LearnedGuess {
    // The extractor asks once per turn per model; the shared frozen tokens make a repeat free.
    if (tokens === this.#lastTokens && this.#last !== undefined) return this.#last;
    const result = this.#pick(this.#score(tokens), undefined);
    if (tokens === this.#lastTokens) this.#last = result;
    return result;
  }

  /**
   * Like `guess`, but choosing only among the classes `allowed` marks (by class index; "none" is
   * always a candidate): the issue types an intent already established can have.
   */
  guessAmong(tokens: readonly string[], allowed: Uint8Array): LearnedGuess {
    return this.#pick(this.#score(tokens), allowed);
  }

  #score(tokens: readonly string[]): Float64Array {
    const scores = this.#scores;
    if (tokens === this.#lastTokens) return scores;
    scores.set(this.#bias);
    const { features, count } = turnFeatures(tokens);
    const mask = this.#mask;
    for (let i = 0; i < count; i++) {
      const feature = features[i]!;
      let slot = feature & mask;
      let end = this.#slotEnd[slot]!;
      while (end !== 0 && this.#slotKey[slot] !== feature) {
        slot = (slot + 1) & mask;
        end = this.#slotEnd[slot]!;
      }
      for (let e = this.#slotFirst[slot]!; e < end; e++) scores[this.#classOf[e]!]! += this.#weight[e]!;
    }
    this.#lastTokens = isUnchanging(tokens) ? tokens : undefined;
    this.#last = undefined;
    return scores;
  }

  #pick(scores: Float64Array, allowed: Uint8Array | undefined): LearnedGuess {
    let best = 0;
    let second = -1;
    for (let c = 1; c < scores.length; c++) {
      if (allowed !== undefined && allowed[c] !== 1) continue;
      if (scores[c]! > scores[best]!) {
        second = best;
        best = c;
      } else if (second === -1 || scores[c]! > scores[second]!) second = c;
    }
    return {
      key: best === 0 ? undefined : this.classes[best],
      margin: second === -1 ? 0 : scores[best]! - scores[second]!,
    };
  }

  /** The index of class `key`, or -1. */
  classIndex(key: string): number {
    return this.classes.indexOf(key);
  }
}

/** Packs trained weights (`weights[feature][class]`, already pruned) into `LearnedModelData`. */
export function packModel(
  classes: readonly string[],
  weights: ReadonlyMap<number, ReadonlyMap<number, number>>,
  scale: number,
): LearnedModelData {
  const features = [...weights.keys()].sort((a, b) => (a >>> 0) - (b >>> 0));
  const parts: string[] = [];
  for (const feature of features) {
    const row = weights.get(feature)!;
    const cells = [...row.entries()]
      .sort(([a], [b]) => a - b)
      .map(([c, w]) => `${c.toString(36)}.${Math.round(w * scale).toString(36)}`)
      .filter((cell) => !cell.endsWith('.0'));
    if (cells.length > 0) parts.push(`${(feature >>> 0).toString(36)}:${cells.join(',')}`);
  }
  return { classes, scale, weights: parts.join(';') };
}
