import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import { renderJson } from './context-schema.js';
import { HandoffError } from './errors.js';
import type {
  AdvanceResult,
  CallEvent,
  HandoffEvent,
  HandoffEventType,
  HandoffOptions,
  HandoffResult,
} from './handoff-types.js';
import { fill, messagesFor } from './messages.js';
import type { PiiPolicy } from './pii/index.js';
import { type CallHost, PlatformCall } from './platform/call.js';
import type { AttachCallInit, AttachedCall } from './platform/port.js';
import { type HandoffRecord, keys, type PublicHandoffRecord, publicRecord } from './record.js';
import { renderMarkdown, renderSipHeaders, renderWhisper, type WhisperOptions } from './render/index.js';
import { resolveDestination, routeCandidates } from './routing/resolve.js';
import {
  describeTrigger,
  type Session,
  Session as SessionClass,
  type SessionInit,
  type TransferOptions,
} from './session.js';
import { DEFAULT_LADDER, type LadderCapabilities, type LadderStep, nextRung } from './state/ladder.js';
import { canTransition, isFailure, LIVE, TERMINAL } from './state/machine.js';
import { MemoryStore } from './store/memory-store.js';
import type { HandoffStore, StoreChange } from './store/store.js';
import { buildTool, parseTransferArgs, type ToolDefinition, type TransferArgs } from './tool.js';
import type { TransferProvider } from './transfer.js';
import type { FailureOutcome, Firing, HandoffContext, HandoffStatus, ResolvedDestination } from './types.js';
import { createVobizProviderFromOptions } from './vobiz-provider-factory.js';

type Listener = (event: HandoffEvent) => void;
type FiringListener = (firing: Firing, session: Session) => void;

/** base36 keeps ids inside Vobiz's `[A-Za-z0-9]` for SIP headers. */
function newHandoffId(): string {
  return `ho${BigInt(`0x${randomBytes(13).toString('hex')}`)
    .toString(36)
    .padStart(20, '0')}`;
}

const DEFAULT_BEFORE_TRANSFER_TIMEOUT_MS = 8_000;
const DEFAULT_SAY_TIMEOUT_MS = 10_000;
const CLAIM_ROUNDS = 10;
/** How long a claimed call may go without its handoff record before the claim counts as dead. */
const CLAIM_STALE_MS = 2_000;

/**
 * The core's decisions in one place: sessions, validation, routing, the state machine and the
 * fallback ladder. Plugins and the gateway only report what happened and do what it returns.
 */
export class HandoffEngine<Fields extends z.ZodObject = z.ZodObject> {
  readonly options: HandoffOptions<Fields>;
  readonly store: HandoffStore;
  readonly provider: TransferProvider;
  readonly tool: ToolDefinition;
  readonly now: () => number;
  /**
   * Where Vobiz fetches the handoff XML. Set from options, or by a gateway when it starts
   * listening, so a server on port 0 needs no port guessed in advance.
   */
  gatewayUrl: string | undefined;

  readonly #sessions = new Map<string, Session>();
  readonly #calls = new Map<string, PlatformCall>();
  readonly #inflight = new Map<string, Promise<HandoffResult>>();
  readonly #listeners = new Map<HandoffEventType | '*', Set<Listener>>();
  readonly #firingListeners = new Set<FiringListener>();
  readonly #lastStatus = new Map<string, HandoffStatus>();
  readonly #departments: string[];
  readonly #capabilities: LadderCapabilities;
  readonly #unsubscribe: () => void;

  constructor(options: HandoffOptions<Fields>) {
    if (!options || typeof options !== 'object')
      throw new HandoffError('invalid_options', 'createHandoff needs options');
    const departments = Object.keys(options.destinations ?? {});
    if (departments.length === 0) {
      throw new HandoffError('invalid_options', 'createHandoff needs at least one entry in `destinations`');
    }
    for (const [key, destination] of Object.entries(options.destinations)) {
      const targets = [destination.number, ...(destination.numbers ?? []), destination.sip]
        .flat()
        .filter(Boolean);
      if (targets.length === 0) {
        throw new HandoffError('invalid_options', `Destination "${key}" needs a number, numbers or sip`);
      }
      if (!destination.label) throw new HandoffError('invalid_options', `Destination "${key}" needs a label`);
      // Fail at start-up, not mid-call, on a time zone Intl does not know.
      if (destination.timeZone) resolveDestination(key, destination, Date.now());
    }
    this.options = options;
    this.now = options.now ?? Date.now;
    this.gatewayUrl = options.gatewayUrl;
    this.store = options.store ?? new MemoryStore({ now: this.now });
    this.provider = options.transfer ?? createVobizProviderFromOptions(options);
    this.#departments = departments;
    const labels = Object.fromEntries(Object.entries(options.destinations).map(([k, d]) => [k, d.label]));
    this.tool = buildTool(departments, options.fields, labels);
    this.#capabilities = { backToAi: false, voicemail: true, callback: true, ...options.capabilities };
    this.#unsubscribe = this.store.subscribe(keys.handoffPrefix, (change) => this.#onStoreChange(change));
  }

  // ---- sessions ---------------------------------------------------------------------------

  startSession(init: SessionInit): Session {
    if (!init || typeof init.callId !== 'string' || init.callId.trim() === '') {
      throw new HandoffError('invalid_arguments', 'startSession needs a non-empty `callId`');
    }
    if (typeof init.platform !== 'string' || init.platform === '') {
      throw new HandoffError('invalid_arguments', 'startSession needs `platform` (e.g. "livekit", "vobiz")');
    }
    // A reconnecting stream sends a fresh start for the same call: it joins the session it had.
    const existing = this.#sessions.get(init.callId);
    if (existing && !existing.ended) return existing;
    const session = new SessionClass(this as unknown as HandoffEngine, init) as unknown as Session;
    this.#sessions.set(init.callId, session);
    return session;
  }

  session(callId: string): Session | undefined {
    return this.#sessions.get(callId);
  }

  forget(callId: string): void {
    this.#sessions.delete(callId);
    this.#calls.delete(callId);
  }

  // ---- the platform contract -------------------------------------------------------------

  /**
   * A platform joins a call: the core starts (or joins) its session and from then on decides
   * what every rule firing and tool call does, speaking through `port`. Joining again (a
   * reconnected stream) returns the same call with the new port.
   */
  attachCall(init: AttachCallInit): AttachedCall {
    const existing = this.#calls.get(init?.callId);
    if (existing && !existing.ended) {
      existing.reattach(init.port);
      return existing;
    }
    const { port, ...sessionInit } = init ?? ({} as AttachCallInit);
    if (port !== undefined && (typeof port.say !== 'function' || typeof port.instruct !== 'function')) {
      throw new HandoffError('invalid_arguments', 'attachCall: `port` needs say() and instruct()');
    }
    const session = this.startSession(sessionInit);
    const call = new PlatformCall(this.#callHost, session, port);
    this.#calls.set(session.callId, call);
    return call;
  }

  /** The call a platform attached in this process, if any. */
  call(callId: string): AttachedCall | undefined {
    const call = this.#calls.get(callId);
    return call && !call.ended ? call : undefined;
  }

  get #callHost(): CallHost {
    const options = this.options;
    return {
      toolName: this.tool.name,
      language: options.language,
      prompts: options.prompts,
      sayTimeoutMs: options.sayTimeoutMs ?? DEFAULT_SAY_TIMEOUT_MS,
      aiUnavailable: options.aiUnavailable ?? { reason: 'ai_unavailable' },
      suggestNow: options.suggest === 'reply_now',
      reportError: (error, where) => this.reportError(error, where),
      release: (call) => {
        if (this.#calls.get(call.callId) === call) this.#calls.delete(call.callId);
      },
    };
  }

  validateFields(fields: Record<string, unknown>): Record<string, unknown> {
    const schema = this.options.fields;
    if (!schema) return fields;
    const parsed = schema.partial().safeParse(fields);
    if (parsed.success) return parsed.data as Record<string, unknown>;
    const issues = parsed.error.issues.map((i) => ({
      path: `fields.${i.path.join('.')}`,
      message: i.message,
    }));
    throw new HandoffError(
      'invalid_arguments',
      `Invalid fields: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      { issues },
    );
  }

  // ---- transfer ---------------------------------------------------------------------------

  transfer(session: Session, rawArgs: unknown, options: TransferOptions): Promise<HandoffResult> {
    const triggeredAt = options.trigger?.at ?? this.now();
    // Validation is synchronous so bad arguments never reach the store or the carrier.
    let args: TransferArgs;
    try {
      args = parseTransferArgs(this.tool.schema, this.#departments, rawArgs);
    } catch (error) {
      return Promise.reject(error);
    }
    const inflight = this.#inflight.get(session.callId);
    if (inflight) return inflight.then((result) => ({ ...result, duplicate: true }));
    const run = this.#transfer(session, args, options, triggeredAt);
    this.#inflight.set(session.callId, run);
    const clear = () => {
      if (this.#inflight.get(session.callId) === run) this.#inflight.delete(session.callId);
    };
    run.then(clear, clear);
    return run;
  }

  async #transfer(
    session: Session,
    args: TransferArgs,
    options: TransferOptions,
    triggeredAt: number,
  ): Promise<HandoffResult> {
    const handoffId = newHandoffId();
    const claim = await this.#claimCall(session.callId, handoffId);
    if (claim.joined) return this.#resultOf(claim.joined, true);

    let record: HandoffRecord;
    let result: HandoffResult;
    try {
      session.applyArgs(args);
      const messages = messagesFor(this.#languageOf(session), this.options.messages);
      const trigger = describeTrigger(
        options.trigger?.kind ?? 'tool',
        args.reason,
        args.urgency,
        options.trigger?.firing,
      );
      const context = session.context(handoffId, trigger) as HandoffContext;
      if (args.sentiment) context.extracted.sentiment = args.sentiment;
      context.timings.triggeredAt = triggeredAt;

      const route = this.#route(session, args, context);
      const now = this.now();
      record = {
        id: handoffId,
        token: randomBytes(24).toString('base64url'),
        callId: session.callId,
        status: 'persisted',
        context,
        ladder: { rung: 0, remaining: route.remaining, attempt: 0 },
        createdAt: now,
        updatedAt: now,
      };
      if (route.destination) {
        record.destination = route.destination;
        context.destination = { key: route.destination.key, label: route.destination.label };
        result = {
          handoffId,
          status: 'persisted',
          sayToCaller: fill(messages.transferring, { label: route.destination.label }),
          destination: context.destination,
        };
      } else {
        // Every candidate is closed: the after-hours behaviour decides, through the ladder's words.
        record.status = 'rejected';
        record.reason = 'after_hours';
        const label = this.options.destinations[route.closed[0] ?? '']?.label ?? 'support';
        const step = this.#afterHoursStep();
        record.lastStep = step;
        const tail = 'sayToCaller' in step ? ` ${step.sayToCaller}` : '';
        result = {
          handoffId,
          status: 'rejected',
          reason: 'after_hours',
          sayToCaller: `${fill(messages.afterHours, { label })}${tail}`.trim(),
          fallback: step,
        };
        context.outcome = { status: 'rejected', detail: 'after_hours', at: now };
      }
      context.status = record.status;
      context.timings.persistedAt = now;
      await this.store.put(keys.handoff(handoffId), record, { expectedVersion: 0 });
    } catch (error) {
      // Nothing was persisted: free the call so the next request does not wait for a ghost.
      await this.#releaseClaim(session.callId, handoffId).catch(() => {});
      throw error;
    }
    if (record.status === 'rejected') return result;

    this.#summarizeLater(session, handoffId);
    if (options.beforeTransfer) await this.#runBeforeTransfer(options, result);
    return this.#startAttempt(handoffId, record.destination!, result);
  }

  /** The first attempt; later ones come from the ladder, in `advance` or in the loop below. */
  async #startAttempt(
    handoffId: string,
    destination: ResolvedDestination,
    result: HandoffResult,
  ): Promise<HandoffResult> {
    const attemptNumber = 1;
    const requestedAt = this.now();
    const updated = await this.#update(handoffId, (record) => {
      if (!canTransition(record.status, 'transferring')) return undefined;
      record.status = 'transferring';
      record.destination = destination;
      record.context.destination = { key: destination.key, label: destination.label };
      record.context.timings.transferRequestedAt ??= requestedAt;
      record.ladder.attempt = attemptNumber;
      record.context.dialAttempts.push({
        n: attemptNumber,
        destination: destination.key,
        startedAt: requestedAt,
      });
      return record;
    });
    if (updated?.status !== 'transferring') {
      // The caller hung up while the farewell played: nothing to transfer.
      return { ...result, status: updated?.status ?? 'failed' };
    }
    let record = updated;
    let target = destination;
    let attempt = attemptNumber;
    // A carrier that refuses one destination may take the next: the ladder decides, as it
    // does for a human who does not answer.
    for (;;) {
      try {
        await this.provider.transfer({
          handoffId,
          callId: record.callId,
          ...(record.context.call.platformCallId
            ? { platformCallId: record.context.call.platformCallId }
            : {}),
          token: record.token,
          destination: target,
          context: record.context,
          ...(this.gatewayUrl ? { gatewayUrl: this.gatewayUrl } : {}),
        });
        return { ...result, status: 'transferring', destination: { key: target.key, label: target.label } };
      } catch (error) {
        this.reportError(error, 'transfer-provider');
        const failed = await this.advance(handoffId, {
          type: 'failed',
          outcome: 'failed',
          attempt,
          detail: error instanceof Error ? error.message.slice(0, 200) : 'transfer failed',
        });
        const step = failed.step;
        const next = step?.kind === 'next_destination' ? await this.#record(handoffId) : undefined;
        if (step?.kind === 'next_destination' && next?.status === 'transferring' && next.destination) {
          record = next;
          target = next.destination;
          attempt = step.attempt;
          continue;
        }
        return {
          ...result,
          status: failed.record.status,
          reason: 'transfer_failed',
          ...(step ? { fallback: step } : {}),
          sayToCaller: step && 'sayToCaller' in step ? step.sayToCaller : messagesFor(undefined).unavailable,
        };
      }
    }
  }

  async #record(handoffId: string): Promise<HandoffRecord | undefined> {
    return (await this.store.get<HandoffRecord>(keys.handoff(handoffId)))?.value;
  }

  async #runBeforeTransfer(options: TransferOptions, result: HandoffResult): Promise<void> {
    const timeoutMs = options.beforeTransferTimeoutMs ?? DEFAULT_BEFORE_TRANSFER_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(() => options.beforeTransfer?.(result)),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
    } catch (error) {
      // A failed farewell must not strand the caller: transfer anyway.
      this.reportError(error, 'before-transfer');
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  #route(session: Session, args: TransferArgs, context: HandoffContext) {
    const input = {
      urgency: context.trigger.urgency,
      extracted: context.extracted,
      ...(args.department ? { department: args.department } : {}),
      ...(context.extracted.issueType ? { issueType: context.extracted.issueType } : {}),
      ...(this.#languageOf(session) ? { language: this.#languageOf(session) } : {}),
    };
    const candidates = routeCandidates(input, this.options.routing ?? [], this.options.destinations);
    const now = this.now();
    const resolved = candidates.map((key) => resolveDestination(key, this.options.destinations[key]!, now));
    const policy = this.options.afterHours ?? 'next_open';
    const open = resolved.filter((d) => d.open);
    const closed = resolved.filter((d) => !d.open).map((d) => d.key);
    if (policy === 'transfer_anyway' || open.length === resolved.length) {
      const [destination, ...rest] = resolved;
      return { destination, remaining: rest.map((d) => d.key), closed };
    }
    if (policy === 'next_open' && open.length > 0) {
      const [destination, ...rest] = open;
      return { destination, remaining: rest.map((d) => d.key), closed };
    }
    return { destination: undefined, remaining: [] as string[], closed };
  }

  #afterHoursStep(): LadderStep {
    const policy = this.options.afterHours ?? 'next_open';
    const messages = messagesFor(this.options.language, this.options.messages);
    if (policy === 'voicemail' && this.#capabilities.voicemail)
      return { kind: 'voicemail', sayToCaller: messages.voicemail };
    if (policy === 'callback' && this.#capabilities.callback)
      return { kind: 'callback', sayToCaller: messages.callback };
    if (policy === 'back_to_ai' || policy === 'next_open') {
      return { kind: 'back_to_ai', reason: 'rejected', sayToCaller: messages.backToAi.rejected };
    }
    return { kind: 'hangup', sayToCaller: messages.hangup };
  }

  /**
   * Points the call at a new handoff, or joins the live one. This is the idempotency lock across
   * instances: the claim is a versioned write against the lock as it was read, so of two racing
   * instances exactly one wins; the other re-reads, waits for the winner's record to appear (it
   * is written right after the claim) and joins it. A lock whose record never appears belongs to
   * an instance that died mid-claim, and is taken over.
   */
  async #claimCall(callId: string, handoffId: string): Promise<{ joined?: HandoffRecord }> {
    for (let round = 0; round < CLAIM_ROUNDS; round++) {
      const lock = await this.store.get<{ handoffId: string }>(keys.callLock(callId));
      if (lock) {
        const record = await this.#awaitRecord(lock.value.handoffId);
        if (record && LIVE.has(record.status)) return { joined: record };
      }
      try {
        await this.store.put(keys.callLock(callId), { handoffId }, { expectedVersion: lock?.version ?? 0 });
        return {};
      } catch (error) {
        if (!(error instanceof HandoffError && error.code === 'store_conflict')) throw error;
      }
    }
    throw new HandoffError(
      'store_conflict',
      `Could not claim call ${callId}: too many concurrent handoff requests`,
    );
  }

  async #releaseClaim(callId: string, handoffId: string): Promise<void> {
    const lock = await this.store.get<{ handoffId: string }>(keys.callLock(callId));
    if (lock?.value.handoffId === handoffId) await this.store.delete(keys.callLock(callId));
  }

  async #awaitRecord(handoffId: string): Promise<HandoffRecord | undefined> {
    const started = Date.now();
    for (;;) {
      const record = await this.store.get<HandoffRecord>(keys.handoff(handoffId));
      if (record) return record.value;
      if (Date.now() - started > CLAIM_STALE_MS) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 10));
    }
  }

  #resultOf(record: HandoffRecord, duplicate: boolean): HandoffResult {
    const messages = messagesFor(this.options.language, this.options.messages);
    const result: HandoffResult = {
      handoffId: record.id,
      status: record.status,
      sayToCaller: fill(messages.transferring, { label: record.destination?.label ?? 'team' }),
      duplicate,
    };
    if (record.context.destination) result.destination = record.context.destination;
    return result;
  }

  #languageOf(session: Session): string | undefined {
    return session.extracted.language ?? this.options.language;
  }

  // ---- lifecycle after the transfer request ------------------------------------------------

  async get(handoffId: string): Promise<PublicHandoffRecord | undefined> {
    const record = await this.store.get<HandoffRecord>(keys.handoff(handoffId));
    return record ? publicRecord(record.value) : undefined;
  }

  async list(
    filter: { status?: HandoffStatus | HandoffStatus[]; destination?: string; limit?: number } = {},
  ) {
    const statuses = filter.status === undefined ? undefined : [filter.status].flat();
    const records = await this.store.list<HandoffRecord>(keys.handoffPrefix);
    return records
      .map((r) => r.value)
      .filter((r) => (statuses ? statuses.includes(r.status) : true))
      .filter((r) => (filter.destination ? r.destination?.key === filter.destination : true))
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, filter.limit ?? 100)
      .map(publicRecord);
  }

  /** Constant-time check of the token the gateway put on the handoff and whisper URLs. */
  async verifyToken(handoffId: string, token: string | null | undefined): Promise<boolean> {
    if (!token) return false;
    const record = await this.store.get<HandoffRecord>(keys.handoff(handoffId));
    if (!record) return false;
    const a = Buffer.from(record.value.token);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** The handoff currently attached to a call, if any. */
  async forCall(callId: string): Promise<PublicHandoffRecord | undefined> {
    const lock = await this.store.get<{ handoffId: string }>(keys.callLock(callId));
    return lock ? this.get(lock.value.handoffId) : undefined;
  }

  /**
   * Reports what happened to the call and returns what to do next. Safe to repeat: a carrier
   * retrying the same callback gets the same answer and changes nothing.
   */
  async advance(handoffId: string, event: CallEvent): Promise<AdvanceResult> {
    let step: LadderStep | undefined;
    let changed = false;
    const at = this.now();
    const stored = await this.#update(handoffId, (record) => {
      step = undefined;
      changed = false;
      const attempt = record.context.dialAttempts.at(-1);
      const stale =
        'attempt' in event && event.attempt !== undefined && event.attempt !== record.ladder.attempt;
      if (stale) {
        step = record.lastStep;
        return undefined;
      }
      const timings = record.context.timings;
      switch (event.type) {
        case 'ringing': {
          if (record.status !== 'transferring') return undefined;
          record.status = 'ringing';
          timings.ringingAt ??= at;
          if (attempt) attempt.ringingAt ??= at;
          break;
        }
        case 'answered': {
          if (attempt?.answeredAt !== undefined || TERMINAL.has(record.status)) return undefined;
          if (record.status === 'transferring') record.status = 'ringing';
          timings.answeredAt ??= at;
          if (attempt) attempt.answeredAt = at;
          break;
        }
        case 'bridged': {
          if (!canTransition(record.status, 'connected')) return undefined;
          record.status = 'connected';
          timings.answeredAt ??= at;
          timings.bridgedAt = at;
          if (attempt) attempt.answeredAt ??= at;
          break;
        }
        case 'ended':
        case 'caller_hung_up': {
          if (record.status === 'connected') {
            record.status = 'completed';
            if (attempt) {
              attempt.endedAt = at;
              attempt.outcome = 'completed';
            }
          } else if (LIVE.has(record.status)) {
            // Never brief a human into an empty call: the caller left before the bridge.
            record.status = 'caller_hung_up';
            if (attempt) {
              attempt.endedAt = at;
              attempt.outcome = 'caller_hung_up';
            }
          } else {
            return undefined;
          }
          timings.endedAt = at;
          record.context.outcome = {
            status: record.status,
            at,
            ...(event.detail ? { detail: event.detail } : {}),
          };
          break;
        }
        case 'failed': {
          if (!canTransition(record.status, event.outcome)) {
            step = record.lastStep;
            return undefined;
          }
          if (attempt) {
            attempt.endedAt = at;
            attempt.outcome = event.outcome;
            if (event.detail) attempt.detail = event.detail;
          }
          const decision = nextRung(
            this.options.fallback ?? DEFAULT_LADDER,
            record.ladder,
            event.outcome,
            this.#capabilities,
            (rung, outcome) => this.#say(record, rung, outcome),
          );
          step = decision.step;
          record.ladder = decision.state;
          record.lastStep = decision.step;
          if (decision.step.kind === 'next_destination') {
            const key = decision.step.destination;
            const destination = resolveDestination(key, this.options.destinations[key]!, at);
            record.status = 'transferring';
            record.destination = destination;
            record.context.destination = { key, label: destination.label };
            record.context.dialAttempts.push({ n: decision.step.attempt, destination: key, startedAt: at });
          } else {
            record.status = event.outcome;
            timings.endedAt = at;
            record.context.outcome = {
              status: event.outcome,
              at,
              detail: [event.detail, `fallback:${decision.step.kind}`].filter(Boolean).join('; '),
            };
          }
          break;
        }
      }
      changed = true;
      record.context.status = record.status;
      record.updatedAt = at;
      return record;
    });
    if (!stored) throw new HandoffError('handoff_not_found', `No handoff "${handoffId}"`);
    return { record: publicRecord(stored), changed, ...(step ? { step } : {}) };
  }

  /** The destination a `next_destination` step points at, resolved for dialling now. */
  async currentDestination(handoffId: string): Promise<ResolvedDestination | undefined> {
    const record = await this.store.get<HandoffRecord>(keys.handoff(handoffId));
    return record?.value.destination;
  }

  #say(
    record: HandoffRecord,
    rung: 'back_to_ai' | 'voicemail' | 'callback' | 'hangup',
    outcome: FailureOutcome,
  ) {
    const messages = messagesFor(
      record.context.extracted.language ?? this.options.language,
      this.options.messages,
    );
    const label = record.destination?.label ?? 'support';
    if (rung === 'back_to_ai')
      return fill(messages.backToAi[outcome] || messages.backToAi.default, { label });
    return fill(messages[rung], { label });
  }

  async #update(
    handoffId: string,
    fn: (record: HandoffRecord) => HandoffRecord | undefined,
  ): Promise<HandoffRecord | undefined> {
    let found = false;
    const stored = await this.store.update<HandoffRecord>(keys.handoff(handoffId), (current) => {
      if (!current) return undefined;
      found = true;
      return fn(current);
    });
    return found ? stored?.value : undefined;
  }

  // ---- summaries ---------------------------------------------------------------------------

  #summarizeLater(session: Session, handoffId: string): void {
    const summarizer = this.options.summarizer;
    if (!summarizer) return;
    const context = session.context(handoffId);
    // Off the critical path: the handoff never waits for an LLM.
    void summarizer
      .summarize({ transcript: context.transcript, extracted: context.extracted, previous: context.summary })
      .then((summary) =>
        this.#update(handoffId, (record) => {
          record.context.summary = {
            ...record.context.summary,
            ...summary,
            source: 'llm',
            updatedAt: this.now(),
          };
          record.updatedAt = this.now();
          return record;
        }),
      )
      .catch((error: unknown) => this.reportError(error, 'summarizer'));
  }

  // ---- renderings, with this deployment's PII policy ----------------------------------------

  readonly render = {
    whisper: (context: HandoffContext, options: Omit<WhisperOptions, 'pii'> = {}) =>
      renderWhisper(context, { ...options, ...this.#pii() }),
    sipHeaders: (context: HandoffContext) => renderSipHeaders(context, this.#pii()),
    markdown: (context: HandoffContext) => renderMarkdown(context, this.#pii()),
    json: (context: HandoffContext) => renderJson(context),
  };

  #pii(): { pii?: PiiPolicy | false } {
    return this.options.pii === undefined ? {} : { pii: this.options.pii };
  }

  // ---- events ------------------------------------------------------------------------------

  on(type: HandoffEventType | '*', listener: Listener): () => void {
    let set = this.#listeners.get(type);
    if (!set) {
      set = new Set();
      this.#listeners.set(type, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Rule firings from every session, for logging and for plugins that act on `suggest`. */
  onFiring(listener: FiringListener): () => void {
    this.#firingListeners.add(listener);
    return () => this.#firingListeners.delete(listener);
  }

  emitFiring(session: Session, firing: Firing): void {
    for (const listener of this.#firingListeners) {
      try {
        listener(firing, session);
      } catch (error) {
        this.reportError(error, 'firing-listener');
      }
    }
  }

  reportError(error: unknown, where: string): void {
    this.options.onError?.(error, where);
  }

  #onStoreChange(change: StoreChange): void {
    const record = change.value as HandoffRecord;
    const previous = this.#lastStatus.get(record.id);
    this.#lastStatus.set(record.id, record.status);
    let type: HandoffEventType = 'handoff.updated';
    if (change.version === 1) type = 'handoff.created';
    else if (record.status === 'completed' && previous !== 'completed') type = 'handoff.completed';
    else if (isFailure(record.status) && previous !== record.status) type = 'handoff.failed';
    const event: HandoffEvent = {
      type,
      handoffId: record.id,
      status: record.status,
      version: change.version,
      record: publicRecord(record),
      at: this.now(),
    };
    for (const key of [type, '*'] as const) {
      for (const listener of this.#listeners.get(key) ?? []) {
        try {
          listener(event);
        } catch (error) {
          this.reportError(error, 'event-listener');
        }
      }
    }
    // A created-and-rejected handoff is also a failure; tell listeners of both.
    if (type === 'handoff.created' && isFailure(record.status)) {
      for (const listener of this.#listeners.get('handoff.failed') ?? [])
        listener({ ...event, type: 'handoff.failed' });
    }
  }

  async close(): Promise<void> {
    this.#unsubscribe();
    this.#sessions.clear();
    this.#calls.clear();
  }
}
