import { randomUUID } from 'node:crypto';
import type { DialLeg } from './call.js';
import { billSeconds } from './call-runner.js';
import { normaliseMethod } from './callbacks.js';
import { formatSessionStart, Interrupted, sleep } from './clock.js';
import { webhookNumber } from './context.js';
import { hangupAfterMs, normaliseTarget, type RingOutcome, ring } from './endpoints.js';
import type { DialStatus } from './events.js';
import { type Exec, type Flow, followXml, NEXT, raceSignal } from './flow.js';
import {
  busyLine,
  canceledByCaller,
  lostRace,
  normalHangup,
  outOfService,
  rejected,
  ringTimeout,
  scheduledHangup,
  unknownCallerId,
} from './hangup-causes.js';
import { runPrompt } from './prompts.js';
import type { HangupInfo, HttpMethod } from './types.js';
import { boolAttr, numAttr, parseKeyValueList, type XmlElement } from './xml-parse.js';

interface Target {
  kind: 'number' | 'user';
  address: string;
  sipHeaders: Record<string, string>;
}

interface DialOptions {
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

type BridgeEnd = 'callee' | 'time_limit' | 'star' | 'transfer';

const PROMPTS = new Set(['Speak', 'Play', 'Wait']);

const vh = (values: Record<string, string>) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [`X-VH-${k}`, v]));

function dialTargets(el: XmlElement): Target[] {
  // A bare number as the text of <Dial> is accepted shorthand for one <Number>.
  if (el.children.length === 0) return el.text ? [{ kind: 'number', address: el.text, sipHeaders: {} }] : [];
  return el.children
    .map(
      (c): Target => ({
        kind: c.name === 'User' ? 'user' : 'number',
        address: c.text,
        sipHeaders: parseKeyValueList(c.attrs.sipHeaders).values,
      }),
    )
    .filter((t) => t.address !== '');
}

/**
 * `<Dial>`: rings every target at once, bridges the first to answer (after its confirmSound
 * whisper), reports B-leg events to callbackUrl and the result to action.
 */
export async function runDial(exec: Exec, el: XmlElement): Promise<Flow> {
  const { rec, ctx } = exec.runner;
  const targets = dialTargets(el);
  const dialHeaders = parseKeyValueList(el.attrs.sipHeaders);
  // Without callerId Vobiz presents the A-leg's number, which carriers may refuse.
  const callerId = webhookNumber(el.attrs.callerId ?? rec.setup.from);
  const options: DialOptions = {
    action: el.attrs.action,
    method: normaliseMethod(el.attrs.method),
    redirect: boolAttr(el, 'redirect', true),
    callbackUrl: el.attrs.callbackUrl,
    callbackMethod: normaliseMethod(el.attrs.callbackMethod),
    timeoutMs: ctx.scaled(numAttr(el, 'timeout', 120)),
    timeLimitMs: ctx.scaled(Math.min(numAttr(el, 'timeLimit', 14400), 86400)),
    hangupOnStar: boolAttr(el, 'hangupOnStar', false),
    confirmSound: el.attrs.confirmSound,
    confirmSoundMethod: normaliseMethod(el.attrs.confirmSoundMethod),
    dialMusic: el.attrs.dialMusic,
    digitsMatch: (el.attrs.digitsMatch ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  };
  rec.push('dial_started', {
    targets: targets.map(({ kind, address }) => ({ kind, address })),
    callerId,
    attrs: { ...el.attrs },
    sipHeaders: vh(dialHeaders.values),
  });
  if (targets.length === 0) return NEXT;
  const legs = targets.map(
    (t, i): DialLeg => ({
      uuid: randomUUID(),
      to: t.address,
      position: i + 1,
      status: 'ringing',
      sipHeaders: vh({ ...dialHeaders.values, ...t.sipHeaders }),
    }),
  );
  rec.dialLegs.push(...legs);
  return new DialAttempt(exec, options, legs, callerId).run();
}

class DialAttempt {
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
      this.music = this.playDialMusic(this.options.dialMusic);
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
    if (this.options.confirmSound) await this.whisper(winner, this.options.confirmSound);
  }

  /** confirmSound: what the human hears before being connected. Only Play/Speak/Wait count. */
  private async whisper(leg: DialLeg, url: string): Promise<void> {
    const { runner, signal } = this.exec;
    const fetched = await runner.fetchXml(
      'confirm_sound',
      url,
      this.options.confirmSoundMethod,
      this.bLegParams(leg),
      signal,
    );
    if (fetched.kind !== 'ok') return; // Vobiz bridges anyway; the human just hears nothing.
    for (const el of fetched.elements) {
      if (!PROMPTS.has(el.name)) {
        this.rec.push('xml_invalid', {
          purpose: 'confirm_sound',
          url,
          reason: `<${el.name}> skipped: confirmSound may only return Play, Speak or Wait`,
        });
        continue;
      }
      await runPrompt(runner.ctx, el, signal, (heard) =>
        this.rec.push('whisper', {
          verb: heard.verb,
          ...(heard.text !== undefined ? { text: heard.text } : {}),
          ...(heard.url !== undefined ? { url: heard.url } : {}),
          bLegUuid: leg.uuid,
          durationMs: heard.durationMs,
        }),
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
    const legEnd: HangupInfo =
      by === 'time_limit'
        ? scheduledHangup
        : by === 'star'
          ? normalHangup('Caller')
          : by === 'transfer'
            ? normalHangup('API Request')
            : normalHangup('Callee');
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
    const ends = this.legs.map((l) => l.hangup);
    const status: DialStatus = ends.some((h) => h?.cause === 'NO_ANSWER')
      ? 'no-answer'
      : ends.some((h) => h?.code === busyLine.code || h?.code === rejected.code)
        ? 'busy'
        : 'failed';
    const cause =
      status === 'no-answer'
        ? 'NO_ANSWER'
        : status === 'busy'
          ? ends.some((h) => h?.code === busyLine.code)
            ? busyLine.cause
            : rejected.cause
          : (ends[0]?.cause ?? 'NORMAL_TEMPORARY_FAILURE');
    // Nothing bridged: an empty action answer means the elements after <Dial> run.
    return this.reportResult(status, undefined, cause);
  }

  private async reportResult(status: DialStatus, leg: DialLeg | undefined, cause: string): Promise<Flow> {
    const { runner } = this.exec;
    this.rec.push('dial_result', { status, bLegUuid: leg?.uuid ?? '', hangupCause: cause });
    const { action, method, redirect } = this.options;
    if (!action) return NEXT;
    const params = this.actionParams(status, leg, cause);
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
    if (action) this.exec.runner.notify('dial_action', action, method, this.actionParams(status, leg, cause));
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
    runner.notify('dial_callback', callbackUrl, callbackMethod, {
      ...runner.baseParams(),
      Event: event,
      DialAction: action,
      DialALegUUID: this.rec.uuid,
      DialBLegUUID: leg.uuid,
      DialBLegFrom: this.callerId,
      DialBLegTo: webhookNumber(leg.to),
      DialBLegPosition: String(leg.position),
      DialBLegStatus: action,
      STIRVerification: 'Not Applicable',
      ...extra,
    });
  }

  private actionParams(status: DialStatus, leg: DialLeg | undefined, cause: string): Record<string, string> {
    return {
      ...this.exec.runner.baseParams(),
      Event: this.exec.runner.ctx.dialActionEvent,
      DialStatus: status,
      DialRingStatus: String(leg !== undefined),
      DialHangupCause: cause,
      DialALegUUID: this.rec.uuid,
      DialBLegUUID: leg?.uuid ?? '',
    };
  }

  /** Parameters of a request made on behalf of the B-leg (confirmSound, B-leg transfer). */
  private bLegParams(leg: DialLeg): Record<string, string> {
    const { runner } = this.exec;
    return {
      CallUUID: leg.uuid,
      From: this.callerId,
      To: webhookNumber(leg.to),
      CallStatus: 'in-progress',
      Direction: 'outbound',
      ParentAuthID: runner.ctx.authId,
      SessionStart: formatSessionStart(this.answeredAt.get(leg) ?? this.rec.now()),
      RequestUUID: leg.uuid,
      ALegUUID: this.rec.uuid,
      ALegRequestUUID: this.rec.uuid,
      DialALegUUID: this.rec.uuid,
      DialBLegUUID: leg.uuid,
    };
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

  /** dialMusic: what the caller hears while the human's phone rings (looped until answered). */
  private playDialMusic(url: string): { stop(): void } {
    const { runner } = this.exec;
    const stop = new AbortController();
    const signal = AbortSignal.any([stop.signal, this.exec.signal]);
    const play = async () => {
      const fetched = await runner.fetchXml('dial_music', url, 'POST', runner.baseParams(), signal);
      if (fetched.kind !== 'ok') return;
      const prompts = fetched.elements.filter((el) => PROMPTS.has(el.name));
      if (prompts.length === 0) return;
      for (;;) {
        for (const el of prompts) {
          await runPrompt(runner.ctx, el, signal, (heard) =>
            this.rec.push('dial_music', {
              verb: heard.verb,
              ...(heard.text !== undefined ? { text: heard.text } : {}),
              ...(heard.url !== undefined ? { url: heard.url } : {}),
            }),
          );
        }
        await sleep(10, signal);
      }
    };
    play().catch(() => undefined);
    return { stop: () => stop.abort(new Interrupted('dial music stopped')) };
  }
}

function failureCause(
  result: Exclude<RingOutcome, 'answered' | 'machine'> | 'unknown_caller_id',
): HangupInfo {
  switch (result) {
    case 'busy':
      return busyLine;
    case 'rejected':
      return rejected;
    case 'failed':
      return outOfService;
    case 'unknown_caller_id':
      return unknownCallerId;
  }
}
