import {
  type HandoffRecord,
  isHandoffError,
  type LadderStep,
  type PublicHandoffRecord,
  publicRecord,
  recordInboundCall,
  sameToken,
  storeKey,
} from '@handoff/core';
import { parseVobizCallback, type VobizCallback, vobizFormHasValue } from '@handoff/vobiz';
import { announceCallEnded } from './call-end.js';
import { isCallbackCall } from './callback-calls.js';
import { conferenceHandlers } from './conference-routes.js';
import type { GatewayContext } from './context.js';
import { dialEventToCallEvent, dialResultToVerdict } from './dial-outcomes.js';
import {
  answerXml,
  EMPTY_XML,
  hangupXml,
  nextDialXml,
  stepXml,
  transferXml,
  whisperXml,
} from './handoff-xml.js';
import { HttpError } from './http-errors.js';

/** Statuses in which a human may still be briefed: the caller is on the line, waiting or bridged. */
const BRIEFABLE = new Set(['persisted', 'transferring', 'ringing', 'connected']);

/** What a human hears when the handoff's record was lost: no details, and what to do. */
export const LOST_BRIEF =
  'The notes for this call were lost. Please ask the caller for their name and how you can help.';

/** One Vobiz callback as every front end (Hono, the Node fast path) hands it to its handler. */
export interface VobizRequest {
  /** The `:handoffId` path segment, decoded; '' on routes without one. */
  handoffId: string;
  query(name: string): string | undefined;
  /** The callback's fields: the form body (type and size checked), or the query of a GET. */
  form(): Promise<URLSearchParams>;
}

/** Answers a callback with the XML document Vobiz runs next, or throws an `HttpError`. */
export type VobizHandler = (request: VobizRequest) => Promise<string>;

export interface VobizRoute {
  /** Below `/vobiz`, Hono style: `/handoff/:handoffId`. */
  path: string;
  methods: readonly ('GET' | 'POST')[];
  handle: VobizHandler;
}

interface Authorized {
  record: PublicHandoffRecord;
  token: string;
  /** The store's version of the record: what the document cache is keyed on. */
  version: number;
  attempt: number | undefined;
}

const built = new WeakMap<GatewayContext, VobizRoute[]>();

/**
 * Everything Vobiz calls, once per gateway (the Hono routes and the Node fast path share it, and
 * so its document cache), the conference warm transfer's callbacks included. Each handler is safe under Vobiz's retries: the core's `advance` is
 * idempotent and returns the same ladder step for a repeat, and tokens are reused, so a retried
 * callback gets the same document and changes nothing. Nothing on these paths waits on a
 * webhook, an LLM or another carrier request: Vobiz gives up after a few seconds.
 */
export function vobizHandlers(ctx: GatewayContext): VobizRoute[] {
  let routes = built.get(ctx);
  if (!routes) {
    routes = buildHandlers(ctx);
    built.set(ctx, routes);
  }
  return routes;
}

function buildHandlers(ctx: GatewayContext): VobizRoute[] {
  const { handoff } = ctx;
  const { documents } = ctx;

  const readCallback = async (request: VobizRequest): Promise<VobizCallback> =>
    parseVobizCallback(await request.form());

  /**
   * For the routes that use none of the callback's fields: the body is read and checked as a full
   * parse would (type, size, at least one field with a value), without building the callback.
   */
  const checkCallback = async (request: VobizRequest): Promise<void> => {
    const form = await request.form();
    // The full parse throws the very 400 an empty callback gets.
    if (!vobizFormHasValue(form)) parseVobizCallback(form);
  };

  /** One store read for the record, its version and its token, instead of one for each. */
  const readHandoff = async (handoffId: string) => {
    const stored = await handoff.store.get<HandoffRecord>(storeKey('handoff', handoffId));
    return stored ? { full: stored.value, version: stored.version } : undefined;
  };

  const authorize = async (request: VobizRequest): Promise<Authorized> => {
    const found = await readHandoff(request.handoffId);
    if (!found) throw new HttpError(404, 'handoff_not_found', 'No such handoff');
    const token = request.query('t') ?? '';
    if (!sameToken(found.full.token, token)) {
      throw new HttpError(403, 'invalid_token', 'Missing or wrong handoff token');
    }
    return {
      record: publicRecord(found.full),
      token,
      version: found.version,
      attempt: parseAttempt(request.query('a')),
    };
  };

  /**
   * The SIP dial to the AI, noted in the core's inbound-call index: a platform that loses
   * X-VH-handoffCall finds the call by the numbers it sees and when its call arrived.
   */
  const noteAgentDial = async (callId: string, from: string | undefined, to: string | undefined) => {
    const route = ctx.xml.answer;
    if (route.kind !== 'sip') return;
    await recordInboundCall(handoff.store, {
      callId,
      // The leg presents the dial's callerId, or the caller's own number without one.
      from: [route.callerId ?? ctx.xml.callerId, from],
      to: [route.uri, to],
    }).catch((error: unknown) => handoff.reportError(error, 'inbound-call-index'));
  };

  /** The document for a ladder step; `next_destination` rings the next human right away. */
  const stepDocument = async (
    record: PublicHandoffRecord,
    step: LadderStep,
    token: string,
  ): Promise<string> => {
    if (step.kind === 'next_destination') {
      const destination = await handoff.currentDestination(record.id);
      if (!destination) return hangupXml(ctx.xml);
      // Vobiz starts ringing as soon as it has this document.
      const advanced = await handoff.advance(record.id, { type: 'ringing', attempt: step.attempt });
      return nextDialXml(ctx.xml, {
        handoffId: record.id,
        token,
        attempt: step.attempt,
        destination,
        context: advanced.record.context,
      });
    }
    let resumeToken: string | undefined;
    if (step.kind === 'back_to_ai' && ctx.xml.answer.kind === 'stream') {
      const call = record.context.call;
      resumeToken = await ctx.media.forResume(record.id, {
        callId: record.callId,
        platform: call.platform,
        ...(call.from ? { from: call.from } : {}),
        ...(call.to ? { to: call.to } : {}),
        resumeReason: step.reason,
        sayToCaller: step.sayToCaller,
      });
    }
    if (step.kind === 'callback') {
      await ctx.followUps.requestCallback({
        handoffId: record.id,
        callId: record.callId,
        ...(record.context.call.from ? { number: record.context.call.from } : {}),
        ...(record.destination ? { destination: record.destination.key } : {}),
        reason: record.context.outcome?.status ?? record.status,
        status: 'pending',
        requestedAt: Date.now(),
      });
    }
    if (step.kind === 'back_to_ai') {
      await noteAgentDial(record.callId, record.context.call.from, record.context.call.to);
    }
    return stepXml(ctx.xml, step, {
      handoffId: record.id,
      token,
      callUuid: record.callId,
      ...(resumeToken ? { resumeToken } : {}),
    });
  };

  const answer: VobizHandler = async (request) => {
    const callback = await readCallback(request);
    const callId = callback.callUuid;
    if (!callId) throw new HttpError(400, 'invalid_message', 'The answer callback has no CallUUID');
    const call = {
      callId,
      platform: ctx.platform,
      ...(callback.from ? { from: callback.from } : {}),
      ...(callback.to ? { to: callback.to } : {}),
    };
    // A retry, or a stream reconnecting, joins the session the call already has.
    handoff.startSession(call);
    const needsToken = ctx.xml.answer.kind === 'stream' && !ctx.xml.answer.url;
    const token = needsToken ? await ctx.media.forCall(call) : undefined;
    await noteAgentDial(callId, callback.from, callback.to);
    return answerXml(ctx.xml, callId, token);
  };

  const transfer: VobizHandler = async (request) => {
    const { record, token, version } = await authorize(request);
    await checkCallback(request);
    if (BRIEFABLE.has(record.status) && record.destination) {
      const attempt = Math.max(1, record.ladder.attempt);
      // A retry of a document already served for this very record: its `ringing` was applied.
      const cached = documents.get('handoff', record.id, version, attempt);
      if (cached !== undefined) return cached;
      // Vobiz rings the human as soon as it has this document.
      if (record.status === 'transferring') await handoff.advance(record.id, { type: 'ringing', attempt });
      const body = transferXml(ctx.xml, {
        handoffId: record.id,
        token,
        attempt,
        destination: record.destination,
        context: record.context,
      });
      documents.set('handoff', record.id, version, attempt, body);
      return body;
    }
    // The attempt already failed (say, the Transfer API timed out but Vobiz moved the call
    // anyway): run what the ladder decided.
    if (record.lastStep) return stepDocument(record, record.lastStep, token);
    return hangupXml(ctx.xml);
  };

  const whisper: VobizHandler = async (request) => {
    // The human picked up but the record is gone (a store restarted without persistence, see
    // README "Running several instances"): say so, with nothing from the call, instead of a 404
    // that has Vobiz bridge them with no word at all. The signature guard already vouched for Vobiz.
    if (!(await readHandoff(request.handoffId))) {
      await readCallback(request);
      return whisperXml(ctx.xml, LOST_BRIEF);
    }
    const { record, attempt, version } = await authorize(request);
    await checkCallback(request);
    // Never brief a human into an empty call.
    if (!BRIEFABLE.has(record.status)) return whisperXml(ctx.xml, 'The caller is no longer on the line.');
    // Cached only once `answered` was applied to this very version: a retry repeats nothing.
    const cached = documents.get('whisper', record.id, version, attempt ?? 0);
    if (cached !== undefined) return cached;
    // Being asked for the brief means the human picked up, even if DialAnswer is late.
    const answered = await handoff.advance(record.id, { type: 'answered', ...(attempt ? { attempt } : {}) });
    const body = whisperXml(ctx.xml, handoff.render.whisper(answered.record.context));
    documents.set('whisper', record.id, version, attempt ?? 0, body);
    return body;
  };

  const dialEvents: VobizHandler = async (request) => {
    const { record, attempt } = await authorize(request);
    const callback = await readCallback(request);
    // Vobiz ignores what this URL returns; other events posted here are acknowledged and dropped.
    if (callback.kind === 'dial_event')
      await handoff.advance(record.id, dialEventToCallEvent(callback, attempt));
    return EMPTY_XML;
  };

  const dialResult: VobizHandler = async (request) => {
    const { record, token, attempt } = await authorize(request);
    const callback = await readCallback(request);
    if (callback.kind !== 'dial_action') {
      throw new HttpError(400, 'invalid_message', 'A Dial action callback carries DialStatus');
    }
    if (isCallbackCall(record.callId)) return ctx.callbacks.customerResult(record, callback, attempt);
    const verdict = dialResultToVerdict(callback, attempt);
    if (verdict.kind === 'bridged') {
      const current = attempt === undefined || attempt === record.ladder.attempt;
      if (current) {
        await handoff.advance(record.id, { type: 'bridged', ...(attempt ? { attempt } : {}) });
        // The human hung up (or the caller did, reported first on hangup_url): the handoff is done.
        await handoff.advance(record.id, { type: 'ended', detail: 'dial completed' });
      }
      return EMPTY_XML;
    }
    const result = await handoff.advance(record.id, verdict.event);
    if (!result.step) return EMPTY_XML;
    return stepDocument(result.record, result.step, token);
  };

  const recording: VobizHandler = async (request) => {
    const { record } = await authorize(request);
    const callback = await readCallback(request);
    if (callback.kind === 'record') {
      await ctx.followUps.saveVoicemail({
        handoffId: record.id,
        callId: record.callId,
        ...(callback.recordUrl ? { recordUrl: callback.recordUrl } : {}),
        ...(callback.recordingId ? { recordingId: callback.recordingId } : {}),
        ...(callback.recordingDuration !== undefined ? { durationSec: callback.recordingDuration } : {}),
        at: Date.now(),
      });
    }
    return hangupXml(ctx.xml);
  };

  const hangup: VobizHandler = async (request) => {
    const callback = await readCallback(request);
    const callId = callback.callUuid;
    if (!callId) throw new HttpError(400, 'invalid_message', 'The hangup callback has no CallUUID');
    await announceCallEnded(handoff, callId);
    const record = await handoff.forCall(callId);
    if (record) {
      const detail =
        callback.kind === 'hangup' ? (callback.hangupCauseName ?? callback.hangupCause) : undefined;
      // Ringing → caller_hung_up (the human is never briefed into an empty call); connected → completed.
      await handoff
        .advance(record.id, { type: 'caller_hung_up', ...(detail ? { detail } : {}) })
        .catch((error: unknown) => {
          if (!isHandoffError(error, 'handoff_not_found')) throw error;
        });
    }
    await ctx.media.forget(callId, record?.id);
    return EMPTY_XML;
  };

  // ---- handoffs that start with a new call (`POST /v1/handoffs` with `callbackNumber`) ----------

  const authorizeCallback = async (request: VobizRequest): Promise<Authorized> => {
    const authorized = await authorize(request);
    if (!isCallbackCall(authorized.record.callId))
      throw new HttpError(404, 'handoff_not_found', 'No such handoff');
    return authorized;
  };

  const callbackRing: VobizHandler = async (request) => {
    const { record, attempt } = await authorizeCallback(request);
    await readCallback(request);
    await handoff.advance(record.id, { type: 'ringing', ...(attempt ? { attempt } : {}) });
    return EMPTY_XML;
  };

  const callbackAnswer: VobizHandler = async (request) => {
    const { record, token, attempt } = await authorizeCallback(request);
    await readCallback(request);
    return ctx.callbacks.answered(record, token, attempt);
  };

  const callbackHangup: VobizHandler = async (request) => {
    const { record, token, attempt } = await authorizeCallback(request);
    const callback = await readCallback(request);
    if (callback.kind === 'hangup') await ctx.callbacks.ended(record, token, callback, attempt);
    return EMPTY_XML;
  };

  const both = ['GET', 'POST'] as const;
  const post = ['POST'] as const;
  return [
    { path: '/answer', methods: both, handle: answer },
    { path: '/handoff/:handoffId', methods: post, handle: transfer },
    { path: '/whisper/:handoffId', methods: post, handle: whisper },
    { path: '/dial-events/:handoffId', methods: post, handle: dialEvents },
    { path: '/dial-result/:handoffId', methods: post, handle: dialResult },
    { path: '/recording/:handoffId', methods: post, handle: recording },
    { path: '/hangup', methods: both, handle: hangup },
    { path: '/callback/:handoffId/ring', methods: post, handle: callbackRing },
    { path: '/callback/:handoffId/answer', methods: post, handle: callbackAnswer },
    { path: '/callback/:handoffId/hangup', methods: post, handle: callbackHangup },
    // Answered 404 while the conference strategy is off, as before.
    ...conferenceHandlers(ctx),
  ];
}

function parseAttempt(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,4}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 ? n : undefined;
}
