import type { z } from 'zod/v4';
import { describeCause } from '../describe-cause.js';
import { HandoffError, isHandoffError } from '../errors.js';
import type { FieldsSchema } from '../fields-schema.js';
import type { AdvanceResult, CallEvent, HandoffEventType, HandoffOptions } from '../handoff-types.js';
import { type CallHost, PlatformCall } from '../platform/call.js';
import type { AttachCallInit, AttachedCall } from '../platform/port.js';
import { type DeskActor, type PublicHandoffRecord, publicRecord } from '../record.js';
import type { Session, SessionHost, SessionInit } from '../session.js';
import { keyPrefix } from '../store/keys.js';
import { MemoryStore } from '../store/memory-store.js';
import type { HandoffStore } from '../store/store.js';
import { buildTool, type ToolDefinition } from '../tool.js';
import type { TransferProvider, TransferRequest } from '../transfer.js';
import type { ResolvedDestination } from '../types.js';
import { Attempts } from './attempt.js';
import { claimedHandoff } from './call-claim.js';
import { CarrierRouter } from './carriers.js';
import {
  capabilitiesOf,
  type Deployment,
  type Renderers,
  renderersFor,
  validateFields,
  validateOptions,
} from './deployment.js';
import { handedBack } from './desk-actions.js';
import { EventBus, type FiringListener, type HandoffListener } from './events.js';
import { advance } from './lifecycle.js';
import { type LiveActionResult, type LiveCall, LiveCalls } from './live-calls.js';
import { getPublic, type ListFilter, listPublic, readRecord, tokenMatches, updateRecord } from './records.js';
import { CallRegistry } from './registry.js';

const DEFAULT_SAY_TIMEOUT_MS = 10_000;
/** Calls rarely go this long without a turn; the log is renewed by every one. */
const DEFAULT_SESSION_TTL_MS = 4 * 60 * 60_000;

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
  readonly #loggers: Array<Pick<Console, 'warn'>> = [];

  constructor(options: HandoffOptions<Fields>) {
    const departments = validateOptions(options);
    const now = options.now ?? Date.now;
    const labels = Object.fromEntries(Object.entries(options.destinations).map(([k, d]) => [k, d.label]));
    this.options = options;
    this.store = options.store ?? new MemoryStore({ now });
    this.tool = buildTool(departments, options.fields, labels);
    this.render = renderersFor(options);
    this.#d = {
      options,
      store: this.store,
      now,
      departments,
      capabilities: capabilitiesOf(options),
      tool: this.tool,
      carriers: new CarrierRouter(options.transfer, options.gatewayUrl),
      reportError: (error, where) => this.reportError(error, where),
    };
    this.#attempts = new Attempts(this.#d);
    this.#events = new EventBus(now, this.#d.reportError);
    this.#live = new LiveCalls({
      store: this.store,
      now,
      retentionMs: options.retentionMs,
      rules: options.triggers ?? [],
      call: (callId) => {
        const call = this.#registry.call(callId);
        return call instanceof PlatformCall ? call : undefined;
      },
      reportError: this.#d.reportError,
    });
    if (options.liveCalls) this.#live.start();
    this.#registry = new CallRegistry(this.#sessionHost(), this.#callHost());
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
  async annotate(handoffId: string, source: string, data: unknown): Promise<PublicHandoffRecord> {
    if (typeof source !== 'string' || !/^[a-z0-9][a-z0-9_-]{0,31}$/.test(source)) {
      throw new HandoffError('invalid_arguments', 'annotate: `source` is 1–32 of a–z, 0–9, _ and -');
    }
    const at = this.#d.now();
    const stored = await updateRecord(
      this.store,
      handoffId,
      (record) => {
        record.annotations = { ...record.annotations, [source]: { at, data } };
        record.updatedAt = at;
        return record;
      },
      this.options.retentionMs,
    );
    if (!stored) throw new HandoffError('handoff_not_found', `No handoff "${handoffId}"`);
    return publicRecord(stored);
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
    if (this.options.onError) {
      this.options.onError(error, where);
      return;
    }
    const logger = this.#loggers.at(-1) ?? console;
    logger.warn(
      { where, code: isHandoffError(error) ? error.code : undefined, cause: describeCause(error) },
      `[handoff] ${where} failed`,
    );
  }

  /** Where background errors are logged when the deployment passed no `onError`. Returns the undo. */
  provideLogger(logger: Pick<Console, 'warn'>): () => void {
    this.#loggers.push(logger);
    return () => {
      const at = this.#loggers.lastIndexOf(logger);
      if (at >= 0) this.#loggers.splice(at, 1);
    };
  }

  async close(): Promise<void> {
    this.#attempts.close();
    this.#live.close();
    this.#unsubscribe();
    await this.#registry.close();
  }

  /** What sessions get instead of the whole handoff. */
  #sessionHost(): Omit<SessionHost, 'forget'> {
    const d = this.#d;
    return {
      now: d.now,
      options: d.options,
      store: d.store,
      sessionTtlMs: d.options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS,
      validateFields: (fields) => validateFields(d.options, fields),
      transfer: (session, args, options) => this.#attempts.transfer(session, args, options),
      emitFiring: (session, firing) => this.#events.emitFiring(session, firing),
      reportError: d.reportError,
    };
  }

  /** What an attached call gets: the deployment's settings for speaking to the caller and the LLM. */
  #callHost(): Omit<CallHost, 'release'> {
    const options = this.options;
    return {
      toolName: this.tool.name,
      language: options.language,
      prompts: options.prompts,
      sayTimeoutMs: options.sayTimeoutMs ?? DEFAULT_SAY_TIMEOUT_MS,
      aiUnavailable: options.aiUnavailable ?? { reason: 'ai_unavailable' },
      suggestNow: options.suggest === 'reply_now',
      handedBack: (callId) => handedBack(this, callId),
      ...(options.liveCalls ? { changed: (call: PlatformCall) => this.#live.touch(call) } : {}),
      reportError: this.#d.reportError,
    };
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
