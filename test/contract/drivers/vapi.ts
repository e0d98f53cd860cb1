import { randomUUID } from 'node:crypto';
import type { Handoff } from '@handoff/core';
import { vapiHandler, vapiTool } from '@handoff/vapi';
import { type FakeControl, startFakeControl } from '../../../packages/vapi/src/__fixtures__/fake-control.js';
import { historyMessage, vapiCall } from '../../../packages/vapi/src/__fixtures__/vapi-messages.js';
import type { DriverContext, DriverResult, DriverScript, PlatformDriver } from '../driver.js';

const SECRET = 'contract-vapi-secret-0123';
const PATH = '/vapi';
/** How long the fake VAPI takes to voice a `say` it was sent: it only has to be before the move. */
const PLAYED_AFTER_MS = 5;

let control: FakeControl | undefined;

/**
 * VAPI: server messages to the gateway-mounted `vapiHandler`, authenticated with `X-Vapi-Secret`,
 * in VAPI's shapes (the recorded fixtures' call object, `conversation-update` with the whole
 * history as VAPI resends it, `tool-calls` with the history in `artifact`, `status-update` and
 * `end-of-call-report` at the end). A fake live-control server records the `say` the core sends,
 * which is how VAPI would voice the farewell.
 */
export const vapiDriver: PlatformDriver = {
  platform: 'vapi',
  // Word-level confidence rides on the user messages; a pipeline error ends the VAPI call.
  capabilities: { confidence: true, aiDeath: true },
  async setup() {
    control ??= await startFakeControl();
  },
  platforms: (handoff: Handoff) => [{ path: PATH, handler: vapiHandler(handoff, { secret: SECRET }) }],
  async run(ctx: DriverContext, script: DriverScript): Promise<DriverResult> {
    control ??= await startFakeControl();
    const fake = control;
    const vapiCallId = randomUUID();
    const startedAt = Date.now();
    const call = vapiCall({
      vapiCallId,
      // The gateway's SIP leg carries the Vobiz call UUID as X-VH-handoffCall.
      vobizCallId: ctx.call.callId,
      controlUrl: fake.url(vapiCallId),
      from: ctx.call.from,
      startedAt,
    });
    const post = async (message: Record<string, unknown>) => {
      const response = await fetch(`${ctx.gatewayUrl}${PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-vapi-secret': SECRET },
        body: JSON.stringify({
          message: { ...message, timestamp: Date.now(), call, phoneNumber: { number: ctx.call.to } },
        }),
      });
      if (response.status !== 200)
        throw new Error(`vapi ${message.type}: ${response.status} ${await response.text()}`);
      return (await response.json()) as {
        results?: Array<{ toolCallId: string; result?: string; error?: string }>;
      };
    };
    const farewell = (): DriverResult => {
      const said = fake.forCall(vapiCallId).find((m) => m.body.type === 'say');
      return said ? { farewell: String(said.body.content), farewellDoneAt: said.at + PLAYED_AFTER_MS } : {};
    };
    const end = async (endedReason: string) => {
      await post({ type: 'status-update', status: 'ended', endedReason });
      await post({
        type: 'end-of-call-report',
        endedReason,
        artifact: { messages: history },
        analysis: { summary: 'Contract-suite call.' },
      });
    };

    const history: Array<Record<string, unknown>> = [];
    let clock = startedAt;
    await post({ type: 'status-update', status: 'in-progress' });
    for (let i = 0; i <= script.turns.length; i++) {
      if (script.aiDiesAfterTurn === i) {
        // VAPI ends the call with a pipeline error; over Vobiz the caller is still on the line.
        await end('pipeline-error-openai-llm-failed');
        return {};
      }
      if (script.toolCall?.afterTurn === i) {
        const id = `call_${randomUUID().replace(/-/gu, '').slice(0, 24)}`;
        const toolCall = {
          id,
          type: 'function',
          function: { name: 'transfer_to_human', arguments: script.toolCall.args },
        };
        const tool = vapiTool(ctx.handoff, { url: `${ctx.gatewayUrl}${PATH}`, secret: SECRET });
        const answer = await post({
          type: 'tool-calls',
          // Object-valued arguments, as real webhooks send them.
          toolCallList: [toolCall],
          toolWithToolCallList: [{ ...tool, toolCall }],
          artifact: { messages: history },
        });
        if (answer.results?.[0]?.toolCallId !== id) throw new Error(`vapi tool-calls: answer without ${id}`);
        const result = farewell();
        if (result.farewell) await end('customer-ended-call');
        return result;
      }
      const turn = script.turns[i];
      if (!turn) break;
      clock = Math.max(clock + 1, Date.now());
      history.push(
        historyMessage(turn.role === 'caller' ? 'user' : 'bot', turn.text, clock, startedAt, turn.confidence),
      );
      // VAPI resends the whole committed history on every update.
      await post({ type: 'conversation-update', messages: history, messagesOpenAIFormatted: [] });
      const result = farewell();
      if (result.farewell) {
        // The call moved over Vobiz: VAPI's leg ends.
        await end('customer-ended-call');
        return result;
      }
    }
    return {};
  },
  async teardown() {
    await control?.close();
    control = undefined;
  },
};
