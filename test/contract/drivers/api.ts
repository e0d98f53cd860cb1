import {
  coreTurn,
  type DriverContext,
  type DriverResult,
  type DriverScript,
  type PlatformDriver,
} from '../driver.js';

interface SayAction {
  type: 'say';
  purpose: string;
  text: string;
  ack?: string;
}
type Action = SayAction | { type: 'instruct'; text: string };

/**
 * A platform that runs elsewhere (Pipecat, a CRM, anything with HTTP) on the gateway's `/v1` API:
 * turns in, the core's actions back, playout acknowledged, the LLM's tool call as a handoff.
 */
export const apiDriver: PlatformDriver = {
  platform: 'api',
  capabilities: { confidence: true, aiDeath: true },
  async run(ctx: DriverContext, script: DriverScript): Promise<DriverResult> {
    const callId = ctx.call.callId;
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${ctx.gatewayUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ctx.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.status >= 400) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return response.status === 204 ? {} : ((await response.json()) as { actions?: Action[] });
    };
    const result: DriverResult = {};
    // The platform speaks each line, then says it played: the core waits for that before moving.
    const perform = async (actions: Action[] = []) => {
      let handedOff = false;
      for (const action of actions) {
        if (action.type !== 'say') continue;
        if (action.purpose === 'farewell') {
          handedOff = true;
          result.farewell = action.text;
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (action.purpose === 'farewell') result.farewellDoneAt = Date.now();
        if (action.ack) await post(action.ack, {});
      }
      return handedOff;
    };
    const base = `/v1/calls/${encodeURIComponent(callId)}`;
    for (let i = 0; i <= script.turns.length; i++) {
      if (script.aiDiesAfterTurn === i) {
        await post(`${base}/ai-unavailable`, { detail: 'LLM returned 500s', platform: 'api' });
        return result;
      }
      if (script.toolCall?.afterTurn === i) {
        const created = await post('/v1/handoffs', {
          callId,
          platform: 'api',
          trigger: 'tool',
          playout: 'ack',
          ...script.toolCall.args,
        });
        await perform(created.actions);
        return result;
      }
      const turn = script.turns[i];
      if (!turn) break;
      const response = await post(`${base}/turns`, {
        platform: 'api',
        playout: 'ack',
        turns: [coreTurn(turn, true)],
      });
      if (await perform(response.actions)) return result;
    }
    return result;
  },
};
