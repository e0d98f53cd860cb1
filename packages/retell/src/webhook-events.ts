import { type AttachedCall, LIVE, webhook } from '@handoff/core';
import { PLATFORM, type RetellContext } from './context.js';
import { AI_FAILURES, REPORTS, type RetellEvent } from './events.js';
import type { CallObject } from './payloads.js';
import { sdkCall } from './sdk-call.js';
import { mergeTranscript } from './transcript.js';

/**
 * An agent webhook: `call_started` and `transcript_updated` feed the session (rules fire
 * mid-call), `call_ended` closes it (or rescues a caller whose agent died), `call_analyzed` puts
 * Retell's analysis on the handoff; `transfer_*` are recorded.
 */
export async function onWebhookEvent(
  ctx: RetellContext,
  event: string,
  call: CallObject,
  request: Request,
): Promise<Response> {
  const { handoff, report } = ctx;
  const callUuid = await ctx.callUuidOf(call, request);
  const typed = sdkCall(call);
  const info: RetellEvent = {
    event,
    retellCallId: call.call_id,
    ...(typed ? { call: typed } : {}),
    ...(callUuid ? { callId: callUuid } : {}),
  };
  // A call that did not come through the gateway (a web call, a test call from the dashboard).
  if (!callUuid) {
    await ctx.notify(info);
    return webhook.json({ ok: true, event, ignored: 'no_vobiz_call' });
  }
  let said: Array<{ text: string; purpose: string }> = [];
  let handoffId: string | undefined;
  if (event === 'transcript_updated' && (call.call_status === 'ended' || call.end_timestamp != null)) {
    // The final update after the call ended: nothing left to act on, and a rule firing now
    // would try to move a call that is gone.
  } else if (event === 'call_started' || event === 'transcript_updated') {
    const { port, attached } = ctx.attach(callUuid, call, 'webhook');
    mergeTranscript(attached, call, report);
    await settle(ctx, attached);
    said = port.lines.map(({ text, purpose }) => ({ text, purpose }));
  } else if (event === 'call_ended') {
    const reason = call.disconnection_reason ?? '';
    if (AI_FAILURES.has(reason)) {
      // The agent died, not the call: over Vobiz the caller is still on the line.
      const { attached } = ctx.attach(callUuid, call, 'webhook');
      mergeTranscript(attached, call, report);
      await attached.aiUnavailable(`retell ${reason}`);
    }
    const record = await handoff.forCall(callUuid);
    handoffId = record?.id;
    if (record && LIVE.has(record.status)) {
      // Retell's leg ended because Vobiz moved the call: the caller is with the human now, or
      // back with a new Retell leg if nobody answers, so only the port goes, not the session.
      handoff.attachCall({ callId: callUuid, platform: PLATFORM });
    } else {
      ctx.attach(callUuid, call, 'webhook').attached.end();
    }
  } else if (REPORTS.has(event)) {
    handoffId = (await handoff.forCall(callUuid))?.id;
    // Retell's analysis arrives after the call: it belongs on the handoff the human worked.
    if (handoffId && event === 'call_analyzed' && call.call_analysis) {
      await handoff
        .annotate(handoffId, 'retell', call.call_analysis)
        .catch((e) => report(e, 'retell-annotate'));
    }
  } else {
    await ctx.notify(info);
    return webhook.json({ ok: true, event, ignored: 'unknown_event' });
  }
  await ctx.notify({ ...info, ...(handoffId ? { handoffId } : {}) });
  return webhook.json({ ok: true, event, ...(said.length > 0 ? { say: said } : {}) });
}

async function settle(ctx: RetellContext, attached: AttachedCall): Promise<void> {
  const done = await webhook.within(attached.settled(), ctx.settings.webhookBudgetMs);
  // The core carries on; Retell must not retry a webhook the core is still working on.
  if (done === webhook.TIMEOUT) void attached.settled().catch((e: unknown) => ctx.report(e, 'retell-settle'));
}
