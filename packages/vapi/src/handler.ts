import { type FetchHandler, type FieldsSchema, type Handoff, webhook } from '@handoff/core';
import { verifyVapiRequest } from './auth.js';
import { endCall, onCallReport } from './call-end.js';
import { VapiCalls } from './calls.js';
import { ingest } from './ingest.js';
import { settingsFrom, type VapiHandlerOptions } from './options.js';
import { isTranscript, readServerMessage, type ServerMessage } from './payload.js';
import { ToolCalls } from './tool-calls.js';

export type { VapiHandlerOptions } from './options.js';

/**
 * VAPI server messages → the core's platform contract, as a fetch-standard handler: every request
 * is authenticated (401 and nothing done otherwise), turns go in as the core's turns, `tool-calls`
 * become `call.toolCall`, the call's end ends the session. The core speaks and instructs through
 * the call's live control. Each request attaches the call afresh, so messages for one call may
 * land on any instance.
 */
export function vapiHandler<F extends FieldsSchema>(
  handoff: Handoff<F>,
  options: VapiHandlerOptions,
): FetchHandler {
  webhook.requireHandoff(handoff, 'vapiHandler');
  const settings = settingsFrom(options);
  const calls = new VapiCalls(handoff, settings);
  const toolCalls = new ToolCalls(handoff, settings, calls);
  const report = (e: unknown, where: string) => handoff.reportError(e, where);

  const dispatch = async (message: ServerMessage): Promise<unknown> => {
    if (message.type === 'tool-calls') return toolCalls.answer(message);
    const vapiCallId = message.vapiCallId;
    if (!vapiCallId) return {};
    const type = message.type;
    if (type === 'end-of-call-report') {
      await onCallReport(handoff, settings, calls, { ...message, vapiCallId });
      return {};
    }
    const relevant = type === 'conversation-update' || type === 'status-update' || isTranscript(type);
    if (!relevant) return {};
    const state = await calls.stateOf({ ...message, vapiCallId });
    if (state.ended) return {};
    if (type === 'status-update' && message.raw.status === 'ended') {
      await endCall(handoff, calls, state, message, true);
      return {};
    }
    const call = calls.attach(state, message);
    ingest(state, call, message, report);
    // Answered once the core is done with what these turns started (a rule's farewell, the move).
    await webhook.within(call.settled(), settings.replyTimeoutMs);
    return {};
  };

  const endpoint = { maxBodyBytes: settings.maxBodyBytes, report, where: 'vapi-handler' };
  return webhook.endpoint(endpoint, async (request, body) => {
    const authentic = verifyVapiRequest(settings.modes, {
      method: request.method,
      url: request.url,
      headers: request.headers,
      body,
    });
    if (!authentic) return webhook.json({ error: 'unauthorized' }, 401);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return webhook.problem(400, 'invalid_json', 'The body is not JSON');
    }
    const message = readServerMessage(parsed);
    if (!message) {
      return webhook.problem(400, 'invalid_message', 'expected { message: { type, … } }');
    }
    try {
      return webhook.json(await dispatch(message));
    } catch (error) {
      report(error, `vapi-${message.type}`);
      return webhook.problem(500, 'internal_error', 'The request could not be processed');
    }
  });
}
