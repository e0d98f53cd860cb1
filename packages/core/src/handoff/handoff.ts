import type { z } from 'zod/v4';
import type { FieldsSchema } from '../fields-schema.js';
import type { AdvanceResult, CallEvent, HandoffEventType, HandoffOptions } from '../handoff-types.js';
import { PlatformCall } from '../platform/call.js';
import type { AttachCallInit, AttachedCall } from '../platform/port.js';
import type { DeskActor, PublicHandoffRecord } from '../record.js';
import type { Session, SessionInit } from '../session.js';
import { keyPrefix } from '../store/keys.js';
import type { HandoffStore } from '../store/store.js';
import type { ToolDefinition } from '../tool.js';
import type { TransferProvider, TransferRequest } from '../transfer.js';
import type { ResolvedDestination } from '../types.js';
import { annotateHandoff } from './annotate.js';
import { Attempts } from './attempt.js';
import { claimedHandoff } from './call-claim.js';
import { type Deployment, deploymentOf, type Renderers, renderersFor } from './deployment.js';
import { handedBack } from './desk-actions.js';
import { ErrorReports } from './error-reports.js';
import { EventBus, type FiringListener, type HandoffListener } from './events.js';
import { callHostOf, sessionHostOf } from './hosts.js';
import { advance } from './lifecycle.js';
import { type LiveActionResult, type LiveCall, LiveCalls } from './live-calls.js';
import { getPublic, type ListFilter, listPublic, readRecord, tokenMatches } from './records.js';
import { CallRegistry } from './registry.js';

/**
 * The handoff core for one deployment, as plugins and the gateway see it. It only wires the
 * parts together: the transfer attempt (`attempt.ts`), the cross-instance claim
 * (`call-claim.ts`), the lifecycle after the transfer request (`lifecycle.ts`, driven by
 * `state/machine.ts`), carriers (`carriers.ts`) and events (`events.ts`).
 */
export class Handoff<Fields extends FieldsSchema = FieldsSchema> {
  readonly options: HandoffOptions<Fields>;
  readonly store: HandoffStore;
  /** The `transfer_to_human` tool: JSON Schema `parameters` and the same as zod `schema`. */
  readonly tool: ToolDefinition;
  /** Renderings of a packet with this deployment's PII policy. */
  readonly render: Renderers;

  readonly #d: Deployment;
  readonly #attempts: Attempts;
  readonly #events: EventBus;
  readonly #registry: CallRegistry;
  readonly #live: LiveCalls;
  readonly #unsubscribe: () => void;
  readonly #errors: ErrorReports;

  constructor(options: HandoffOptions<Fields>) {
    this.options = options;
    this.#d = deploymentOf(options, (error, where) => this.reportError(error, where));
    this.#errors = new ErrorReports(options.onError);
    this.store = this.#d.store;
    this.tool = this.#d.tool;
    this.render = renderersFor(options);
    this.#attempts = new Attempts(this.#d);
    this.#events = new EventBus(this.#d.now, this.#d.reportError);
    this.#live = new LiveCalls({
      store: this.store,
      now: this.#d.now,
      retentionMs: options.retentionMs,
      rules: options.triggers ?? [],
      call: (callId) => {
        const call = this.#registry.call(callId);
        return call instanceof PlatformCall ? call : undefined;
      },
      reportError: this.#d.reportError,
    });
    if (options.liveCalls) this.#live.start();
    const sessions = sessionHostOf(this.#d, {
      transfer: (session, args, options) => this.#attempts.transfer(session, args, options),
      emitFiring: (session, firing) => this.#events.emitFiring(session, firing),
    });
    const calls = callHostOf(this.#d, {
      handedBack: (callId) => handedBack(this, callId),
      changed: options.liveCalls ? (call) => this.#live.touch(call) : undefined,
    });
    this.#registry = new CallRegistry(sessions, calls);
    this.#unsubscribe = this.store.subscribe(keyPrefix('handoff'), (change) =>
      this.#events.recordChanged(change),
    );
  }

  // ---- sessions and calls ------------------------------------------------------------------

  startSession(init: SessionInit): Session {
    return this.#registry.startSession(init);
  }

  /** This instance's copy of the call's session, if it has one. */
  session(callId: string): Session | undefined {
    return this.#registry.session(callId);
  }

  /**
   * A platform joins a call: the core starts (or joins) its session and from then on decides
   * what every rule firing and tool call does, speaking through `port`. Joining again (a
   * reconnected stream) returns the same call with the new port.
   */
  attachCall(init: AttachCallInit): AttachedCall {
    return this.#registry.attachCall(init);
  }

  /** The call a platform attached in this process, if any. */
  call(callId: string): AttachedCall | undefined {
    return this.#registry.call(callId);
  }

  // ---- handoffs ------------------------------------------------------------------------------

  get(handoffId: string): Promise<PublicHandoffRecord | undefined> {
    return getPublic(this.store, handoffId);
  }

  list(filter: ListFilter = {}): Promise<PublicHandoffRecord[]> {
    return listPublic(this.store, filter, { now: this.#d.now, retentionMs: this.options.retentionMs });
  }

  /** The handoff currently attached to a call, if any. */
  async forCall(callId: string): Promise<PublicHandoffRecord | undefined> {
    const handoffId = await claimedHandoff(this.store, callId);
    return handoffId === undefined ? undefined : this.get(handoffId);
  }

  /**
   * Attaches what a platform reported after the fact (a post-call analysis) to the handoff's
   * record under `source`, for the desk, the API and CRM webhooks (`handoff.updated`). A later
   * report from the same source replaces the earlier one. Throws `handoff_not_found`.
   */
  annotate(handoffId: string, source: string, data: unknown): Promise<PublicHandoffRecord> {
    const retentionMs = this.options.retentionMs;
    return annotateHandoff(this.store, handoffId, { source, data, at: this.#d.now(), retentionMs });
  }

  // ---- live calls (supervisors) ------------------------------------------------------------

  /** AI calls in progress on every instance that runs with `liveCalls: true`, newest first. */
  liveCalls(): Promise<LiveCall[]> {
    return this.#live.list();
  }

  liveCall(callId: string): Promise<LiveCall | undefined> {
    return this.#live.get(callId);
  }

  /** Each live call's new snapshot, from any instance. Returns the undo. */
  onLiveCall(listener: (call: LiveCall) => void): () => void {
    return this.#live.subscribe(listener);
  }

  /**
   * A supervisor's hint for the AI, or a take-over (a handoff with trigger kind `supervisor`,
   * `args` as for the tool), done by the instance that holds the call; audited on the live call
   * and on the handoff. Throws `session_not_found` or `invalid_arguments`.
   */
  supervise(
    input:
      | { callId: string; type: 'hint'; text: string; by: DeskActor }
      | { callId: string; type: 'take_over'; args: Record<string, unknown>; by: DeskActor },
  ): Promise<LiveActionResult> {
    return this.#live.act(input);
  }

  /** Constant-time check of the token the gateway put on the handoff and whisper URLs. */
  verifyToken(handoffId: string, token: string | null | undefined): Promise<boolean> {
    return tokenMatches(this.store, handoffId, token);
  }

  /**
   * Reports what happened to the call and returns what to do next. Safe to repeat: a carrier
   * retrying the same callback gets the same answer and changes nothing.
   */
  advance(handoffId: string, event: CallEvent): Promise<AdvanceResult> {
    return advance(this.#d, handoffId, event);
  }

  /** The destination a `next_destination` step points at, resolved for dialling now. */
  async currentDestination(handoffId: string): Promise<ResolvedDestination | undefined> {
    return (await readRecord(this.store, handoffId))?.destination;
  }

  // ---- carriers ------------------------------------------------------------------------------

  /**
   * Sends the transfers `matches` picks to `carrier` instead of the handoff's own (the gateway
   * routes its synthetic callback calls, which need a new call placed, this way). The first
   * matching route wins. Returns the undo.
   */
  routeCarrier(matches: (request: TransferRequest) => boolean, carrier: TransferProvider): () => void {
    return this.#d.carriers.route(matches, carrier);
  }

  /**
   * Where Vobiz fetches the handoff XML when the `gatewayUrl` option is not set: a gateway
   * provides its own address once it knows it (on `listen`). Returns the undo.
   */
  provideGatewayUrl(source: () => string | undefined): () => void {
    return this.#d.carriers.provideGatewayUrl(source);
  }

  /** The gateway URL transfers use now: the option, else the first provided one. */
  get gatewayUrl(): string | undefined {
    return this.#d.carriers.gatewayUrl();
  }

  // ---- events --------------------------------------------------------------------------------

  on(type: HandoffEventType | '*', listener: HandoffListener): () => void {
    return this.#events.on(type, listener);
  }

  /** Rule firings from every session, for logging and for plugins that act on `suggest`. */
  onFiring(listener: FiringListener): () => void {
    return this.#events.onFiring(listener);
  }

  /**
   * Errors from work done in the background go to the deployment's `onError`; without one they
   * are logged (a gateway's logger once it provides one, else `console.warn`), never dropped.
   */
  reportError(error: unknown, where: string): void {
    this.#errors.report(error, where);
  }

  /** Where background errors are logged when the deployment passed no `onError`. Returns the undo. */
  provideLogger(logger: Pick<Console, 'warn'>): () => void {
    return this.#errors.provide(logger);
  }

  async close(): Promise<void> {
    this.#attempts.close();
    this.#live.close();
    this.#unsubscribe();
    await this.#registry.close();
  }
}

/**
 * Creates the handoff core for one deployment: destinations, fields, triggers, routing, store and
 * carrier. Plugins take the returned object; the gateway serves it.
 */
export function createHandoff<Fields extends FieldsSchema = z.ZodObject>(
  options: HandoffOptions<Fields>,
): Handoff<Fields> {
  return new Handoff(options);
}
