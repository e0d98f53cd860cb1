import {
  type CallPort,
  createHandoff,
  explicitRequest,
  type HandoffOptions,
  keywords,
  type TransferProvider,
} from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { initializeLogger, type llm, voice } from '@livekit/agents';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { attachHandoff, type Detach } from './attach.js';
import { transferToHuman } from './tool.js';

initializeLogger({ pretty: false, level: 'error' });

const CALL = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const DESTINATIONS: HandoffOptions['destinations'] = {
  billing: { label: 'Billing', number: '+919800000001' },
};

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** A carrier that records, in one shared log, when it was asked to move the call. */
function loggingProvider(
  log: string[],
  inner = new FakeTransferProvider(),
): TransferProvider & { inner: FakeTransferProvider } {
  return {
    name: 'logging',
    inner,
    transfer: async (request) => {
      log.push('transfer');
      return inner.transfer(request);
    },
  };
}

async function startAgent(options: {
  responses: voice.testing.FakeLLMResponse[];
  handoff: ReturnType<typeof createHandoff>;
  say?: CallPort['say'];
}) {
  const fake = new voice.testing.FakeLLM(options.responses);
  const agentSession = new voice.AgentSession({ llm: fake, vad: null, turnDetection: 'manual' });
  const detach: Detach = attachHandoff(agentSession, options.handoff, {
    callId: CALL,
    ...(options.say ? { port: { say: options.say } } : {}),
  });
  const tool = transferToHuman(options.handoff);
  await agentSession.start({
    agent: new voice.Agent({ instructions: 'You are a support agent.', tools: { transfer_to_human: tool } }),
  });
  cleanups.push(async () => {
    await agentSession.close();
  });
  return { agentSession, detach };
}

function toolOutputs(agentSession: voice.AgentSession): llm.FunctionCallOutput[] {
  return agentSession.history.items.filter(
    (item): item is llm.FunctionCallOutput => item.type === 'function_call_output',
  );
}

const REFUND = 'I want a refund of 12000 rupees, let me talk to someone';
const transferCall = {
  name: 'transfer_to_human',
  args: { reason: 'refund above limit', department: 'billing', summary: 'Wants a refund of 12000.' },
};

describe('transferToHuman + attachHandoff in a LiveKit AgentSession (FakeLLM, offline)', () => {
  it('records every turn in order, speaks the farewell, then transfers', async () => {
    const log: string[] = [];
    const provider = loggingProvider(log);
    const handoff = createHandoff({ transfer: provider, destinations: DESTINATIONS });
    const { agentSession, detach } = await startAgent({
      handoff,
      responses: [
        { input: 'hello', content: 'Hi, how can I help?' },
        { input: REFUND, toolCalls: [transferCall] },
      ],
    });
    agentSession.on(voice.AgentSessionEventTypes.ConversationItemAdded, ({ item }) => {
      if (item.type === 'message' && item.role === 'assistant') log.push(`said:${item.textContent}`);
    });

    await agentSession.run({ userInput: 'hello' }).wait();
    await agentSession.run({ userInput: REFUND }).wait();

    // The real `session.say()` ran (text-only session, no audio output): the farewell played
    // and landed in the history before the carrier was asked to move the call.
    const farewell = 'Let me connect you with our Billing now. Please stay on the line.';
    expect(log).toEqual(['said:Hi, how can I help?', `said:${farewell}`, 'transfer']);
    expect(detach.call.turns.map((t) => [t.role, t.text])).toEqual([
      ['caller', 'hello'],
      ['agent', 'Hi, how can I help?'],
      ['caller', REFUND],
      ['agent', farewell],
    ]);
    const request = provider.inner.requests[0]!;
    expect(provider.inner.requests).toHaveLength(1);
    expect(request.callId).toBe(CALL);
    expect(request.destination.key).toBe('billing');
    expect(request.context.trigger).toMatchObject({ kind: 'tool', reason: 'refund above limit' });
    expect(request.context.transcript.map((t) => t.text)).toEqual(['hello', 'Hi, how can I help?', REFUND]);
    expect(request.context.summary.full).toContain('Wants a refund of 12000.');

    const [output] = toolOutputs(agentSession);
    expect(output?.isError).toBe(false);
    expect(JSON.parse(output!.output)).toMatchObject({ status: 'transferring', team: 'Billing' });
  });

  it('puts the line the model spoke with its tool call in the packet', async () => {
    const provider = new FakeTransferProvider();
    const handoff = createHandoff({ transfer: provider, destinations: DESTINATIONS });
    const line = 'A refund of that size needs our billing team.';
    const { agentSession } = await startAgent({
      handoff,
      say: async () => {},
      // The model's stream stays open after the tool call, as a real one's does while it finishes:
      // the SDK starts the tool before the line has played and been added to the history.
      responses: [{ input: REFUND, content: line, toolCalls: [transferCall], duration: 300 }],
    });
    await agentSession.run({ userInput: REFUND }).wait();
    expect(provider.requests).toHaveLength(1);
    expect(provider.requests[0]?.context.transcript.map((t) => [t.role, t.text])).toEqual([
      ['caller', REFUND],
      ['agent', line],
    ]);
  });

  it('asks the carrier only after an injected say step has resolved', async () => {
    const log: string[] = [];
    const provider = loggingProvider(log);
    const handoff = createHandoff({ transfer: provider, destinations: DESTINATIONS });
    const say: CallPort['say'] = async (line) => {
      log.push('say:start');
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(provider.inner.requests).toHaveLength(0);
      log.push(`say:end:${line.text}`);
    };
    const { agentSession } = await startAgent({
      handoff,
      say,
      responses: [{ input: REFUND, toolCalls: [transferCall] }],
    });
    await agentSession.run({ userInput: REFUND }).wait();
    expect(log).toEqual([
      'say:start',
      'say:end:Let me connect you with our Billing now. Please stay on the line.',
      'transfer',
    ]);
  });

  it('rejects a duplicate tool call while the first is running: one transfer', async () => {
    const provider = new FakeTransferProvider();
    const handoff = createHandoff({ transfer: provider, destinations: DESTINATIONS });
    const say: CallPort['say'] = () => new Promise((resolve) => setTimeout(resolve, 50));
    const { agentSession } = await startAgent({
      handoff,
      say,
      responses: [
        {
          input: REFUND,
          toolCalls: [transferCall, { ...transferCall, args: { ...transferCall.args, reason: 'again' } }],
        },
      ],
    });
    await agentSession.run({ userInput: REFUND }).wait();
    expect(provider.requests).toHaveLength(1);
    const outputs = toolOutputs(agentSession);
    expect(outputs).toHaveLength(2);
    expect(outputs.map((o) => o.output).join('\n')).toMatch(/already running/);
    expect(outputs.filter((o) => o.output.includes('"status":"transferring"'))).toHaveLength(1);
  });

  it('returns a busy team / failed transfer to the LLM as a ToolError it can relay', async () => {
    const provider = new FakeTransferProvider({ fail: new Error('486 Busy Here') });
    const handoff = createHandoff({ transfer: provider, destinations: DESTINATIONS });
    const said: string[] = [];
    const say: CallPort['say'] = async (line) => {
      said.push(line.text);
    };
    const { agentSession } = await startAgent({
      handoff,
      say,
      responses: [{ input: REFUND, toolCalls: [transferCall] }],
    });
    await agentSession.run({ userInput: REFUND }).wait();
    expect(provider.requests).toHaveLength(1);
    const [output] = toolOutputs(agentSession);
    expect(output?.isError).toBe(true);
    expect(output?.output).toMatch(/callback/);
    // The ladder's voicemail rung is the gateway's to run: its "after the tone" is not relayed.
    expect(output?.output).not.toMatch(/after the tone/);
    expect(said).toHaveLength(1);
  });

  it('rejects an unknown team before it reaches the core (LiveKit validates the zod schema)', async () => {
    const provider = new FakeTransferProvider();
    const handoff = createHandoff({ transfer: provider, destinations: DESTINATIONS });
    const { agentSession } = await startAgent({
      handoff,
      say: async () => {},
      responses: [
        {
          input: REFUND,
          toolCalls: [{ name: 'transfer_to_human', args: { reason: 'x', department: 'sales' } }],
        },
      ],
    });
    await agentSession.run({ userInput: REFUND }).wait();
    expect(provider.requests).toHaveLength(0);
    const [output] = toolOutputs(agentSession);
    expect(output?.isError).toBe(true);
  });

  it('fires the explicit-request rule on "agent se baat karao" and transfers after the farewell', async () => {
    const log: string[] = [];
    const provider = loggingProvider(log);
    const handoff = createHandoff({
      transfer: provider,
      destinations: DESTINATIONS,
      triggers: [explicitRequest()],
    });
    const say: CallPort['say'] = async (line) => {
      log.push(`say:${line.text}`);
    };
    const { agentSession } = await startAgent({
      handoff,
      say,
      responses: [{ input: 'agent se baat karao', content: 'Ji, abhi jodti hoon.' }],
    });
    await agentSession.run({ userInput: 'agent se baat karao' }).wait();
    await provider.inner.waitForRequests(1);
    expect(handoff.session(CALL)?.firings.map((f) => [f.kind, f.action])).toEqual([
      ['explicit_request', 'transfer'],
    ]);
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(/^say:/);
    expect(log[1]).toBe('transfer');
    expect(provider.inner.requests[0]?.context.trigger).toMatchObject({
      kind: 'rule',
      rule: 'explicit-request',
    });
  });

  it('ends the core session when the AgentSession closes', async () => {
    const handoff = createHandoff({ transfer: new FakeTransferProvider(), destinations: DESTINATIONS });
    const { agentSession, detach } = await startAgent({ handoff, responses: [] });
    await agentSession.close();
    expect(detach.call.ended).toBe(true);
    expect(handoff.session(CALL)).toBeUndefined();
    expect(handoff.call(CALL)).toBeUndefined();
  });

  it('hands the caller to a human once the SDK gives up on a failing model', async () => {
    const provider = new FakeTransferProvider();
    const handoff = createHandoff({ transfer: provider, destinations: DESTINATIONS });
    class DeadLLM extends voice.testing.FakeLLM {
      override lookup(): never {
        throw new Error('model socket closed');
      }
    }
    const agentSession = new voice.AgentSession({
      llm: new DeadLLM(),
      vad: null,
      turnDetection: 'manual',
      connOptions: { maxUnrecoverableErrors: 0 },
    });
    agentSession.on(voice.AgentSessionEventTypes.Error, () => {});
    const detach = attachHandoff(agentSession, handoff, { callId: CALL });
    await agentSession.start({
      agent: new voice.Agent({ instructions: 't', tools: { transfer_to_human: transferToHuman(handoff) } }),
    });
    cleanups.push(() => agentSession.close());
    agentSession
      .run({ userInput: REFUND })
      .wait()
      .catch(() => {});
    await provider.waitForRequests(1);
    expect(provider.requests[0]?.context.trigger.reason).toBe('ai_unavailable');
    expect(provider.requests[0]?.context.transcript.map((t) => t.text)).toEqual([REFUND]);
    await vi.waitFor(() => expect(detach.call.ended).toBe(true));
  });

  it('tells the LLM the call cannot be transferred when attachHandoff was never called', async () => {
    const provider = new FakeTransferProvider();
    const handoff = createHandoff({ transfer: provider, destinations: DESTINATIONS });
    const agentSession = new voice.AgentSession({
      llm: new voice.testing.FakeLLM([{ input: REFUND, toolCalls: [transferCall] }]),
      vad: null,
      turnDetection: 'manual',
    });
    await agentSession.start({
      agent: new voice.Agent({ instructions: 't', tools: { transfer_to_human: transferToHuman(handoff) } }),
    });
    cleanups.push(() => agentSession.close());
    await agentSession.run({ userInput: REFUND }).wait();
    const [output] = toolOutputs(agentSession);
    expect(output?.isError).toBe(true);
    expect(output?.output).toMatch(/no longer active/);
    expect(provider.requests).toHaveLength(0);
  });

  it('quietOnSuccess returns no output, so LiveKit asks the LLM for no further reply', async () => {
    const provider = new FakeTransferProvider();
    const handoff = createHandoff({ transfer: provider, destinations: DESTINATIONS });
    const agentSession = new voice.AgentSession({
      llm: new voice.testing.FakeLLM([{ input: REFUND, toolCalls: [transferCall] }]),
      vad: null,
      turnDetection: 'manual',
    });
    attachHandoff(agentSession, handoff, { callId: CALL, port: { say: async () => {} } });
    await agentSession.start({
      agent: new voice.Agent({
        instructions: 't',
        tools: { transfer_to_human: transferToHuman(handoff, { quietOnSuccess: true }) },
      }),
    });
    cleanups.push(() => agentSession.close());
    await agentSession.run({ userInput: REFUND }).wait();
    expect(provider.requests).toHaveLength(1);
    const [output] = toolOutputs(agentSession);
    expect(output?.isError).toBe(false);
  });

  it('a suggest rule puts an instruction in the agent chat context for its next reply', async () => {
    const handoff = createHandoff({
      transfer: new FakeTransferProvider(),
      destinations: DESTINATIONS,
      triggers: [keywords({ words: ['lawyer'], action: 'suggest' })],
    });
    const { agentSession, detach } = await startAgent({
      handoff,
      responses: [{ input: 'my lawyer will hear about this', content: 'I understand.' }],
    });
    await agentSession.run({ userInput: 'my lawyer will hear about this' }).wait();
    await vi.waitFor(() => {
      const texts = agentSession.currentAgent.chatCtx.items
        .filter((i): i is llm.ChatMessage => i.type === 'message' && i.role === 'system')
        .map((m) => m.textContent ?? '');
      expect(texts.some((t) => t.includes('Offer to transfer'))).toBe(true);
    });
    expect(handoff.session(CALL)?.firings.map((f) => f.action)).toEqual(['suggest']);
    expect(detach.call.transferring).toBe(false);
  });
});
