import type { Handoff } from '@handoff/core';
import { sign, templateHandler } from '@handoff/platform-template';
import type { DriverContext, DriverResult, DriverScript, PlatformDriver } from '../driver.js';

const SECRET = 'template-webhook-secret';
/** How long the simulated platform takes to say a line: 150 words a minute. */
const speechMs = (text: string) => text.trim().split(/\s+/u).length * 400;

/** The template platform: signed JSON webhooks, the farewell spoken by the platform itself. */
export const templateDriver: PlatformDriver = {
  platform: 'template',
  capabilities: { confidence: true, aiDeath: true },
  platforms: (handoff: Handoff) => [
    { path: '/template', handler: templateHandler(handoff, { secret: SECRET }) },
  ],
  async run(ctx: DriverContext, script: DriverScript): Promise<DriverResult> {
    const callId = ctx.call.callId;
    const send = async (event: Record<string, unknown>) => {
      const body = JSON.stringify({ ...event, call_id: callId });
      const response = await fetch(`${ctx.gatewayUrl}/template`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-template-signature': sign(body, SECRET) },
        body,
      });
      if (response.status >= 400)
        throw new Error(`template webhook: ${response.status} ${await response.text()}`);
      return (await response.json()) as { say?: string[]; said?: string };
    };
    for (let i = 0; i <= script.turns.length; i++) {
      if (script.aiDiesAfterTurn === i) {
        await send({ event: 'ai_error', message: 'LLM provider returned 500' });
        return {};
      }
      if (script.toolCall?.afterTurn === i) {
        const startedAt = Date.now();
        const answer = await send({
          event: 'tool_call',
          tool_call_id: 'call_1',
          name: 'transfer_to_human',
          arguments: JSON.stringify(script.toolCall.args),
        });
        // The platform spoke the farewell from the moment the tool ran.
        return answer.said
          ? { farewell: answer.said, farewellDoneAt: startedAt + speechMs(answer.said) }
          : {};
      }
      const turn = script.turns[i];
      if (!turn) break;
      const answer = await send({
        event: 'turn',
        role: turn.role === 'caller' ? 'user' : 'assistant',
        text: turn.text,
        ...(turn.confidence === undefined ? {} : { confidence: turn.confidence }),
      });
      const farewell = answer.say?.[0];
      if (farewell) return { farewell, farewellDoneAt: Date.now() + speechMs(farewell) };
    }
    return {};
  },
};
