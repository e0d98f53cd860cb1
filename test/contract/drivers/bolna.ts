import { bolnaHandler, bolnaTool } from '@handoff/bolna';
import type { Handoff } from '@handoff/core';
import {
  execution,
  executionId,
  functionCall,
  type Utterance,
} from '../../../packages/bolna/src/__fixtures__/bolna.js';
import type { DriverContext, DriverResult, DriverScript, PlatformDriver } from '../driver.js';

const PATH = '/bolna';
const SECRET = 'contract-bolna-tool-secret';
const TOKEN = 'contract-bolna-webhook-token';

/**
 * Bolna on its own Vobiz telephony: Bolna answers the Vobiz call with its stream, so its `call_sid`
 * is the Vobiz CallUUID, which hosted Bolna fills into the function's `param`. No transcript
 * reaches the handler while the call runs: Bolna pushes executions on status changes and their
 * `transcript` is filled only once the call is over. So rules cannot fire mid-call
 * (`midCallTurns: false`), and a dead Bolna hangs up the Vobiz call itself (its Vobiz handler
 * deletes the call when the stream ends), leaving no caller to hand over (`aiDeath: false`).
 *
 * To compare packets, the driver posts the execution, transcript included, just before the
 * function call: that is the shape Bolna sends, at a time it does not. In production the packet
 * holds no Bolna transcript at the moment of the handoff (the LLM's `summary` carries the context),
 * and the transcript reaches `onEvent` with the handoff id once the call is over.
 *
 * Bolna speaks the function's `pre_call_message` and waits until it has played before it calls
 * the API, so the farewell is over when the request leaves; its text here is the core's line for
 * the team chosen (Bolna's is the fixed line `bolnaTool` configured).
 */
export const bolnaDriver: PlatformDriver = {
  platform: 'bolna',
  capabilities: { confidence: false, aiDeath: false, midCallTurns: false },
  platforms: (handoff: Handoff) => [
    { path: PATH, handler: bolnaHandler(handoff, { secret: SECRET, webhookToken: TOKEN }) },
  ],
  async run(ctx: DriverContext, script: DriverScript): Promise<DriverResult> {
    const vobizCallId = ctx.call.callId;
    const execId = executionId(vobizCallId);
    const post = async (url: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      if (response.status !== 200) throw new Error(`bolna: ${response.status} ${await response.text()}`);
      return (await response.json()) as { said?: string };
    };
    const webhook = (status: string, turns: readonly Utterance[] = []) =>
      post(
        `${ctx.gatewayUrl}${PATH}?token=${TOKEN}`,
        execution({ executionId: execId, vobizCallId, status, turns, from: ctx.call.from }),
      );

    await webhook('in-progress');
    const history: Utterance[] = [];
    for (let i = 0; i <= script.turns.length; i++) {
      if (script.toolCall?.afterTurn === i) {
        if (history.length > 0) await webhook('in-progress', history);
        const { param } = bolnaTool(ctx.handoff, {
          url: `${ctx.gatewayUrl}${PATH}`,
          secret: SECRET,
          department: 'support',
        }).tools_params.transfer_to_human!;
        const spokenAt = Date.now();
        const answer = await post(
          `${ctx.gatewayUrl}${PATH}`,
          functionCall({ param, args: script.toolCall.args, executionId: execId, callSid: vobizCallId }),
          { authorization: `Bearer ${SECRET}` },
        );
        return answer.said ? { farewell: answer.said, farewellDoneAt: spokenAt } : {};
      }
      const turn = script.turns[i];
      if (!turn) break;
      history.push({ role: turn.role, text: turn.text });
    }
    return {};
  },
};
