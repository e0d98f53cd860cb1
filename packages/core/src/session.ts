import { z } from 'zod';
import { HandoffError } from './errors.js';
import { extractFacts } from './extract/index.js';
import { truncateText } from './extract/text.js';
import type { HandoffOptions, HandoffResult } from './handoff-types.js';
import { SentimentTracker, sentimentLabel } from './sentiment/index.js';
import { limitWords, spokenWordCount } from './summary/fit.js';
import { RollingSummary } from './summary/index.js';
import type { TransferArgs } from './tool.js';
import { Transcript } from './transcript.js';
import { RuleEngine } from './triggers/index.js';
import type { Extracted, Firing, HandoffContext, Summary, Turn, TurnInput, Urgency } from './types.js';

export interface SessionInit {
  callId: string;
  from?: string;
  to?: string;
  platform: string;
  platformCallId?: string;
}

/** Refuses a start without the two things every session is keyed and labelled by. */
export function assertSessionInit(init: SessionInit): void {
  if (!init || typeof init.callId !== 'string' || init.callId.trim() === '') {
    throw new HandoffError('invalid_arguments', 'startSession needs a non-empty `callId`');
  }
  if (typeof init.platform !== 'string' || init.platform === '') {
    throw new HandoffError('invalid_arguments', 'startSession needs `platform` (e.g. "livekit", "vobiz")');
  }
}

const turnInputSchema = z.object({
  role: z.enum(['caller', 'agent', 'tool', 'system']),
  text: z.string().max(20_000),
  at: z.number().finite().nonnegative().optional(),
  endAt: z.number().finite().nonnegative().optional(),
  confidence: z.number().min(0).max(1).optional(),
  final: z.boolean().optional(),
  sourceId: z.string().max(256).optional(),
  interrupted: z.boolean().optional(),
});

/** What the trigger of a handoff was, as the session records it. */
export interface TriggerInfo {
  kind: 'tool' | 'rule' | 'api';
  firing?: Firing;
  at?: number;
}

export interface TransferOptions {
  trigger?: TriggerInfo;
  /**
   * Runs after the context is persisted and the destination chosen, before the carrier is asked
   * to move the call: speak `result.sayToCaller` here and resolve when it has played.
   */
  beforeTransfer?: (result: HandoffResult) => Promise<void> | void;
  /** Longest wait for `beforeTransfer`, so a lost playout event never strands the caller. */
  beforeTransferTimeoutMs?: number;
}

/**
 * What a session needs from the handoff that made it, and nothing more: the session never sees
 * the handoff itself, so neither module imports the other's class.
 */
export interface SessionHost {
  now(): number;
  readonly options: Pick<HandoffOptions, 'triggers' | 'intents' | 'extract'>;
  /** Checks custom `fields` against the deployment's schema; throws `invalid_arguments`. */
  validateFields(fields: Record<string, unknown>): Record<string, unknown>;
  transfer(session: Session, args: unknown, options: TransferOptions): Promise<HandoffResult>;
  emitFiring(session: Session, firing: Firing): void;
  /** The session ended: drop it from the registry (only if it is still this one). */
  forget(session: Session): void;
  reportError(error: unknown, where: string): void;
}

/**
 * One call's conversation as the core sees it. Per-turn work is bounded (rules look at a short
 * tail, the summary and sentiment are incremental), so turn 10,000 costs what turn 10 does.
 */
export class Session<F extends Record<string, unknown> = Record<string, unknown>> {
  readonly callId: string;
  readonly platform: string;
  readonly from?: string;
  readonly to?: string;
  readonly platformCallId?: string;
  readonly startedAt: number;

  readonly #host: SessionHost;
  readonly #transcript = new Transcript();
  readonly #rules: RuleEngine;
  readonly #sentiment = new SentimentTracker();
  readonly #summary = new RollingSummary();
  readonly #firings: Firing[] = [];
  #extracted: Extracted<F> = { customer: {}, fields: {}, sentimentTrajectory: [] };
  #agentSummary?: string;
  #ended = false;

  constructor(host: SessionHost, init: SessionInit) {
    this.#host = host;
    this.callId = init.callId;
    this.platform = init.platform;
    if (init.from !== undefined) this.from = init.from;
    if (init.to !== undefined) this.to = init.to;
    if (init.platformCallId !== undefined) this.platformCallId = init.platformCallId;
    this.startedAt = host.now();
    this.#rules = new RuleEngine(host.options.triggers ?? []);
  }

  get turns(): readonly Turn[] {
    return this.#transcript.turns;
  }

  get firings(): readonly Firing[] {
    return this.#firings;
  }

  get extracted(): Readonly<Extracted<F>> {
    return this.#extracted;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /**
   * The rolling extractive summary, unless the agent (the LLM in its tool call, or the platform)
   * wrote one: then its words lead, and the extractive facts follow in the full text.
   */
  summary(): Summary {
    const summary = this.#summary.get();
    const agent = this.#agentSummary;
    if (!agent) return summary;
    const firstSentence = /^.*?[.!?](?=\s|$)/u.exec(agent)?.[0] ?? agent;
    return {
      oneLine: truncateText(firstSentence, 120),
      spoken: limitWords(agent, 40, spokenWordCount),
      full: summary.full ? `${agent}\n\n${summary.full}` : agent,
      source: 'agent',
      updatedAt: this.#host.now(),
    };
  }

  /**
   * Adds a turn and evaluates the trigger rules. Returns the firing that matters most, if any: a
   * `transfer` firing before a `suggest` one. Interims are merged, duplicates dropped. A session
   * only records firings; a call joined with `handoff.attachCall` acts on them.
   */
  addTurn(input: TurnInput): Firing | undefined {
    const parsed = turnInputSchema.safeParse(input);
    if (!parsed.success) {
      throw new HandoffError(
        'invalid_arguments',
        `Invalid turn: ${parsed.error.issues[0]?.message ?? 'bad input'}`,
        {
          issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        },
      );
    }
    const outcome = this.#transcript.add(parsed.data as TurnInput, this.#host.now());
    if (outcome.kind !== 'appended' && outcome.kind !== 'inserted') return undefined;
    const turn = outcome.turn;
    if (turn.role === 'caller') {
      this.#sentiment.add(turn);
      this.#mergeExtracted(
        extractFacts(turn, this.#extracted as Extracted, { intents: this.#host.options.intents }),
      );
      const custom = this.#host.options.extract?.(turn, this.#extracted as Extracted);
      if (custom) this.#mergeExtracted({ fields: custom as Partial<F> });
    }
    this.#summary.add(turn, this.#extracted as Extracted);
    return this.#evaluate(turn);
  }

  /**
   * Merges facts the platform or the LLM gathered (custom `fields` validated against the
   * deployment's schema) and re-evaluates rules, so a `when()` rule fires the moment a fact lands.
   */
  update(facts: {
    fields?: Partial<F>;
    customer?: { name?: string; accountNumber?: string; verified?: boolean };
    intent?: string;
    issueType?: string;
    language?: string;
    summary?: string;
  }): Firing | undefined {
    const patch: Partial<Extracted<F>> = {};
    if (facts.fields) patch.fields = this.#host.validateFields(facts.fields) as Partial<F>;
    if (facts.customer) patch.customer = facts.customer;
    if (facts.intent !== undefined) patch.intent = facts.intent;
    if (facts.issueType !== undefined) patch.issueType = facts.issueType;
    if (facts.language !== undefined) patch.language = facts.language;
    if (facts.summary !== undefined && facts.summary.trim() !== '') this.#agentSummary = facts.summary.trim();
    this.#mergeExtracted(patch);
    return this.#evaluate(this.#transcript.last());
  }

  /**
   * Builds the `handoff.context.v1` packet for the current state of the call. Without a
   * `trigger`, the latest rule firing (if any) is taken as the cause.
   */
  context(handoffId = 'pending', trigger?: HandoffContext['trigger']): HandoffContext<F> {
    const transcript = [...this.#transcript.turns, ...this.#transcript.pendingInterims].map((turn) => {
      const entry: HandoffContext['transcript'][number] = { role: turn.role, text: turn.text, at: turn.at };
      if (turn.endAt !== undefined) entry.endAt = turn.endAt;
      if (turn.confidence !== undefined) entry.confidence = turn.confidence;
      return entry;
    });
    const extracted: Extracted<F> = {
      ...structuredClone(this.#extracted),
      sentimentScore: round(this.#sentiment.score),
      sentiment: sentimentLabel(this.#sentiment.score),
      sentimentTrajectory: this.#sentiment.trajectory.map((p) => ({ ...p, score: round(p.score) })),
    };
    const firing = this.#firings.at(-1);
    const call: HandoffContext['call'] = {
      callId: this.callId,
      platform: this.platform,
      startedAt: this.startedAt,
    };
    if (this.platformCallId !== undefined) call.platformCallId = this.platformCallId;
    if (this.from !== undefined) call.from = this.from;
    if (this.to !== undefined) call.to = this.to;
    const context: HandoffContext<F> = {
      schema: 'handoff.context.v1',
      handoffId,
      call,
      trigger:
        trigger ??
        describeTrigger(
          firing ? 'rule' : 'tool',
          firing?.reason ?? firing?.kind ?? 'requested',
          undefined,
          firing,
        ),
      summary: this.summary(),
      extracted,
      transcript,
      attempts: this.#summary.attempts(),
      status: 'requested',
      dialAttempts: [],
      timings: {},
    };
    return context;
  }

  /**
   * Hands the call to a human. Validates, persists the context before any side effect, routes,
   * runs `beforeTransfer` (the farewell), then asks the carrier to move the call. A second call
   * while a handoff is live returns the same `handoffId` and never transfers twice.
   */
  transfer(args: TransferArgs | unknown, options: TransferOptions = {}) {
    return this.#host.transfer(this, args, options);
  }

  /** Applies validated tool arguments to what the session knows, so the packet carries them. */
  applyArgs(args: TransferArgs): void {
    const patch: Partial<Extracted<F>> = {};
    if (args.fields) patch.fields = args.fields as Partial<F>;
    if (args.customer) patch.customer = args.customer;
    if (args.intent !== undefined) patch.intent = args.intent;
    this.#mergeExtracted(patch);
    if (args.summary !== undefined && args.summary.trim() !== '') this.#agentSummary = args.summary.trim();
  }

  /** Marks the session over; the call's handoff, if any, lives on in the store. */
  end(): void {
    this.#ended = true;
    this.#host.forget(this);
  }

  #evaluate(turn: Turn | undefined): Firing | undefined {
    const firings = this.#rules.evaluate(
      {
        turn,
        turns: this.#transcript.turns,
        extracted: this.#extracted as Extracted,
        sentimentScore: this.#sentiment.score,
        ...(this.#extracted.language === undefined ? {} : { language: this.#extracted.language }),
      },
      this.#host.now(),
    );
    if (firings.length === 0) return undefined;
    this.#firings.push(...firings);
    const chosen = firings.find((f) => f.action === 'transfer') ?? firings[0]!;
    this.#host.emitFiring(this, chosen);
    return chosen;
  }

  #mergeExtracted(patch: Partial<Extracted<F>>): void {
    const current = this.#extracted;
    const next: Extracted<F> = {
      ...current,
      ...definedOnly(patch),
      customer: { ...current.customer, ...definedOnly(patch.customer ?? {}) },
      fields: { ...current.fields, ...definedOnly(patch.fields ?? {}) },
      sentimentTrajectory: current.sentimentTrajectory,
    };
    this.#extracted = next;
  }
}

/** The packet's `trigger`: what started the handoff, and for a rule, where and on which words. */
export function describeTrigger(
  kind: HandoffContext['trigger']['kind'],
  reason: string,
  urgency: Urgency | undefined,
  firing: Firing | undefined,
): HandoffContext['trigger'] {
  const trigger: HandoffContext['trigger'] = {
    kind,
    reason,
    urgency: urgency ?? firing?.urgency ?? 'normal',
  };
  if (firing) {
    trigger.rule = firing.ruleId;
    trigger.evidence = firing.evidence;
    trigger.turnIndex = firing.turnIndex;
  }
  return trigger;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
