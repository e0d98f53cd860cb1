import { type FieldsSchema, type Handoff, LIVE } from '@handoff/core';
import type { CallState, VapiCalls } from './calls.js';
import { forgetControlUrl } from './control.js';
import type { Settings } from './options.js';
import { forwardingOutcome, isAiFailure, readReport, type ServerMessage } from './payload.js';

/**
 * VAPI's call is over. `rescue` (the live `status-update`, not the report that follows once
 * post-processing is done, possibly on another instance) hands a caller whose assistant died to
 * a human.
 */
export async function endCall(
  handoff: Handoff<FieldsSchema>,
  calls: VapiCalls,
  state: CallState,
  message: ServerMessage,
  rescue: boolean,
): Promise<void> {
  const endedReason = typeof message.raw.endedReason === 'string' ? message.raw.endedReason : undefined;
  if (rescue && isAiFailure(endedReason) && !state.ended) {
    // The assistant died, not the call: over Vobiz the caller is still on the line.
    const call = calls.attach(state, message);
    await call.aiUnavailable(endedReason ?? 'vapi pipeline error');
  }
  const outcome = forwardingOutcome(endedReason);
  const record = await handoff.forCall(state.callId);
  if (outcome && record && LIVE.has(record.status)) await handoff.advance(record.id, outcome);
  state.ended = true;
  forgetControlUrl(state.vapiCallId, state.callId);
  const call = handoff.call(state.callId);
  // Over Vobiz, VAPI's leg ends because the call moved: the caller is still on it (with the
  // human, or back with a new VAPI leg if nobody answers), so only this leg's port goes.
  const moving = state.callId !== state.vapiCallId && record !== undefined && LIVE.has(record.status);
  if (moving) call?.detach(state.port);
  else call?.end();
}

/** `end-of-call-report`: the session closed if it was not, VAPI's analysis put on the handoff. */
export async function onCallReport(
  handoff: Handoff<FieldsSchema>,
  settings: Settings,
  calls: VapiCalls,
  message: ServerMessage & { vapiCallId: string },
): Promise<void> {
  const state = await calls.stateOf(message);
  if (!state.ended) await endCall(handoff, calls, state, message, false);
  const record = await handoff.forCall(state.callId);
  const report = readReport(message.raw);
  // VAPI's analysis arrives after the call: it belongs on the handoff the human worked.
  if (record && report.analysis) await handoff.annotate(record.id, 'vapi', report.analysis);
  await settings.onReport?.({
    callId: state.callId,
    vapiCallId: message.vapiCallId,
    ...(record ? { handoffId: record.id } : {}),
    ...report,
  });
}
