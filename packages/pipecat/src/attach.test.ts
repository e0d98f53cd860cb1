import type { SandboxCall } from '@handoff/vobiz-sandbox';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CUSTOMER, handoffFor, LOANS, type Stack, startStack, until } from './__fixtures__/stack.js';
import { attachHandoff, type PipecatHandoff } from './index.js';
import { ScriptedBot, ScriptedTransport } from './testing.js';

let stack: Stack | undefined;
let plugin: PipecatHandoff | undefined;
afterEach(async () => {
  vi.useRealTimers();
  plugin?.detach();
  plugin = undefined;
  await stack?.close();
  stack = undefined;
});

const TRANSFER_ARGS = {
  reason: 'Qualified home-loan applicant',
  department: 'loans',
  summary: 'Rahul Mehta wants a 45 lakh home loan; eligible up to 48 lakh.',
  customer: { name: 'Rahul Mehta' },
};

interface Attached {
  plugin: PipecatHandoff;
  transport: ScriptedTransport;
  bot: ScriptedBot;
  errors: Array<{ where: string; error: unknown }>;
}

async function attach(options: {
  token: string;
  callId?: string;
  callbackNumber?: string;
}): Promise<Attached> {
  const transport = new ScriptedTransport();
  const errors: Attached['errors'] = [];
  plugin = attachHandoff(
    { transport, enableMic: false },
    { gatewayUrl: stack!.url, ...options, onError: (error, where) => errors.push({ where, error }) },
  );
  await plugin.client.connect();
  return { plugin, transport, bot: new ScriptedBot(transport), errors };
}

const transfers = (call: SandboxCall) => call.log.filter((event) => event.type === 'transfer');

describe('a phone call (the Vobiz CallUUID) through a Pipecat client', () => {
  it('reports the conversation, hands off on the tool call, and the call moves after the farewell', async () => {
    stack = await startStack();
    const call = await stack.call();
    const { token } = await stack.token({ callId: call.uuid });
    const { plugin, bot, transport, errors } = await attach({ token, callId: call.uuid });

    bot.botSays('Welcome to Sahayak Bank. How can I help you today?');
    const spokenAt = new Date().toISOString().replace('Z', '+00:00');
    bot.userSays('Hi, I would like to apply for a home loan for a flat in Pune.', { timestamp: spokenAt });
    bot.botSays('Happy to help. May I have your name?');
    const before = Date.now();
    bot.userSays('My name is Rahul Mehta and my account number is 50100234567.', { timestamp: '' });
    await plugin.flush();

    const turns = stack.handoff.session(call.uuid)!.turns;
    // Interim transcripts are not turns; a reply spoken sentence by sentence is one turn.
    expect(turns.map((t) => [t.role, t.text])).toEqual([
      ['agent', 'Welcome to Sahayak Bank. How can I help you today?'],
      ['caller', 'Hi, I would like to apply for a home loan for a flat in Pune.'],
      ['agent', 'Happy to help. May I have your name?'],
      ['caller', 'My name is Rahul Mehta and my account number is 50100234567.'],
    ]);
    expect(turns[1]!.at).toBe(Date.parse(spokenAt));
    // No timestamp: the time it arrived.
    expect(turns[3]!.at).toBeGreaterThanOrEqual(before);

    const sent = await bot.callsFunction('transfer_to_human', TRANSFER_ARGS, { toolCallId: 'call_7Qk2' });
    expect(sent.type).toBe('llm-function-call-result');
    const data = sent.data as {
      function_name: string;
      tool_call_id: string;
      arguments: unknown;
      result: { status: string; ok: boolean; team?: string; message: string };
    };
    expect(data.function_name).toBe('transfer_to_human');
    expect(data.tool_call_id).toBe('call_7Qk2');
    expect(data.arguments).toEqual(TRANSFER_ARGS);
    expect(data.result).toMatchObject({ status: 'transferring', ok: true, team: 'Relationship manager' });
    // The bot is asked to voice the core's farewell; nothing moves until it has.
    expect(data.result.message).toBe(
      'Say exactly this to the caller, word for word, and nothing else: "Connecting you to our Relationship manager now."',
    );
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(transfers(call)).toHaveLength(0);

    const farewellDone = Date.now();
    bot.botSays('Connecting you to our Relationship manager now.');
    const record = await handoffFor(stack.handoff, call.uuid, 'connected');
    expect(transfers(call)).toHaveLength(1);
    expect(transfers(call)[0]!.at).toBeGreaterThanOrEqual(farewellDone);
    expect(record.destination?.key).toBe('loans');
    expect(record.context.call.platform).toBe('pipecat');
    expect(record.context.trigger).toMatchObject({ kind: 'tool', reason: 'Qualified home-loan applicant' });
    expect(record.context.transcript.map((t) => t.text)).toContain(
      'My name is Rahul Mehta and my account number is 50100234567.',
    );
    expect(record.context.extracted.customer?.name).toBe('Rahul Mehta');
    expect((await call.waitFor('whisper')).text).toContain('Rahul Mehta');
    expect(transport.sent.filter((m) => m.type === 'llm-function-call-result')).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('voices the farewell of a rule the core fired, through send-text, before the call moves', async () => {
    stack = await startStack();
    const call = await stack.call();
    const { token } = await stack.token({ callId: call.uuid });
    const { bot, transport, errors } = await attach({ token, callId: call.uuid });

    bot.botSays('Hello, Sahayak Bank. Main aapki kya madad kar sakti hoon?');
    const asked = transport.next('send-text');
    bot.userSays('Mera card block ho gaya hai, mujhe kisi insaan se baat karni hai.');
    const sendText = (await asked).data as { content: string; options: Record<string, unknown> };
    // The caller spoke Hinglish: the core's line and its "say exactly" wrapper are in Hinglish.
    expect(sendText.content).toMatch(/^Caller se bilkul yahi.*"(.+)"$/);
    expect(sendText.options).toEqual({ run_immediately: true, audio_response: true });
    const line = /"(.+)"$/.exec(sendText.content)![1]!;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(transfers(call)).toHaveLength(0);

    const farewellDone = Date.now();
    bot.botSays(line);
    const record = await handoffFor(stack.handoff, call.uuid, 'connected');
    expect(transfers(call)).toHaveLength(1);
    expect(transfers(call)[0]!.at).toBeGreaterThanOrEqual(farewellDone);
    expect(record.context.trigger).toMatchObject({ kind: 'rule', rule: 'explicit-request' });
    expect(errors).toEqual([]);
  });

  it('a call reported at level NAME (no arguments) is refused by the core, and the bot is told why', async () => {
    stack = await startStack();
    const call = await stack.call();
    const { token } = await stack.token({ callId: call.uuid });
    const { bot } = await attach({ token, callId: call.uuid });
    const sent = await bot.callsFunction('transfer_to_human', TRANSFER_ARGS, { reportLevel: 'name' });
    const data = sent.data as { arguments: unknown; result: Record<string, unknown> };
    expect(data.arguments).toEqual({});
    expect(data.result).toMatchObject({ ok: false, status: 'error', code: 'invalid_arguments' });
    expect(String(data.result.message)).toMatch(/reason/);
    expect(transfers(call)).toHaveLength(0);
  });

  it('a fatal bot error hands the caller to a human without a farewell', async () => {
    stack = await startStack();
    const call = await stack.call();
    const { token } = await stack.token({ callId: call.uuid });
    const { plugin, bot, transport } = await attach({ token, callId: call.uuid });
    bot.botSays('Hello, Sahayak Bank, how can I help?');
    bot.userSays('My debit card was charged twice for one purchase.');
    bot.fails('LLM returned 500s');
    await plugin.flush();
    const record = await handoffFor(stack.handoff, call.uuid, 'connected');
    expect(record.context.trigger).toMatchObject({ kind: 'api', reason: 'ai_unavailable' });
    expect(transport.sent.some((m) => m.type === 'send-text')).toBe(false);
  });
});

describe('a web call (no Vobiz call) with a callback-number token', () => {
  it('hands off by calling the customer back with a human on the line', async () => {
    stack = await startStack();
    const issued = await stack.token({ callbackNumber: CUSTOMER });
    const { plugin, bot, errors } = await attach({
      token: issued.token,
      callId: issued.callId,
      callbackNumber: CUSTOMER,
    });
    bot.botSays('Welcome to Sahayak Bank. How can I help you today?');
    bot.userSays('I would like a home loan for a flat in Pune.');
    await plugin.flush();

    const sent = await bot.callsFunction('transfer_to_human', TRANSFER_ARGS);
    const result = (sent.data as { result: { ok: boolean; message: string } }).result;
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true, status: 'transferring' });
    bot.botSays(/"(.+)"$/.exec(result.message)![1]!);

    const human = await stack.sandbox.waitForCall({ direction: 'outbound', to: LOANS });
    await human.waitFor('bridged');
    expect(human.events('dial_started')[0]?.targets).toEqual([{ kind: 'number', address: CUSTOMER }]);
    const record = await handoffFor(stack.handoff, issued.callId, 'connected');
    expect(record.callId).toMatch(/^cb-/);
    expect(record.context.call.from).toBe(CUSTOMER);
    expect(record.context.transcript.map((t) => t.text)).toEqual([
      'Welcome to Sahayak Bank. How can I help you today?',
      'I would like a home loan for a flat in Pune.',
    ]);
    expect(errors).toEqual([]);
  });

  it('ends the web session when the client disconnects', async () => {
    stack = await startStack();
    const issued = await stack.token({ callbackNumber: CUSTOMER });
    const { plugin, bot } = await attach({
      token: issued.token,
      callId: issued.callId,
      callbackNumber: CUSTOMER,
    });
    bot.userSays('Just browsing, thanks.');
    await plugin.flush();
    const session = stack.handoff.session(issued.callId)!;
    expect(session.ended).toBe(false);
    await plugin.client.disconnect();
    await plugin.flush();
    expect(session.ended).toBe(true);
  });
});

describe('client tokens the gateway refuses', () => {
  const resultOf = async (bot: ScriptedBot) =>
    (
      (await bot.callsFunction('transfer_to_human', TRANSFER_ARGS)).data as {
        result: Record<string, unknown>;
      }
    ).result;

  it('an expired token: 401, and the bot is told the transfer failed', async () => {
    stack = await startStack();
    const call = await stack.call();
    vi.useFakeTimers({ toFake: ['Date'] });
    const { token } = await stack.token({ callId: call.uuid, ttlSeconds: 30 });
    vi.setSystemTime(Date.now() + 31_000);
    const { bot, errors } = await attach({ token, callId: call.uuid });
    expect(await resultOf(bot)).toMatchObject({ ok: false, status: 'error', code: 'unauthorized' });
    expect(errors.map((e) => [e.where, (e.error as { status?: number }).status])).toEqual([['handoff', 401]]);
    expect(transfers(call)).toHaveLength(0);
  });

  it('a token for another call: 403 on its turns and on the handoff', async () => {
    stack = await startStack();
    const call = await stack.call();
    const { token } = await stack.token({ callId: '5f1d7c2e-0000-4000-8000-00000000beef' });
    const { plugin, bot, errors } = await attach({ token, callId: call.uuid });
    bot.userSays('Hello?');
    await plugin.flush();
    expect(await resultOf(bot)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(errors.map((e) => [e.where, (e.error as { status?: number }).status])).toEqual([
      ['turns', 403],
      ['handoff', 403],
    ]);
    expect(stack.handoff.session(call.uuid)?.turns ?? []).toHaveLength(0);
    expect(transfers(call)).toHaveLength(0);
  });

  it('no token: 401', async () => {
    stack = await startStack();
    const call = await stack.call();
    const { bot, errors } = await attach({ token: '', callId: call.uuid });
    expect(await resultOf(bot)).toMatchObject({ ok: false, code: 'unauthorized' });
    expect(errors.map((e) => [e.where, (e.error as { status?: number }).status])).toEqual([['handoff', 401]]);
  });
});

describe('in Node', () => {
  it('builds the client from options without leaving a global window behind', async () => {
    stack = await startStack();
    const call = await stack.call();
    const { token } = await stack.token({ callId: call.uuid });
    expect('window' in globalThis).toBe(false);
    const { plugin } = await attach({ token, callId: call.uuid });
    expect(plugin.client.connected).toBe(true);
    expect('window' in globalThis).toBe(false);
    await until(() => (plugin.client.state === 'ready' ? true : undefined), 'ready');
  });
});
