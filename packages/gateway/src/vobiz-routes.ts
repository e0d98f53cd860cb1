import { isHandoffError, type LadderStep, type PublicHandoffRecord, recordInboundCall } from '@handoff/core';
import { parseVobizCallback, type VobizCallback } from '@handoff/vobiz';
import { type Context, Hono } from 'hono';
import { nodeIncoming, readForm } from './body.js';
import { announceCallEnded } from './call-end.js';
import { isCallbackCall } from './callback-calls.js';
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
  xml,
} from './handoff-xml.js';
import { HttpError } from './http-errors.js';

/** Statuses in which a human may still be briefed: the caller is on the line, waiting or bridged. */
const BRIEFABLE = new Set(['persisted', 'transferring', 'ringing', 'connected']);

/** What a human hears when the handoff's record was lost: no details, and what to do. */
export const LOST_BRIEF =
  'The notes for this call were lost. Please ask the caller for their name and how you can help.';

interface Authorized {
  record: PublicHandoffRecord;
  token: string;
  attempt: number | undefined;
}

/**
 * Everything Vobiz calls. Each handler is safe under Vobiz's retries: the core's `advance` is
 * idempotent and returns the same ladder step for a repeat, and tokens are reused, so a retried
 * callback gets the same document and changes nothing. Nothing on these paths waits on a
 * webhook, an LLM or another carrier request: Vobiz gives up after a few seconds.
 */
export function vobizRoutes(ctx: GatewayContext): Hono {
  const app = new Hono();
  const { handoff } = ctx;

  // Before the body is read: a refused callback costs nothing and changes nothing.
  app.use('*', ctx.signatureGuard);

  const readCallback = async (c: Context): Promise<VobizCallback> =>
    parseVobizCallback(await readForm(c.req.raw, ctx.maxBodyBytes, nodeIncoming(c.env)));

  const authorize = async (c: Context): Promise<Authorized> => {
    const handoffId = c.req.param('handoffId') ?? '';
    const token = c.req.query('t') ?? '';
    const record = await handoff.get(handoffId);
    if (!record) throw new HttpError(404, 'handoff_not_found', 'No such handoff');
    if (!(await handoff.verifyToken(handoffId, token))) {
      throw new HttpError(403, 'invalid_token', 'Missing or wrong handoff token');
    }
    return { record, token, attempt: parseAttempt(c.req.query('a')) };
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

  app.on(['GET', 'POST'], '/answer', async (c) => {
    const callback = await readCallback(c);
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
    return xml(answerXml(ctx.xml, callId, token));
  });

  app.post('/handoff/:handoffId', async (c) => {
    const { record, token } = await authorize(c);
    await readCallback(c);
    if (BRIEFABLE.has(record.status) && record.destination) {
      const attempt = Math.max(1, record.ladder.attempt);
      // Vobiz rings the human as soon as it has this document.
      if (record.status === 'transferring') await handoff.advance(record.id, { type: 'ringing', attempt });
      return xml(
        transferXml(ctx.xml, {
          handoffId: record.id,
          token,
          attempt,
          destination: record.destination,
          context: record.context,
        }),
      );
    }
    // The attempt already failed (say, the Transfer API timed out but Vobiz moved the call
    // anyway): run what the ladder decided.
    if (record.lastStep) return xml(await stepDocument(record, record.lastStep, token));
    return xml(hangupXml(ctx.xml));
  });

  app.post('/whisper/:handoffId', async (c) => {
    // The human picked up but the record is gone (a store restarted without persistence, see
    // README "Running several instances"): say so, with nothing from the call, instead of a 404
    // that has Vobiz bridge them with no word at all. The signature guard already vouched for Vobiz.
    if (!(await handoff.get(c.req.param('handoffId') ?? ''))) {
      await readCallback(c);
      return xml(whisperXml(ctx.xml, LOST_BRIEF));
    }
    const { record, attempt } = await authorize(c);
    await readCallback(c);
    // Never brief a human into an empty call.
    if (!BRIEFABLE.has(record.status))
      return xml(whisperXml(ctx.xml, 'The caller is no longer on the line.'));
    // Being asked for the brief means the human picked up, even if DialAnswer is late.
    const answered = await handoff.advance(record.id, { type: 'answered', ...(attempt ? { attempt } : {}) });
    return xml(whisperXml(ctx.xml, handoff.render.whisper(answered.record.context)));
  });

  app.post('/dial-events/:handoffId', async (c) => {
    const { record, attempt } = await authorize(c);
    const callback = await readCallback(c);
    // Vobiz ignores what this URL returns; other events posted here are acknowledged and dropped.
    if (callback.kind === 'dial_event')
      await handoff.advance(record.id, dialEventToCallEvent(callback, attempt));
    return xml(EMPTY_XML);
  });

  app.post('/dial-result/:handoffId', async (c) => {
    const { record, token, attempt } = await authorize(c);
    const callback = await readCallback(c);
    if (callback.kind !== 'dial_action') {
      throw new HttpError(400, 'invalid_message', 'A Dial action callback carries DialStatus');
    }
    if (isCallbackCall(record.callId))
      return xml(await ctx.callbacks.customerResult(record, callback, attempt));
    const verdict = dialResultToVerdict(callback, attempt);
    if (verdict.kind === 'bridged') {
      const current = attempt === undefined || attempt === record.ladder.attempt;
      if (current) {
        await handoff.advance(record.id, { type: 'bridged', ...(attempt ? { attempt } : {}) });
        // The human hung up (or the caller did, reported first on hangup_url): the handoff is done.
        await handoff.advance(record.id, { type: 'ended', detail: 'dial completed' });
      }
      return xml(EMPTY_XML);
    }
    const result = await handoff.advance(record.id, verdict.event);
    if (!result.step) return xml(EMPTY_XML);
    return xml(await stepDocument(result.record, result.step, token));
  });

  app.post('/recording/:handoffId', async (c) => {
    const { record } = await authorize(c);
    const callback = await readCallback(c);
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
    return xml(hangupXml(ctx.xml));
  });

  app.on(['GET', 'POST'], '/hangup', async (c) => {
    const callback = await readCallback(c);
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
    return xml(EMPTY_XML);
  });

  // ---- handoffs that start with a new call (`POST /v1/handoffs` with `callbackNumber`) ----------

  const authorizeCallback = async (c: Context): Promise<Authorized> => {
    const authorized = await authorize(c);
    if (!isCallbackCall(authorized.record.callId))
      throw new HttpError(404, 'handoff_not_found', 'No such handoff');
    return authorized;
  };

  app.post('/callback/:handoffId/ring', async (c) => {
    const { record, attempt } = await authorizeCallback(c);
    await readCallback(c);
    await handoff.advance(record.id, { type: 'ringing', ...(attempt ? { attempt } : {}) });
    return xml(EMPTY_XML);
  });

  app.post('/callback/:handoffId/answer', async (c) => {
    const { record, token, attempt } = await authorizeCallback(c);
    await readCallback(c);
    return xml(await ctx.callbacks.answered(record, token, attempt));
  });

  app.post('/callback/:handoffId/hangup', async (c) => {
    const { record, token, attempt } = await authorizeCallback(c);
    const callback = await readCallback(c);
    if (callback.kind === 'hangup') await ctx.callbacks.ended(record, token, callback, attempt);
    return xml(EMPTY_XML);
  });

  return app;
}

function parseAttempt(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,4}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 ? n : undefined;
}
