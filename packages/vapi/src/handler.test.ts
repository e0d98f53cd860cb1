import { createHmac } from 'node:crypto';
import {
  createHandoff,
  explicitRequest,
  type HandoffOptions,
  keywords,
  lowConfidence,
  recordInboundCall,
  type TransferProvider,
} from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import type { Vapi } from '@vapi-ai/server-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeControl, startFakeControl } from './__fixtures__/fake-control.js';
import { fixture, historyMessage, recorded, vapiCall } from './__fixtures__/vapi-messages.js';
import { type VapiHandlerOptions, vapiHandler } from './handler.js';
import { handoffPlatform } from './index.js';
import type { VapiCallReport } from './payload.js';
import { vapiTool } from './tool.js';
import { vapiControlTransfer } from './transfer.js';

const SECRET = 'vapi-secret-0123456789';
/** The Vobiz call UUID the recorded fixtures carry (without dashes) in X-VH-handoffCall. */
const VOBIZ_UUID = '3f2a9c1e-5b7d-4e8f-a0c1-d2e3f4a5b6c7';
const VAPI_ID = '7420f27a-30fd-4f49-a995-5549ae7cc00d';
// Monday 2025-12-01 10:00 in Kolkata.
const MONDAY_10_IST = Date.UTC(2025, 11, 1, 4, 30);

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  handoff?: Partial<HandoffOptions>;
  handler?: Partial<VapiHandlerOptions>;
  transfer?: TransferProvider;
}

async function setup(options: Setup = {}) {
  const control = await startFakeControl();
  const provider = new FakeTransferProvider();
  const errors: Array<{ error: unknown; where: string }> = [];
  const handoff = createHandoff({
    transfer: options.transfer ?? provider,
    gatewayUrl: 'https://gw.example.com',
    destinations: {
      loans: { number: '+919800000001', label: 'Relationship manager' },
      support: { number: '+919800000002', label: 'Senior care' },
      triage: { sip: 'sip:nurse@pbx.example.com', label: 'Triage nurse' },
      night: {
        number: '+919800000009',
        label: 'Night desk',
        timeZone: 'Asia/Kolkata',
        hours: { days: { 7: ['03:00-03:01'] } },
      },
    },
    triggers: [
      explicitRequest(),
      keywords({ words: ['thinking of leaving'], action: 'suggest' }),
      lowConfidence({ below: 0.5, turns: 2, action: 'transfer', department: 'support', id: 'misheard' }),
    ],
    afterHours: 'back_to_ai',
    capabilities: { backToAi: true },
    now: () => MONDAY_10_IST,
    // VAPI cannot say when a line has played: keep the core's wait for its estimate short.
    sayTimeoutMs: 300,
    onError: (error, where) => errors.push({ error, where }),
    ...options.handoff,
  });
  const handle = vapiHandler(handoff, { secret: SECRET, ...options.handler });
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    handle(
      new Request('https://handoff.example.com/vapi', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-vapi-secret': SECRET, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );
  cleanups.push(
    () => control.close(),
    () => handoff.close(),
  );
  return { handoff, provider, control, errors, handle, post };
}

/** A recorded fixture with its control URL pointing at the fake control server. */
function withControl(name: string, control: FakeControl, vapiId = VAPI_ID) {
  const body = fixture(name);
  const call = body.message.call as Record<string, unknown>;
  call.monitor = { controlUrl: control.url(vapiId) };
  return body;
}

type ToolAnswer = Vapi.ServerMessageResponseToolCalls & { results: Vapi.ToolCallResult[] };

describe('tool-calls', () => {
  it('round trip: one transfer, the farewell through live control first, the answer VAPI expects', async () => {
    const { post, provider, control, handoff } = await setup();
    const response = await post(withControl('tool-calls', control));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = (await response.json()) as ToolAnswer;
    expect(Object.keys(body)).toEqual(['results']);
    expect(body.results).toHaveLength(1);
    const [result] = body.results;
    expect(Object.keys(result!).sort()).toEqual(['name', 'result', 'toolCallId']);
    expect(result).toMatchObject({ toolCallId: 'call_Xo0fV3kq1hJt9TGyZ2mR8Lw4', name: 'transfer_to_human' });
    expect(result!.result).not.toMatch(/[\r\n]/u);
    expect(result!.result).toContain('Relationship manager');

    expect(provider.requests).toHaveLength(1);
    const request = provider.requests[0]!;
    expect(request.callId).toBe(VOBIZ_UUID);
    expect(request.platformCallId).toBe(VAPI_ID);
    expect(request.destination.key).toBe('loans');
    expect(request.context.call).toMatchObject({
      platform: 'vapi',
      from: '+919811111111',
      to: '+918000000000',
    });
    expect(request.context.extracted.customer.name).toBe('Rahul Mehta');
    // The history VAPI sent with the tool call is the packet's transcript: what was said, no system/tool lines.
    expect(request.context.transcript.map((t) => [t.role, t.text])).toEqual([
      ['agent', 'Welcome to Sahayak Bank. How can I help you today?'],
      ['caller', 'Hi, I would like to apply for a home loan for a flat in Pune.'],
    ]);

    const said = control.forCall(VAPI_ID);
    expect(said.map((m) => m.body.type)).toEqual(['say']);
    expect(said[0]!.body).toMatchObject({ interruptionsEnabled: false });
    expect(said[0]!.body.content).toContain('Relationship manager');
    expect(said[0]!.at).toBeLessThanOrEqual(provider.requestTimes[0]!);
    expect(await handoff.forCall(VOBIZ_UUID)).toMatchObject({ status: 'transferring' });
  });

  it('takes object-valued arguments and the call id from assistantOverrides.variableValues', async () => {
    const { post, provider } = await setup();
    const body = (await (await post(fixture('tool-calls-object-arguments'))).json()) as ToolAnswer;
    expect(body.results[0]).toMatchObject({
      toolCallId: 'toolu_01DTPAzUm5Gk3zxrpJ969oMF',
      name: 'transfer_to_human',
    });
    expect(body.results[0]!.result).toBeTypeOf('string');
    expect(provider.requests).toHaveLength(1);
    expect(provider.requests[0]!.callId).toBe('9d8c7b6a-5f4e-3d2c-1b0a-998877665544');
    expect(provider.requests[0]!.destination.key).toBe('support');
  });

  it('answers every toolCallId: flat `parameters` transfer, another tool gets an error, VAPI id as call id', async () => {
    const { post, provider } = await setup();
    const body = (await (await post(fixture('tool-calls-flat-parameters'))).json()) as ToolAnswer;
    expect(body.results.map((r) => r.toolCallId)).toEqual(['abc123', 'abc124']);
    expect(body.results[0]).toMatchObject({ name: 'transfer_to_human' });
    expect(body.results[0]!.result).toBeTypeOf('string');
    expect(body.results[1]).toEqual({ toolCallId: 'abc124', name: 'sendEmail', error: 'unknown_tool' });
    expect(provider.requests).toHaveLength(1);
    // No SIP header or variable: a VAPI-native number, known by VAPI's id.
    expect(provider.requests[0]!.callId).toBe('c0ffee00-0000-4000-8000-000000000001');
  });

  it('the same toolCallId twice (a retry, or two at once) → one transfer and the same answer', async () => {
    const { post, provider, control } = await setup();
    const message = withControl('tool-calls', control);
    const [a, b] = await Promise.all([post(message), post(message)]);
    const c = await post(message);
    const answers = await Promise.all([a.json(), b.json(), c.json()]);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(provider.requests).toHaveLength(1);
    expect(control.forCall(VAPI_ID).filter((m) => m.body.type === 'say')).toHaveLength(1);
  });

  it('a second tool call id for a call already moving joins the handoff: no second transfer', async () => {
    const { post, provider, control } = await setup();
    await post(withControl('tool-calls', control));
    const again = withControl('tool-calls', control);
    const list = again.message.toolWithToolCallList as Array<{ toolCall: { id: string } }>;
    list[0]!.toolCall.id = 'call_second';
    (again.message.toolCallList as Array<{ id: string }>)[0]!.id = 'call_second';
    const body = (await (await post(again)).json()) as ToolAnswer;
    expect(body.results[0]).toMatchObject({ toolCallId: 'call_second' });
    expect(body.results[0]!.result).toBeTypeOf('string');
    expect(provider.requests).toHaveLength(1);
  });

  it('refuses a number as the team: an error result naming the tool, nothing persisted or said', async () => {
    const { post, provider, control, handoff } = await setup();
    const call = vapiCall({ vapiCallId: 'v-bad', vobizCallId: VOBIZ_UUID, controlUrl: control.url('v-bad') });
    const toolCall = {
      id: 'tc1',
      type: 'function',
      function: { name: 'transfer_to_human', arguments: '{"reason":"x","department":"+919999999999"}' },
    };
    const body = (await (
      await post({
        message: { type: 'tool-calls', call, toolCallList: [toolCall], toolWithToolCallList: [] },
      })
    ).json()) as ToolAnswer;
    expect(body.results[0]).toMatchObject({ toolCallId: 'tc1', name: 'transfer_to_human' });
    expect(body.results[0]!.error).toContain('transfer_to_human');
    expect(body.results[0]!.error).not.toMatch(/[\r\n]/u);
    expect(provider.requests).toHaveLength(0);
    expect(control.received).toHaveLength(0);
    expect(await handoff.list()).toHaveLength(0);
  });

  it('arguments that are not JSON are invalid arguments, not a crash', async () => {
    const { post, provider } = await setup();
    const call = vapiCall({ vapiCallId: 'v-json', vobizCallId: VOBIZ_UUID });
    const toolCall = {
      id: 'tc1',
      type: 'function',
      function: { name: 'transfer_to_human', arguments: '{"reason":' },
    };
    const response = await post({ message: { type: 'tool-calls', call, toolCallList: [toolCall] } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as ToolAnswer;
    expect(body.results[0]!.error).toMatch(/transfer_to_human/);
    expect(provider.requests).toHaveLength(0);
  });

  it('after hours: the model is told what to relay, and the caller hears no farewell', async () => {
    const { post, provider, control } = await setup();
    const call = vapiCall({
      vapiCallId: 'v-night',
      vobizCallId: VOBIZ_UUID,
      controlUrl: control.url('v-night'),
    });
    const toolCall = {
      id: 'tc1',
      type: 'function',
      function: { name: 'transfer_to_human', arguments: { reason: 'card blocked', department: 'night' } },
    };
    const body = (await (
      await post({ message: { type: 'tool-calls', call, toolCallList: [toolCall] } })
    ).json()) as ToolAnswer;
    expect(body.results[0]!.error).toMatch(/closed/u);
    expect(provider.requests).toHaveLength(0);
    expect(control.received).toHaveLength(0);
  });

  it('a tool whose blocking request-start VAPI already spoke: no second farewell, the move at once', async () => {
    const { post, provider, control, handoff } = await setup({ handoff: { sayTimeoutMs: 5_000 } });
    const tool = vapiTool(handoff, { url: 'https://handoff.example.com/vapi', farewell: 'request-start' });
    const call = vapiCall({ vapiCallId: 'v-rs', vobizCallId: VOBIZ_UUID, controlUrl: control.url('v-rs') });
    const toolCall = {
      id: 'tc1',
      type: 'function',
      function: { name: 'transfer_to_human', arguments: '{"reason":"loan","department":"loans"}' },
    };
    const started = Date.now();
    const body = (await (
      await post({
        message: {
          type: 'tool-calls',
          call,
          toolCallList: [toolCall],
          toolWithToolCallList: [{ ...tool, toolCall }],
        },
      })
    ).json()) as ToolAnswer;
    expect(body.results[0]!.result).toBeTypeOf('string');
    expect(provider.requests).toHaveLength(1);
    expect(control.received).toHaveLength(0);
    // 'played': the core did not wait for an estimate of a line it never asked for.
    expect(provider.requestTimes[0]! - started).toBeLessThan(1_000);
  });

  it("the request-start of another team does not count: the core's farewell goes through live control", async () => {
    const { post, provider, control, handoff } = await setup();
    const tool = vapiTool(handoff, { url: 'https://handoff.example.com/vapi', farewell: 'request-start' });
    const call = vapiCall({ vapiCallId: 'v-rs2', vobizCallId: VOBIZ_UUID, controlUrl: control.url('v-rs2') });
    const toolCall = {
      id: 'tc1',
      type: 'function',
      function: { name: 'transfer_to_human', arguments: '{"reason":"help"}' },
    };
    await post({
      message: {
        type: 'tool-calls',
        call,
        toolCallList: [toolCall],
        toolWithToolCallList: [{ ...tool, toolCall }],
      },
    });
    expect(provider.requests).toHaveLength(1);
    expect(control.forCall('v-rs2').map((m) => m.body.type)).toEqual(['say']);
  });

  it('answers within replyTimeoutMs with the decision while a slow carrier is still at work', async () => {
    const slow = new FakeTransferProvider({ delayMs: 1_500 });
    const { post, control } = await setup({ transfer: slow, handler: { replyTimeoutMs: 400 } });
    const started = Date.now();
    const body = (await (await post(withControl('tool-calls', control))).json()) as ToolAnswer;
    expect(Date.now() - started).toBeLessThan(1_400);
    expect(body.results[0]!.result).toContain('Relationship manager');
    await slow.waitForRequests(1);
  });
});

describe('authentication and malformed requests', () => {
  it('401 and nothing processed: no session, no say, no transfer', async () => {
    const { post, provider, control, handoff } = await setup();
    const message = withControl('tool-calls', control);
    const attempts: Array<Record<string, string>> = [
      { 'x-vapi-secret': 'wrong-secret-0123456' },
      { 'x-vapi-secret': '' },
      { 'x-vapi-secret': '', authorization: `Bearer ${SECRET}` },
    ];
    for (const headers of attempts) {
      const response = await post(message, headers);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: 'unauthorized' });
    }
    const transcript = withControl('transcript-final', control);
    expect((await post(transcript, { 'x-vapi-secret': 'nope-nope-nope' })).status).toBe(401);
    expect(provider.requests).toHaveLength(0);
    expect(control.received).toHaveLength(0);
    expect(handoff.call(VOBIZ_UUID)).toBeUndefined();
  });

  it('HMAC and Bearer credentials through the handler: the signed request is handled, a tampered one is 401', async () => {
    const hmacSecret = 'hmac-secret-0123456789';
    const { handle, provider, control } = await setup({
      handler: {
        secret: undefined,
        auth: [
          {
            type: 'hmac',
            secret: hmacSecret,
            signatureHeader: 'X-Vapi-Signature',
            signaturePrefix: 'sha256=',
          },
          { type: 'bearer', token: 'bearer-token-0123456789' },
        ],
      },
    });
    const body = JSON.stringify(withControl('tool-calls', control));
    const timestamp = String(Date.now());
    const signature = `sha256=${createHmac('sha256', hmacSecret).update(`${timestamp}.${body}`).digest('hex')}`;
    const send = (headers: Record<string, string>, payload = body) =>
      handle(new Request('https://h/vapi', { method: 'POST', headers, body: payload }));
    expect((await send({ 'x-vapi-signature': signature, 'x-timestamp': timestamp }, `${body} `)).status).toBe(
      401,
    );
    expect(
      (await send({ 'x-vapi-signature': signature, 'x-timestamp': String(Date.now() - 600_000) })).status,
    ).toBe(401);
    expect((await send({ 'x-vapi-secret': SECRET })).status).toBe(401);
    expect(provider.requests).toHaveLength(0);
    expect((await send({ 'x-vapi-signature': signature, 'x-timestamp': timestamp })).status).toBe(200);
    expect(provider.requests).toHaveLength(1);
    const bearer = await send({ authorization: 'Bearer bearer-token-0123456789' });
    expect(bearer.status).toBe(200);
    expect(provider.requests).toHaveLength(1);
  });

  it('400 on a body that is not JSON or not a server message, 405 on GET, 200 and nothing done on an unknown type', async () => {
    const { post, handle, handoff } = await setup();
    expect((await post('{"message": ')).status).toBe(400);
    expect((await post({ type: 'tool-calls' })).status).toBe(400);
    expect((await post({ message: { call: { id: 'x' } } })).status).toBe(400);
    expect((await post([1, 2])).status).toBe(400);
    const get = await handle(
      new Request('https://handoff.example.com/vapi', { headers: { 'x-vapi-secret': SECRET } }),
    );
    expect(get.status).toBe(405);
    const unknown = await post(fixture('speech-update'));
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toEqual({});
    expect(handoff.call(VAPI_ID)).toBeUndefined();
  });

  it('413 on a body over the limit, declared or streamed, before anything else', async () => {
    const { handle } = await setup({ handler: { maxBodyBytes: 1_000 } });
    const big = JSON.stringify({ message: { type: 'conversation-update', pad: 'x'.repeat(2_000) } });
    const declared = await handle(
      new Request('https://handoff.example.com/vapi', {
        method: 'POST',
        headers: { 'content-length': String(big.length), 'x-vapi-secret': 'wrong' },
        body: big,
      }),
    );
    expect(declared.status).toBe(413);
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(400)));
        controller.close();
      },
    });
    const streamed = await handle(
      new Request('https://handoff.example.com/vapi', {
        method: 'POST',
        body: chunks,
        duplex: 'half',
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);
  });

  it('mounts from a gateway config through handoffPlatform', async () => {
    const { handoff, control } = await setup();
    expect(handoffPlatform.name).toBe('vapi');
    const handler = handoffPlatform.handler(handoff, { secret: 'another-secret-123' });
    const ok = await handler(
      new Request('https://h/vapi', {
        method: 'POST',
        headers: { 'x-vapi-secret': 'another-secret-123' },
        body: JSON.stringify(withControl('speech-update', control)),
      }),
    );
    expect(ok.status).toBe(200);
    expect(() => handoffPlatform.handler(handoff, {})).toThrow(/secret/);
  });
});

describe("the gateway's record of the call it dialled", () => {
  /** The recorded tool call with no X-VH-handoffCall: VAPI shows the caller, the number rung and when. */
  function withoutHeader(control: FakeControl, vapiId: string, createdAt: number) {
    const body = withControl('tool-calls', control, vapiId);
    const call = body.message.call as Record<string, unknown>;
    call.id = vapiId;
    call.createdAt = new Date(createdAt).toISOString();
    call.phoneCallProviderDetails = {
      sip: {
        headers: { From: '<sip:+919811111111@13.233.44.61>', To: '<sip:+918000000000@example.sip.vapi.ai>' },
      },
    };
    return body;
  }

  it('a call without the header transfers the Vobiz call the gateway dialled from that caller', async () => {
    const { post, provider, handoff, control } = await setup();
    await recordInboundCall(handoff.store, {
      callId: 'vobiz-other',
      from: ['+919822222222'],
      to: ['+918000000000'],
    });
    await recordInboundCall(handoff.store, {
      callId: VOBIZ_UUID,
      from: ['+918000000000', '919811111111'],
      to: ['sip:sahayak-bank@sip.vapi.ai', '918000000000'],
    });
    const body = (await (await post(withoutHeader(control, VAPI_ID, Date.now()))).json()) as ToolAnswer;
    expect(body.results[0]!.result).toContain('Relationship manager');
    expect(provider.requests.map((r) => [r.callId, r.platformCallId])).toEqual([[VOBIZ_UUID, VAPI_ID]]);
  });

  it('a second VAPI call cannot take the same Vobiz call: it stays a VAPI-native call', async () => {
    const { post, provider, handoff, control } = await setup();
    await recordInboundCall(handoff.store, {
      callId: VOBIZ_UUID,
      from: ['+919811111111'],
      to: ['+918000000000'],
    });
    await post(withoutHeader(control, VAPI_ID, Date.now()));
    const other = 'a1b2c3d4-0000-4000-8000-000000000002';
    await post(withoutHeader(control, other, Date.now()));
    expect(provider.requests.map((r) => r.callId)).toEqual([VOBIZ_UUID, other]);
  });

  it('a caller the gateway never dialled, or one dialled too long before, is a VAPI-native call', async () => {
    const { post, provider, handoff, control } = await setup();
    await recordInboundCall(handoff.store, {
      callId: VOBIZ_UUID,
      from: ['+919811111111'],
      to: ['+918000000000'],
    });
    await post(withoutHeader(control, VAPI_ID, Date.now() + 10 * 60_000));
    expect(provider.requests.map((r) => r.callId)).toEqual([VAPI_ID]);
  });

  it('resolveCallId gets the call as the message carries it, however little, and its answer wins', async () => {
    const seen: unknown[] = [];
    const { post, provider, control } = await setup({
      handler: {
        resolveCallId: (call) => {
          seen.push(call);
          return call.id === VAPI_ID && call.createdAt === undefined ? VOBIZ_UUID : undefined;
        },
      },
    });
    // A message whose call holds only what a speech-update sends: no createdAt, no SIP headers.
    const body = withControl('tool-calls', control);
    const call = body.message.call as Record<string, unknown>;
    body.message.call = { id: call.id, orgId: call.orgId, monitor: call.monitor };
    await post(body);
    expect(seen).toEqual([{ id: VAPI_ID, orgId: call.orgId, monitor: call.monitor }]);
    expect(provider.requests.map((r) => r.callId)).toEqual([VOBIZ_UUID]);
  });
});

describe('options', () => {
  it('strict: an unknown option or a bad value fails at start-up, naming it', async () => {
    const { handoff } = await setup();
    expect(() => vapiHandler(handoff, { secret: SECRET, replyTimeout: 5 } as VapiHandlerOptions)).toThrow(
      'vapiHandler: unknown option `replyTimeout`',
    );
    expect(() => vapiHandler(handoff, { secret: SECRET, maxBodyBytes: 0 })).toThrow(
      'vapiHandler: `maxBodyBytes` must be a positive integer',
    );
    expect(() => vapiHandler(handoff, { secret: SECRET, onReport: 'log' as never })).toThrow(
      'vapiHandler: `onReport` must be a function',
    );
    expect(() => vapiHandler(handoff, undefined as never)).toThrow(/secret/);
    expect(() => vapiHandler({} as never, { secret: SECRET })).toThrow(/createHandoff/);
  });
});

describe('turns and rules', () => {
  const started = Date.UTC(2025, 11, 1, 4, 29);

  function conversation(
    control: FakeControl,
    vapiCallId: string,
    lines: Array<['user' | 'bot', string, number?]>,
  ) {
    return {
      message: {
        type: 'conversation-update',
        messages: lines.map(([role, text, confidence], i) =>
          historyMessage(role, text, started + i * 3_000, started, confidence),
        ),
        messagesOpenAIFormatted: [],
        call: vapiCall({
          vapiCallId,
          vobizCallId: VOBIZ_UUID,
          controlUrl: control.url(vapiCallId),
          startedAt: started,
        }),
      },
    };
  }

  it('feeds committed history once, with word-level confidence, however often VAPI resends it', async () => {
    const { post, handoff, control } = await setup();
    await post(withControl('conversation-update', control));
    await post(withControl('conversation-update', control));
    const call = handoff.call(VOBIZ_UUID)!;
    expect(call.turns.map((t) => [t.role, t.text])).toEqual([
      ['agent', 'Welcome to Sahayak Bank. How can I help you today?'],
      ['caller', 'Hi, I would like to apply for a home loan for a flat in Pune.'],
    ]);
    expect(call.turns[1]!.confidence).toBe(0.93);
    expect(call.turns[1]!.at).toBe(1764583245200);
    expect(call.turns[1]!.endAt).toBe(1764583249000);
  });

  it('a rule fires mid-call: the farewell is spoken through live control, then one transfer', async () => {
    const { post, provider, control } = await setup();
    const response = await post(
      conversation(control, 'v-rule', [
        ['bot', 'Hello, how can I help?'],
        ['user', 'Please connect me to a human agent.'],
      ]),
    );
    expect(response.status).toBe(200);
    // The answer waited for the core: the call has moved by now.
    expect(provider.requests).toHaveLength(1);
    expect(provider.requests[0]!.context.trigger).toMatchObject({ kind: 'rule', rule: 'explicit-request' });
    const say = await control.waitFor('v-rule', 'say');
    expect(say.at).toBeLessThanOrEqual(provider.requestTimes[0]!);
    expect(say.body).toMatchObject({ type: 'say', interruptionsEnabled: false });
  });

  it('a suggest firing becomes a system message for the next reply (add-message, no response forced)', async () => {
    const { post, provider, control } = await setup();
    await post(
      conversation(control, 'v-suggest', [['user', 'Honestly I am thinking of leaving your bank.']]),
    );
    const add = await control.waitFor('v-suggest', 'add-message');
    expect(add.body).toMatchObject({ triggerResponseEnabled: false, message: { role: 'system' } });
    expect(String((add.body.message as { content: string }).content)).toContain('transfer_to_human');
    expect(provider.requests).toHaveLength(0);
  });

  it('passes confidence through, so a low-confidence streak hands the caller over', async () => {
    const { post, provider, control } = await setup();
    await post(
      conversation(control, 'v-conf', [
        ['user', 'i wanna uh the thing', 0.3],
        ['bot', 'Sorry?'],
        ['user', 'the the card uh', 0.25],
      ]),
    );
    expect(provider.requests).toHaveLength(1);
    expect(provider.requests[0]!.context.trigger).toMatchObject({ kind: 'rule', rule: 'misheard' });
  });

  it('merges final transcripts with the committed history without duplicates, in either order', async () => {
    const { post, handoff, control } = await setup();
    const call = vapiCall({
      vapiCallId: 'v-merge',
      vobizCallId: VOBIZ_UUID,
      controlUrl: control.url('v-merge'),
      startedAt: started,
    });
    const transcript = (text: string, at: number, extra: Record<string, unknown> = {}) => ({
      message: {
        type: 'transcript',
        role: 'user',
        transcriptType: 'final',
        transcript: text,
        timestamp: at,
        call,
        ...extra,
      },
    });
    const history = (lines: Array<[string, string, number]>) => ({
      message: {
        type: 'conversation-update',
        messages: lines.map(([role, text, at]) => historyMessage(role as 'user' | 'bot', text, at, started)),
        call,
      },
    });
    await post(history([['bot', 'Hello, how can I help?', started + 1_000]]));
    // Live first, then committed.
    await post(transcript('I lost my debit card yesterday.', started + 6_000));
    await post(transcript('partial words', started + 6_500, { transcriptType: 'partial' }));
    await post(transcript('Assistant speaking', started + 6_600, { role: 'assistant' }));
    await post(
      history([
        ['bot', 'Hello, how can I help?', started + 1_000],
        ['user', 'I lost my debit card yesterday.', started + 4_000],
        ['bot', 'I am sorry to hear that.', started + 7_000],
      ]),
    );
    // Committed first, then a late final of the same words (final-only subscription type).
    await post(
      history([
        ['bot', 'Hello, how can I help?', started + 1_000],
        ['user', 'I lost my debit card yesterday.', started + 4_000],
        ['bot', 'I am sorry to hear that.', started + 7_000],
        ['user', 'Can you block it?', started + 10_000],
      ]),
    );
    await post(
      transcript('Can you block it?', started + 11_000, { type: 'transcript[transcriptType="final"]' }),
    );
    expect(handoff.call(VOBIZ_UUID)!.turns.map((t) => [t.role, t.text])).toEqual([
      ['agent', 'Hello, how can I help?'],
      ['caller', 'I lost my debit card yesterday.'],
      ['agent', 'I am sorry to hear that.'],
      ['caller', 'Can you block it?'],
    ]);
  });

  it('a rule fires on a live final transcript, before VAPI commits the message', async () => {
    const { post, provider, control } = await setup();
    await post(withControl('transcript-final', control));
    expect(provider.requests).toHaveLength(1);
    expect(provider.requests[0]!.callId).toBe(VOBIZ_UUID);
    expect(control.forCall(VAPI_ID).map((m) => m.body.type)).toEqual(['say']);
  });

  it('a call with no control URL still moves: the core reports the port and transfers anyway', async () => {
    const { post, provider, errors } = await setup();
    const call = vapiCall({ vapiCallId: 'v-nocontrol', vobizCallId: VOBIZ_UUID });
    await post({
      message: {
        type: 'conversation-update',
        messages: [historyMessage('user', 'Please connect me to a human agent.', started, started)],
        call,
      },
    });
    expect(provider.requests).toHaveLength(1);
    expect(errors.map((e) => e.where)).toContain('port-say');
    // Never the URL or a secret in what is reported.
    expect(errors.map((e) => String(e.error)).join(' ')).not.toMatch(/http|secret/iu);
  });
});

describe('the end of the call', () => {
  it('status-update ended ends the session; later messages for the call change nothing', async () => {
    const { post, handoff, control, provider } = await setup();
    await post(withControl('conversation-update', control));
    expect(handoff.call(VOBIZ_UUID)).toBeDefined();
    expect((await post(withControl('status-update-ended', control))).status).toBe(200);
    expect(handoff.call(VOBIZ_UUID)).toBeUndefined();
    await post(withControl('transcript-final', control));
    expect(handoff.call(VOBIZ_UUID)).toBeUndefined();
    expect(provider.requests).toHaveLength(0);
  });

  it("VAPI's leg ending because the call moved over Vobiz keeps the call: only the port goes", async () => {
    const { post, handoff, control } = await setup();
    await post(withControl('tool-calls', control));
    const call = handoff.call(VOBIZ_UUID);
    expect(call).toBeDefined();
    await post(withControl('status-update-ended', control));
    // Still the core's call (the caller is ringing a human), with nothing left to speak through.
    expect(handoff.call(VOBIZ_UUID)).toBe(call);
    expect(call!.ended).toBe(false);
  });

  it('an assistant that died (pipeline error) hands the caller to a human, without a farewell', async () => {
    const { post, provider, control } = await setup();
    await post(withControl('conversation-update', control));
    const ended = withControl('status-update-ended', control);
    ended.message.endedReason = 'pipeline-error-openai-llm-failed';
    await post(ended);
    expect(provider.requests).toHaveLength(1);
    expect(provider.requests[0]!.context.trigger.reason).toBe('ai_unavailable');
    expect(control.received).toHaveLength(0);
  });

  it('the report of a call whose assistant died, arriving alone, moves nothing', async () => {
    const { post, provider, control } = await setup();
    const report = withControl('end-of-call-report', control);
    report.message.endedReason = 'pipeline-error-openai-llm-failed';
    expect((await post(report)).status).toBe(200);
    expect(provider.requests).toHaveLength(0);
  });

  it("end-of-call-report hands on VAPI's analysis with the call's handoff", async () => {
    const reports: VapiCallReport[] = [];
    const { post, control, handoff } = await setup({ handler: { onReport: (r) => void reports.push(r) } });
    await post(withControl('tool-calls', control));
    await post(withControl('end-of-call-report', control));
    expect(reports).toHaveLength(1);
    const record = await handoff.get(reports[0]!.handoffId!);
    expect(record?.annotations?.vapi?.data).toMatchObject({ structuredData: { intent: 'home_loan' } });
    expect(reports[0]).toMatchObject({
      callId: VOBIZ_UUID,
      vapiCallId: VAPI_ID,
      endedReason: 'customer-ended-call',
      analysis: { summary: expect.stringContaining('Rahul Mehta'), structuredData: { intent: 'home_loan' } },
      recordingUrl: 'https://storage.vapi.ai/7420f27a-stereo.wav',
      cost: 0.0931,
    });
    expect(reports[0]!.handoffId).toMatch(/^ho/u);
  });
});

describe('VAPI live control as the carrier (a VAPI-native number)', () => {
  it('moves the caller with { type: transfer }: the core farewell first, then the configured number, VAPI silent', async () => {
    const { post, control, handoff } = await setup({ transfer: vapiControlTransfer() });
    const call = vapiCall({ vapiCallId: 'v-native', controlUrl: control.url('v-native') });
    const toolCall = {
      id: 'tc1',
      type: 'function',
      function: { name: 'transfer_to_human', arguments: '{"reason":"loan","department":"loans"}' },
    };
    const body = (await (
      await post({ message: { type: 'tool-calls', call, toolCallList: [toolCall] } })
    ).json()) as ToolAnswer;
    expect(body.results[0]!.result).toBeTypeOf('string');
    const messages = control.forCall('v-native');
    expect(messages.map((m) => m.body.type)).toEqual(['say', 'transfer']);
    expect(messages[1]!.body.destination).toEqual({ type: 'number', number: '+919800000001', message: '' });
    const record = await handoff.forCall('v-native');
    expect(record).toMatchObject({ status: 'transferring', destination: { key: 'loans' } });
    expect(record!.context.call.platformCallId).toBe('v-native');
  });

  it('a SIP destination carries the handoff pointer as X-VH-* headers; the control token is sent', async () => {
    const control = await startFakeControl({ token: 'vapi-public-key' });
    cleanups.push(() => control.close());
    const { post, handoff } = await setup({
      transfer: vapiControlTransfer({ controlToken: 'vapi-public-key' }),
      handler: { controlToken: 'vapi-public-key' },
    });
    const call = vapiCall({ vapiCallId: 'v-sip', controlUrl: control.url('v-sip') });
    const toolCall = {
      id: 'tc1',
      type: 'function',
      function: { name: 'transfer_to_human', arguments: '{"reason":"symptom","department":"triage"}' },
    };
    await post({ message: { type: 'tool-calls', call, toolCallList: [toolCall] } });
    const transfer = await control.waitFor('v-sip', 'transfer');
    const record = await handoff.forCall('v-sip');
    expect(transfer.body.destination).toMatchObject({
      type: 'sip',
      sipUri: 'sip:nurse@pbx.example.com',
      message: '',
      sipHeaders: { 'X-VH-HandoffId': record!.id, 'X-VH-Department': 'triage' },
    });
    expect(transfer.authorization).toBe('Bearer vapi-public-key');
  });

  it('a control URL that refuses the transfer fails the attempt, and the model is told', async () => {
    const { post, control, handoff } = await setup({ transfer: vapiControlTransfer() });
    control.respondWith(500);
    const call = vapiCall({ vapiCallId: 'v-500', controlUrl: control.url('v-500') });
    const toolCall = {
      id: 'tc1',
      type: 'function',
      function: { name: 'transfer_to_human', arguments: '{"reason":"x","department":"loans"}' },
    };
    const body = (await (
      await post({ message: { type: 'tool-calls', call, toolCallList: [toolCall] } })
    ).json()) as ToolAnswer;
    expect(body.results[0]!.error).toBeTypeOf('string');
    expect((await handoff.forCall('v-500'))?.status).not.toBe('transferring');
  });

  it("VAPI's forwarding outcome (operator busy) is reported to the handoff", async () => {
    const { post, control, handoff } = await setup({
      transfer: vapiControlTransfer(),
      handoff: { fallback: ['callback'] },
    });
    const call = vapiCall({ vapiCallId: 'v-busy', controlUrl: control.url('v-busy') });
    const toolCall = {
      id: 'tc1',
      type: 'function',
      function: { name: 'transfer_to_human', arguments: '{"reason":"x","department":"loans"}' },
    };
    await post({ message: { type: 'tool-calls', call, toolCallList: [toolCall] } });
    await post(recorded('status-update-ended', call, { endedReason: 'call.forwarding.operator-busy' }));
    const record = await handoff.forCall('v-busy');
    expect(record?.status).toBe('busy');
    expect(record?.lastStep?.kind).toBe('callback');
  });
});
