import { estimateSpeechMs, type Handoff } from '@handoff/core';
import { retellHandler } from '@handoff/retell';
import Retell from 'retell-sdk';
import type { DriverContext, DriverResult, DriverScript, PlatformDriver, ScenarioTurn } from '../driver.js';

const API_KEY = 'key_contract_suite_retell_0123456789ab';
/** Seconds of call audio per word, for the word timings Retell puts on each utterance. */
const WORD_SECONDS = 0.3;

interface SayLine {
  text: string;
  purpose: string;
}

/**
 * Retell's update-live-call, answered here: what `RetellPort` asks Retell's LLM to say reaches
 * this fake through the real SDK client, which is all the suite needs to see (no network).
 */
function fakeRetellApi(): Retell {
  return new Retell({
    apiKey: API_KEY,
    baseURL: 'https://api.retell.contract.test',
    maxRetries: 0,
    fetch: async () => Response.json({ success: true }),
  });
}

/** One utterance as Retell's `transcript_object` holds it, words timed from the call's start. */
function utterance(turn: ScenarioTurn, startedAt: number) {
  let second = Math.max(0, (Date.now() - startedAt) / 1000);
  const words = turn.text.split(/\s+/u).map((word) => {
    const timed = { word, start: Number(second.toFixed(3)), end: Number((second + WORD_SECONDS).toFixed(3)) };
    second += WORD_SECONDS;
    return timed;
  });
  return { role: turn.role === 'caller' ? 'user' : 'agent', content: turn.text, words };
}

/**
 * Retell as the suite sees it: the gateway dialled the agent's SIP URI with `X-VH-handoffCall`,
 * so every request carries the Vobiz CallUUID without dashes in `call.custom_sip_headers`, with
 * the `X-` stripped as Retell does. Turns arrive as signed `transcript_updated` webhooks (the whole
 * transcript so far each time), the LLM's tool call as a signed custom-function request whose
 * `call.transcript_object` holds the turns, and a dead LLM socket as `call_ended` with
 * `error_llm_websocket_lost_connection`. Retell reports no ASR confidence.
 *
 * Retell cannot say when a line finished playing, so the farewell's end is the core's own estimate
 * of the line, counted from when Retell began on it: the custom-function request (Retell speaks
 * the tool's execution message from the moment it calls the tool) or the webhook whose turn fired
 * a rule. The handler's own answer comes later, once the core has settled, after the transfer.
 */
export const retellDriver: PlatformDriver = {
  platform: 'retell',
  capabilities: { confidence: false, aiDeath: true },
  platforms: (handoff: Handoff) => [
    { path: '/retell', handler: retellHandler(handoff, { apiKey: API_KEY, client: fakeRetellApi() }) },
  ],
  async run(ctx: DriverContext, script: DriverScript): Promise<DriverResult> {
    const startedAt = Date.now() - 1_000;
    const retellCallId = `call_${ctx.call.callId.replace(/-/g, '').slice(0, 24)}`;
    const call = {
      call_type: 'phone_call',
      from_number: ctx.call.from,
      to_number: ctx.call.to,
      direction: 'inbound',
      call_id: retellCallId,
      agent_id: 'oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD',
      agent_version: 1,
      call_status: 'ongoing',
      custom_sip_headers: { 'VH-handoffCall': ctx.call.callId.replace(/-/g, '') },
      start_timestamp: startedAt,
    };
    const transcript: Array<ReturnType<typeof utterance>> = [];

    const send = async (body: Record<string, unknown>) => {
      const text = JSON.stringify(body);
      const sentAt = Date.now();
      const response = await fetch(`${ctx.gatewayUrl}/retell`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-retell-signature': await Retell.sign(text, API_KEY),
        },
        body: text,
      });
      if (response.status >= 400) throw new Error(`retell: ${response.status} ${await response.text()}`);
      return { sentAt, answer: (await response.json()) as { say?: SayLine[]; said?: string } };
    };
    const webhook = (event: string, extra: Record<string, unknown> = {}) =>
      send({ event, call: { ...call, transcript_object: [...transcript], ...extra } });

    await webhook('call_started');
    for (let i = 0; i <= script.turns.length; i++) {
      if (script.aiDiesAfterTurn === i) {
        await webhook('call_ended', {
          call_status: 'error',
          end_timestamp: Date.now(),
          disconnection_reason: 'error_llm_websocket_lost_connection',
        });
        return {};
      }
      if (script.toolCall?.afterTurn === i) {
        const { sentAt, answer } = await send({
          name: 'transfer_to_human',
          args: script.toolCall.args,
          call: {
            ...call,
            transcript_object: [...transcript],
            transcript_with_tool_calls: [
              ...transcript,
              {
                role: 'tool_call_invocation',
                tool_call_id: `tool_call_${i}`,
                name: 'transfer_to_human',
                arguments: JSON.stringify(script.toolCall.args),
              },
            ],
          },
        });
        return answer.said
          ? { farewell: answer.said, farewellDoneAt: sentAt + estimateSpeechMs(answer.said) }
          : {};
      }
      const turn = script.turns[i];
      if (!turn) break;
      transcript.push(utterance(turn, startedAt));
      const { sentAt, answer } = await webhook('transcript_updated', {
        transcript_with_tool_calls: [...transcript],
      });
      const farewell = answer.say?.find((line) => line.purpose === 'farewell')?.text;
      if (farewell) return { farewell, farewellDoneAt: sentAt + estimateSpeechMs(farewell) };
    }
    return {};
  },
};
