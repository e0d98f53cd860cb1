import { type CallControls, CallRecord, type CallSetup, SandboxCall } from './call.js';
import { callDurationS, callIdentityParams, callWebhookParams, hangupParams } from './call-params.js';
import { type CallbackAttempt, type CallbackPurpose, normaliseMethod } from './callbacks.js';
import { Interrupted, sleep, throwIfInterrupted } from './clock.js';
import type { SandboxContext } from './context.js';
import { answeredBy, hangupAfterMs } from './endpoints.js';
import type { CallEvent, XmlPurpose } from './events.js';
import { canceledByApi, invalidXml, normalHangup, rejected, unreachableUrl } from './hangup-causes.js';
import { runElements } from './interpreter.js';
import { type OutboundOptions, ringOutbound } from './outbound.js';
import { type StreamConfig, type StreamHost, StreamSession } from './stream-client.js';
import type { CallStatus, EndpointBehaviour, HangupInfo, Party } from './types.js';
import { parseVobizXml, type XmlElement } from './xml-parse.js';

export type FetchedXml =
  | { kind: 'ok'; elements: XmlElement[] }
  | { kind: 'empty' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'unreachable'; error: string };

export interface Program {
  controller: AbortController;
  /** Aborts on transfer (this program only) or hang-up (the call). */
  signal: AbortSignal;
}

const MAX_LOGGED_BODY = 10_000;

/** Drives one call: answering, fetching and running XML, transfers, hang-up and its webhooks. */
export class CallRunner implements CallControls, StreamHost {
  readonly rec: CallRecord;
  readonly call: SandboxCall;
  /** Every stream the call has had, live or not, for the REST stream API. */
  readonly allStreams = new Map<string, StreamSession>();
  private callerAudioUsed = false;

  constructor(
    readonly ctx: SandboxContext,
    setup: CallSetup,
    observer?: (call: SandboxCall, event: CallEvent) => void,
  ) {
    this.rec = new CallRecord(setup, ctx.clock, observer ? (e) => observer(this.call, e) : undefined);
    this.call = new SandboxCall(this.rec, this);
  }

  // ── webhook parameters ────────────────────────────────────────────────────────────────────────
  /** The standard parameters Vobiz sends with every call webhook. Numbers never carry '+'. */
  baseParams(): Record<string, string> {
    return callWebhookParams(this.rec, this.ctx);
  }

  identityParams(): Record<string, string> {
    return callIdentityParams(this.rec, this.ctx);
  }

  durationS(): number {
    return callDurationS(this.rec);
  }

  // ── callbacks ─────────────────────────────────────────────────────────────────────────────────

  private readonly logAttempt = (attempt: CallbackAttempt): void => {
    this.rec.push('callback', attempt);
  };

  /** Fire-and-forget webhook, delivered in order with the call's other notifications. */
  notify(purpose: CallbackPurpose, url: string, method: string, params: Record<string, string>): void {
    void this.rec.notifications.run(() =>
      this.ctx.callbacks.send({ purpose, url, method, params }, this.logAttempt),
    );
  }

  /** Resolves once every notification raised so far has been delivered (or given up on). */
  notificationsIdle(): Promise<void> {
    return this.rec.notifications.idle();
  }

  /** Fetches a URL that must answer with VobizXML, logging what came back. */
  async fetchXml(
    purpose: XmlPurpose & CallbackPurpose,
    url: string,
    method: string,
    params: Record<string, string>,
    signal: AbortSignal,
  ): Promise<FetchedXml> {
    const res = await this.ctx.callbacks.send({ purpose, url, method, params }, this.logAttempt, signal);
    throwIfInterrupted(signal);
    if (!res.ok) return { kind: 'unreachable', error: res.error ?? `HTTP ${res.status}` };
    this.rec.push('xml_fetched', {
      purpose,
      url,
      method: normaliseMethod(method),
      status: res.status,
      body: res.body.slice(0, MAX_LOGGED_BODY),
    });
    if (res.body.trim() === '') return { kind: 'empty' };
    const parsed = parseVobizXml(res.body);
    if (!parsed.ok) {
      this.rec.push('xml_invalid', { purpose, url, reason: parsed.reason });
      return { kind: 'invalid', reason: parsed.reason };
    }
    return { kind: 'ok', elements: parsed.elements };
  }

  // ── lifecycle ─────────────────────────────────────────────────────────────────────────────────

  startInbound(): void {
    const { rec } = this;
    rec.push('created', { direction: 'inbound', from: rec.setup.from, to: rec.setup.to });
    rec.status = 'in-progress';
    rec.answeredAt = rec.now();
    rec.push('answered', { machine: false });
    void this.runFromUrl('answer', rec.setup.answerUrl, rec.setup.answerMethod, { Event: 'StartApp' });
  }

  /** A B-leg moved out of a bridge by `legs=bleg`: already answered, it runs the transfer XML. */
  startTransferred(url: string, method: string, behaviour: EndpointBehaviour): void {
    const { rec } = this;
    rec.push('created', { direction: rec.setup.direction, from: rec.setup.from, to: rec.setup.to });
    rec.status = 'in-progress';
    rec.answeredAt = rec.now();
    rec.push('answered', { machine: false, answeredBy: answeredBy(behaviour) });
    const remoteHangup = hangupAfterMs(behaviour);
    if (remoteHangup !== undefined) this.after(remoteHangup, () => this.hangup('caller'));
    void this.runFromUrl('transfer', url, method, { Event: 'Transfer' });
  }

  /** An inbound call refused at the door (capacity): no webhooks, as the app never sees it. */
  refuse(reason: string, info: HangupInfo): void {
    const { rec } = this;
    rec.push('created', { direction: rec.setup.direction, from: rec.setup.from, to: rec.setup.to });
    rec.push('rejected', { reason });
    rec.hangup = info;
    rec.status = 'failed';
    rec.endedAt = rec.now();
    rec.push('hangup', { ...info, durationS: 0 });
    rec.ended.abort(new Interrupted('refused'));
  }
  startOutbound(options: OutboundOptions): void {
    ringOutbound(this, options).catch((err: unknown) => this.crash(err));
  }

  /** Runs `fn` after `ms` unless the call has ended by then. */
  after(ms: number, fn: () => void): void {
    sleep(ms, this.rec.ended.signal).then(fn, () => undefined);
  }

  newProgram(): Program {
    const controller = new AbortController();
    this.rec.program = controller;
    return { controller, signal: AbortSignal.any([controller.signal, this.rec.ended.signal]) };
  }

  /** Fetches a document (answer, fallback, transfer) and runs it as the call's new program. */
  async runFromUrl(
    purpose: 'answer' | 'fallback' | 'transfer',
    url: string,
    method: string,
    extra: Record<string, string>,
  ): Promise<void> {
    const program = this.newProgram();
    const { setup } = this.rec;
    try {
      const fetched = await this.fetchXml(
        purpose,
        url,
        method,
        { ...this.baseParams(), ...extra },
        program.signal,
      );
      if (fetched.kind === 'unreachable') {
        if (purpose === 'answer' && setup.fallbackUrl) {
          await this.runFromUrl('fallback', setup.fallbackUrl, setup.fallbackMethod, extra);
          return;
        }
        this.end(unreachableUrl(purpose));
        return;
      }
      if (fetched.kind !== 'ok') {
        if (fetched.kind === 'empty')
          this.rec.push('xml_invalid', { purpose, url, reason: 'empty document' });
        // Vobiz answers the webhook, then drops the call about a second later.
        await sleep(this.ctx.scaled(1), program.signal);
        this.end(invalidXml(purpose));
        return;
      }
      await this.execute(program, fetched.elements);
    } catch (err) {
      if (!(err instanceof Interrupted)) this.crash(err);
    }
  }

  async execute(program: Program, elements: XmlElement[]): Promise<void> {
    const info = await runElements(
      { runner: this, signal: program.signal, program: program.controller.signal },
      elements,
    );
    if (!program.signal.aborted) this.end(info);
  }

  /**
   * Ends the call once. Order matters and mirrors Vobiz: sockets close without `stop`, then
   * anything bound to the call (an ongoing Dial) reacts to the abort and queues its own webhooks
   * (DialHangup), then hangup_url is queued behind them.
   */
  end(info: HangupInfo, finalStatus?: CallStatus): void {
    const { rec } = this;
    if (rec.isEnded) return;
    rec.hangup = info;
    rec.endedAt = rec.now();
    rec.status = finalStatus ?? (rec.answeredAt !== undefined ? 'completed' : 'failed');
    for (const stream of [...rec.streams]) stream.close(this.ctx.shutdown.aborted ? 'shutdown' : 'hangup');
    const durationS = this.durationS();
    rec.push('hangup', { ...info, durationS });
    rec.ended.abort(new Interrupted('hangup'));
    const { hangupUrl, hangupMethod } = rec.setup;
    if (hangupUrl) this.notify('hangup', hangupUrl, hangupMethod, hangupParams(rec, this.ctx, durationS));
  }

  private crash(err: unknown): void {
    console.error(`[vobiz-sandbox] call ${this.rec.uuid} crashed:`, err);
    this.end({ cause: 'NORMAL_CLEARING', code: 5010, name: 'Internal Error', source: 'Vobiz' });
  }

  /** Transfer API: interrupts the running XML (closing its sockets without `stop`) and runs the new URL. */
  transfer(
    legs: 'aleg' | 'bleg' | 'both',
    aleg: { url: string; method: string } | undefined,
    bleg: { url: string; method: string } | undefined,
  ): void {
    const { rec } = this;
    rec.push('transfer', { legs, alegUrl: aleg?.url, blegUrl: bleg?.url });
    if (bleg && rec.bridge) rec.bridge.transferOut(bleg.url, bleg.method);
    if (aleg) {
      rec.program?.abort(new Interrupted('transfer'));
      void this.runFromUrl('transfer', aleg.url, aleg.method, { Event: 'Transfer' });
    }
  }

  /** API hang-up (DELETE): a ringing call is canceled, a live one cleared. */
  hangupByApi(): void {
    if (this.rec.answeredAt === undefined) this.end(canceledByApi, 'cancel');
    else this.end(normalHangup('API Request'));
  }

  // ── controls of the simulated people ─────────────────────────────────────────────────────────

  hangup(party: Party): void {
    const { rec } = this;
    if (rec.isEnded) return;
    if (party === 'callee') {
      if (!rec.bridge) throw new Error(`call ${rec.uuid} has no connected human to hang up`);
      rec.bridge.hangupCallee();
      return;
    }
    // Before answering, the called person of an outbound call can only decline.
    if (rec.answeredAt === undefined) this.end(rejected, 'busy');
    else this.end(normalHangup(rec.setup.direction === 'inbound' ? 'Caller' : 'Callee'));
  }

  pressDigits(digits: string): void {
    if (!/^[0-9*#A-Da-d]+$/.test(digits)) throw new Error(`not DTMF digits: ${JSON.stringify(digits)}`);
    const { rec } = this;
    if (rec.isEnded) throw new Error(`call ${rec.uuid} has ended`);
    rec.push('digits_pressed', { digits });
    for (const digit of digits) {
      for (const listener of [...rec.digitListeners]) listener(digit);
      for (const stream of rec.streams) if (stream.connected) stream.sendDtmf(digit);
    }
  }

  // ── streams ──────────────────────────────────────────────────────────────────────────────────

  /**
   * Starts a stream. XML streams belong to the running program (a transfer closes them); REST
   * streams belong to the call.
   */
  startStream(config: StreamConfig, program: AbortSignal | undefined): StreamSession {
    const { rec } = this;
    const audio = this.callerAudioUsed ? undefined : rec.setup.audio;
    this.callerAudioUsed = true;
    const session = new StreamSession(this, config, audio);
    rec.streams.add(session);
    rec.primaryStream = session;
    if (program) {
      const onAbort = () => session.close(rec.isEnded ? 'hangup' : 'transfer');
      program.addEventListener('abort', onAbort, { once: true });
      void session.done.then(() => program.removeEventListener('abort', onAbort));
    }
    void session.start();
    this.allStreams.set(session.streamId, session);
    return session;
  }

  onStreamEnded(stream: StreamSession): void {
    this.rec.streams.delete(stream);
    // A reconnect may have changed the id; keep it findable under its final one.
    this.allStreams.set(stream.streamId, stream);
  }
}
