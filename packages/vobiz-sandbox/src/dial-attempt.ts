import type { DialLeg } from './call.js';
import { billSeconds } from './call-params.js';
import { normaliseMethod } from './callbacks.js';
import { Interrupted } from './clock.js';
import { type BridgeEnd, bridgeEndHangup, failureCause, unansweredResult } from './dial-outcome.js';
import { bLegParams, dialActionParams, legEventParams } from './dial-params.js';
import { playDialMusic, whisper } from './dial-prompts.js';
import { hangupAfterMs, normaliseTarget, type RingOutcome, ring } from './endpoints.js';
import type { DialStatus } from './events.js';
import { type Exec, type Flow, followXml, NEXT, raceSignal } from './flow.js';
import { canceledByCaller, lostRace, normalHangup, ringTimeout } from './hangup-causes.js';
import type { HangupInfo, HttpMethod } from './types.js';

/** A `<Dial>`'s attributes, checked and defaulted. */
export interface DialOptions {
  action: string | undefined;
  method: HttpMethod;
  redirect: boolean;
  callbackUrl: string | undefined;
  callbackMethod: HttpMethod;
  timeoutMs: number;
  timeLimitMs: number;
  hangupOnStar: boolean;
  confirmSound: string | undefined;
  confirmSoundMethod: HttpMethod;
  dialMusic: string | undefined;
  digitsMatch: string[];
}

/**
 * One `<Dial>` under way: rings every leg, bridges the winner, reports B-leg events to callbackUrl
 * and the result to action, and takes every leg still up down with the A-leg.
 */
export class DialAttempt {
  private readonly ringing = new AbortController();
  private ringTimer: NodeJS.Timeout | undefined;
  private readonly answeredAt = new Map<DialLeg, number>();
  private readonly machine = new Map<DialLeg, boolean>();
  private music: { stop(): void } | undefined;
  private bridged: DialLeg | undefined;
  private cleanupBridge: (() => void) | undefined;

  constructor(
    private readonly exec: Exec,
    private readonly options: DialOptions,
    private readonly legs: DialLeg[],
    private readonly callerId: string,
  ) {}

  private get rec() {
    return this.exec.runner.rec;
  }

  async run(): Promise<Flow> {
    const { signal } = this.exec;
    // Runs synchronously inside the hang-up, so DialHangup is queued before hangup_url.
    const onAbort = () => this.abandon();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const winner = await this.ringAll();
      if (!winner) return await this.finishUnanswered();
      await this.answer(winner);
      const by = await this.bridge(winner);
      return await this.finishBridged(winner, by);
    } catch (err) {
      if (err instanceof Interrupted && this.rec.isEnded) this.notifyActionAfterHangup();
      throw err;
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.ringing.abort();
      clearTimeout(this.ringTimer);
      this.music?.stop();
      this.cleanupBridge?.();
    }
  }

  private ringAll(): Promise<DialLeg | undefined> {
    const { runner } = this.exec;
    const { ctx } = runner;
    const ringSignal = AbortSignal.any([this.ringing.signal, this.exec.signal]);
    if (this.options.dialMusic && this.options.dialMusic.toLowerCase() !== 'real') {
      this.music = playDialMusic(this.exec, this.options.dialMusic);
    }
    const callerIdOk = !ctx.ownedNumbers || ctx.ownedNumbers.has(normaliseTarget(this.callerId));
    const ringing = new Promise<DialLeg | undefined>((resolve) => {
      let settled = false;
      const settle = (leg: DialLeg | undefined) => {
        if (settled) return;
        settled = true;
        clearTimeout(this.ringTimer);
        resolve(leg);
      };
      this.ringTimer = setTimeout(() => {
        for (const leg of this.legs) if (leg.status === 'ringing') this.endLeg(leg, ringTimeout);
        settle(undefined);
      }, this.options.timeoutMs);
      for (const leg of this.legs) {
        this.rec.push('dial_ringing', {
          bLegUuid: leg.uuid,
          to: leg.to,
          position: leg.position,
          sipHeaders: leg.sipHeaders,
        });
        const outcome: Promise<RingOutcome | 'unknown_caller_id'> = callerIdOk
          ? ring(ctx.endpoints.resolve(leg.to), ringSignal)
          : Promise.resolve('unknown_caller_id');
        outcome.then(
          (result) => {
            if (settled || leg.status !== 'ringing') return;
            if (result === 'answered' || result === 'machine') {
              leg.status = 'answered';
              this.machine.set(leg, result === 'machine');
              settle(leg);
              return;
            }
            this.endLeg(leg, failureCause(result));
            if (this.legs.every((l) => l.status === 'ended')) settle(undefined);
          },
          () => undefined,
        );
      }
    });
    return raceSignal(ringing, this.exec.signal);
  }

  private async answer(winner: DialLeg): Promise<void> {
    this.ringing.abort();
    clearTimeout(this.ringTimer);
    this.answeredAt.set(winner, this.rec.now());
    this.rec.push('dial_answered', {
      bLegUuid: winner.uuid,
      to: winner.to,
      position: winner.position,
      machine: this.machine.get(winner) ?? false,
    });
    this.legEvent(winner, 'DialAnswer', 'answer');
    for (const leg of this.legs) if (leg.status === 'ringing') this.endLeg(leg, lostRace);
    if (this.options.confirmSound) {
      const params = bLegParams(
        this.exec.runner,
        winner,
        this.callerId,
        this.answeredAt.get(winner) ?? this.rec.now(),
      );
      await whisper(
        this.exec,
        this.options.confirmSound,
        this.options.confirmSoundMethod,
        params,
        winner.uuid,
      );
    }
  }

  private bridge(winner: DialLeg): Promise<BridgeEnd> {
    const { runner } = this.exec;
    const { rec } = this;
    this.music?.stop();
    winner.status = 'bridged';
    this.bridged = winner;
    rec.bridgeUuid = winner.uuid;
    rec.push('bridged', { bLegUuid: winner.uuid, to: winner.to });
    this.legEvent(winner, 'DialConnected', 'connected');
    const ended = new Promise<BridgeEnd>((resolve) => {
      const timers: NodeJS.Timeout[] = [];
      const calleeHangsUpAfter = hangupAfterMs(runner.ctx.endpoints.resolve(winner.to));
      if (calleeHangsUpAfter !== undefined)
        timers.push(setTimeout(() => resolve('callee'), calleeHangsUpAfter));
      timers.push(setTimeout(() => resolve('time_limit'), this.options.timeLimitMs));
      let typed = '';
      const onDigit = (digit: string) => {
        if (this.options.hangupOnStar && digit === '*') resolve('star');
        typed += digit;
        const match = this.options.digitsMatch.find((p) => typed.endsWith(p));
        if (match) {
          typed = '';
          this.legEvent(winner, 'DialDigitsMatch', 'digits', {
            DialDigitsMatch: match,
            DialDigitsPressedBy: 'aleg',
          });
        }
      };
      rec.digitListeners.add(onDigit);
      rec.bridge = {
        leg: winner,
        hangupCallee: () => resolve('callee'),
        transferOut: (url, method) => {
          this.transferOut(winner, url, method);
          resolve('transfer');
        },
      };
      this.cleanupBridge = () => {
        for (const t of timers) clearTimeout(t);
        rec.digitListeners.delete(onDigit);
        if (rec.bridge?.leg === winner) rec.bridge = undefined;
      };
    });
    return raceSignal(ended, this.exec.signal);
  }

  private async finishBridged(winner: DialLeg, by: BridgeEnd): Promise<Flow> {
    this.cleanupBridge?.();
    const legEnd = bridgeEndHangup(by);
    if (by !== 'transfer') this.endLeg(winner, legEnd);
    this.rec.push('unbridged', { bLegUuid: winner.uuid, to: winner.to, by });
    const flow = await this.reportResult('completed', winner, 'NORMAL_CLEARING');
    if (flow.kind !== 'next') return flow;
    // After a bridge the elements following <Dial> do not run; hangupOnStar exists to carry on, and
    // a B-leg transferred away leaves the A-leg to its own flow.
    if (by === 'star' || by === 'transfer') return NEXT;
    return { kind: 'hangup', info: legEnd };
  }

  private finishUnanswered(): Promise<Flow> {
    const { status, cause } = unansweredResult(this.legs);
    // Nothing bridged: an empty action answer means the elements after <Dial> run.
    return this.reportResult(status, undefined, cause);
  }

  private async reportResult(status: DialStatus, leg: DialLeg | undefined, cause: string): Promise<Flow> {
    const { runner } = this.exec;
    this.rec.push('dial_result', { status, bLegUuid: leg?.uuid ?? '', hangupCause: cause });
    const { action, method, redirect } = this.options;
    if (!action) return NEXT;
    const params = dialActionParams(runner, status, leg, cause);
    if (!redirect) {
      runner.notify('dial_action', action, method, params);
      return NEXT;
    }
    // The action request follows this Dial's callbackUrl events (DialHangup), never overtakes them.
    await raceSignal(runner.notificationsIdle(), this.exec.signal);
    return followXml(this.exec, 'dial_action', action, method, params, 'next');
  }

  /** The caller (or API) ended the call mid-Dial: action is only notified, after hangup_url. */
  private notifyActionAfterHangup(): void {
    const { action, method } = this.options;
    const leg = this.bridged;
    const status: DialStatus = leg ? 'completed' : 'cancel';
    const cause = leg ? 'NORMAL_CLEARING' : 'ORIGINATOR_CANCEL';
    this.rec.push('dial_result', { status, bLegUuid: leg?.uuid ?? '', hangupCause: cause });
    if (action)
      this.exec.runner.notify(
        'dial_action',
        action,
        method,
        dialActionParams(this.exec.runner, status, leg, cause),
      );
  }

  /** On hang-up or transfer of the A-leg: every B-leg still up goes down with it. */
  private abandon(): void {
    const source = this.rec.hangup?.source ?? 'API Request';
    for (const leg of this.legs) {
      if (leg.status === 'ringing') this.endLeg(leg, { ...canceledByCaller, source });
      else if (leg.status !== 'ended' && leg.status !== 'transferred') this.endLeg(leg, normalHangup(source));
    }
  }

  private endLeg(leg: DialLeg, info: HangupInfo): void {
    if (leg.status === 'ended' || leg.status === 'transferred') return;
    const answeredAt = this.answeredAt.get(leg);
    const durationS = answeredAt === undefined ? 0 : Math.ceil((this.rec.now() - answeredAt) / 1000);
    leg.status = 'ended';
    leg.hangup = info;
    this.rec.push('dial_leg_ended', { bLegUuid: leg.uuid, to: leg.to, position: leg.position, hangup: info });
    this.legEvent(leg, 'DialHangup', 'hangup', {
      DialBLegHangupCause: info.cause,
      DialBLegHangupCauseCode: String(info.code),
      DialBLegHangupCauseName: info.name,
      DialBLegHangupSource: info.source,
      DialBLegDuration: String(durationS),
      DialBLegBillDuration: String(billSeconds(durationS)),
    });
  }

  private legEvent(leg: DialLeg, event: string, action: string, extra: Record<string, string> = {}): void {
    const { callbackUrl, callbackMethod } = this.options;
    if (!callbackUrl) return;
    const { runner } = this.exec;
    runner.notify(
      'dial_callback',
      callbackUrl,
      callbackMethod,
      legEventParams(runner, leg, this.callerId, event, action, extra),
    );
  }

  /**
   * `legs=bleg`: the human's leg leaves the bridge and becomes a call of its own (same UUID) that
   * runs the transfer XML; the A-leg carries on with its own document.
   */
  private transferOut(leg: DialLeg, url: string, method: string): void {
    const { runner } = this.exec;
    leg.status = 'transferred';
    const human = runner.ctx.spawn({
      uuid: leg.uuid,
      direction: 'outbound',
      from: this.callerId,
      to: leg.to,
      callerName: '',
      answerUrl: url,
      answerMethod: normaliseMethod(method),
      hangupUrl: undefined,
      hangupMethod: 'POST',
      fallbackUrl: undefined,
      fallbackMethod: 'POST',
      ringUrl: undefined,
      ringMethod: 'POST',
      sipHeaders: leg.sipHeaders,
      audio: undefined,
    });
    this.rec.push('bleg_transferred', { bLegUuid: leg.uuid, url });
    human.startTransferred(url, method, runner.ctx.endpoints.resolve(leg.to));
  }
}
