import { estimateSpeechMs, type Handoff } from '@handoff/core';
import { elevenLabsHandler, signElevenLabs } from '@handoff/elevenlabs';
import {
  conversationId,
  postCallTranscription,
  toolRequest,
  type Utterance,
} from '../../../packages/elevenlabs/src/__fixtures__/elevenlabs.js';
import type { DriverContext, DriverResult, DriverScript, PlatformDriver } from '../driver.js';

const PATH = '/elevenlabs';
const SECRET = 'contract-elevenlabs-tool-secret';
const WEBHOOK_SECRET = 'wsec_contract_elevenlabs_0123456789';
/** What the handler allows for the agent to start on the farewell once the tool has answered. */
const SPEECH_START_MS = 150;
/** How long the simulated agent actually takes: within that allowance, as a real deployment tunes it. */
const REPLY_LATENCY_MS = 20;

/**
 * ElevenLabs Agents reached over SIP: the gateway dialled the agent with `X-VH-handoffCall`, which
 * ElevenLabs turns into a dynamic variable. Nothing reaches the handler while the conversation
 * runs (ElevenLabs has no mid-call transcript webhook), so the scenario's turns only grow the
 * agent's history, which the `transfer_to_human` server tool sends as `system__conversation_history`
 * with the LLM's arguments. Rules cannot fire mid-call here: `midCallTurns: false` skips the rule
 * scenarios. The farewell comes back in the tool's answer and the simulated agent says it; a lost
 * conversation shows up only in the signed `post_call_transcription` (status `failed`), transcript
 * included. ElevenLabs reports no ASR confidence.
 */
export const elevenLabsDriver: PlatformDriver = {
  platform: 'elevenlabs',
  capabilities: { confidence: false, aiDeath: true, midCallTurns: false },
  platforms: (handoff: Handoff) => [
    {
      path: PATH,
      handler: elevenLabsHandler(handoff, {
        secret: SECRET,
        webhookSecret: WEBHOOK_SECRET,
        speechStartMs: SPEECH_START_MS,
      }),
    },
  ],
  async run(ctx: DriverContext, script: DriverScript): Promise<DriverResult> {
    const vobizCallId = ctx.call.callId;
    const conversation = conversationId(vobizCallId);
    const post = async (body: Record<string, unknown>, headers: Record<string, string>) => {
      const response = await fetch(`${ctx.gatewayUrl}${PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      if (response.status !== 200) throw new Error(`elevenlabs: ${response.status} ${await response.text()}`);
      return (await response.json()) as { say?: string };
    };
    const history: Utterance[] = [];
    for (let i = 0; i <= script.turns.length; i++) {
      if (script.aiDiesAfterTurn === i) {
        const hook = postCallTranscription({
          vobizCallId,
          conversationId: conversation,
          turns: history,
          status: 'failed',
          terminationReason: 'LLM provider returned 500',
        });
        const text = JSON.stringify(hook);
        await post(hook, { 'elevenlabs-signature': signElevenLabs(text, WEBHOOK_SECRET) });
        return {};
      }
      if (script.toolCall?.afterTurn === i) {
        const body = toolRequest({
          args: script.toolCall.args,
          turns: history,
          vobizCallId,
          conversationId: conversation,
          callerId: ctx.call.from,
        });
        const answer = await post(body, { 'x-handoff-secret': SECRET });
        const answeredAt = Date.now();
        // The agent voices the core's line as its reply to the tool result.
        return answer.say
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
