import { HandoffError, isHandoffError } from '../errors.js';
import type { PlatformCall } from '../platform/call.js';
import type { AuditEntry, DeskActor } from '../record.js';
import { keyPrefix, storeKey } from '../store/keys.js';
import type { HandoffStore } from '../store/store.js';
import type { Role, SentimentPoint, TriggerRule } from '../types.js';
import { audited, checkActor, checkNote } from './desk-actions.js';
import { randomToken } from './random-ids.js';
import { retentionOf, updateRecord } from './records.js';

/** Turns and sentiment points a live snapshot keeps: enough to follow the call, bounded per write. */
const TAIL = 60;
/** A snapshot outlives its last write by this long: a call on an instance that died drops off. */
const LIVE_TTL_MS = 10 * 60_000;
/** How long a supervisor's action waits for the instance holding the call to take it. */
const ACTION_WAIT_MS = 5_000;
/**
 * How long a snapshot vouches for its writer holding the call. The holder renews it every third
 * of that while the call lasts, so a lapsed lease means the instance stopped (crashed, killed):
 * nobody there will take a supervisor's action, and another instance may take the call over.
 */
export const LIVE_LEASE_MS = 15_000;

const DAY_MS = 24 * 60 * 60_000;

/** One AI call in its start day's log (`aiCallLog`): what the handoff rate divides by. */
export interface AiCallEntry {
  callId: string;
  startedAt: number;
  platform: string;
}

/** The log that holds the AI calls started on `at`'s UTC day. */
export function aiCallLogKey(at: number): string {
  return storeKey('aiCallLog', Math.floor(at / DAY_MS));
}

/** What a supervisor sees of an AI call in progress, written by the instance serving it. */
export interface LiveCall {
  callId: string;
  platform: string;
  from?: string;
  to?: string;
  startedAt: number;
  updatedAt: number;
  turns: Array<{ role: Role; text: string; at: number }>;
  /** Running sentiment per caller turn, the newest last. */
  sentiment: SentimentPoint[];
  facts: {
    intent?: string;
    issueType?: string;
    customerName?: string;
    language?: string;
    fields: Record<string, unknown>;
  };
  transferring: boolean;
  ended: boolean;
  /** Rules that almost fired, closest first (those that say, through `TriggerRule.nearMiss`). */
  nearMisses: Array<{ ruleId: string; kind: string; closeness: number; why: string }>;
  /** Hints sent and take-overs, oldest first. */
  audit: AuditEntry[];
  /** The instance serving the call (an opaque id) and until when its lease holds. */
  holder?: string;
  leaseUntil?: number;
}

export type LiveAction =
  | { id: string; callId: string; type: 'hint'; text: string; by: DeskActor; at: number }
  | {
      id: string;
      callId: string;
      type: 'take_over';
      args: Record<string, unknown>;
      by: DeskActor;
      at: number;
    };

type LiveCallExtracted = ReturnType<PlatformCall['session']['context']>['extracted'];

type StoredAction = LiveAction & {
  takenBy?: string;
  result?: { ok: boolean; handoffId?: string; error?: string };
};

export type LiveActionResult = {
  delivered: boolean;
  handoffId?: string;
  error?: string;
  /**
   * The instance that served the call stopped renewing its lease: nothing was sent. The AI there
   * is gone with it, so a hint cannot land; a take-over can, by an instance that attaches the call.
   */
  holderGone?: true;
};

interface LiveHost {
  store: HandoffStore;
  now: () => number;
  retentionMs: number | undefined;
  call(callId: string): PlatformCall | undefined;
  rules: readonly TriggerRule[];
  reportError(error: unknown, where: string): void;
}

/**
 * Live AI calls for supervisors, across instances: each instance writes a small snapshot of the
 * calls it serves (one write in flight per call, the latest state wins), and every instance reads
 * them, and their changes, from the store. A supervisor's hint or take-over is written as an
 * action; the instance that holds the call claims it (put-if-absent on the version) and does it
 * through the platform contract, so the AI hears the hint and the caller the usual farewell.
 */
export class LiveCalls {
  readonly #host: LiveHost;
  readonly #writer = randomToken(6);
  readonly #writing = new Map<string, { dirty: boolean }>();
  /** Calls this instance serves, whose leases it renews. */
  readonly #served = new Map<string, PlatformCall>();
  #renewal: ReturnType<typeof setInterval> | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(host: LiveHost) {
    this.#host = host;
  }

  start(): void {
    this.#unsubscribe ??= this.#host.store.subscribe(keyPrefix('liveAction'), (change) => {
      if (change.version !== 1) return;
      const action = change.value as StoredAction;
      if (this.#host.call(action.callId)) void this.#take(action, change.key, 1);
    });
  }

  close(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#served.clear();
    this.#stopRenewing();
  }

  /** The call changed: write its snapshot, coalescing a burst of turns into the writes it needs. */
  touch(call: PlatformCall): void {
    this.#serve(call);
    const running = this.#writing.get(call.callId);
    if (running) {
      running.dirty = true;
      return;
    }
    const state = { dirty: false };
    this.#writing.set(call.callId, state);
    // Let go in the same step as the last check of `dirty`: a touch after it starts a new loop
    // rather than marking one that has already finished.
    const loop = async () => {
      try {
        do {
          state.dirty = false;
          await this.#write(call);
        } while (state.dirty);
      } finally {
        this.#writing.delete(call.callId);
      }
    };
    loop().catch((error: unknown) => this.#host.reportError(error, 'live-call'));
  }

  async list(): Promise<LiveCall[]> {
    const records = await this.#host.store.list<LiveCall>(keyPrefix('liveCall'));
    return records
      .map((r) => r.value)
      .filter((c) => !c.ended)
      .sort((a, b) => b.startedAt - a.startedAt);
  }

  async get(callId: string): Promise<LiveCall | undefined> {
    return (await this.#host.store.get<LiveCall>(storeKey('liveCall', callId)))?.value;
  }

  subscribe(listener: (call: LiveCall) => void): () => void {
    return this.#host.store.subscribe(keyPrefix('liveCall'), (change) => listener(change.value as LiveCall));
  }

  /**
   * A supervisor's hint or take-over, done by whichever instance holds the call. Resolves once it
   * was done (or refused); `delivered: false` when no instance took it in time.
   */
  async act(
    input:
      | { callId: string; type: 'hint'; text: unknown; by: unknown }
      | { callId: string; type: 'take_over'; args: Record<string, unknown>; by: unknown },
  ): Promise<LiveActionResult> {
    const by = checkActor(input.by);
    const live = await this.get(input.callId);
    if (!live) throw new HandoffError('session_not_found', `No live call "${input.callId}"`);
    if (live.ended) throw new HandoffError('session_ended', `The call "${input.callId}" has ended`);
    // Waiting would only time out: no instance is left to claim the action.
    if (live.leaseUntil !== undefined && live.leaseUntil < this.#host.now() && !this.#host.call(input.callId))
      return { delivered: false, holderGone: true };
    const id = randomToken(9);
    const at = this.#host.now();
    let action: LiveAction;
    if (input.type === 'hint') {
      const text = checkNote(input.text);
      if (!text) throw new HandoffError('invalid_arguments', 'A hint needs `text`');
      action = { id, callId: input.callId, type: 'hint', text, by, at };
    } else {
      action = { id, callId: input.callId, type: 'take_over', args: input.args, by, at };
    }
    const key = storeKey('liveAction', id);
    const done = new Promise<StoredAction | undefined>((resolve) => {
      const timer = setTimeout(() => {
        off();
        resolve(undefined);
      }, ACTION_WAIT_MS);
      timer.unref?.();
      const off = this.#host.store.subscribe(key, (change) => {
        const value = change.value as StoredAction;
        if (!value.result) return;
        clearTimeout(timer);
        off();
        resolve(value);
      });
    });
    await this.#host.store.put(key, action, { expectedVersion: 0, ttlMs: 60 * 60_000 });
    // The instance holding the call may be this one: its subscription took it already.
    const finished = await done;
    if (!finished) return { delivered: false };
    const result = finished.result!;
    return {
      delivered: true,
      ...(result.handoffId ? { handoffId: result.handoffId } : {}),
      ...(result.error ? { error: result.error } : {}),
    };
  }

  async #take(action: StoredAction, key: string, version: number): Promise<void> {
    try {
      await this.#host.store.put(
        key,
        { ...action, takenBy: this.#writer },
        { expectedVersion: version, ttlMs: 60 * 60_000 },
      );
    } catch (error) {
      if (!isHandoffError(error, 'store_conflict')) this.#host.reportError(error, 'live-action');
      return;
    }
    const call = this.#host.call(action.callId);
    let result: NonNullable<StoredAction['result']>;
    try {
      result = call ? await this.#do(call, action) : { ok: false, error: 'call_gone' };
    } catch (error) {
      this.#host.reportError(error, 'live-action');
      result = { ok: false, error: 'failed' };
    }
    await this.#host.store
      .put(key, { ...action, takenBy: this.#writer, result }, { ttlMs: 60 * 60_000 })
      .catch((error: unknown) => this.#host.reportError(error, 'live-action'));
  }

  async #do(call: PlatformCall, action: LiveAction): Promise<NonNullable<StoredAction['result']>> {
    const entry: AuditEntry =
      action.type === 'hint'
        ? { at: action.at, by: action.by, action: 'hint', detail: action.text }
        : { at: action.at, by: action.by, action: 'took_over', detail: String(action.args.department ?? '') };
    if (action.type === 'hint') {
      await call.hint(action.text);
      await this.#audit(call.callId, entry);
      return { ok: true };
    }
    await this.#audit(call.callId, entry);
    const outcome = await call.takeOver(action.args);
    const handoffId = outcome.result?.handoffId;
    if (handoffId) {
      // The handoff carries what supervisors did on the call before it: hints, then the take-over.
      const trail = (await this.get(call.callId))?.audit ?? [entry];
      await updateRecord(
        this.#host.store,
        handoffId,
        (record) => {
          for (const item of trail)
            if (!record.audit?.some((a) => a.at === item.at && a.action === item.action))
              audited(record, item);
          record.updatedAt = this.#host.now(); // moved past the version before by `updateRecord`
          return record;
        },
        this.#host.retentionMs,
      );
    }
    return {
      ok: outcome.reply.ok,
      ...(handoffId ? { handoffId } : {}),
      ...(outcome.error ? { error: outcome.reply.status } : {}),
    };
  }

  async #audit(callId: string, entry: AuditEntry): Promise<void> {
    await this.#host.store.update<LiveCall>(
      storeKey('liveCall', callId),
      (current) =>
        current
          ? { ...current, audit: [...current.audit, entry].slice(-TAIL), updatedAt: this.#host.now() }
          : undefined,
      { ttlMs: () => LIVE_TTL_MS },
    );
  }

  #serve(call: PlatformCall): void {
    if (call.ended) this.#served.delete(call.callId);
    else this.#served.set(call.callId, call);
    if (this.#served.size === 0) {
      this.#stopRenewing();
      return;
    }
    if (this.#renewal) return;
    this.#renewal = setInterval(() => {
      for (const served of [...this.#served.values()]) this.touch(served);
    }, LIVE_LEASE_MS / 3);
    this.#renewal.unref?.();
  }

  #stopRenewing(): void {
    if (this.#renewal) clearInterval(this.#renewal);
    this.#renewal = undefined;
  }

  #nearMisses(call: PlatformCall, ex: LiveCallExtracted): LiveCall['nearMisses'] {
    const turns = call.session.turns;
    const input = {
      turn: turns.at(-1),
      turns,
      extracted: ex,
      sentimentScore: ex.sentimentScore ?? 0,
      ...(ex.language ? { language: ex.language } : {}),
    };
    const misses: LiveCall['nearMisses'] = [];
    for (const rule of this.#host.rules) {
      try {
        const miss = rule.nearMiss?.(input);
        if (miss) misses.push({ ruleId: rule.id, kind: rule.kind, closeness: miss.closeness, why: miss.why });
      } catch (error) {
        this.#host.reportError(error, 'near-miss');
      }
    }
    return misses.sort((a, b) => b.closeness - a.closeness);
  }

  async #write(call: PlatformCall): Promise<void> {
    const session = call.session;
    // The packet as it stands: the same transcript, scores and facts a handoff would carry.
    const ctx = session.context('live');
    const ex = ctx.extracted;
    const key = storeKey('liveCall', call.callId);
    const written = await this.#host.store.update<LiveCall>(
      key,
      (current) => ({
        callId: call.callId,
        platform: call.platform,
        ...(session.from ? { from: session.from } : {}),
        ...(session.to ? { to: session.to } : {}),
        startedAt: session.startedAt,
        updatedAt: this.#host.now(),
        turns: ctx.transcript.slice(-TAIL).map((t) => ({ role: t.role, text: t.text, at: t.at })),
        sentiment: ex.sentimentTrajectory.slice(-TAIL),
        facts: {
          ...(ex.intent ? { intent: ex.intent } : {}),
          ...(ex.issueType ? { issueType: ex.issueType } : {}),
          ...(ex.customer?.name ? { customerName: ex.customer.name } : {}),
          ...(ex.language ? { language: ex.language } : {}),
          fields: { ...ex.fields },
        },
        transferring: call.transferring,
        ended: call.ended,
        nearMisses: this.#nearMisses(call, ex),
        audit: current?.audit ?? [],
        holder: this.#writer,
        leaseUntil: this.#host.now() + LIVE_LEASE_MS,
      }),
      { ttlMs: () => (call.ended ? 60_000 : LIVE_TTL_MS) },
    );
    // The first snapshot of a call enters it in the day's log, kept as long as handoffs are, so
    // the calls that never hand off are counted too.
    if (written?.version === 1) {
      const entry: AiCallEntry = {
        callId: call.callId,
        startedAt: session.startedAt,
        platform: call.platform,
      };
      await this.#host.store.append(aiCallLogKey(session.startedAt), [entry], {
        ttlMs: retentionOf(this.#host.retentionMs) + DAY_MS,
      });
    }
  }
}
