import { type ToolReply, webhook } from '@handoff/core';
import type { RetellContext } from './context.js';
import { ENVELOPE_KEYS, functionBody } from './payloads.js';
import { sdkCall } from './sdk-call.js';
import { mergeTranscript } from './transcript.js';

/**
 * A `transfer_to_human` custom-function request: the arguments (in `args`, as a JSON string, or
 * at the root), the call's transcript merged in, the core's decision answered inside the budget.
 */
export async function onFunctionCall(
  ctx: RetellContext,
  body: Record<string, unknown>,
  request: Request,
): Promise<Response> {
  const { handoff, settings, report } = ctx;
  const parsed = functionBody.safeParse(body);
  if (!parsed.success) return webhook.problem(400, 'invalid_function_call', webhook.firstIssue(parsed.error));
  const { name } = parsed.data;
  const call = parsed.data.call ?? undefined;
  if (name != null && name !== handoff.tool.name) {
    return webhook.problem(404, 'unknown_function', `This endpoint answers ${handoff.tool.name} only`);
  }
  // `args` as an object or JSON text (the core parses it); else `args_at_root`, or the dashboard's
  // "Payload: args only".
  const args = 'args' in body ? body.args : webhook.withoutKeys(body, ENVELOPE_KEYS);
  const callUuid = await ctx.callUuidOf(call, request);
  if (!callUuid) {
    report(
      new Error(
        `Retell call ${call?.call_id ?? '(unnamed)'} carries no Vobiz call UUID (X-VH-handoffCall header) and matches no call the gateway dialled`,
      ),
      'retell-call-id',
    );
    return webhook.json(ctx.refusal());
  }
  const { attached } = ctx.attach(callUuid, call, 'tool');
  if (call) mergeTranscript(attached, call, report);
  let decided: ToolReply | undefined;
  const outcome = attached.toolCall(args, {
    onDecided: (reply) => {
      decided = reply;
    },
  });
  const settled = await webhook.within(outcome, settings.toolBudgetMs);
  const reply = settled === webhook.TIMEOUT ? (decided ?? ctx.refusal()) : settled.reply;
  const typed = call ? sdkCall(call) : undefined;
  void ctx.notify({
    event: 'function_call',
    callId: callUuid,
    ...(call ? { retellCallId: call.call_id } : {}),
    ...(typed ? { call: typed } : {}),
    ...(reply.handoffId ? { handoffId: reply.handoffId } : {}),
  });
  return webhook.json(reply);
}
