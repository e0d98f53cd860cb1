import { attachHandoff, type PipecatHandoff } from '@handoff/pipecat';
import { ScriptedBot, ScriptedTransport } from '@handoff/pipecat/testing';
import { LogLevel, logger } from '@pipecat-ai/client-js';
import type { DriverContext, DriverResult, DriverScript, PlatformDriver } from '../driver.js';

const TOOL = 'transfer_to_human';
/** The quoted line in the core's "say exactly this" prompt, which is what a compliant LLM says. */
const QUOTED = /"([^"]+)"\s*$/u;

const attached: PipecatHandoff[] = [];

/** What the page's server does before the call: a client token for this one call. */
async function clientToken(ctx: DriverContext): Promise<string> {
  const response = await fetch(`${ctx.gatewayUrl}/v1/client-tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ctx.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ callId: ctx.call.callId, ttlSeconds: 300 }),
  });
  if (response.status !== 201) throw new Error(`client token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

/**
 * Pipecat through its RTVI client: a real `PipecatClient` with `attachHandoff`, over a
 * `Transport` that replays what a Pipecat bot sends (protocol 2.1 shapes, see
 * packages/pipecat/src/__fixtures__/rtvi-messages.json) against the live call, with a client
 * token as a browser would hold. The bot's LLM is scripted to comply: it calls the tool where
 * the scenario says, and voices the line the core asks for, whether that comes as the function
 * result or as `send-text`.
 */
export const pipecatDriver: PlatformDriver = {
  platform: 'pipecat',
  // RTVI transcripts carry no ASR confidence.
  capabilities: { confidence: false, aiDeath: true },
  async setup() {
    logger.setLevel(LogLevel.WARN);
  },
  async run(ctx: DriverContext, script: DriverScript): Promise<DriverResult> {
    const transport = new ScriptedTransport();
    const errors: unknown[] = [];
    const plugin = attachHandoff(
      { transport, enableMic: false },
      {
        gatewayUrl: ctx.gatewayUrl,
        token: await clientToken(ctx),
        callId: ctx.call.callId,
        onError: (error) => errors.push(error),
      },
    );
    attached.push(plugin);
    await plugin.client.connect();
    const bot = new ScriptedBot(transport);
    const result: DriverResult = {};
    const speakFarewell = (line: string) => {
      bot.botSays(line);
      // bot-stopped-speaking went out with the last word: the caller has heard it all.
      result.farewell = line;
      result.farewellDoneAt = Date.now();
    };
    const check = () => {
      if (errors.length > 0) throw new Error(`pipecat plugin: ${String(errors[0])}`);
    };

    for (let i = 0; i <= script.turns.length; i++) {
      if (script.aiDiesAfterTurn === i) {
        bot.fails('LLM returned 500s');
        await plugin.flush();
        check();
        return result;
      }
      if (script.toolCall?.afterTurn === i) {
        const sent = await bot.callsFunction(TOOL, script.toolCall.args);
        const answer = (sent.data as { result: { status?: string; message?: string } }).result;
        const line = answer.status === 'transferring' ? QUOTED.exec(answer.message ?? '')?.[1] : undefined;
        if (line) speakFarewell(line);
        await plugin.flush();
        check();
        return result;
      }
      const turn = script.turns[i];
      if (!turn) break;
      const asked = transport.sent.length;
      if (turn.role === 'caller') bot.userSays(turn.text);
      else bot.botSays(turn.text);
      await plugin.flush();
      // What the core's answer to that turn made the plugin send reaches the transport in later ticks.
      await new Promise((resolve) => setTimeout(resolve, 0));
      check();
      const request = transport.sent.slice(asked).find((m) => m.type === 'send-text');
      const line = QUOTED.exec((request?.data as { content?: string } | undefined)?.content ?? '')?.[1];
      if (line) {
        speakFarewell(line);
        return result;
      }
    }
    return result;
  },
  async teardown() {
    for (const plugin of attached.splice(0)) plugin.detach();
  },
};
