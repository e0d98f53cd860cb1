import { SerialQueue } from './callbacks.js';
import type { CallEvent, CallEventMap, CallEventOf, CallEventType, StreamEndReason } from './events.js';
import type { CallDirection, CallStatus, Clock, HangupInfo, HttpMethod, Party } from './types.js';

/** Everything fixed when a call is created (from placeInboundCall or the make-call API). */
export interface CallSetup {
  uuid: string;
  direction: CallDirection;
  /** As given (may carry '+'); webhooks strip it. */
  from: string;
  to: string;
  callerName: string;
  answerUrl: string;
  answerMethod: HttpMethod;
  hangupUrl: string | undefined;
  hangupMethod: HttpMethod;
  fallbackUrl: string | undefined;
  fallbackMethod: HttpMethod;
  ringUrl: string | undefined;
  ringMethod: HttpMethod;
  /** Already prefixed `X-VH-`. */
  sipHeaders: Record<string, string>;
  audio: Buffer | undefined;
}

/** A live WebSocket stream of a call, as the rest of the sandbox sees it. */
export interface StreamLink {
  readonly streamId: string;
  readonly url: string;
  readonly source: 'xml' | 'api';
  readonly active: boolean;
  /** Socket open (false while connecting or between reconnects). */
  readonly connected: boolean;
  sendDtmf(digit: string): void;
  pushAudio(mulaw: Buffer): void;
  /** Vobiz-side network drop: DroppedStream, then maxRetries reconnects if configured. */
  drop(): void;
  /** Ends the stream without an app `stop` (hang-up, transfer, REST DELETE). */
  close(reason: StreamEndReason): void;
  describe(): Record<string, unknown>;
}

/** `transferred`: moved out of the bridge by a `legs=bleg` transfer; it runs on as its own call. */
export type DialLegStatus = 'ringing' | 'answered' | 'bridged' | 'transferred' | 'ended';

/** A B-leg created by `<Dial>`: one per `<Number>`/`<User>`. */
export interface DialLeg {
  uuid: string;
  to: string;
  position: number;
  status: DialLegStatus;
  /** What the human's phone received, `X-VH-` prefixed. */
  sipHeaders: Record<string, string>;
  hangup?: HangupInfo;
}

export interface ActiveBridge {
  leg: DialLeg;
  hangupCallee(): void;
  /** Transfer API with legs=bleg/both: the human's leg leaves the bridge for new XML. */
  transferOut(url: string, method: string): void;
}

/** Internal mutable state of one call (A-leg). */
export class CallRecord {
  status: CallStatus = 'queued';
  readonly createdAt: number;
  answeredAt: number | undefined;
  endedAt: number | undefined;
  hangup: HangupInfo | undefined;
  readonly log: CallEvent[] = [];
  /** Aborted exactly once, when the call ends. */
  readonly ended = new AbortController();
  /** The running XML document; a transfer aborts it and starts a new one. */
  program: AbortController | undefined;
  readonly streams = new Set<StreamLink>();
  primaryStream: StreamLink | undefined;
  readonly dialLegs: DialLeg[] = [];
  bridge: ActiveBridge | undefined;
  /** UUID of the last bridged B-leg, for the CDR's `bridge_uuid`. */
  bridgeUuid: string | undefined;
  readonly digitListeners = new Set<(digit: string) => void>();
  readonly notifications = new SerialQueue();
  private readonly listeners = new Set<(event: CallEvent) => void>();
  private seq = 0;

  constructor(
    readonly setup: CallSetup,
    private readonly clock: Clock,
    private readonly observer?: (event: CallEvent) => void,
  ) {
    this.createdAt = clock.now();
  }

  get uuid(): string {
    return this.setup.uuid;
  }

  get isEnded(): boolean {
    return this.ended.signal.aborted;
  }

  now(): number {
    return this.clock.now();
  }

  push<K extends CallEventType>(type: K, payload: CallEventMap[K]): CallEventOf<K> {
    const event = { type, at: this.clock.now(), seq: this.seq++, ...payload } as CallEventOf<K>;
    this.log.push(event as CallEvent);
    for (const listener of [...this.listeners]) listener(event as CallEvent);
    this.observer?.(event as CallEvent);
    return event;
  }

  subscribe(listener: (event: CallEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** What a test can do to a call: the simulated humans' actions. */
export interface CallControls {
  hangup(party: Party): void;
  pressDigits(digits: string): void;
}

export interface StreamControl {
  readonly active: boolean;
  readonly streamId: string | undefined;
  readonly url: string | undefined;
  /** Sends a `dtmf` event on the socket, as if the caller pressed `digit`. */
  sendDtmf(digit: string): void;
  /** Queues μ-law 8 kHz caller audio; it goes out in the next media frames instead of silence. */
  sendAudio(mulaw: Buffer): void;
  /** Closes the socket from Vobiz's side as a network drop would (DroppedStream; reconnects if maxRetries). */
  close(): void;
}

export interface WaitForOptions<E> {
  /** Default 5000 ms. */
  timeoutMs?: number;
  match?: (event: E) => boolean;
}

/**
 * A call in the sandbox, seen from a test: its log, its state, and the controls of the simulated
 * caller and human.
 */
export class SandboxCall {
  constructor(
    private readonly rec: CallRecord,
    private readonly controls: CallControls,
  ) {}

  get uuid(): string {
    return this.rec.uuid;
  }
  get direction(): CallDirection {
    return this.rec.setup.direction;
  }
  get from(): string {
    return this.rec.setup.from;
  }
  get to(): string {
    return this.rec.setup.to;
  }
  get status(): CallStatus {
    return this.rec.status;
  }
  get ended(): boolean {
    return this.rec.isEnded;
  }
  get hangupInfo(): HangupInfo | undefined {
    return this.rec.hangup;
  }
  /** The full ordered event log. */
  get log(): readonly CallEvent[] {
    return this.rec.log;
  }
  /** Texts the human heard from `confirmSound` before being bridged. */
  get whisper(): string[] {
    return this.events('whisper').flatMap((e) => (e.text === undefined ? [] : [e.text]));
  }
  /** Texts spoken to the caller with `<Speak>`. */
  get spoken(): string[] {
    return this.events('speak').map((e) => e.text);
  }
  get dialLegs(): readonly DialLeg[] {
    return this.rec.dialLegs;
  }
  /** The call's current stream (the latest one started); its methods throw when none is live. */
  get stream(): StreamControl {
    const rec = this.rec;
    const live = (): StreamLink => {
      const s = rec.primaryStream;
      if (!s?.active) throw new Error(`call ${rec.uuid} has no live stream`);
      return s;
    };
    return {
      get active() {
        return rec.primaryStream?.active ?? false;
      },
      get streamId() {
        return rec.primaryStream?.streamId;
      },
      get url() {
        return rec.primaryStream?.url;
      },
      sendDtmf: (digit) => live().sendDtmf(digit),
      sendAudio: (mulaw) => live().pushAudio(mulaw),
      close: () => live().drop(),
    };
  }

  events<K extends CallEventType>(type: K): CallEventOf<K>[] {
    return this.rec.log.filter((e): e is CallEventOf<K> & CallEvent => e.type === type);
  }

  /** Hangs up as the caller (default) or as the human reached through `<Dial>`. */
  hangup(party: Party = 'caller'): void {
    this.controls.hangup(party);
  }

  /** The caller presses keys: reaches `<Gather>`, `<Record finishOnKey>`, `hangupOnStar`, and live streams. */
  pressDigits(digits: string): void {
    this.controls.pressDigits(digits);
  }

  /**
   * Resolves with the first logged event of `type` (past or future) that passes `match`. On timeout
   * rejects with the whole log so the failure explains itself.
   */
  waitFor<K extends CallEventType>(
    type: K,
    options: WaitForOptions<CallEventOf<K>> = {},
  ): Promise<CallEventOf<K>> {
    const timeoutMs = options.timeoutMs ?? 5000;
    const matches = (e: CallEvent): e is CallEvent & CallEventOf<K> =>
      e.type === type && (options.match?.(e as CallEventOf<K>) ?? true);
    const existing = this.rec.log.find(matches);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const unsubscribe = this.rec.subscribe((e) => {
        if (!matches(e)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(e);
      });
      const timer = setTimeout(() => {
        unsubscribe();
        const state = this.rec.isEnded ? 'ended' : this.rec.status;
        reject(
          new Error(
            `call ${this.uuid}: no '${type}' event within ${timeoutMs} ms (call ${state}). Log:\n${describeLog(this.rec.log)}`,
          ),
        );
      }, timeoutMs);
    });
  }
}

/** One line per event, relative times: readable in a failed test's output. */
export function describeLog(log: readonly CallEvent[]): string {
  const start = log[0]?.at ?? 0;
  return log.map((e) => `  ${describeEvent(e, start)}`).join('\n');
}

/** `+  120ms type key=value ...` for one event (bulky fields such as webhook params left out). */
export function describeEvent(event: CallEvent, start: number): string {
  const { type, at, seq: _seq, ...rest } = event;
  const detail = Object.entries(rest)
    .filter(([k]) => k !== 'params' && k !== 'message')
    .map(([k, v]) => `${k}=${typeof v === 'string' ? truncate(v, 80) : JSON.stringify(v)}`)
    .join(' ');
  return `+${String(at - start).padStart(5)}ms ${type} ${detail}`;
}

function truncate(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
