import type { Handoff, HandoffResult, Session } from '@handoff/core';
import { HandoffError } from '@handoff/core';
import { llm, type voice } from '@livekit/agents';
import type { z } from 'zod';
import { sessionFor } from './registry.js';
import { errorMessage, failureMessage, isGoing, type SpeakOptions, speakThenTransfer } from './sequence.js';

export interface TransferToHumanOptions extends SpeakOptions {
  /** Overrides the tool description the LLM sees (default: the core's, listing the teams). */
  description?: string;
  /** Finds the core session for a LiveKit session. Default: the one `attachHandoff` started. */
  session?: (agentSession: voice.AgentSession) => Session | undefined;
  /**
   * Return nothing when the call is on its way, so LiveKit does not ask the LLM for another reply
   * (which would talk over the ringing). Default `false`: the LLM gets a short JSON result.
   */
  quietOnSuccess?: boolean;
  /** Called with every outcome, for logs and metrics. */
  onResult?: (result: HandoffResult) => void;
}

/** What the tool hands back to the LLM when the call is on its way. */
export interface TransferToolResult {
  status: string;
  handoffId: string;
  team?: string;
  /** The caller already heard this; do not repeat it. */
  said: string;
  duplicate?: boolean;
}

/**
 * `transfer_to_human` as a LiveKit Agents tool: the core's zod schema as parameters, one call at a
 * time (`onDuplicate: 'reject'`). It speaks the farewell uninterruptibly, waits for playout, then
 * asks the carrier to move the call. Failures come back to the LLM as a `ToolError` it can relay.
 *
 * ```ts
 * new voice.Agent({ instructions, tools: { transfer_to_human: transferToHuman(handoff) } });
 * ```
 */
export function transferToHuman<F extends z.ZodObject>(
  handoff: Handoff<F>,
  options: TransferToHumanOptions = {},
) {
  return llm.tool({
    description: options.description ?? handoff.tool.description,
    parameters: handoff.tool.schema,
    onDuplicate: 'reject',
    execute: async (args, { ctx }): Promise<TransferToolResult | undefined> => {
      try {
        ctx.disallowInterruptions();
      } catch {
        // Already interrupted: the transfer still goes ahead; the caller asked for it.
      }
      const agentSession = ctx.session as voice.AgentSession;
      const session = options.session ? options.session(agentSession) : sessionFor(agentSession);
      if (!session) {
        throw new llm.ToolError(
          errorMessage(
            new HandoffError('session_not_found', 'attachHandoff was not called for this session'),
          ),
        );
      }
      let result: HandoffResult;
      try {
        result = await speakThenTransfer(agentSession, session, args, { kind: 'tool' }, options);
      } catch (error) {
        throw new llm.ToolError(errorMessage(error));
      }
      options.onResult?.(result);
      if (!isGoing(result)) throw new llm.ToolError(failureMessage(result));
      if (options.quietOnSuccess) return undefined;
      const out: TransferToolResult = {
        status: result.status,
        handoffId: result.handoffId,
        said: result.sayToCaller,
      };
      if (result.destination) out.team = result.destination.label;
      if (result.duplicate) out.duplicate = true;
      return out;
    },
  });
}
