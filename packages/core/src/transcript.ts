import { lastFew } from './extract/text.js';
import type { Role, Turn, TurnInput } from './types.js';

/**
 * Every transcript's turns until its first: one array shared by every call, never written (`add`
 * replaces it first). Not frozen: V8 in Node 20 reads frozen arrays on slower paths.
 */
const NONE_YET: Turn[] = [];
/** The same, for readers of a call that has no transcript yet. */
export const NO_TURNS: readonly Turn[] = NONE_YET;

/** Two finals of the same role and text this close together are one utterance delivered twice. */
const DUPLICATE_WINDOW_MS = 3_000;
/** How far back a duplicate is looked for; platforms re-deliver recent events, not old ones. */
const DUPLICATE_LOOKBACK = 8;

export type AddOutcome =
  | { kind: 'appended'; turn: Turn }
  | { kind: 'inserted'; turn: Turn }
  | { kind: 'replaced'; turn: Turn }
  /** A final delivered again with an ASR confidence it did not have (or a new one): only that changed. */
  | { kind: 'rescored'; turn: Turn }
  | { kind: 'interim'; turn: Turn }
  | { kind: 'duplicate'; turn: Turn }
  | { kind: 'empty' };

/**
 * The call's transcript: finals in time order, plus at most one pending interim per speaker
 * (or per platform item id). Appending in order is O(1); a late final is inserted at its place
 * by walking back from the end, which is cheap because late turns are late by seconds, not hours.
 */
export class Transcript {
  /** One shared empty array until the first final: a call attached and not yet talking keeps no array of its own. */
  #turns: Turn[] = NONE_YET;
  // Only some platforms send item ids or interims: the maps come with the first that needs them.
  #bySource: Map<string, Turn> | undefined;
  #interims: Map<string, Turn> | undefined;
  /** A final with a NaN time was kept: its place in time order is arbitrary. */
  #unordered = false;

  get turns(): readonly Turn[] {
    return this.#turns;
  }

  get length(): number {
    return this.#turns.length;
  }

  /** Interims not yet finalised, oldest first: kept so a transfer mid-utterance loses nothing. */
  get pendingInterims(): Turn[] {
    return this.#interims === undefined ? [] : [...this.#interims.values()].sort((a, b) => a.at - b.at);
  }

  add(input: TurnInput, now: number): AddOutcome {
    const text = normaliseSpace(input.text);
    if (text === '') return { kind: 'empty' };
    const final = input.final !== false;
    const at = input.at ?? now;
    if (!final) {
      const interimKey = input.sourceId ?? `role:${input.role}`;
      // The utterance began with its first interim; later revisions must not move its start.
      this.#interims ??= new Map();
      const interims = this.#interims;
      const previous = interims.get(interimKey);
      const turn = makeTurn(input, text, input.at ?? previous?.at ?? at, -1, false);
      // An interim revises the previous interim of the same utterance: merged, never appended.
      interims.set(interimKey, turn);
      return { kind: 'interim', turn };
    }

    let pending: Turn | undefined;
    if (this.#interims !== undefined) {
      const interimKey = input.sourceId ?? `role:${input.role}`;
      pending = this.#interims.get(interimKey);
      this.#interims.delete(interimKey);
    }
    // The utterance started when its first interim did, even if the final is stamped later.
    const startedAt = input.at ?? pending?.at ?? at;

    if (input.sourceId !== undefined) {
      const existing = this.#bySource?.get(input.sourceId);
      if (existing) {
        if (existing.text === text) return rescore(existing, input) ?? { kind: 'duplicate', turn: existing };
        // Same item delivered again with corrected text: the newest final wins, in place.
        existing.text = text;
        if (input.confidence !== undefined) existing.confidence = input.confidence;
        if (input.endAt !== undefined) existing.endAt = input.endAt;
        return { kind: 'replaced', turn: existing };
      }
    }

    const duplicate = this.#findDuplicate(input.role, text, startedAt);
    if (duplicate) return rescore(duplicate, input) ?? { kind: 'duplicate', turn: duplicate };

    const turn = makeTurn(input, text, startedAt, 0, true);
    if (Number.isNaN(startedAt)) this.#unordered = true;
    if (this.#turns === NONE_YET) this.#turns = [];
    const position = this.#insertPosition(startedAt);
    if (position === this.#turns.length) {
      turn.index = this.#turns.length;
      this.#turns.push(turn);
      this.#index(turn);
      return { kind: 'appended', turn };
    }
    this.#turns.splice(position, 0, turn);
    for (let i = position; i < this.#turns.length; i++) this.#turns[i]!.index = i;
    this.#index(turn);
    return { kind: 'inserted', turn };
  }

  last(role?: Role): Turn | undefined {
    for (let i = this.#turns.length - 1; i >= 0; i--) {
      const turn = this.#turns[i]!;
      if (role === undefined || turn.role === role) return turn;
    }
    return undefined;
  }

  #index(turn: Turn): void {
    if (turn.sourceId === undefined) return;
    this.#bySource ??= new Map();
    this.#bySource.set(turn.sourceId, turn);
  }

  #insertPosition(at: number): number {
    let i = this.#turns.length;
    // Equal timestamps keep arrival order, so `>` and not `>=`.
    while (i > 0 && this.#turns[i - 1]!.at > at) i--;
    return i;
  }

  #findDuplicate(role: Role, text: string, at: number): Turn | undefined {
    // Most turns have no recent turn of the same speaker with the same words: the exact text
    // settles it, and the folded key is worked out only for a candidate that differs in form.
    let key: string | undefined;
    const stop = Math.max(0, this.#turns.length - DUPLICATE_LOOKBACK);
    for (let i = this.#turns.length - 1; i >= stop; i--) {
      const turn = this.#turns[i]!;
      // Turns are kept in time order (a NaN time, which compares with nothing, aside): the ones
      // before a turn too old to be the same utterance are older still.
      if (at - turn.at > DUPLICATE_WINDOW_MS && !this.#unordered) break;
      if (turn.role !== role || Math.abs(turn.at - at) > DUPLICATE_WINDOW_MS) continue;
      if (turn.text === text) return turn;
      // Texts whose keys cannot be equal are told apart without building either key.
      if (keysDiffer(text, turn.text)) continue;
      key ??= comparable(text);
      if (comparable(turn.text) === key) return turn;
    }
    return undefined;
  }
}

/**
 * Some platforms score a turn only when they commit it, after its final went out (LiveKit's user
 * message carries the turn's `transcriptConfidence`; its STT finals carry none): the same final
 * again with a confidence updates the turn it repeats instead of being dropped as a copy.
 */
function rescore(turn: Turn, input: TurnInput): AddOutcome | undefined {
  if (input.confidence === undefined || input.confidence === turn.confidence) return undefined;
  turn.confidence = input.confidence;
  return { kind: 'rescored', turn };
}

function makeTurn(input: TurnInput, text: string, at: number, index: number, final: boolean): Turn {
  // Most turns carry a confidence and nothing else optional: one literal with room for it, rather
  // than five fields and a sixth added later (which moves the object to a larger shape and gives
  // it an out-of-object property store). The keys come in the same order either way.
  if (input.endAt === undefined && input.sourceId === undefined && input.interrupted === undefined) {
    const confidence = input.confidence;
    if (confidence === undefined) return { index, role: input.role, text, at, final };
    return { index, role: input.role, text, at, final, confidence };
  }
  const turn: Turn = { index, role: input.role, text, at, final };
  if (input.endAt !== undefined) turn.endAt = input.endAt;
  if (input.confidence !== undefined) turn.confidence = input.confidence;
  if (input.sourceId !== undefined) turn.sourceId = input.sourceId;
  if (input.interrupted !== undefined) turn.interrupted = input.interrupted;
  return turn;
}

// Single spaces between words, none at the ends: most turns arrive like that already, and the
// replace below would still rebuild them (every single space matches `\s+`).
const UNTIDY_SPACE = /\s\s|[^\S ]|^ | $/u;

/** `UNTIDY_SPACE.test(text)` by a scan for ASCII text, which most turns are. */
function untidy(text: string): boolean {
  const n = text.length;
  if (n > 0 && (text.charCodeAt(0) === 0x20 || text.charCodeAt(n - 1) === 0x20)) return true;
  let afterSpace = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return UNTIDY_SPACE.test(text);
    if (c === 0x20) {
      if (afterSpace) return true;
      afterSpace = true;
    } else if (c >= 0x09 && c <= 0x0d) return true;
    else afterSpace = false;
  }
  return false;
}

function normaliseSpace(text: string): string {
  if (!untidy(text)) return text;
  return text.replace(/\s+/gu, ' ').trim();
}

// A duplicate check compares the new turn with the recent ones of the same speaker, which were new
// turns themselves a moment ago: remembering the last few keys saves recomputing them.
const comparable = lastFew(comparableOnce, 8);

/**
 * Whether the `comparable` keys of two texts surely differ, read from their starts without building
 * either: the characters each key keeps other than spaces (ASCII lower-cased; punctuation and
 * whitespace are what the key drops or turns into single spaces) are compared in step until they
 * differ, which for two different utterances is mostly within the first few. `false` means "not
 * known" (the keys must be compared): the texts agree throughout, or a character beyond ASCII comes
 * first (lower-casing it may depend on the locale or change its length).
 */
function keysDiffer(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  for (;;) {
    i = nextKept(a, i);
    j = nextKept(b, j);
    if (i === -1 || j === -1) return false;
    const aEnded = i === a.length;
    const bEnded = j === b.length;
    if (aEnded || bEnded) return aEnded !== bEnded;
    const x = a.charCodeAt(i++);
    const y = b.charCodeAt(j++);
    if (x !== y && lowerAscii(x) !== lowerAscii(y)) return true;
  }
}

/** Where the next character of `s` from `i` that a key keeps is: `s.length` at the end, -1 at one beyond ASCII. */
function nextKept(s: string, i: number): number {
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7e) return -1;
    if (!DROPPED[c]) return i;
  }
  return i;
}

function lowerAscii(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
}

/** The ASCII characters `[\p{P}\s]` matches (the key replaces them with spaces, then trims). */
const DROPPED: readonly boolean[] = Array.from({ length: 0x7f }, (_, c) =>
  /[\p{P}\s]/u.test(String.fromCharCode(c)),
);

function comparableOnce(text: string): string {
  return text
    .toLocaleLowerCase()
    .replace(/[\p{P}\s]+/gu, ' ')
    .trim();
}
