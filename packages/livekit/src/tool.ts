import { type FieldsSchema, type Handoff, type ToolReply, type TransferArgs, webhook } from '@handoff/core';
import { llm } from '@livekit/agents';
import { attachedCalls } from './attach.js';

type Json = null | string | number | boolean | Json[] | { [key: string]: Json };
/** The tool's arguments as LiveKit types them: JSON all the way down, deployment fields included. */
export type TransferToolArgs = Omit<TransferArgs, 'fields'> & { fields?: { [key: string]: Json } };

export interface TransferToHumanOptions {
  /** Overrides the tool description the LLM sees (default: the core's, listing the teams). */
  description?: string;
  /**
   * Return nothing when the call is on its way: LiveKit then asks the LLM for no further reply,
   * which would talk over the ringing. Default `false`: the LLM gets the core's reply.
   */
  quietOnSuccess?: boolean;
}

/**
 * `transfer_to_human` as a LiveKit Agents tool: the core's zod schema as parameters, one call at a
 * time (`onDuplicate: 'reject'`). The core runs the handoff on the call `attachHandoff` joined;
 * a reply that is not on its way comes back to the LLM as a `ToolError`.
 *
 * ```ts
 * new voice.Agent({ instructions, tools: { transfer_to_human: transferToHuman(handoff) } });
 * ```
 */
export function transferToHuman<F extends FieldsSchema>(
  handoff: Handoff<F>,
  options: TransferToHumanOptions = {},
  // Declared, not inferred: the inferred type carries the core's field schema (`fields: unknown`),
  // which LiveKit's `JSONObject` constraint refuses in a consumer's strict `.d.ts` check.
): llm.AnonFunctionTool<TransferToolArgs, unknown, ToolReply | undefined> {
  return llm.tool({
    description: options.description ?? handoff.tool.description,
    parameters: handoff.tool.schema,
    onDuplicate: 'reject',
    execute: async (args, { ctx }): Promise<ToolReply | undefined> => {
      const call = attachedCalls.get(ctx.session);
      // No call was attached for this session: the core has nothing to hand over.
      if (!call) throw new llm.ToolError(webhook.refusal(handoff.options, 'callEnded').message);
      const { reply } = await call.toolCall(args, {
        // LiveKit runs a tool while the words the model said with it are still playing, and adds
        // them to the history only once they have: the core waits for them (bounded), so the
        // packet ends with the agent's last line. It rejects at once when no speech came with it.
        playing: ctx.waitForPlayout(),
        onDecided: () => {
          // The call is moving: a barge-in must not cancel the speech this tool call belongs to.
          try {
            ctx.disallowInterruptions();
          } catch {
            // Already interrupted: the handoff goes ahead all the same.
          }
        },
      });
      if (!reply.ok) throw new llm.ToolError(reply.message);
      return options.quietOnSuccess ? undefined : reply;
    },
  });
}
