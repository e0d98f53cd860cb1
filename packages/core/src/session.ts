import { z } from 'zod/v4';
import { HandoffError } from './errors.js';
import type { HandoffResult } from './handoff-types.js';
import { type LinkHost, SessionLink } from './session-link.js';
import { FIRST_FREE_FLAG } from './session-log.js';
import {
  type FactsPatch,
  NO_FIRINGS,
  NOTHING_EXTRACTED,
  type SessionEntry,
  type SessionStart,
} from './session-state.js';
import type { TransferArgs } from './tool.js';
import { NO_TURNS } from './transcript.js';
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

export const turnInputSchema = z.object({
  role: z.enum(['caller', 'agent', 'tool', 'system']),
  text: z.string().max(20_000),
  at: z.number().finite().nonnegative().optional(),
  endAt: z.number().finite().nonnegative().optional(),
  confidence: z.number().min(0).max(1).optional(),
  final: z.boolean().optional(),
  sourceId: z.string().max(256).optional(),
  interrupted: z.boolean().optional(),
});

const ROLES: ReadonlySet<unknown> = new Set(turnInputSchema.shape.role.options);

/**
 * A copy of the turn with only the keys the schema knows, checked as the schema checks them:
 * written by hand because every turn of every call comes through here, and the schema costs
 * more than the rest of the checks put together. Anything it refuses goes to the schema, for
 * the same error it always gave.
 */
export function validTurn(input: TurnInput): TurnInput {
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    const { role, text, at, endAt, confidence, final, sourceId, interrupted } = input;
    if (
      ROLES.has(role) &&
      typeof text === 'string' &&
      text.length <= 20_000 &&
      (at === undefined || isTime(at)) &&
      (endAt === undefined || isTime(endAt)) &&
      (confidence === undefined || (typeof confidence === 'number' && confidence >= 0 && confidence <= 1)) &&
      (final === undefined || typeof final === 'boolean') &&
      (sourceId === undefined || (typeof sourceId === 'string' && sourceId.length <= 256)) &&
      (interrupted === undefined || typeof interrupted === 'boolean')
    ) {
      // The usual shapes as one literal each (same key order as the general case below): building
      // `{ role, text }` and adding a key at a time cost a map transition per key on every turn.
      if (endAt === undefined && final === undefined && sourceId === undefined && interrupted === undefined) {
        if (at === undefined) return confidence === undefined ? { role, text } : { role, text, confidence };
        return confidence === undefined ? { role, text, at } : { role, text, at, confidence };
      }
      const turn: TurnInput = { role, text };
      if (at !== undefined) turn.at = at;
      if (endAt !== undefined) turn.endAt = endAt;
      if (confidence !== undefined) turn.confidence = confidence;
      if (final !== undefined) turn.final = final;
      if (sourceId !== undefined) turn.sourceId = sourceId;
      if (interrupted !== undefined) turn.interrupted = interrupted;
      return turn;
    }
  }
  const parsed = turnInputSchema.safeParse(input);
  if (parsed.success) return parsed.data as TurnInput;
  throw new HandoffError(
    'invalid_arguments',
    `Invalid turn: ${parsed.error.issues[0]?.message ?? 'bad input'}`,
    {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    },
  );
}

function isTime(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** What the trigger of a handoff was, as the session records it. */
export interface TriggerInfo {
  /** `supervisor`: a person watching the call at the desk took it over. */
  kind: 'tool' | 'rule' | 'api' | 'supervisor';
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
export interface SessionHost extends LinkHost {
  now(): number;
  /** Checks custom `fields` against the deployment's schema; throws `invalid_arguments`. */
  validateFields(fields: Record<string, unknown>): Record<string, unknown>;
  transfer(session: Session, args: unknown, options: TransferOptions): Promise<HandoffResult>;
  emitFiring(session: Session, firing: Firing): void;
  /** The session ended: drop it from the registry (only if it is still this one). */
  forget(session: Session): void;
}

/** `end()` was called: a flag in the log's field rather than a field of its own. */
const ENDED = FIRST_FREE_FLAG;

/**
 * One call's conversation as the core sees it. The session lives in the store as a log
 * (`session:<callId>`: its start, then every turn and fact in order), so turns may reach any
 * instance: each keeps this object as a cache, applies its own steps at once and other
 * instances' steps on `sync()`, in the log's order. A handoff syncs before it builds the packet.
 */
export class Session<F extends Record<string, unknown> = Record<string, unknown>> extends SessionLink<
  F,
  SessionHost
> {
  constructor(host: SessionHost, init: SessionInit) {
    super(host);
    const start: SessionStart = { callId: init.callId, platform: init.platform };
    if (init.from !== undefined) start.from = init.from;
    if (init.to !== undefined) start.to = init.to;
    if (init.platformCallId !== undefined) start.platformCallId = init.platformCallId;
    // Frozen: the link holds it as the call's start, and the memory store keeps this object in the
    // log rather than a copy of it (nobody can change it under either).
    this.write({ k: 'start', now: host.now(), start: Object.freeze(start), w: '', s: 0 });
  }

  get platform(): string {
    return this.start.platform;
  }

  get from(): string | undefined {
    return this.start.from;
  }

  get to(): string | undefined {
    return this.start.to;
  }

  get platformCallId(): string | undefined {
    return this.start.platformCallId;
  }

  // Read without making the state: listing a call that has not spoken yet costs it nothing.
  get turns(): readonly Turn[] {
    return this.made?.transcript.turns ?? NO_TURNS;
  }

  get firings(): readonly Firing[] {
    return this.made?.firings ?? NO_FIRINGS;
  }

  get extracted(): Readonly<Extracted<F>> {
    return this.made?.extracted ?? (NOTHING_EXTRACTED as Readonly<Extracted<F>>);
  }

  get ended(): boolean {
    return this.flagged(ENDED);
  }

  /** Steps applied here that other instances cannot read yet (the store is slow or down). */
  get pendingWrites(): number {
    return this.pending;
  }

  /**
   * The rolling extractive summary, unless the agent (the LLM in its tool call, or the platform)
   * wrote one: then its words lead, and the extractive facts follow in the full text.
   */
  summary(): Summary {
    return this.state.summary(this.host.now());
  }

  /**
   * Adds a turn and evaluates the trigger rules. Returns the firing that matters most, if any: a
   * `transfer` firing before a `suggest` one. Interims are merged, duplicates dropped. A session
   * only records firings; a call joined with `handoff.attachCall` acts on them.
   */
  addTurn(input: TurnInput): Firing | undefined {
    return this.emit(this.write({ k: 'turn', now: this.host.now(), turn: validTurn(input), w: '', s: 0 }));
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
    const patch: FactsPatch = {};
    if (facts.fields) patch.fields = this.host.validateFields(facts.fields);
    if (facts.customer) patch.customer = facts.customer;
    if (facts.intent !== undefined) patch.intent = facts.intent;
    if (facts.issueType !== undefined) patch.issueType = facts.issueType;
    if (facts.language !== undefined) patch.language = facts.language;
    if (facts.summary !== undefined) patch.summary = facts.summary;
    return this.emit(this.write({ k: 'facts', now: this.host.now(), facts: patch, w: '', s: 0 }));
  }

  /**
   * Builds the `handoff.context.v1` packet for the current state of the call. Without a
   * `trigger`, the latest rule firing (if any) is taken as the cause.
   */
  context(handoffId = 'pending', trigger?: HandoffContext['trigger']): HandoffContext<F> {
    const state = this.state;
    const firing = state.firings.at(-1);
    const cause =
      trigger ??
      describeTrigger(
        firing ? 'rule' : 'tool',
        firing?.reason ?? firing?.kind ?? 'requested',
        undefined,
        firing,
      );
    return state.packet(handoffId, cause, this.startedWith, this.host.now());
  }

  /**
   * Hands the call to a human. Validates, persists the context before any side effect, routes,
   * runs `beforeTransfer` (the farewell), then asks the carrier to move the call. A second call
   * while a handoff is live returns the same `handoffId` and never transfers twice.
   */
  transfer(args: TransferArgs | unknown, options: TransferOptions = {}) {
    return this.host.transfer(this, args, options);
  }

  /** Applies validated tool arguments to what the session knows, so the packet carries them. */
  applyArgs(args: TransferArgs): void {
    const facts: FactsPatch = {};
    if (args.fields) facts.fields = args.fields;
    if (args.customer) facts.customer = args.customer;
    if (args.intent !== undefined) facts.intent = args.intent;
    if (args.summary !== undefined) facts.summary = args.summary;
    this.write({ k: 'args', now: this.host.now(), facts, w: '', s: 0 });
  }

  /** Marks the session over here; its log and the call's handoff, if any, live on in the store. */
  end(): void {
    this.flag(ENDED);
    this.host.forget(this);
  }

  /**
   * A step of this instance: applied now, written to the log in the background, in order. Made
   * with the stamp's `w` and `s` in its literal, so stamping it fills slots it has rather than
   * giving every step a second allocation for two more properties.
   */
  private write(step: SessionEntry): Firing | undefined {
    return this.replay(this.record(step));
  }

  private emit(firing: Firing | undefined): Firing | undefined {
    if (firing) this.host.emitFiring(this, firing);
    return firing;
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
