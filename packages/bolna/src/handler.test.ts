import { createHandoff, explicitRequest } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { describe, expect, it } from 'vitest';
import { execution, executionId, functionCall, type Utterance } from './__fixtures__/bolna.js';
import { type BolnaEvent, bolnaHandler } from './handler.js';
import { handoffPlatform } from './index.js';
import { bolnaTool } from './tool.js';

const SECRET = 'tool-secret-0123456789';
const TOKEN = 'webhook-token-0123456789';
const CALL = 'b4e2c6a8-1d3f-4a5b-9c7e-2f4a6b8c0d1e';
const EXECUTION = executionId(CALL);
const TURNS: Utterance[] = [
  { role: 'agent', text: 'Namaste, Sahayak Bank. How can I help?' },
  { role: 'caller', text: 'My card was charged twice for one purchase.' },
];
const ARGS = { reason: 'double charge', department: 'support', summary: 'Card charged twice.' };

function setup(extra: Partial<Parameters<typeof bolnaHandler>[1]> = {}) {
  const carrier = new FakeTransferProvider();
  const errors: string[] = [];
  const events: BolnaEvent[] = [];
  const handoff = createHandoff({
    transfer: carrier,
    destinations: {
      support: { number: '+919800000002', label: 'Senior care' },
      night: {
        number: '+919800000009',
        label: 'Night desk',
        timeZone: 'Asia/Kolkata',
        hours: { days: { 7: ['03:00-03:01'] } },
      },
    },
    afterHours: 'back_to_ai',
    triggers: [explicitRequest()],
    messages: { en: { transferring: 'Connecting you to our {label} now.' } },
    sayTimeoutMs: 600,
    onError: (_error, where) => errors.push(where),
  });
  const handler = bolnaHandler(handoff, {
    secret: SECRET,
    webhookToken: TOKEN,
    speechStartMs: 20,
    onEvent: (e) => {
      events.push(e);
    },
    ...extra,
  });
  const param = bolnaTool(handoff, { url: 'https://gw.test/bolna', secret: SECRET, department: 'support' })
    .tools_params.transfer_to_human!.param;
  const call = (body: unknown, authorization: string | null = `Bearer ${SECRET}`) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (authorization !== null) headers.authorization = authorization;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return handler(new Request('http://gw.test/bolna', { method: 'POST', headers, body: text }));
  };
  const webhook = (body: unknown, token: string | null = TOKEN) =>
    handler(
      new Request(`http://gw.test/bolna${token === null ? '' : `?token=${encodeURIComponent(token)}`}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
  const request = (
    args: Record<string, unknown> = ARGS,
    extraInit: { callSid?: string | null; textual?: string } = {},
  ) =>
    functionCall({
      param,
      args,
      executionId: EXECUTION,
      ...(extraInit.callSid === null ? {} : { callSid: extraInit.callSid ?? CALL }),
      ...(extraInit.textual ? { textualResponse: extraInit.textual } : {}),
    });
  return { handoff, carrier, errors, events, handler, call, webhook, request };
}

describe('bolnaHandler: custom-function calls', () => {
  it('401 without Authorization, with a wrong one, or with the bare secret; nothing reaches the core', async () => {
    const { call, request, handoff, carrier } = setup();
    expect((await call(request(), null)).status).toBe(401);
    expect((await call(request(), 'Bearer nope')).status).toBe(401);
    expect((await call(request(), SECRET)).status).toBe(401);
    expect(handoff.session(CALL)).toBeUndefined();
    expect(carrier.requests).toHaveLength(0);
  });

  it('400 for malformed bodies, 413 past the limit, 405 for other methods', async () => {
    const { call, request, handler } = setup({ maxBodyBytes: 4096 });
    expect((await call('{"reason"')).status).toBe(400);
    expect((await call('[]')).status).toBe(400);
    expect((await call({ ...request(), execution_id: 12 })).status).toBe(400);
    expect((await call({ ...request(), summary: 'x'.repeat(5000) })).status).toBe(413);
    expect((await handler(new Request('http://gw.test/bolna'))).status).toBe(405);
  });

  it('the farewell Bolna already played: the call moves at once, one transfer, the LLM told to say nothing', async () => {
    const { call, request, carrier } = setup();
    const body = request();
    // What Bolna posts: unfilled optional arguments keep their markers.
    expect(body.urgency).toEqual({ $var: 'urgency' });
    expect(body.textual_response).toBeNull();
    const answer = (await (await call(body)).json()) as Record<string, unknown>;
    expect(answer).toMatchObject({
      status: 'transferring',
      ok: true,
      said: 'Connecting you to our Senior care now.',
    });
    expect(carrier.requests).toHaveLength(1);
    const [sent] = carrier.requests;
    expect(sent?.callId).toBe(CALL);
    expect(sent?.platformCallId).toBe(EXECUTION);
    expect(sent?.context.trigger).toMatchObject({ kind: 'tool', reason: 'double charge' });
    expect(sent?.context.extracted).not.toHaveProperty('urgency');
  });

  it('when the LLM spoke instead of the pre-call message, the farewell goes back in the answer first', async () => {
    const { call, request, carrier } = setup();
    const answer = (await (await call(request(ARGS, { textual: 'One moment please.' }))).json()) as Record<
      string,
      unknown
    >;
    expect(answer).toMatchObject({ status: 'transferring', say: 'Connecting you to our Senior care now.' });
    expect(carrier.requests).toHaveLength(0);
    await carrier.waitForRequests(1);
  });

  it('a replayed call moves nothing twice', async () => {
    const { call, request, carrier } = setup();
    await call(request());
    const again = (await (await call(request())).json()) as Record<string, unknown>;
    expect(again).toMatchObject({ status: 'already_transferring', ok: true });
    expect(carrier.requests).toHaveLength(1);
  });

  it('a closed team and a phone number for a team: the core’s words, no transfer', async () => {
    const { call, request, carrier } = setup();
    expect(await (await call(request({ reason: 'night', department: 'night' }))).json()).toMatchObject({
      status: 'not_transferred',
      ok: false,
    });
    expect(await (await call(request({ reason: 'x', department: '+919999999999' }))).json()).toMatchObject({
      status: 'invalid_arguments',
    });
    expect(carrier.requests).toHaveLength(0);
  });

  it('with only execution_id, Get Execution finds the Vobiz call; without a key, the core’s error line', async () => {
    const bare = setup();
    const answer = (await (await bare.call(bare.request(ARGS, { callSid: null }))).json()) as { ok: boolean };
    expect(answer.ok).toBe(false);
    expect(bare.errors).toContain('bolna-call-id');

    const asked: Array<{ url: string; auth: string | null }> = [];
    const looked = setup({
      apiKey: 'bn-key',
      fetch: async (url, init) => {
        asked.push({ url: String(url), auth: new Headers(init?.headers).get('authorization') });
        return Response.json(execution({ executionId: EXECUTION, vobizCallId: CALL, status: 'in-progress' }));
      },
    });
    await looked.call(looked.request(ARGS, { callSid: null }));
    expect(asked).toEqual([{ url: `https://api.bolna.ai/executions/${EXECUTION}`, auth: 'Bearer bn-key' }]);
    expect(looked.carrier.requests[0]?.callId).toBe(CALL);
  });
});

describe('bolnaHandler: execution webhooks', () => {
  it('401 without the token or with a wrong one, and when no token is configured', async () => {
    const hook = execution({
      executionId: EXECUTION,
      vobizCallId: CALL,
      status: 'in-progress',
      turns: TURNS,
    });
    const { webhook, events } = setup();
    expect((await webhook(hook, null)).status).toBe(401);
    expect((await webhook(hook, 'nope')).status).toBe(401);
    expect((await setup({ webhookToken: undefined }).webhook(hook)).status).toBe(401);
    expect(events).toHaveLength(0);
  });

  it('400 for a body that is not an execution', async () => {
    const { webhook } = setup();
    expect((await webhook({ status: 'completed' })).status).toBe(400);
  });

  it('an execution with a transcript feeds its turns once, however often it is sent', async () => {
    const { webhook, handoff } = setup();
    const hook = execution({
      executionId: EXECUTION,
      vobizCallId: CALL,
      status: 'in-progress',
      turns: TURNS,
    });
    await webhook(hook);
    await webhook(hook);
    expect(handoff.session(CALL)?.turns.map((t) => [t.role, t.text])).toEqual(
      TURNS.map((t) => [t.role, t.text]),
    );
  });

  it('the final execution after a handoff reaches onEvent with the handoff and its transcript, and ends nothing', async () => {
    const { call, request, webhook, carrier, events, handoff } = setup();
    await call(request());
    await carrier.waitForRequests(1);
    const record = await handoff.forCall(CALL);
    const answer = (await (
      await webhook(
        execution({ executionId: EXECUTION, vobizCallId: CALL, status: 'completed', turns: TURNS }),
      )
    ).json()) as { handoffId?: string };
    expect(answer.handoffId).toBe(record?.id);
    const event = events.find((e) => e.type === 'execution');
    expect(event).toMatchObject({ status: 'completed', callId: CALL, handoffId: record?.id });
    expect(event?.turns).toHaveLength(2);
    expect(handoff.call(CALL)?.ended ?? false).toBe(false);
  });

  it('a finished execution with no handoff ends the call', async () => {
    const { call, request, webhook, handoff } = setup();
    await call(request({ reason: 'night', department: 'night' }));
    const attached = handoff.call(CALL);
    await webhook(execution({ executionId: EXECUTION, vobizCallId: CALL, status: 'call-disconnected' }));
    expect(attached?.ended).toBe(true);
  });
});

describe('bolnaHandler options and handoffPlatform', () => {
  it('fails at start-up on a missing secret or an unknown option', () => {
    const { handoff } = setup();
    expect(() => bolnaHandler(handoff, {} as never)).toThrow(/secret/);
    expect(() => bolnaHandler(handoff, { secret: SECRET, token: 'x' } as never)).toThrow(/token/);
  });

  it('handoffPlatform mounts the same handler by package name', async () => {
    const { handoff, carrier, request } = setup();
    expect(handoffPlatform.name).toBe('bolna');
    const handler = handoffPlatform.handler(handoff, { secret: SECRET });
    const answer = await handler(
      new Request('http://gw.test/bolna', {
        method: 'POST',
        headers: { authorization: `Bearer ${SECRET}` },
        body: JSON.stringify(request()),
      }),
    );
    expect(answer.status).toBe(200);
    expect(carrier.requests).toHaveLength(1);
  });
});
