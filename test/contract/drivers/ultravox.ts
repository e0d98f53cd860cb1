import { estimateSpeechMs, type Handoff } from '@handoff/core';
import { ultravoxHandler } from '@handoff/ultravox';
import {
  toolRequest,
  type Utterance,
  ultravoxCallId,
} from '../../../packages/ultravox/src/__fixtures__/ultravox.js';
import type { DriverContext, DriverResult, DriverScript, PlatformDriver } from '../driver.js';

const PATH = '/ultravox';
const SECRET = 'contract-ultravox-tool-secret';
/** What the handler allows for the agent to start on the farewell once the tool has answered. */
const SPEECH_START_MS = 150;
/** How long the simulated agent actually takes: within that allowance. */
const REPLY_LATENCY_MS = 20;

/**
 * Ultravox reached over SIP: the gateway dialled the agent with `X-VH-handoffCall`, which Ultravox
 * makes template context for the tool's `handoff_call` static parameter. While the call runs no
 * transcript reaches the handler (Ultravox's webhooks are call.started/joined/ended/billed; live
 * transcripts need a data-connection WebSocket, which the gateway does not mount), so the turns
 * only grow the conversation Ultravox hands the tool as `KNOWN_PARAM_CONVERSATION_HISTORY` with
 * the model's arguments. Rules cannot fire mid-call here (`midCallTurns: false`). The farewell
 * comes back in the tool's answer with `X-Ultravox-Agent-Reaction: speaks`, and the simulated
 * agent says it. A failed Ultravox call ends with `system_error`, which the handler hands over, but
 * without the conversation (no webhook carries it), so the packet could not match: `aiDeath: false`.
 */
export const ultravoxDriver: PlatformDriver = {
  platform: 'ultravox',
  capabilities: { confidence: false, aiDeath: false, midCallTurns: false },
  platforms: (handoff: Handoff) => [
    { path: PATH, handler: ultravoxHandler(handoff, { secret: SECRET, speechStartMs: SPEECH_START_MS }) },
  ],
  async run(ctx: DriverContext, script: DriverScript): Promise<DriverResult> {
    const history: Utterance[] = [];
    for (let i = 0; i <= script.turns.length; i++) {
      if (script.toolCall?.afterTurn === i) {
        const response = await fetch(`${ctx.gatewayUrl}${PATH}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-handoff-secret': SECRET },
          body: JSON.stringify(
            toolRequest({
              args: script.toolCall.args,
              turns: history,
              vobizCallId: ctx.call.callId,
              ultravoxCallId: ultravoxCallId(ctx.call.callId),
            }),
          ),
        });
        if (response.status !== 200) throw new Error(`ultravox: ${response.status} ${await response.text()}`);
        const answeredAt = Date.now();
        const answer = (await response.json()) as { say?: string };
        const speaks = response.headers.get('x-ultravox-agent-reaction') === 'speaks';
        return answer.say && speaks
          ? {
              farewell: answer.say,
              farewellDoneAt: answeredAt + REPLY_LATENCY_MS + estimateSpeechMs(answer.say),
            }
          : {};
      }
      const turn = script.turns[i];
      if (!turn) break;
      history.push({ role: turn.role, text: turn.text });
    }
    return {};
  },
};
