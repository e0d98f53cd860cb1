import {
  type HandoffRecord,
  messagesFor,
  type PublicHandoffRecord,
  publicRecord,
  sameToken,
  storeKey,
} from '@handoff/core';
import { parseVobizCallback, type VobizCallback } from '@handoff/vobiz';
import { humanLegOutcome } from './conference-carrier.js';
import { consultPath } from './conference-consult.js';
import { joinedPhone } from './conference-state.js';
import {
  CONSULT_KEYS,
  callerRoomXml,
  conferenceUrl,
  holdXml,
  humanBriefXml,
  humanConsultXml,
  humanRoomXml,
  humanStreamConsultXml,
  redirectXml,
} from './conference-xml.js';
import type { GatewayContext } from './context.js';
import { EMPTY_XML, hangupXml } from './handoff-xml.js';
import { HttpError } from './http-errors.js';
import type { VobizHandler, VobizRequest, VobizRoute } from './vobiz-handlers.js';

/** An attempt still on its way to the caller, or already talking to them. */
const LIVE = new Set(['transferring', 'ringing', 'connected']);

/** How long the human has to press a key after the consult prompt (Vobiz's Gather allows 5–60 s). */
const CONSULT_TIMEOUT_SEC = 10;

interface Authorized {
  record: PublicHandoffRecord;
  token: string;
  attempt: number;
  /** Which of the attempt's phones a human callback is about (`p`; the first when absent). */
  phone: number;
  handoffId: string;
}

/**
 * What Vobiz asks during a conference warm transfer (`/vobiz/conference/:handoffId/…`), as
 * handlers of the same shape as the other Vobiz routes: the Node fast path and Hono serve them
 * alike, behind the same signature check. The caller's side: `caller` (the waiting room),
 * `hold` (its music), `after` (the room ended). The human's call: `human-ring`, `human` (answered:
 * a machine fails the attempt as `voicemail`, a person hears the brief), `human-join` (the brief
 * has played: into the room), `human-hangup`, and in consult mode `human-decision` (the key the
 * human pressed after the brief). Every handler is safe to repeat.
 */
export function conferenceHandlers(ctx: GatewayContext): VobizRoute[] {
  const { handoff } = ctx;
  const conference = () => {
    const c = ctx.conference;
    if (!c) throw new HttpError(404, 'not_found', 'The conference strategy is not enabled');
    return c;
  };

  const readCallback = async (request: VobizRequest): Promise<VobizCallback> =>
    parseVobizCallback(await request.form());

  const authorize = async (request: VobizRequest): Promise<Authorized> => {
    const handoffId = request.handoffId;
    const token = request.query('t') ?? '';
    // One read for the record and its token (constant-time compared), as the other Vobiz routes do.
    const stored = await handoff.store.get<HandoffRecord>(storeKey('handoff', handoffId));
    if (!stored) throw new HttpError(404, 'handoff_not_found', 'No such handoff');
    if (!sameToken(stored.value.token, token)) {
      throw new HttpError(403, 'invalid_token', 'Missing or wrong handoff token');
    }
    const record = publicRecord(stored.value);
    const a = request.query('a');
    const attempt = a !== undefined && /^\d{1,4}$/.test(a) ? Number(a) : record.ladder.attempt;
    const p = request.query('p');
    const phone = p !== undefined && /^\d{1,4}$/.test(p) ? Number(p) : 0;
    // Every callback also enforces the bounded wait, whichever instance armed it.
    void conference()
      .waits.check(handoffId)
      .catch((error: unknown) => handoff.reportError(error, 'conference-wait'));
    return { record, token, attempt, phone, handoffId };
  };

  const stepUrl = (handoffId: string, token: string) =>
    ctx.xml.urls.http(`/vobiz/handoff/${encodeURIComponent(handoffId)}`, { t: token });

  /** Both sides are in the room: the handoff is connected. */
  const bridgeIfBoth = async (handoffId: string, attempt: number) => {
    const state = await conference().legs.get(handoffId);
    if (state?.callerInRoomAt !== undefined && joinedPhone(state.humans[attempt])) {
      const bridged = await handoff.advance(handoffId, { type: 'bridged', attempt });
      if (bridged.record.status === 'connected') await conference().waits.clear(handoffId);
    }
  };

  // ---- the caller ------------------------------------------------------------------------------

  const caller: VobizHandler = async (request) => {
    const { record, token, handoffId } = await authorize(request);
    await readCallback(request);
    // Noted before the record is read again, so a failure reported meanwhile finds the caller moved.
    await conference().legs.update(handoffId, record.callId, (state) => {
      state.callerMovedAt ??= Date.now();
      state.callerInRoomAt ??= Date.now();
      return state;
    });
    const now = await handoff.get(handoffId);
    // The attempt failed before the caller got here: the ladder's document instead.
    if (!now || !LIVE.has(now.status)) return redirectXml(stepUrl(handoffId, token));
    const attempt = now.ladder.attempt;
    await bridgeIfBoth(handoffId, attempt);
    if (now.status !== 'connected') await conference().startWait(handoffId, token, attempt);
    const waitSound = ctx.xml.dialMusic ?? conferenceUrl(ctx.xml, { handoffId, token }, 'hold');
    return callerRoomXml(ctx.xml, { handoffId, token }, waitSound);
  };

  // The body is not read: what Vobiz sends with a waitSound fetch is not documented.
  const hold: VobizHandler = async (request) => {
    const { record } = await authorize(request);
    const messages = messagesFor(record.context.extracted.language, handoff.options.messages);
    const label = record.destination?.label ?? 'team';
    return holdXml(ctx.xml, messages.transferring.replace('{label}', label));
  };

  /** The room ended for the caller: the human left after talking, or the ladder moved on. */
  const after: VobizHandler = async (request) => {
    const { record, token, handoffId } = await authorize(request);
    await readCallback(request);
    if (record.status === 'connected' || record.status === 'completed') {
      await handoff.advance(handoffId, { type: 'ended', detail: 'the human left the conference' });
      return hangupXml(ctx.xml);
    }
    return redirectXml(stepUrl(handoffId, token));
  };

  // ---- the human -------------------------------------------------------------------------------

  const humanRing: VobizHandler = async (request) => {
    const { handoffId, attempt } = await authorize(request);
    await readCallback(request);
    await handoff.advance(handoffId, { type: 'ringing', attempt });
    return EMPTY_XML;
  };

  /** Reports that one phone will not take the call; the attempt fails once every phone is out. */
  const phoneOut = async (
    a: Authorized,
    out: { outcome: Parameters<ReturnType<typeof conference>['fail']>[3]; detail: string },
  ) => {
    const settle = await conference().legs.phoneOut(a.handoffId, a.attempt, a.phone, out);
    // This phone's own document ends its call (after the thanks, for a decline).
    if (settle) {
      await conference().fail(a.handoffId, a.token, a.attempt, settle.outcome, settle.detail, a.phone);
    }
  };

  const human: VobizHandler = async (request) => {
    const auth = await authorize(request);
    const { record, token, attempt, phone, handoffId } = auth;
    const callback = await readCallback(request);
    const conf = conference();
    const state = await conf.legs.phone(handoffId, attempt, phone, (line) => {
      line.callUuid ??= callback.kind === 'unknown' ? undefined : callback.callUuid;
    });
    const says = conf.humanMessages(record.context);
    // Never brief a human into an empty call, nor for an attempt the ladder has left.
    if (!LIVE.has(record.status) || record.ladder.attempt !== attempt) {
      return hangupXml(ctx.xml, says.callerGone);
    }
    const leg = state?.humans[attempt];
    if (leg?.taken !== undefined && leg.taken !== phone) return hangupXml(ctx.xml, says.taken);
    // Vobiz's synchronous machine detection: the verdict comes with the answer.
    if (callback.raw.Machine?.trim().toLowerCase() === 'true') {
      await phoneOut(auth, { outcome: 'voicemail', detail: 'a machine answered the human’s phone' });
      return hangupXml(ctx.xml);
    }
    await conf.legs.phone(handoffId, attempt, phone, (line) => {
      line.answeredAt ??= Date.now();
    });
    const answered = await handoff.advance(handoffId, { type: 'answered', attempt });
    const brief = handoff.render.whisper(answered.record.context);
    const target = { handoffId, token, attempt, phone };
    if (conf.consult === 'keys') {
      return humanConsultXml(ctx.xml, target, brief, says.consultPrompt, CONSULT_TIMEOUT_SEC);
    }
    if (conf.consult === 'stream') {
      return humanStreamConsultXml(ctx.xml, target, consultPath(handoffId, attempt, phone, token));
    }
    return humanBriefXml(ctx.xml, target, brief);
  };

  /**
   * The brief has played and the human takes the call: the first to do so walks into the room and
   * the destination's other phones are hung up; a later one is thanked and hung up.
   */
  const join = async ({ record, handoffId, token, attempt, phone }: Authorized): Promise<string> => {
    const conf = conference();
    if (!(await conf.legs.take(handoffId, attempt, phone))) {
      return hangupXml(ctx.xml, conf.humanMessages(record.context).taken);
    }
    void conf
      .hangUpOthers(handoffId, token, attempt, phone)
      .catch((error: unknown) => handoff.reportError(error, 'conference-hangup'));
    await bridgeIfBoth(handoffId, attempt);
    const now = await handoff.get(handoffId);
    // A briefed human waits for the caller no longer than the caller would wait for them.
    if (now?.status !== 'connected') await conf.startWait(handoffId, token, attempt);
    return humanRoomXml({ handoffId, token });
  };

  const humanJoin: VobizHandler = async (request) => {
    const auth = await authorize(request);
    await readCallback(request);
    const { record, attempt } = auth;
    if (!LIVE.has(record.status) || record.ladder.attempt !== attempt) {
      return hangupXml(ctx.xml, conference().humanMessages(record.context).callerGone);
    }
    return join(auth);
  };

  /** Consult mode: the human's key after the brief. A decline and its reason go to the ladder. */
  const humanDecision: VobizHandler = async (request) => {
    const auth = await authorize(request);
    const { record, attempt, phone, handoffId } = auth;
    const callback = await readCallback(request);
    const says = conference().humanMessages(record.context);
    if (!LIVE.has(record.status) || record.ladder.attempt !== attempt) {
      return hangupXml(ctx.xml, says.callerGone);
    }
    // A key pressed after the keys prompt, else what the stream consult recorded; neither is a yes.
    const digits = callback.raw.Digits?.trim();
    const state = digits ? undefined : await conference().legs.get(handoffId);
    const decision = digits ? CONSULT_KEYS[digits] : state?.humans[attempt]?.phones[phone]?.decision;
    if (decision && !decision.accept) {
      await phoneOut(auth, { outcome: 'declined', detail: `the human declined: ${decision.reason}` });
      return hangupXml(ctx.xml, says.declined);
    }
    return join(auth);
  };

  /** Another phone's human took the call while this one was in their brief. */
  const humanTaken: VobizHandler = async (request) => {
    const { record } = await authorize(request);
    await readCallback(request);
    return hangupXml(ctx.xml, conference().humanMessages(record.context).taken);
  };

  const humanHangup: VobizHandler = async (request) => {
    const auth = await authorize(request);
    const { record, token, attempt, phone, handoffId } = auth;
    const callback = await readCallback(request);
    const conf = conference();
    const state = await conf.legs.phone(handoffId, attempt, phone, (line) => {
      line.endedAt ??= Date.now();
    });
    if (callback.kind !== 'hangup' || record.ladder.attempt !== attempt) return EMPTY_XML;
    const leg = state?.humans[attempt];
    // Another phone's human has the call: this one was hung up for it.
    if (leg?.taken !== undefined && leg.taken !== phone) return EMPTY_XML;
    if (record.status === 'connected') {
      // They talked; the caller's leg follows (endConferenceOnExit) and hears nothing more.
      await handoff.advance(handoffId, { type: 'ended', detail: 'the human hung up' });
      return EMPTY_XML;
    }
    if (!LIVE.has(record.status)) return EMPTY_XML;
    const out = humanLegOutcome(callback, leg?.phones[phone]);
    // The human who took the call left before the caller came: the attempt ends with them.
    if (leg?.taken === phone) await conf.fail(handoffId, token, attempt, out.outcome, out.detail);
    else await phoneOut(auth, out);
    return EMPTY_XML;
  };

  const post = ['POST'] as const;
  const route = (leaf: string, handle: VobizHandler): VobizRoute => ({
    path: `/conference/:handoffId/${leaf}`,
    methods: post,
    handle,
  });
  return [
    route('caller', caller),
    route('hold', hold),
    route('after', after),
    route('human-ring', humanRing),
    route('human', human),
    route('human-join', humanJoin),
    route('human-decision', humanDecision),
    route('human-taken', humanTaken),
    route('human-hangup', humanHangup),
  ];
}
