import { LogLevel, logger } from '@pipecat-ai/client-js';
import { afterEach, describe, expect, it } from 'vitest';
import { attachHandoff, type PipecatHandoff } from './index.js';
import { ScriptedBot, ScriptedTransport } from './testing.js';

logger.setLevel(LogLevel.WARN);

const GATEWAY = 'https://handoff.example.com/base';
const CALL = '2ded13fe-4f9b-4958-9bfb-093ea2f29f91';
const FAREWELL = 'Connecting you to our Senior care now.';
const ASK = `Say exactly this to the caller, word for word, and nothing else: "${FAREWELL}"`;

/**
 * What `/v1` answers, in the shapes of packages/gateway/src/api-routes.ts: turns → `{ actions }`;
 * a tool call whose farewell is queued → 202 `{ ...reply, status: 'persisted', reply, actions }`.
 */
function fakeGateway(options: { turnActions?: unknown[] } = {}) {
  const requests: Array<{ url: string; body: Record<string, unknown>; auth: string | null }> = [];
  const reply = {
    status: 'transferring',
    ok: true,
    message: `The caller was told "${FAREWELL}" and is being transferred to Senior care. Say nothing more.`,
    said: FAREWELL,
    handoffId: 'ho1',
    team: 'Senior care',
  };
  const farewell = {
    type: 'say',
    lineId: 'l1',
    ack: `/base/v1/calls/${CALL}/lines/l1/played`,
    text: FAREWELL,
    purpose: 'farewell',
    interruptible: false,
    language: 'en',
    asInstruction: ASK,
  };
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    const headers = new Headers(init?.headers);
    requests.push({ url, body: JSON.parse(String(init?.body ?? '{}')), auth: headers.get('authorization') });
    if (url.endsWith('/turns')) return Response.json({ callId: CALL, actions: options.turnActions ?? [] });
    if (url.endsWith('/v1/handoffs')) {
      return Response.json({ ...reply, status: 'persisted', reply, actions: [farewell] }, { status: 202 });
    }
    return new Response(null, { status: 204 });
  }) as typeof fetch;
  const paths = () => requests.map((r) => new URL(r.url).pathname);
  return { fetchImpl, requests, paths };
}

let plugin: PipecatHandoff | undefined;
afterEach(() => {
  plugin?.detach();
  plugin = undefined;
});

async function setup(options: { callId?: string; callbackNumber?: string; turnActions?: unknown[] } = {}) {
  const gateway = fakeGateway(options);
  const transport = new ScriptedTransport();
  const errors: Array<{ where: string; message: string }> = [];
  plugin = attachHandoff(
    { transport, enableMic: false },
    {
      gatewayUrl: GATEWAY,
      token: 'hct_token-for-tests',
      ...('callId' in options || 'callbackNumber' in options ? {} : { callId: CALL }),
      ...(options.callId ? { callId: options.callId } : {}),
      ...(options.callbackNumber ? { callbackNumber: options.callbackNumber } : {}),
      fetch: gateway.fetchImpl,
      onError: (error, where) => errors.push({ where, message: (error as Error).message }),
    },
  );
  await plugin.client.connect();
  return { ...gateway, transport, bot: new ScriptedBot(transport), errors, plugin };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('RTVI drift', () => {
  it('the deprecated llm-function-call (args) runs the handoff', async () => {
    const { bot, requests, paths } = await setup();
    const sent = await bot.callsFunction(
      'transfer_to_human',
      { reason: 'asked', department: 'support' },
      {
        deprecated: true,
        toolCallId: 'call_old',
      },
    );
    expect(paths()).toEqual(['/base/v1/handoffs']);
    expect(requests[0]!.body).toMatchObject({ reason: 'asked', department: 'support', callId: CALL });
    expect(sent.data).toMatchObject({ tool_call_id: 'call_old', result: { ok: true, message: ASK } });
  });

  it('a bot sending both the deprecated and the new message for one call gets one handoff and one result', async () => {
    const { transport, requests } = await setup();
    const data = { function_name: 'transfer_to_human', tool_call_id: 'call_twice' };
    const first = transport.next('llm-function-call-result');
    transport.receive({ type: 'llm-function-call', data: { ...data, args: { reason: 'asked' } } });
    transport.receive({
      type: 'llm-function-call-in-progress',
      data: { ...data, arguments: { reason: 'asked' } },
    });
    await first;
    await tick();
    expect(requests.filter((r) => r.url.endsWith('/v1/handoffs'))).toHaveLength(1);
    expect(transport.sent.filter((m) => m.type === 'llm-function-call-result')).toHaveLength(1);
  });

  it('a call reported without its name cannot reach the handler, and the plugin says which setting fixes it', async () => {
    const { bot, requests, errors } = await setup();
    void bot.callsFunction('transfer_to_human', { reason: 'asked' }, { reportLevel: 'none' });
    await tick();
    expect(requests).toHaveLength(0);
    expect(errors).toEqual([
      { where: 'function-call', message: expect.stringContaining('function_call_report_level') },
    ]);
  });

  it('arguments as a JSON string are parsed; the LLM cannot choose the call, number or platform', async () => {
    const { transport, requests } = await setup();
    const result = transport.next('llm-function-call-result');
    transport.receive({
      type: 'llm-function-call-in-progress',
      data: {
        tool_call_id: 'call_str',
        function_name: 'transfer_to_human',
        arguments: JSON.stringify({
          reason: 'asked',
          callId: 'other',
          callbackNumber: '+15550000000',
          platform: 'x',
        }),
      },
    });
    await result;
    expect(requests[0]!.body).toEqual({
      reason: 'asked',
      platform: 'pipecat',
      trigger: 'tool',
      playout: 'ack',
      callId: CALL,
    });
    expect(requests[0]!.auth).toBe('Bearer hct_token-for-tests');
  });

  it('the farewell is acknowledged after the bot says it, not when an earlier reply stops', async () => {
    const { transport, bot, paths } = await setup();
    // The bot is still saying the line it spoke with the tool call when the result goes back.
    transport.receive({ type: 'bot-started-speaking' });
    const result = bot.callsFunction('transfer_to_human', { reason: 'asked' });
    await result;
    transport.receive({
      type: 'bot-output',
      data: {
        text: 'Sure, one moment.',
        aggregated_by: 'sentence',
        segment_id: 1,
        spoken_status: 'completed',
      },
    });
    transport.receive({ type: 'bot-stopped-speaking' });
    await tick();
    expect(paths().filter((p) => p.endsWith('/played'))).toEqual([]);
    // A new reply that is not the farewell does not count either.
    bot.botSays('Is there anything else?');
    await tick();
    expect(paths().filter((p) => p.endsWith('/played'))).toEqual([]);
    bot.botSays(`Sure. ${FAREWELL}`);
    await tick();
    expect(paths().filter((p) => p.endsWith('/played'))).toEqual([`/base/v1/calls/${CALL}/lines/l1/played`]);
  });

  it('a text-only bot (no speaking events): a reply is one turn once quiet, the farewell counts when written', async () => {
    const { transport, bot, requests, paths } = await setup();
    const output = (text: string, segment_id: number) =>
      transport.receive({
        type: 'bot-output',
        data: { text, aggregated_by: 'sentence', segment_id, will_be_spoken: false },
      });
    output('Hello.', 1);
    output('How can I help?', 2);
    await new Promise((resolve) => setTimeout(resolve, 1_700));
    await plugin!.flush();
    expect(requests.map((r) => r.body.turns)).toEqual([
      [expect.objectContaining({ role: 'agent', text: 'Hello. How can I help?' })],
    ]);
    await bot.callsFunction('transfer_to_human', { reason: 'asked' });
    output(FAREWELL, 3);
    await tick();
    expect(paths().at(-1)).toBe(`/base/v1/calls/${CALL}/lines/l1/played`);
  });

  it('barge-in: the reply so far is a turn marked interrupted, before the caller’s', async () => {
    const { transport, bot, requests, plugin } = await setup();
    transport.receive({ type: 'bot-started-speaking' });
    transport.receive({
      type: 'bot-output',
      data: {
        text: 'Your balance is twelve thousand rupees.',
        aggregated_by: 'sentence',
        segment_id: 9,
        will_be_spoken: true,
        spoken_status: 'in-progress',
        spoken_progress: { accumulated_text: 'Your balance is', remaining_text: 'twelve thousand rupees.' },
      },
    });
    bot.userSays('Sorry, which account?');
    await plugin.flush();
    expect(requests.map((r) => r.body.turns)).toEqual([
      [expect.objectContaining({ role: 'agent', text: 'Your balance is', interrupted: true })],
      [expect.objectContaining({ role: 'caller', text: 'Sorry, which account?' })],
    ]);
  });

  it('without a session id, turns stay here and go with the callback handoff', async () => {
    const { bot, requests, paths } = await setup({ callbackNumber: '+919822222222' });
    bot.botSays('Hello, how can I help?');
    bot.userSays('Please have someone call me.');
    await bot.callsFunction('transfer_to_human', { reason: 'asked' });
    expect(paths()).toEqual(['/base/v1/handoffs']);
    expect(requests[0]!.body).toMatchObject({
      callbackNumber: '+919822222222',
      transcript: [
        expect.objectContaining({ role: 'agent', text: 'Hello, how can I help?' }),
        expect.objectContaining({ role: 'caller', text: 'Please have someone call me.' }),
      ],
    });
    expect(requests[0]!.body).not.toHaveProperty('callId');
  });

  it('an instruction from the core reaches the LLM without a reply when it asks for none', async () => {
    const instruct = {
      type: 'instruct',
      text: 'The caller may need a human (caller sounds upset). Offer to transfer them to a person; call transfer_to_human only if they agree.',
      purpose: 'suggest',
      respond: false,
    };
    const { transport, bot, plugin } = await setup({ turnActions: [instruct] });
    const asked = transport.next('send-text');
    bot.userSays('This is taking forever.');
    await plugin.flush();
    expect((await asked).data).toEqual({
      content: instruct.text,
      options: { run_immediately: false, audio_response: true },
    });
  });

  it('turns from a skewed bot clock keep the order they happened in and are never in the future', async () => {
    const { bot, requests, plugin } = await setup();
    bot.botSays('Hello.');
    bot.userSays('Hi.', { timestamp: new Date(Date.now() - 60_000).toISOString() });
    bot.userSays('Anyone there?', { timestamp: new Date(Date.now() + 60_000).toISOString() });
    await plugin.flush();
    const ats = requests.map((r) => (r.body.turns as Array<{ at: number }>)[0]!.at);
    expect(ats).toEqual([...ats].sort((a, b) => a - b));
    expect(ats.at(-1)).toBeLessThanOrEqual(Date.now());
  });
});
