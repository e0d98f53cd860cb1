import type { HandoffResult } from '../handoff-types.js';
import { fill } from '../messages.js';
import type { HandoffRecord } from '../record.js';
import type { Session, TransferOptions } from '../session.js';
import type { StoredRecord } from '../store/store.js';
import { parseTransferArgs, type TransferArgs } from '../tool.js';
import type { TransferRequest } from '../transfer.js';
import type { ResolvedDestination } from '../types.js';
import { beforeTransfer, summarizeLater } from './after-request.js';
import { type ClaimLease, claimCall, releaseClaim, renewLease } from './call-claim.js';
import { callGone, newHandoffId, outcomeUnknown } from './carrier-errors.js';
import { decideHandoff } from './decide.js';
import { type Deployment, messagesIn } from './deployment.js';
import { advance, failRequest, startAttempt, startedCopy } from './lifecycle.js';
import { acted, asRecorded, graceMs } from './outcome-evidence.js';
import { randomToken } from './random-ids.js';
import { createRecord, readRecord, updateCreated, updateKnown, updateRecord } from './records.js';

const DEFAULT_CLAIM_LEASE_MS = 15_000;
/** Statuses in which an attempt is still reaching the human: the caller may be moved to them. */
const LIVE_ATTEMPT = new Set(['transferring', 'ringing', 'connected']);

/** A first attempt started before the farewell, for a carrier that reaches the human first. */
type EarlyStart =
  | { kind: 'started'; record: HandoffRecord; prepared: Map<number, Promise<unknown>> }
  | { kind: 'stopped'; status: HandoffRecord['status'] };

/**
 * One handoff from request to carrier: validate, claim the call, build and persist the packet,
 * route, play the farewell, then ask the carrier, walking the ladder when a carrier refuses.
 */
export class Attempts {
  readonly #d: Deployment;
  readonly #inflight = new Map<string, Promise<HandoffResult>>();
  readonly #renewals = new Set<NodeJS.Timeout>();
  #closed = false;

  constructor(deployment: Deployment) {
    this.#d = deployment;
  }

  /** Stops renewing every claim: from here on, other instances may carry this one's handoffs on. */
  close(): void {
    this.#closed = true;
    for (const timer of this.#renewals) clearInterval(timer);
    this.#renewals.clear();
  }

  transfer(session: Session, rawArgs: unknown, options: TransferOptions): Promise<HandoffResult> {
    const triggeredAt = options.trigger?.at ?? this.#d.now();
    // Synchronous, so bad arguments never reach the store or the carrier.
    let args: TransferArgs;
    try {
      args = parseTransferArgs(this.#d.tool.schema, this.#d.departments, rawArgs);
    } catch (error) {
      return Promise.reject(error);
    }
    const inflight = this.#inflight.get(session.callId);
    if (inflight) return inflight.then((result) => ({ ...result, duplicate: true }));
    const run = this.#run(session, args, options, triggeredAt);
    this.#inflight.set(session.callId, run);
    const clear = () => {
      if (this.#inflight.get(session.callId) === run) this.#inflight.delete(session.callId);
    };
    run.then(clear, clear);
    return run;
  }

  async #run(
    session: Session,
    args: TransferArgs,
    options: TransferOptions,
    triggeredAt: number,
  ): Promise<HandoffResult> {
    const d = this.#d;
    const handoffId = newHandoffId();
    // Turns that reached other instances belong in the packet; read them while claiming. A store
    // that is down fails the claim anyway, so a failed sync only costs the other instances' turns.
    const synced = session.sync().catch((error: unknown) => d.reportError(error, 'session-sync'));
    const lease = this.#lease();
    const claim = await claimCall(d.store, session.callId, handoffId, lease);
    if (claim.joined) return this.#resultOf(claim.joined, true);
    const stop = this.#renew(session.callId, lease);
    try {
      if (claim.resumed) return await this.#resume(claim.resumed);
      await synced;
      return await this.#start(session, args, options, handoffId, triggeredAt);
    } finally {
      stop();
    }
  }

  #lease(): ClaimLease {
    return {
      now: this.#d.now,
      ms: this.#d.options.claimLeaseMs ?? DEFAULT_CLAIM_LEASE_MS,
      owner: randomToken(9),
    };
  }

  /** Renews the claim while this instance works the handoff; the undo stops renewing. */
  #renew(callId: string, lease: ClaimLease): () => void {
    if (this.#closed) return () => {};
    const timer = setInterval(
      () => void renewLease(this.#d.store, callId, lease).catch((e) => this.#d.reportError(e, 'claim-lease')),
      Math.max(1, Math.floor(lease.ms / 3)),
    );
    timer.unref();
    this.#renewals.add(timer);
    return () => {
      clearInterval(timer);
      this.#renewals.delete(timer);
    };
  }

  /**
   * Carries on a handoff whose instance died before the carrier moved the call. The packet is
   * already persisted; the transfer goes to the same handoff URL and destination, so a request
   * the dead instance did land (Vobiz would have fetched the XML, and the record would say
   * `ringing`) is never followed by a different one.
   */
  async #resume(record: HandoffRecord): Promise<HandoffResult> {
    const result = this.#resultOf(record, true);
    if (!record.destination) return result;
    if (record.status === 'transferring') {
      // An owner that stopped (frozen, partitioned) may have sent its request before it did, and
      // Vobiz acted on it: a second transfer would cut the human off mid-ring. As with an unknown
      // outcome, only the grace without evidence lets the takeover send it again.
      if (await acted(this.#d, record.id, record.ladder.attempt, graceMs(this.#d)))
        return asRecorded(this.#d, record.id, result);
      return this.#carry(record, record.destination, result);
    }
    return this.#attempt(record.id, record.destination, result);
  }

  async #start(
    session: Session,
    args: TransferArgs,
    options: TransferOptions,
    handoffId: string,
    triggeredAt: number,
  ): Promise<HandoffResult> {
    const d = this.#d;
    let record: HandoffRecord;
    let result: HandoffResult;
    let stored: StoredRecord<HandoffRecord>;
    let starting: Promise<HandoffRecord | undefined> | undefined;
    // Released once the carrier was asked, or as soon as it turns out it will not be asked now.
    let deliver: (() => void) | undefined;
    try {
      ({ record, result } = decideHandoff(d, session, args, options, handoffId, triggeredAt));
      // The listeners on the store's changes (events, the gateway's metrics and desk) see the
      // packet's creation and the attempt's start after the transfer request went out, not in
      // its way: both are persisted first all the same. Only when nothing else comes between.
      const withCreate = this.#startsWithCreate(record, options);
      if (withCreate) deliver = d.store.deferChanges?.();
      const creating = createRecord(d.store, record, d.options.retentionMs);
      if (withCreate) starting = this.#startWithCreate(record, record.destination!, creating);
      if (!starting) deliver?.();
      stored = await creating;
    } catch (error) {
      deliver?.();
      // Nothing was persisted: free the call so the next request does not wait for a ghost.
      await releaseClaim(d.store, session.callId, handoffId).catch(() => {});
      throw error;
    }
    if (record.status === 'rejected') return result;

    if (starting) {
      // The summarizer starts after the request was written too: its own synchronous start
      // (a prompt, a request opened) queued ahead of undici's write would hold the request up.
      let asked = false;
      const onAsked = () => {
        deliver?.();
        if (asked) return;
        asked = true;
        summarizeLater(this.#d, record);
      };
      try {
        const started = await starting;
        if (started?.status !== 'transferring') return { ...result, status: started?.status ?? 'failed' };
        return await this.#carry(started, record.destination!, result, undefined, onAsked);
      } finally {
        onAsked();
      }
    }
    summarizeLater(this.#d, record);
    // A carrier that reaches the human first starts ringing now, under the farewell.
    const early = this.#startEarly(stored);
    if (options.beforeTransfer) await beforeTransfer(this.#d, options, result);
    const started = await early;
    if (started?.kind === 'stopped') return { ...result, status: started.status };
    if (started) return this.#carry(started.record, started.record.destination!, result, started.prepared);
    return this.#attempt(handoffId, record.destination!, result, stored);
  }

  /**
   * With nothing to play or prepare between persisting the packet and asking the carrier, the
   * attempt's start is written right behind the record's creation, in the same round trip
   * (`updateCreated`): both are persisted before the carrier is asked, as when they go one after
   * the other (`#startsWithCreate` says when). Undefined when the record cannot start.
   */
  #startWithCreate(
    record: HandoffRecord,
    destination: ResolvedDestination,
    creating: Promise<StoredRecord<HandoffRecord>>,
  ): Promise<HandoffRecord | undefined> | undefined {
    const d = this.#d;
    const requestedAt = d.now();
    const next = startedCopy(record, destination, requestedAt);
    if (!next) return undefined;
    const starting = updateCreated(
      d.store,
      creating,
      next,
      (current) => (startAttempt(current, destination, requestedAt) ? current : undefined),
      d.options.retentionMs,
    );
    // Read after the create's outcome: when the create fails, so does this, and the create's error is the one reported.
    starting.catch(() => {});
    return starting;
  }

  /**
   * Whether nothing comes between the record's creation and the attempt's start (no farewell, no
   * early step): the start then goes right behind the creation (`#startWithCreate`).
   */
  #startsWithCreate(record: HandoffRecord, options: TransferOptions): boolean {
    const destination = record.destination;
    if (record.status === 'rejected' || !destination || options.beforeTransfer) return false;
    return !this.#d.carriers.prepares(this.#request(record, destination));
  }

  /** Starts the first attempt and the carrier's early step, when the carrier has one. */
  async #startEarly(stored: StoredRecord<HandoffRecord>): Promise<EarlyStart | undefined> {
    const d = this.#d;
    const destination = stored.value.destination!;
    if (!d.carriers.prepares(this.#request(stored.value, destination))) return undefined;
    const startedAt = d.now();
    const started = await updateKnown(
      d.store,
      stored,
      (current) => (startAttempt(current, destination, startedAt) ? current : undefined),
      d.options.retentionMs,
    );
    if (started?.status !== 'transferring') return { kind: 'stopped', status: started?.status ?? 'failed' };
    const prepared = new Map([[started.ladder.attempt, this.#prepare(started, destination)]]);
    return { kind: 'started', record: started, prepared };
  }

  /** The carrier's early step; settles with what it threw, so an early failure waits for the farewell. */
  #prepare(record: HandoffRecord, destination: ResolvedDestination): Promise<unknown> {
    return this.#d.carriers.prepare(this.#request(record, destination)).then(
      () => undefined,
      (error: unknown) => error ?? new Error('the carrier could not reach the human'),
    );
  }

  /** The carrier's request, whole (with the gateway URL transfers use now): the router copies none of it. */
  #request(record: HandoffRecord, destination: ResolvedDestination): TransferRequest {
    const attempt = record.ladder.attempt;
    const handoffId = record.id;
    const request: TransferRequest = {
      handoffId,
      callId: record.callId,
      token: record.token,
      destination,
      context: record.context,
      acted: () => acted(this.#d, handoffId, attempt, graceMs(this.#d)),
    };
    const platformCallId = record.context.call.platformCallId;
    if (platformCallId) request.platformCallId = platformCallId;
    const gatewayUrl = this.#d.carriers.gatewayUrl();
    if (gatewayUrl !== undefined) request.gatewayUrl = gatewayUrl;
    return request;
  }

  /**
   * The first attempt, and the next destinations while the carrier refuses and the ladder allows.
   * `known`: the record as this instance just wrote it, so the start needs no read first.
   */
  async #attempt(
    handoffId: string,
    destination: ResolvedDestination,
    result: HandoffResult,
    known?: StoredRecord<HandoffRecord>,
  ): Promise<HandoffResult> {
    const d = this.#d;
    const requestedAt = d.now();
    const start = (record: HandoffRecord) =>
      startAttempt(record, destination, requestedAt) ? record : undefined;
    const started = known
      ? await updateKnown(d.store, known, start, d.options.retentionMs)
      : await updateRecord(d.store, handoffId, start, d.options.retentionMs);
    if (started?.status !== 'transferring') return { ...result, status: started?.status ?? 'failed' };
    return this.#carry(started, destination, result);
  }

  /** Asks the carrier for the record's current attempt, then each next rung while it refuses. */
  async #carry(
    current: HandoffRecord,
    destination: ResolvedDestination,
    result: HandoffResult,
    prepared: ReadonlyMap<number, Promise<unknown>> = new Map(),
    /**
     * Called once the first request has been handed to the carrier, on the turn of the event loop
     * after (undici writes a request on a kept-alive socket there, not when it is made).
     */
    asked?: () => void,
  ): Promise<HandoffResult> {
    const d = this.#d;
    const handoffId = current.id;
    let record = current;
    let target = destination;
    for (;;) {
      const attempt = record.ladder.attempt;
      const request = this.#request(record, target);
      try {
        if (d.carriers.prepares(request)) {
          const failure = await (prepared.get(attempt) ?? this.#prepare(record, target));
          if (failure !== undefined) throw failure;
          // The human's call may have failed while the caller heard the farewell: the ladder has
          // decided already, and the caller is not moved to a human who is not coming.
          const now = await readRecord(d.store, handoffId);
          if (!now || !LIVE_ATTEMPT.has(now.status)) return asRecorded(this.#d, handoffId, result);
        }
        const sent = d.carriers.transfer(request);
        if (asked) setImmediate(asked);
        await sent;
        return { ...result, status: 'transferring', destination: { key: target.key, label: target.label } };
      } catch (error) {
        // What waited for the request waits no longer than it: the ladder's steps take time.
        asked?.();
        d.reportError(error, 'transfer-provider');
        // Vobiz may have moved the call although its answer was lost: only evidence that it did
        // not lets the ladder send a transfer elsewhere.
        if (outcomeUnknown(error) && (await acted(this.#d, handoffId, attempt, graceMs(this.#d)))) {
          return asRecorded(this.#d, handoffId, result);
        }
        const detail = error instanceof Error ? error.message.slice(0, 200) : 'transfer failed';
        // Nobody is left to ring a human for, or to hear a fallback: the ladder stops here.
        if (callGone(error)) {
          await advance(
            d,
            handoffId,
            { type: 'caller_hung_up', detail },
            (r) => r.status === 'transferring' && r.ladder.attempt === attempt,
          );
          return asRecorded(this.#d, handoffId, result);
        }
        // A carrier that refuses one destination may take the next: the ladder decides, as it
        // does for a human who does not answer.
        const waiting = d.carriers.prepares(request) ? (['transferring', 'ringing'] as const) : undefined;
        const failed = await failRequest(d, handoffId, attempt, detail, waiting);
        // Callbacks moved the handoff on while the request failed: they know where the call is.
        if (!failed.changed) return asRecorded(this.#d, handoffId, result);
        const step = failed.step;
        const next = step?.kind === 'next_destination' ? await readRecord(d.store, handoffId) : undefined;
        if (next?.status === 'transferring' && next.destination) {
          record = next;
          target = next.destination;
          continue;
        }
        const unavailable = messagesIn(d, record.context.extracted.language).unavailable;
        return {
          ...result,
          status: failed.record.status,
          reason: 'transfer_failed',
          ...(step ? { fallback: step } : {}),
          sayToCaller: step && 'sayToCaller' in step ? step.sayToCaller : unavailable,
        };
      }
    }
  }

  /** A request that joined a live handoff gets that handoff's answer. */
  #resultOf(record: HandoffRecord, duplicate: boolean): HandoffResult {
    const messages = messagesIn(this.#d, undefined);
    const result: HandoffResult = {
      handoffId: record.id,
      status: record.status,
      sayToCaller: fill(messages.transferring, { label: record.destination?.label ?? 'team' }),
      duplicate,
    };
    if (record.context.destination) result.destination = record.context.destination;
    return result;
  }
}
