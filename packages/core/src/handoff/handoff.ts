import type { z } from 'zod';
import { HandoffError } from '../errors.js';
import type { AdvanceResult, CallEvent, HandoffEventType, HandoffOptions } from '../handoff-types.js';
import { type CallHost, PlatformCall } from '../platform/call.js';
import type { AttachCallInit, AttachedCall } from '../platform/port.js';
import type { PublicHandoffRecord } from '../record.js';
import { assertSessionInit, Session, type SessionHost, type SessionInit } from '../session.js';
import { keyPrefix } from '../store/keys.js';
import { MemoryStore } from '../store/memory-store.js';
import type { HandoffStore } from '../store/store.js';
import { buildTool, type ToolDefinition } from '../tool.js';
import type { TransferProvider, TransferRequest } from '../transfer.js';
import type { ResolvedDestination } from '../types.js';
import { createVobizProviderFromOptions } from '../vobiz-provider-factory.js';
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
import { EventBus, type FiringListener, type HandoffListener } from './events.js';
import { advance } from './lifecycle.js';
import { getPublic, type ListFilter, listPublic, readRecord, tokenMatches } from './records.js';

const DEFAULT_SAY_TIMEOUT_MS = 10_000;

/**
 * The handoff core for one deployment, as plugins and the gateway see it. It only wires the
 * parts together: the transfer attempt (`attempt.ts`), the cross-instance claim
 * (`call-claim.ts`), the lifecycle after the transfer request (`lifecycle.ts`, driven by
 * `state/machine.ts`), carriers (`carriers.ts`) and events (`events.ts`).
 */
export class Handoff<Fields extends z.ZodObject = z.ZodObject> {
  readonly options: HandoffOptions<Fields>;
  readonly store: HandoffStore;
  /** The `transfer_to_human` tool: JSON Schema `parameters` and the same as zod `schema`. */
  readonly tool: ToolDefinition;

  readonly #d: Deployment;
  readonly #attempts: Attempts;
  readonly #events: EventBus;
  readonly #sessions = new Map<string, Session>();
  readonly #calls = new Map<string, PlatformCall>();
  readonly #unsubscribe: () => void;

  constructor(options: HandoffOptions<Fields>) {
    const departments = validateOptions(options);
    const now = options.now ?? Date.now;
    const labels = Object.fromEntries(Object.entries(options.destinations).map(([k, d]) => [k, d.label]));
    this.options = options;
    this.store = options.store ?? new MemoryStore({ now });
    this.tool = buildTool(departments, options.fields, labels);
    this.render = renderersFor(options);
    const carrier = options.transfer ?? createVobizProviderFromOptions(options);
    this.#d = {
      options,
      store: this.store,
      now,
      departments,
      capabilities: capabilitiesOf(options),
      tool: this.tool,
      carriers: new CarrierRouter(carrier, options.gatewayUrl),
      reportError: (error, where) => this.reportError(error, where),
    };
    this.#attempts = new Attempts(this.#d);
    this.#events = new EventBus(now, this.#d.reportError);
    this.#unsubscribe = this.store.subscribe(keyPrefix('handoff'), (change) =>
      this.#events.recordChanged(change),
    );
  }

  // ---- sessions and calls ------------------------------------------------------------------

  startSession(init: SessionInit): Session {
    assertSessionInit(init);
    // A reconnecting stream sends a fresh start for the same call: it joins the session it had.
    const existing = this.#sessions.get(init.callId);
    if (existing && !existing.ended) return existing;
    const session = new Session(this.#sessionHost, init);
    this.#sessions.set(init.callId, session);
    return session;
  }

  session(callId: string): Session | undefined {
    return this.#sessions.get(callId);
  }

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

  // ---- handoffs ------------------------------------------------------------------------------

  get(handoffId: string): Promise<PublicHandoffRecord | undefined> {
    return getPublic(this.store, handoffId);
  }

  list(filter: ListFilter = {}): Promise<PublicHandoffRecord[]> {
    return listPublic(this.store, filter);
  }

  /** The handoff currently attached to a call, if any. */
  async forCall(callId: string): Promise<PublicHandoffRecord | undefined> {
    const handoffId = await claimedHandoff(this.store, callId);
    return handoffId === undefined ? undefined : this.get(handoffId);
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

  /** Renderings of a packet with this deployment's PII policy. */
  readonly render: Renderers;

  // ---- events --------------------------------------------------------------------------------

  on(type: HandoffEventType | '*', listener: HandoffListener): () => void {
    return this.#events.on(type, listener);
  }

  /** Rule firings from every session, for logging and for plugins that act on `suggest`. */
  onFiring(listener: FiringListener): () => void {
    return this.#events.onFiring(listener);
  }

  /** Errors from work done in the background go to the deployment's `onError`. */
  reportError(error: unknown, where: string): void {
    this.options.onError?.(error, where);
  }

  async close(): Promise<void> {
    this.#unsubscribe();
    this.#sessions.clear();
    this.#calls.clear();
  }

  // ---- what sessions and calls get instead of the whole handoff -------------------------------

  get #sessionHost(): SessionHost {
    const d = this.#d;
    return {
      now: d.now,
      options: d.options,
      validateFields: (fields) => validateFields(d.options, fields),
      transfer: (session, args, options) => this.#attempts.transfer(session, args, options),
      emitFiring: (session, firing) => this.#events.emitFiring(session, firing),
      forget: (session) => {
        if (this.#sessions.get(session.callId) === session) this.#sessions.delete(session.callId);
        const call = this.#calls.get(session.callId);
        if (call?.session === session) this.#calls.delete(session.callId);
      },
      reportError: d.reportError,
    };
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
      reportError: this.#d.reportError,
      release: (call) => {
        if (this.#calls.get(call.callId) === call) this.#calls.delete(call.callId);
      },
    };
  }
}

/**
 * Creates the handoff core for one deployment: destinations, fields, triggers, routing, store and
 * carrier. Plugins take the returned object; the gateway serves it.
 */
export function createHandoff<Fields extends z.ZodObject = z.ZodObject>(
  options: HandoffOptions<Fields>,
): Handoff<Fields> {
  return new Handoff(options);
}
