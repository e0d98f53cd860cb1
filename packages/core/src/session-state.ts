import { type ExtractOptions, extractFacts } from './extract/index.js';
import { agentName, asksCallerName } from './extract/name-answer.js';
import { truncateText } from './extract/text.js';
import type { HandoffOptions } from './handoff-types.js';
import { SentimentTracker, sentimentLabel } from './sentiment/index.js';
import { limitWords, spokenWordCount } from './summary/fit.js';
import { RollingSummary } from './summary/index.js';
import { Transcript } from './transcript.js';
import { RuleEngine } from './triggers/index.js';
import type { Extracted, Firing, HandoffContext, RuleInput, Summary, Turn, TurnInput } from './types.js';

/** Who and what the call is: the first `start` in the log wins on every instance. */
export interface SessionStart {
  callId: string;
  platform: string;
  from?: string;
  to?: string;
  platformCallId?: string;
}

export interface FactsPatch {
  fields?: Record<string, unknown>;
  customer?: { name?: string; accountNumber?: string; verified?: boolean };
  intent?: string;
  issueType?: string;
  language?: string;
  summary?: string;
}

/**
 * One step of a call's session. `now` is fixed when the step happens, so an instance replaying
 * it later computes exactly what the first one did.
 */
export type SessionStep = { now: number } & (
  | { k: 'start'; start: SessionStart }
  | { k: 'turn'; turn: TurnInput }
  /** Facts from the platform or the LLM (`session.update`): rules run again. */
  | { k: 'facts'; facts: FactsPatch }
  /** The tool call's arguments, applied as the handoff starts: no rules. */
  | { k: 'args'; facts: FactsPatch }
);

/** A step as written to the log: `w` (the writer) and `s` (its sequence) make a copy recognisable. */
export type SessionEntry = SessionStep & { w: string; s: number };

export type SessionRules = Pick<HandoffOptions, 'triggers' | 'intents' | 'extract'>;

/**
 * A call's session as a fold over its log: applying the same entries in the same order gives
 * the same transcript, facts, sentiment, summary and firings on any instance. Per-entry work is
 * bounded (rules see a short tail, sentiment and summary are incremental), so turn 10,000 costs
 * what turn 10 does.
 */
export class SessionState<F extends Record<string, unknown> = Record<string, unknown>> {
  start: (SessionStart & { startedAt: number }) | undefined;
  readonly transcript = new Transcript();
  readonly #options: SessionRules;
  readonly #extractOptions: ExtractOptions;
  readonly #rules: RuleEngine;
  // Made with the first turn that needs them: a call attached and not yet talking keeps no more
  // than its transcript and rule engine, and most calls never fire a rule.
  #firings: Firing[] | undefined;
  #sentiment: SentimentTracker | undefined;
  #summary: RollingSummary | undefined;
  #extracted: Extracted<F> = NOTHING_EXTRACTED as Extracted<F>;
  #agentSummary: string | undefined;
  /** What the agent said that the caller's next turn is read against; made at the first agent turn. */
  #turnContext: { askedName: boolean; agentName: string | undefined } | undefined;

  constructor(options: SessionRules) {
    this.#options = options;
    this.#extractOptions = extractOptionsOf(options);
    this.#rules = new RuleEngine(options.triggers ?? []);
  }

  /** The caller's running sentiment score, which the rolling summary reads too (one tracker per call). */
  get sentimentScore(): number {
    return this.#sentiment?.score ?? 0;
  }

  get extracted(): Readonly<Extracted<F>> {
    return this.#extracted;
  }

  get firings(): readonly Firing[] {
    return this.#firings ?? NO_FIRINGS;
  }

  /** Applies one entry; returns the firing that matters most, if the entry made any. */
  apply(entry: SessionStep): Firing | undefined {
    switch (entry.k) {
      case 'start':
        this.start ??= startedFrom(entry.start, entry.now);
        return undefined;
      case 'turn':
        return this.#addTurn(entry.turn, entry.now);
      case 'facts':
        this.#merge(entry.facts);
        return this.#evaluate(this.transcript.last(), entry.now);
      case 'args':
        this.#merge(entry.facts);
        return undefined;
    }
  }

  #addTurn(input: TurnInput, now: number): Firing | undefined {
    const outcome = this.transcript.add(input, now);
    if (outcome.kind === 'rescored') return this.#evaluate(outcome.turn, now, true);
    if (outcome.kind !== 'appended' && outcome.kind !== 'inserted') return undefined;
    const turn = outcome.turn;
    if (turn.role === 'agent') {
      // One flag-free scan per agent turn (`asksCallerName`); agents give their own name in the
      // greeting, so only the first agent turn is read for it.
      if (this.#turnContext) this.#turnContext.askedName = asksCallerName(turn.text);
      else this.#turnContext = { askedName: asksCallerName(turn.text), agentName: agentName(turn.text) };
    }
    if (turn.role === 'caller') {
      this.#sentiment ??= new SentimentTracker();
      this.#sentiment.add(turn);
      const context = this.#turnContext;
      this.#mergeExtracted(extractFacts(turn, this.#extracted as Extracted, this.#extractOptions, context));
      if (context) context.askedName = false;
      const custom = this.#options.extract?.(turn, this.#extracted as Extracted);
      if (custom) this.#mergeExtracted({ fields: custom as Partial<F> });
    }
    this.#summary ??= new RollingSummary({ sentiment: this });
    this.#summary.add(turn, this.#extracted as Extracted);
    return this.#evaluate(turn, now);
  }

  #merge(facts: FactsPatch): void {
    const patch: Partial<Extracted<F>> = {};
    if (facts.fields) patch.fields = facts.fields as Partial<F>;
    if (facts.customer) patch.customer = facts.customer;
    if (facts.intent !== undefined) patch.intent = facts.intent;
    if (facts.issueType !== undefined) patch.issueType = facts.issueType;
    if (facts.language !== undefined) patch.language = facts.language;
    this.#mergeExtracted(patch);
    if (facts.summary !== undefined && facts.summary.trim() !== '') this.#agentSummary = facts.summary.trim();
  }

  /** Runs the rules on the session as it stands; after a late confidence, only the rules that read it. */
  #evaluate(turn: Turn | undefined, now: number, rescored = false): Firing | undefined {
    // Given away to the engine, which completes it into what the rules see.
    // One literal per shape (the language is known from a call's first caller turn on), not the
    // language added after: a map transition on every turn.
    const extracted = this.#extracted as Extracted;
    const language = extracted.language;
    const turns = this.transcript.turns;
    const sentimentScore = this.sentimentScore;
    const input: RuleInput =
      language === undefined
        ? { turn, turns, extracted, sentimentScore }
        : { turn, turns, extracted, sentimentScore, language };
    const firings = this.#rules.evaluateOwned(input, now, rescored);
    if (firings === undefined) return undefined;
    this.#firings ??= [];
    const all = this.#firings;
    let transfer: Firing | undefined;
    for (const firing of firings) {
      all.push(firing);
      if (transfer === undefined && firing.action === 'transfer') transfer = firing;
    }
    return transfer ?? firings[0];
  }

  #mergeExtracted(patch: Partial<Extracted<F>>): void {
    // Most turns find nothing new: keep the object rather than copy it unchanged.
    if (isEmpty(patch)) return;
    const current = this.#extracted;
    // The same object as `{ ...current, ...definedOnly(patch), customer: {…}, fields: {…} }`, key
    // for key and in the same order (the facts always have `customer`, `fields` and
    // `sentimentTrajectory`, so the patch adds its other keys after them), made without three
    // `definedOnly` copies and two new inner objects when the patch brings no customer or fields
    // (most turns: an amount, the intent). Facts objects are never written to once made, so an
    // inner object is shared with the facts before rather than copied unchanged.
    const next: Extracted<F> = { ...current };
    setDefined(next, patch);
    if (patch.customer !== undefined) next.customer = merged(current.customer, patch.customer);
    if (patch.fields !== undefined) next.fields = merged(current.fields, patch.fields);
    this.#extracted = next;
  }

  /**
   * The rolling extractive summary, unless the agent (the LLM in its tool call, or the platform)
   * wrote one: then its words lead, and the extractive facts follow in the full text.
   */
  summary(now: number): Summary {
    // The facts as they stand now: a tool call may have set the intent since the last turn.
    const summary = (this.#summary ?? new RollingSummary()).get(this.#extracted as Extracted);
    const agent = this.#agentSummary;
    if (!agent) return summary;
    const firstSentence = /^.*?[.!?](?=\s|$)/u.exec(agent)?.[0] ?? agent;
    return {
      oneLine: truncateText(firstSentence, 120),
      spoken: limitWords(agent, 40, spokenWordCount),
      full: summary.full ? `${agent}\n\n${summary.full}` : agent,
      source: 'agent',
      updatedAt: now,
    };
  }

  /** The packet for the session as it stands. */
  packet(
    handoffId: string,
    trigger: HandoffContext['trigger'],
    start: SessionStart & { startedAt: number },
    now: number,
  ): HandoffContext<F> {
    const transcript = [...this.transcript.turns, ...this.transcript.pendingInterims].map((turn) => {
      const entry: HandoffContext['transcript'][number] = { role: turn.role, text: turn.text, at: turn.at };
      if (turn.endAt !== undefined) entry.endAt = turn.endAt;
      if (turn.confidence !== undefined) entry.confidence = turn.confidence;
      return entry;
    });
    const score = this.sentimentScore;
    const extracted: Extracted<F> = {
      ...structuredClone(this.#extracted),
      sentimentScore: round(score),
      sentiment: sentimentLabel(score),
      sentimentTrajectory: (this.#sentiment?.trajectory ?? []).map((p) => ({ ...p, score: round(p.score) })),
    };
    const call: HandoffContext['call'] = {
      callId: start.callId,
      platform: start.platform,
      startedAt: start.startedAt,
    };
    if (start.platformCallId !== undefined) call.platformCallId = start.platformCallId;
    if (start.from !== undefined) call.from = start.from;
    if (start.to !== undefined) call.to = start.to;
    return {
      schema: 'handoff.context.v1',
      handoffId,
      call,
      trigger,
      summary: this.summary(now),
      extracted,
      transcript,
      attempts: this.#summary?.attempts() ?? [],
      status: 'requested',
      dialAttempts: [],
      timings: {},
    };
  }
}

/**
 * The call's start as one literal of a fixed shape: `{ ...start, startedAt }` gave every call a
 * hidden class of its own (~165 bytes kept per call). Absent fields stay `undefined`; everything
 * reads them by name.
 */
export function startedFrom(start: SessionStart, startedAt: number): SessionStart & { startedAt: number } {
  return {
    callId: start.callId,
    platform: start.platform,
    from: start.from,
    to: start.to,
    platformCallId: start.platformCallId,
    startedAt,
  };
}

/** Where every call's facts start: shared, and frozen so that no call can write into another's. */
export const NOTHING_EXTRACTED: Readonly<Extracted> = Object.freeze({
  customer: Object.freeze({}),
  fields: Object.freeze({}),
  // Frozen, so no call can push into every call's trajectory; the type says no more than empty.
  sentimentTrajectory: Object.freeze([]) as never[],
});

export const NO_FIRINGS: readonly Firing[] = Object.freeze([]);

/** The extractor's options, the same for every call of a deployment: made once per deployment. */
const extractOptionsCache = new WeakMap<SessionRules, ExtractOptions>();

function extractOptionsOf(options: SessionRules): ExtractOptions {
  let found = extractOptionsCache.get(options);
  if (!found) {
    found = options.intents === undefined ? {} : { intents: options.intents };
    extractOptionsCache.set(options, found);
  }
  return found;
}

/** `{ ...current, ...definedOnly(patch) }`, or `current` itself when the patch defines nothing. */
function merged<T extends object>(current: T, patch: Partial<T>): T {
  const defined = Object.keys(patch).some((k) => (patch as Record<string, unknown>)[k] !== undefined);
  return defined ? { ...current, ...definedOnly(patch) } : current;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  // A key loop, not `Object.entries`: no array of pairs for each merge.
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out as Partial<T>;
}

function isEmpty(value: object): boolean {
  for (const _ in value) return false;
  return true;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** `patch`'s defined values set on `to`, but for the facts' inner objects (merged, not replaced). */
function setDefined<T extends object>(to: T, patch: Partial<T>): void {
  for (const k in patch) {
    if (k === 'customer' || k === 'fields' || k === 'sentimentTrajectory') continue;
    const v = patch[k];
    if (v !== undefined) to[k] = v;
  }
}
