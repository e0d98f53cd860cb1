import { isParticle, Lemmatizer, negationOrders, spellingLemma, withoutParticles } from './lemmas.js';
import { asksFor, NegationCache, paidFor } from './phrase-context.js';
import { clauseTokens, isUnchanging, tokenize } from './text.js';

/** Keys in priority order; a key may appear twice when some of its phrases rank higher than others. */
export type KeywordTiers = ReadonlyArray<readonly [key: string, phrases: readonly string[]]>;

/** Keys whose phrases a plain "no"/"nahi" cancels ("no fever", "बुखार नहीं है"), not only "I don't want". */
const SYMPTOM_KEYS = new Set(['medical', 'chest_pain', 'breathing_difficulty', 'fever']);
/** Keys callers threaten rather than ask for ("if it is not fixed I am porting out"): silent in a condition. */
const THREAT_KEYS = new Set(['cancellation']);
/** Keys whose words also name what a caller pays or uploads ("pay my bill"): silent there. */
const PAID_KEYS = new Set(['billing']);

/** Where a matched pattern counts: a key's phrase, or one part of an "a & b" rule. */
interface Target {
  key: number;
  /** For one part of an "a & b" rule: the rule's index (else -1) and which part this is. */
  rule: number;
  part: number;
}

/** A word pattern, matched once per position however many phrases and rules share it. */
interface Pattern {
  /** Runs of words, with up to `MAX_GAP` other words allowed between consecutive runs. */
  runs: ReadonlyArray<readonly string[]>;
  /** Evidence the phrase carries: its number of words, so "close my credit card" outweighs "card". */
  weight: number;
  targets: Target[];
}

/** The patterns that start with one word: on it alone, or on it and the word after. */
interface FirstWord {
  single: Pattern[] | undefined;
  bySecond: Map<string, Pattern[]> | undefined;
}

const MAX_GAP = 3;
/** Clause breaks in the token stream, so a phrase or a negation never reaches across "no, I want…". */
const BREAK = '|';

export interface Classified {
  key: string | undefined;
  score: number;
}
const NOTHING: Classified = Object.freeze({ key: undefined, score: 0 });

export interface ClassifierOptions {
  /**
   * How many leading tiers win whenever one of their phrases is said, in priority order, whatever
   * else the utterance says: a symptom makes the call medical even in a sentence about an
   * appointment. The other tiers are scored (the words of their phrases found), ties going to
   * priority. Default 0.
   */
  pinned?: number;
  /** A lemmatizer over a vocabulary that includes this map's words, shared with other classifiers. */
  lemmatizer?: Lemmatizer;
}

/**
 * A keyword map compiled once into an index from a phrase's first word to the phrases that start
 * with it, so classifying an utterance costs one pass over its words, whatever the number of phrases.
 * Words are matched by lemma (`lemmas.ts`): a phrase names "cancel" or "band kar" once and matches
 * "cancelled", "band karwa dijiye" and "band karo".
 */
export class KeywordClassifier {
  readonly #keys: readonly string[];
  readonly #symptom: readonly boolean[];
  readonly #threat: readonly boolean[];
  readonly #paid: readonly boolean[];
  readonly #pinned: readonly boolean[];
  /**
   * Patterns by their first word: those whose first run is that one word, and those whose first
   * run has two words or more by the second: "not" starts dozens of phrases ("not received", "not
   * working"…), and the next word rules out all but a few. One map, so a word that starts no
   * phrase (most words) costs one lookup.
   */
  readonly #byFirstWord = new Map<string, FirstWord>();
  readonly #lemmas: Lemmatizer;
  /**
   * `#byFirstWord` by the lemmatizer's number for the word (`Lemmatizer.idOf`): a turn's lemmas come
   * with their numbers, so each classifier finds a word's patterns by index, not by hashing it again.
   * Undefined when a first word has no number (a lemmatizer given without it): then the map is read.
   */
  readonly #byId: Array<FirstWord | undefined> | undefined;
  /** "a & b" rules (every part said somewhere in the utterance, any order): each rule's key and part count. */
  readonly #ruleKeys: number[] = [];
  readonly #ruleParts: number[] = [];
  /**
   * Scratch for one `#classify`, kept between calls rather than made per turn: each entry counts
   * only when its stamp is the current call's (`#stamp`), so nothing is cleared between calls and a
   * call that threw leaves nothing behind. Per key: score, words covered, denied; per rule: parts said.
   */
  #stamp = 0;
  #keyStamps: Int32Array = new Int32Array(0);
  #scores: Int32Array = new Int32Array(0);
  #covered: Int32Array = new Int32Array(0);
  #denied: Uint8Array = new Uint8Array(0);
  #ruleStamps: Int32Array = new Int32Array(0);
  #ruleBits: Int32Array = new Int32Array(0);

  constructor(
    map: Readonly<Record<string, readonly string[]>> | KeywordTiers,
    options: ClassifierOptions = {},
  ) {
    const tiers: KeywordTiers = Array.isArray(map) ? map : Object.entries(map);
    this.#keys = tiers.map(([key]) => key);
    this.#symptom = this.#keys.map((key) => SYMPTOM_KEYS.has(key));
    this.#threat = this.#keys.map((key) => THREAT_KEYS.has(key));
    this.#paid = this.#keys.map((key) => PAID_KEYS.has(key));
    this.#pinned = this.#keys.map((_, i) => i < (options.pinned ?? 0));
    // phrase → parts (all needed, "&") → alternatives ("|") → runs ("*") → words.
    const parsed = tiers.map(([, phrases]) =>
      phrases.map((phrase) =>
        phrase.split('&').map((part) =>
          part.split('|').flatMap((alt) => {
            const runs = alt.split('*').map((run) => phraseWords(run));
            return runs.length === 1 ? negationOrders(runs[0]!).map((run) => [run]) : [runs];
          }),
        ),
      ),
    );
    this.#lemmas = options.lemmatizer ?? new Lemmatizer(parsed.flat(5));
    const patterns = new Map<string, Pattern>();
    for (const [key, phrases] of parsed.entries()) {
      for (const parts of phrases) {
        const rule = parts.length > 1 ? this.#ruleKeys.push(key) - 1 : -1;
        if (rule !== -1) this.#ruleParts.push(parts.length);
        for (const [part, alternatives] of parts.entries()) {
          for (const alt of alternatives) {
            const runs = alt.map((run) => run.map((w) => this.#lemmas.canonical(w)));
            if (runs.some((run) => run.length === 0)) continue;
            const id = runs.map((run) => run.join(' ')).join(' * ');
            let pattern = patterns.get(id);
            if (!pattern) {
              pattern = { runs, weight: runs.reduce((n, run) => n + run.length, 0), targets: [] };
              patterns.set(id, pattern);
              this.#index(pattern);
            }
            pattern.targets.push({ key, rule, part });
          }
        }
      }
    }
    const byId = new Array<FirstWord | undefined>(this.#lemmas.size).fill(undefined);
    let complete = true;
    for (const [word, entry] of this.#byFirstWord) {
      const id = this.#lemmas.idOf(word);
      if (id === -1) complete = false;
      else byId[id] = entry;
    }
    this.#byId = complete ? byId : undefined;
    const keys = this.#keys.length;
    this.#keyStamps = new Int32Array(keys);
    this.#scores = new Int32Array(keys);
    this.#covered = new Int32Array(keys);
    this.#denied = new Uint8Array(keys);
    this.#ruleStamps = new Int32Array(this.#ruleKeys.length);
    this.#ruleBits = new Int32Array(this.#ruleKeys.length);
  }

  /** Makes key `key`'s scratch this call's (zeroed) if it was not yet. */
  #touch(key: number, stamp: number): void {
    if (this.#keyStamps[key] === stamp) return;
    this.#keyStamps[key] = stamp;
    this.#scores[key] = 0;
    this.#covered[key] = 0;
    this.#denied[key] = 0;
  }

  #index(pattern: Pattern): void {
    const [first, second] = pattern.runs[0]!;
    let entry = this.#byFirstWord.get(first!);
    if (!entry) {
      // Every entry has both fields from the start: one shape, so reading them per word stays monomorphic.
      entry = { single: undefined, bySecond: undefined };
      this.#byFirstWord.set(first!, entry);
    }
    if (second === undefined) {
      entry.single ??= [];
      entry.single.push(pattern);
      return;
    }
    entry.bySecond ??= new Map();
    const list = entry.bySecond.get(second) ?? [];
    list.push(pattern);
    entry.bySecond.set(second, list);
  }

  /** The key the folded text most supports, among phrases the caller did not negate. */
  classify(folded: string): string | undefined {
    return this.classifyTokens(clauseTokens(folded));
  }

  /** `classify` over `clauseTokens(text)` computed once and shared between classifiers. */
  classifyTokens(tokens: readonly string[]): string | undefined {
    return this.scoreTokens(tokens).key;
  }

  /**
   * The winning key and its evidence: how many of the caller's words spoke for it (a rule counts
   * its parts), `Infinity` for a pinned key.
   */
  scoreTokens(tokens: readonly string[]): Classified {
    // The extractor and the summary classify the same turn's (shared, frozen) tokens: answer the
    // second from the first. A frozen array cannot have changed since.
    if (tokens === this.#lastTokens) return this.#last;
    const result = this.#classify(tokens);
    if (isUnchanging(tokens)) {
      this.#lastTokens = tokens;
      this.#last = result;
    }
    return result;
  }

  #lastTokens: readonly string[] | undefined;
  #last: Classified = NOTHING;

  #classify(said: readonly string[]): Classified {
    const tokens = withoutParticles(said);
    const { lemmas, ids } = this.#lemmas.read(tokens, BREAK);
    const byId = this.#byId;
    // Stamps wrap long after any call could notice; 0 is what fresh arrays hold, so it is skipped.
    const stamp = this.#stamp === 0x7fffffff ? 1 : this.#stamp + 1;
    this.#stamp = stamp;
    if (stamp === 1) {
      this.#keyStamps.fill(0);
      this.#ruleStamps.fill(0);
    }
    const scores = this.#scores;
    // Words already counted for a key: overlapping phrases ("cancel", "cancel karna") count once.
    const covered = this.#covered;
    /** Tiers the caller turned down in this turn ("refund nahi chahiye"): they score nothing. */
    const denied = this.#denied;
    let scored = false;
    let negation: NegationCache | undefined;
    let pinned = Number.POSITIVE_INFINITY;
    for (let i = 0; i < tokens.length; i++) {
      const id = ids[i]!;
      const entry = byId === undefined ? this.#byFirstWord.get(lemmas[i]!) : id === -1 ? undefined : byId[id];
      if (entry === undefined) continue;
      const single = entry.single;
      const pair = i + 1 < lemmas.length ? entry.bySecond?.get(lemmas[i + 1]!) : undefined;
      for (let list = 0; list < 2; list++) {
        const candidates = list === 0 ? single : pair;
        if (!candidates) continue;
        for (let c = 0; c < candidates.length; c++) {
          const pattern = candidates[c]!;
          const end = matchAt(lemmas, i, pattern.runs);
          if (end === undefined) continue;
          // Negation differs only between symptom and other keys: worked out once each per match.
          let negated = -1;
          let symptomNegated = -1;
          const targets = pattern.targets;
          for (let t = 0; t < targets.length; t++) {
            const target = targets[t]!;
            const key = target.key;
            if (this.#pinned[key] && key >= pinned) continue;
            if (this.#symptom[key]) {
              if (symptomNegated === -1) {
                negation ??= new NegationCache(tokens);
                symptomNegated = negation.negated(i, end, true) ? 1 : 0;
              }
              if (symptomNegated === 1) continue;
            } else {
              if (negated === -1) {
                negation ??= new NegationCache(tokens);
                negated = negation.negated(i, end, false) ? 1 : 0;
                // "paise wapas nahi chahiye, ye wapas le jaiye": a wish turned down speaks against
                // its key for the whole turn, so its words said again elsewhere do not revive it.
                if (negated === 1 && negation.wishDenied(i, end)) negated = 2;
              }
              if (negated === 2 && !this.#pinned[key]) {
                this.#touch(key, stamp);
                denied[key] = 1;
              }
              if (negated !== 0) continue;
              if (this.#threat[key] && negation!.conditional(i)) continue;
              if (this.#paid[key] && paidFor(tokens, i, end)) continue;
            }
            const rule = target.rule;
            if (rule !== -1) {
              if (this.#ruleStamps[rule] !== stamp) {
                this.#ruleStamps[rule] = stamp;
                this.#ruleBits[rule] = 0;
              }
              const bits = this.#ruleBits[rule]! | (1 << target.part);
              this.#ruleBits[rule] = bits;
              if (bits !== 2 ** this.#ruleParts[rule]! - 1) continue;
              // Every part is now said: the rule counts once (-1 | part stays -1), as many words as parts.
              this.#ruleBits[rule] = -1;
            }
            if (this.#pinned[key]) pinned = key;
            else {
              this.#touch(key, stamp);
              scored = true;
              const fresh =
                rule !== -1
                  ? this.#ruleParts[rule]!
                  : Math.min(pattern.weight, end - Math.max(i, covered[key]!));
              if (fresh > 0) scores[key]! += fresh;
              // "I want a refund", "paise wapas chahiye": asked for, not only mentioned (once per key).
              if (covered[key] === 0 && asksFor(tokens, i, end)) scores[key]! += 1;
              covered[key] = Math.max(covered[key]!, end);
            }
          }
        }
      }
    }
    if (pinned !== Number.POSITIVE_INFINITY)
      return { key: this.#keys[pinned], score: Number.POSITIVE_INFINITY };
    if (!scored) return NOTHING;
    const stamps = this.#keyStamps;
    let best = -1;
    for (let k = 0; k < stamps.length; k++)
      if (
        stamps[k] === stamp &&
        scores[k]! > 0 &&
        denied[k] === 0 &&
        (best === -1 || scores[k]! > scores[best]!)
      )
        best = k;
    return best === -1 ? NOTHING : { key: this.#keys[best], score: scores[best]! };
  }

  /** Position of a key in priority order; unknown keys (set by an LLM or a tool) rank last. */
  rank(key: string | undefined): number {
    const i = key === undefined ? -1 : this.#keys.indexOf(key);
    return i === -1 ? Number.POSITIVE_INFINITY : i;
  }

  has(key: string): boolean {
    return this.#keys.includes(key);
  }
}

/** A phrase's words as utterances are matched: lemmas, emphatic particles dropped. */
function phraseWords(run: string): string[] {
  return tokenize(run)
    .map(spellingLemma)
    .filter((w) => !isParticle(w));
}

/** End index (exclusive) when `runs` match at `start`, within one clause. */
function matchAt(
  tokens: readonly string[],
  start: number,
  runs: ReadonlyArray<readonly string[]>,
): number | undefined {
  // Plain index loops: this runs for every candidate phrase at every word of every caller turn.
  let at = start;
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r]!;
    let found = -1;
    const lastStart = r === 0 ? at : Math.min(tokens.length - run.length, at + MAX_GAP);
    for (let from = at; from <= lastStart; from++) {
      if (from > at && tokens[from - 1] === BREAK) break;
      let k = 0;
      while (k < run.length && tokens[from + k] === run[k]) k++;
      if (k === run.length) {
        found = from;
        break;
      }
    }
    if (found === -1) return undefined;
    at = found + run.length;
  }
  return at;
}

/**
 * A deployment's phrases on top of the built-ins: phrases for a built-in key are added to it (it
 * keeps its place in the priority order); new keys come first, since a deployment that names its
 * own intent cares about it most.
 */
export function mergeKeywordMaps(
  defaults: Readonly<Record<string, readonly string[]>> | KeywordTiers,
  custom: Readonly<Record<string, readonly string[]>> | undefined,
): KeywordTiers {
  const tiers: KeywordTiers = Array.isArray(defaults) ? defaults : Object.entries(defaults);
  if (!custom) return tiers;
  const known = new Set(tiers.map(([key]) => key));
  const added = new Set<string>();
  const merged: Array<readonly [string, readonly string[]]> = Object.entries(custom).filter(
    ([key]) => !known.has(key),
  );
  for (const [key, phrases] of tiers) {
    // A deployment's phrases for a built-in key join its first (highest) tier.
    const extra = added.has(key) ? [] : (custom[key] ?? []);
    added.add(key);
    merged.push([key, [...phrases, ...extra]]);
  }
  return merged;
}
