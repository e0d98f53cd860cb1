import { type CallControls, CallRecord, type CallSetup, SandboxCall } from './call.js';
import { type CallbackAttempt, type CallbackPurpose, normaliseMethod } from './callbacks.js';
import { formatConsoleTime, formatSessionStart, Interrupted, sleep, throwIfInterrupted } from './clock.js';
import { type SandboxContext, webhookNumber } from './context.js';
import { answeredBy, hangupAfterMs, type RingOutcome, ring } from './endpoints.js';
import type { CallEvent, XmlPurpose } from './events.js';
import {
  busyLine,
  canceledByApi,
  invalidXml,
  machineDetected,
  normalHangup,
  outOfService,
  rejected,
  ringTimeout,
  scheduledHangup,
  unreachableUrl,
} from './hangup-causes.js';
import { runElements } from './interpreter.js';
import { type StreamConfig, type StreamHost, StreamSession } from './stream-client.js';
import type { CallStatus, EndpointBehaviour, HangupInfo, HttpMethod, Party } from './types.js';
import { parseVobizXml, type XmlElement } from './xml-parse.js';

export type FetchedXml =
  | { kind: 'ok'; elements: XmlElement[] }
  | { kind: 'empty' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'unreachable'; error: string };

export interface MachineDetection {
  /** `true` continues the call when a machine answers; `hangup` ends it. */
  mode: 'true' | 'hangup';
  /** Analysis window (Vobiz milliseconds, scaled by timeScale). */
  timeMs: number;
  /** Set: asynchronous detection, reported here. Unset: synchronous, reported to answer_url. */
  url: string | undefined;
  method: HttpMethod;
}

export interface OutboundOptions {
  ringTimeoutS: number;
  timeLimitS: number | undefined;
  machineDetection: MachineDetection | undefined;
}

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
    const { setup } = this.rec;
    const params: Record<string, string> = {
      CallUUID: setup.uuid,
      From: webhookNumber(setup.from),
      To: webhookNumber(setup.to),
      CallStatus: this.rec.status,
      Direction: setup.direction,
      ParentAuthID: this.ctx.authId,
      SessionStart: formatSessionStart(this.rec.createdAt),
    };
    if (setup.direction === 'outbound') {
      Object.assign(params, {
        ALegUUID: setup.uuid,
        ALegRequestUUID: setup.uuid,
        RequestUUID: setup.uuid,
        CallerName: setup.callerName,
        STIRAttestation: 'Not Applicable',
        STIRVerification: 'Not Applicable',
      });
    }
    return { ...params, ...setup.sipHeaders };
  }

  identityParams(): Record<string, string> {
    const { setup } = this.rec;
    return {
      From: webhookNumber(setup.from),
      To: webhookNumber(setup.to),
      CallUUID: setup.uuid,
      ParentAuthID: this.ctx.authId,
    };
  }

  private hangupParams(durationS: number): Record<string, string> {
    const { rec, ctx } = this;
    const info = rec.hangup!;
    const time = (ms: number | undefined) =>
      ms === undefined ? '' : formatConsoleTime(ms, ctx.consoleTimeZone);
    return {
      ...this.baseParams(),
      Event: 'Hangup',
      HangupCause: info.cause,
      HangupCauseCode: String(info.code),
      HangupCauseName: info.name,
      HangupSource: info.source,
      Duration: String(durationS),
      BillDuration: String(billSeconds(durationS)),
      BillRate: '0.00000',
      TotalCost: '0.00000',
      StartTime: time(rec.createdAt),
      AnswerTime: time(rec.answeredAt),
      EndTime: time(rec.endedAt),
    };
  }

  durationS(): number {
    const { answeredAt, endedAt } = this.rec;
    if (answeredAt === undefined) return 0;
    return Math.ceil(((endedAt ?? this.rec.now()) - answeredAt) / 1000);
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
    this.ringOutbound(options).catch((err: unknown) => this.crash(err));
  }

  private async ringOutbound(options: OutboundOptions): Promise<void> {
    const { rec, ctx } = this;
    const { setup } = rec;
    rec.push('created', { direction: 'outbound', from: setup.from, to: setup.to });
    rec.status = 'ringing';
    rec.push('ringing', { to: setup.to });
    if (setup.ringUrl)
      this.notify('ring', setup.ringUrl, setup.ringMethod, { ...this.baseParams(), Event: 'Ring' });
    const behaviour = ctx.endpoints.resolve(setup.to);
    const stopRinging = new AbortController();
    const signal = AbortSignal.any([stopRinging.signal, rec.ended.signal]);
    let outcome: RingOutcome | 'timeout';
    try {
      outcome = await Promise.race([
        ring(behaviour, signal),
        sleep(ctx.scaled(options.ringTimeoutS), signal).then(() => 'timeout' as const),
      ]);
    } catch {
      return; // ended while ringing (API cancel, sandbox closing)
    } finally {
      stopRinging.abort();
    }
    if (outcome === 'busy') return this.end(busyLine, 'busy');
    if (outcome === 'rejected') return this.end(rejected, 'busy');
    if (outcome === 'failed') return this.end(outOfService, 'failed');
    if (outcome === 'timeout') return this.end(ringTimeout, 'no-answer');

    const machine = outcome === 'machine';
    rec.status = 'in-progress';
    rec.answeredAt = rec.now();
    rec.push('answered', { machine, answeredBy: answeredBy(behaviour) });
    const remoteHangup = hangupAfterMs(behaviour);
    if (remoteHangup !== undefined) this.after(remoteHangup, () => this.hangup('caller'));
    if (options.timeLimitS !== undefined)
      this.after(ctx.scaled(options.timeLimitS), () => this.end(scheduledHangup));
    const detection = options.machineDetection;
    if (!detection) {
      await this.runFromUrl('answer', setup.answerUrl, setup.answerMethod, { Event: 'StartApp' });
      return;
    }
    const ifMachine = detection.mode === 'hangup' ? 'hangup' : 'continue';
    const analysed = () => sleep(ctx.scaled(detection.timeMs / 1000), rec.ended.signal);
    if (!detection.url) {
      // Synchronous: the answer URL waits for the analysis and carries its result.
      try {
        await analysed();
      } catch {
        return;
      }
      rec.push('machine_detection', { machine, mode: 'sync', ifMachine });
      if (machine && ifMachine === 'hangup') return this.end(machineDetected);
      await this.runFromUrl('answer', setup.answerUrl, setup.answerMethod, {
        Event: 'StartApp',
        Machine: String(machine),
      });
      return;
    }
    // Asynchronous: the call runs its answer XML while the analysis goes on in the background.
    const url = detection.url;
    analysed().then(
      () => {
        rec.push('machine_detection', { machine, mode: 'async', ifMachine });
        if (machine || ctx.machineDetectionReports === 'every') {
          this.notify('machine_detection', url, detection.method, {
            ...this.baseParams(),
            Event: 'MachineDetection',
            Machine: String(machine),
            IfMachine: ifMachine,
          });
        }
        if (machine && ifMachine === 'hangup') this.end(machineDetected);
      },
      () => undefined,
    );
    await this.runFromUrl('answer', setup.answerUrl, setup.answerMethod, { Event: 'StartApp' });
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
    if (hangupUrl) this.notify('hangup', hangupUrl, hangupMethod, this.hangupParams(durationS));
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

export function billSeconds(durationS: number): number {
  return durationS > 0 ? Math.ceil(durationS / 60) * 60 : 0;
}
