import { randomBytes } from 'node:crypto';
import type { HandoffResult } from '../handoff-types.js';
import { fill } from '../messages.js';
import type { HandoffRecord } from '../record.js';
import { describeTrigger, type Session, type TransferOptions } from '../session.js';
import { storeKey } from '../store/keys.js';
import { parseTransferArgs, type TransferArgs } from '../tool.js';
import type { ResolvedDestination } from '../types.js';
import { claimCall, releaseClaim } from './call-claim.js';
import { type Deployment, messagesIn } from './deployment.js';
import { advance, startAttempt } from './lifecycle.js';
import { readRecord, updateRecord } from './records.js';
import { afterHoursStep, chooseRoute } from './route.js';

const DEFAULT_BEFORE_TRANSFER_TIMEOUT_MS = 8_000;

/** base36 keeps ids inside Vobiz's `[A-Za-z0-9]` for SIP headers. */
function newHandoffId(): string {
  return `ho${BigInt(`0x${randomBytes(13).toString('hex')}`)
    .toString(36)
    .padStart(20, '0')}`;
}

/**
 * One handoff from request to carrier: validate, claim the call, build and persist the packet,
 * route, play the farewell, then ask the carrier, walking the ladder when a carrier refuses.
 */
export class Attempts {
  readonly #d: Deployment;
  readonly #inflight = new Map<string, Promise<HandoffResult>>();

  constructor(deployment: Deployment) {
    this.#d = deployment;
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
    const claim = await claimCall(d.store, session.callId, handoffId);
    if (claim.joined) return this.#resultOf(claim.joined, true);
    await synced;

    let record: HandoffRecord;
    let result: HandoffResult;
    try {
      ({ record, result } = this.#decide(session, args, options, handoffId, triggeredAt));
      await d.store.put(storeKey('handoff', handoffId), record, { expectedVersion: 0 });
    } catch (error) {
      // Nothing was persisted: free the call so the next request does not wait for a ghost.
      await releaseClaim(d.store, session.callId, handoffId).catch(() => {});
      throw error;
    }
    if (record.status === 'rejected') return result;

    this.#summarizeLater(session, handoffId);
    if (options.beforeTransfer) await this.#beforeTransfer(options, result);
    return this.#attempt(handoffId, record.destination!, result);
  }

  /** The packet and where it goes, or the after-hours answer when nowhere is open. */
  #decide(
    session: Session,
    args: TransferArgs,
    options: TransferOptions,
    handoffId: string,
    triggeredAt: number,
  ): { record: HandoffRecord; result: HandoffResult } {
    const d = this.#d;
    session.applyArgs(args);
    const language = session.extracted.language;
    const messages = messagesIn(d, language);
    const trigger = describeTrigger(
      options.trigger?.kind ?? 'tool',
      args.reason,
      args.urgency,
      options.trigger?.firing,
    );
    const context = session.context(handoffId, trigger);
    if (args.sentiment) context.extracted.sentiment = args.sentiment;
    context.timings.triggeredAt = triggeredAt;
    const route = chooseRoute(d, args, context, language ?? d.options.language);
    const now = d.now();
    const record: HandoffRecord = {
      id: handoffId,
      token: randomBytes(24).toString('base64url'),
      callId: session.callId,
      status: 'persisted',
      context,
      ladder: { rung: 0, remaining: route.remaining, attempt: 0 },
      createdAt: now,
      updatedAt: now,
    };
    context.timings.persistedAt = now;
    if (route.destination) {
      record.destination = route.destination;
      context.destination = { key: route.destination.key, label: route.destination.label };
      context.status = record.status;
      const sayToCaller = fill(messages.transferring, { label: route.destination.label });
      return {
        record,
        result: { handoffId, status: 'persisted', sayToCaller, destination: context.destination },
      };
    }
    // Every candidate is closed: the after-hours behaviour decides, in the ladder's words.
    const label = d.options.destinations[route.closed[0] ?? '']?.label ?? 'support';
    const step = afterHoursStep(d);
    record.status = 'rejected';
    record.reason = 'after_hours';
    record.lastStep = step;
    context.status = record.status;
    context.outcome = { status: 'rejected', detail: 'after_hours', at: now };
    const tail = 'sayToCaller' in step ? ` ${step.sayToCaller}` : '';
    const sayToCaller = `${fill(messages.afterHours, { label })}${tail}`.trim();
    return {
      record,
      result: { handoffId, status: 'rejected', reason: 'after_hours', sayToCaller, fallback: step },
    };
  }

  /** The first attempt, and the next destinations while the carrier refuses and the ladder allows. */
  async #attempt(
    handoffId: string,
    destination: ResolvedDestination,
    result: HandoffResult,
  ): Promise<HandoffResult> {
    const d = this.#d;
    const requestedAt = d.now();
    const started = await updateRecord(d.store, handoffId, (record) =>
      startAttempt(record, destination, requestedAt) ? record : undefined,
    );
    if (started?.status !== 'transferring') return { ...result, status: started?.status ?? 'failed' };
    let record = started;
    let target = destination;
    for (;;) {
      try {
        await d.carriers.transfer({
          handoffId,
          callId: record.callId,
          ...(record.context.call.platformCallId
            ? { platformCallId: record.context.call.platformCallId }
            : {}),
          token: record.token,
          destination: target,
          context: record.context,
        });
        return { ...result, status: 'transferring', destination: { key: target.key, label: target.label } };
      } catch (error) {
        // A carrier that refuses one destination may take the next: the ladder decides, as it
        // does for a human who does not answer.
        d.reportError(error, 'transfer-provider');
        const failed = await advance(d, handoffId, {
          type: 'failed',
          outcome: 'failed',
          attempt: record.ladder.attempt,
          detail: error instanceof Error ? error.message.slice(0, 200) : 'transfer failed',
        });
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

  async #beforeTransfer(options: TransferOptions, result: HandoffResult): Promise<void> {
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
      this.#d.reportError(error, 'before-transfer');
    } finally {
      if (timer) clearTimeout(timer);
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

  #summarizeLater(session: Session, handoffId: string): void {
    const d = this.#d;
    const summarizer = d.options.summarizer;
    if (!summarizer) return;
    const context = session.context(handoffId);
    // Off the critical path: the handoff never waits for an LLM.
    void summarizer
      .summarize({ transcript: context.transcript, extracted: context.extracted, previous: context.summary })
      .then((summary) =>
        updateRecord(d.store, handoffId, (record) => {
          record.context.summary = {
            ...record.context.summary,
            ...summary,
            source: 'llm',
            updatedAt: d.now(),
          };
          record.updatedAt = d.now();
          return record;
        }),
      )
      .catch((error: unknown) => d.reportError(error, 'summarizer'));
  }
}
