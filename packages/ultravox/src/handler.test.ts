import { createHandoff, explicitRequest } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { describe, expect, it } from 'vitest';
import { callEnded, toolRequest, type Utterance, ultravoxCallId } from './__fixtures__/ultravox.js';
import { type UltravoxEvent, ultravoxHandler } from './handler.js';
import { handoffPlatform } from './index.js';
import { signUltravoxWebhook } from './signature.js';

const SECRET = 'tool-secret-0123456789';
const WEBHOOK_SECRET = 'whsec-ultravox-0123456789';
const CALL = '7c1e5a3b-9d2f-4b6a-8e0c-1f3a5b7d9e2c';
const UV = ultravoxCallId(CALL);
const TURNS: Utterance[] = [
  { role: 'agent', text: 'Welcome to Sahayak Bank. How can I help you today?' },
  { role: 'caller', text: 'My card was charged twice for one purchase.' },
];
const ARGS = { reason: 'double charge', department: 'support', summary: 'Card charged twice.' };

function setup(extra: Partial<Parameters<typeof ultravoxHandler>[1]> = {}) {
  const carrier = new FakeTransferProvider();
  const errors: string[] = [];
  const events: UltravoxEvent[] = [];
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
    // The core waits out an estimate of the farewell; tests need not wait seconds for it.
    sayTimeoutMs: 600,
    onError: (_error, where) => errors.push(where),
  });
  const handler = ultravoxHandler(handoff, {
    secret: SECRET,
    webhookSecret: WEBHOOK_SECRET,
    speechStartMs: 20,
    onEvent: (e) => {
      events.push(e);
    },
    ...extra,
  });
  const tool = (body: unknown, secret: string | null = SECRET) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (secret !== null) headers['x-handoff-secret'] = secret;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return handler(new Request('http://gw.test/ultravox', { method: 'POST', headers, body: text }));
  };
  const webhook = (body: unknown, headers?: Record<string, string>) => {
    const text = JSON.stringify(body);
    return handler(
      new Request('http://gw.test/ultravox', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(headers ?? signUltravoxWebhook(text, WEBHOOK_SECRET)),
        },
        body: text,
      }),
    );
  };
  return { handoff, carrier, errors, events, handler, tool, webhook };
}

const request = (args: Record<string, unknown> = ARGS) =>
  toolRequest({ args, turns: TURNS, vobizCallId: CALL, ultravoxCallId: UV });

describe('ultravoxHandler: HTTP-tool requests', () => {
  it('401 without the shared secret or with a wrong one, and nothing reaches the core', async () => {
    const { tool, handoff, carrier } = setup();
    expect((await tool(request(), null)).status).toBe(401);
    expect((await tool(request(), `${SECRET}x`)).status).toBe(401);
    expect(handoff.session(CALL)).toBeUndefined();
    expect(carrier.requests).toHaveLength(0);
  });

  it('400 for malformed bodies, 413 past the limit, 405 for other methods', async () => {
    const { tool, handler, handoff } = setup({ maxBodyBytes: 4096 });
    expect((await tool('{"reason":')).status).toBe(400);
    expect((await tool('"text"')).status).toBe(400);
    expect((await tool({ ...request(), conversation_history: '{"results":7}' })).status).toBe(400);
    expect((await tool({ ...request(), call_id: ['x'] })).status).toBe(400);
    expect((await tool({ ...request(), summary: 'x'.repeat(5000) })).status).toBe(413);
    expect((await handler(new Request('http://gw.test/ultravox', { method: 'PUT' }))).status).toBe(405);
    expect(handoff.session(CALL)).toBeUndefined();
  });

  it('a tool call: the history lands in the session, the agent is told to say the farewell and speak, then one transfer', async () => {
    const { tool, carrier } = setup();
    const answer = await tool(request());
    const answeredAt = Date.now();
    expect(answer.headers.get('x-ultravox-agent-reaction')).toBe('speaks');
    const body = (await answer.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: 'transferring',
      ok: true,
      say: 'Connecting you to our Senior care now.',
    });
    expect(String(body.message)).toContain('"Connecting you to our Senior care now."');
    expect(carrier.requests).toHaveLength(0);
    await carrier.waitForRequests(1);
    expect(carrier.requestTimes[0]! - answeredAt).toBeGreaterThanOrEqual(20);
    const [sent] = carrier.requests;
    expect(sent?.callId).toBe(CALL);
    expect(sent?.platformCallId).toBe(UV);
    expect(sent?.context.trigger).toMatchObject({ kind: 'tool', reason: 'double charge' });
    expect(sent?.context.transcript.map((t) => [t.role, t.text])).toEqual(TURNS.map((t) => [t.role, t.text]));
  });

  it('a replayed request moves nothing twice, and the agent is told to listen', async () => {
    const { tool, carrier, handoff } = setup();
    await tool(request());
    await carrier.waitForRequests(1);
    const again = await tool(request());
    expect(again.headers.get('x-ultravox-agent-reaction')).toBe('listens');
    expect(await again.json()).toMatchObject({ status: 'already_transferring', ok: true });
    expect(carrier.requests).toHaveLength(1);
    // The same history again adds no turns: each message is known by its place.
    expect(handoff.session(CALL)?.turns).toHaveLength(2);
  });

  it('a closed team: the core’s line, the agent speaks it, no transfer', async () => {
    const { tool, carrier } = setup();
    const answer = await tool(request({ reason: 'night help', department: 'night' }));
    expect(answer.headers.get('x-ultravox-agent-reaction')).toBe('speaks');
    expect(await answer.json()).toMatchObject({ status: 'not_transferred', ok: false });
    expect(carrier.requests).toHaveLength(0);
  });

  it('a phone number for a team is refused, and an unrendered template is no call id', async () => {
    const { tool, carrier, errors } = setup();
    expect(await (await tool(request({ reason: 'x', department: '+919999999999' }))).json()).toMatchObject({
      status: 'invalid_arguments',
    });
    expect(await (await tool({ ...request(), handoff_call: '{{vh_handoffcall}}' })).json()).toMatchObject({
      ok: false,
    });
    expect(errors).toContain('ultravox-call-id');
    expect(carrier.requests).toHaveLength(0);
  });
});

describe('ultravoxHandler: signed webhooks', () => {
  it('401 for a wrong or stale signature, or with no webhook secret configured; 409 for a replay', async () => {
    const hook = callEnded({ vobizCallId: CALL, ultravoxCallId: UV });
    const text = JSON.stringify(hook);
    const { webhook, events, handoff } = setup();
    expect((await webhook(hook, signUltravoxWebhook(text, 'another-secret'))).status).toBe(401);
    const old = new Date(Date.now() - 120_000).toISOString();
    expect((await webhook(hook, signUltravoxWebhook(text, WEBHOOK_SECRET, old))).status).toBe(401);
    expect((await webhook(hook, { 'x-ultravox-webhook-signature': 'abc' })).status).toBe(401);
    expect((await setup({ webhookSecret: undefined }).webhook(hook)).status).toBe(401);
    expect(events).toHaveLength(0);
    const signed = signUltravoxWebhook(text, WEBHOOK_SECRET);
    expect((await webhook(hook, signed)).status).toBe(200);
    expect((await webhook(hook, signed)).status).toBe(409);
    expect(events).toHaveLength(1);
    // Another instance sharing the store refuses it too.
    const other = ultravoxHandler(handoff, { secret: SECRET, webhookSecret: WEBHOOK_SECRET });
    const headers = { 'content-type': 'application/json', ...signed };
    const replay = await other(
      new Request('http://gw.test/ultravox', { method: 'POST', headers, body: text }),
    );
    expect(replay.status).toBe(409);
  });

  it('accepts any one of several signatures (secret rotation)', async () => {
    const hook = callEnded({ vobizCallId: CALL, ultravoxCallId: UV });
    const text = JSON.stringify(hook);
    const good = signUltravoxWebhook(text, WEBHOOK_SECRET);
    const old = signUltravoxWebhook(text, 'retired-secret', good['x-ultravox-webhook-timestamp']);
    const { webhook } = setup();
    const answer = await webhook(hook, {
      ...good,
      'x-ultravox-webhook-signature': `${old['x-ultravox-webhook-signature']},${good['x-ultravox-webhook-signature']}`,
    });
    expect(answer.status).toBe(200);
  });

  it('call.ended after a handoff reaches onEvent with the handoff and ends nothing', async () => {
    const { tool, webhook, carrier, events, handoff } = setup();
    await tool(request());
    await carrier.waitForRequests(1);
    const record = await handoff.forCall(CALL);
    const answer = (await (await webhook(callEnded({ vobizCallId: CALL, ultravoxCallId: UV }))).json()) as {
      handoffId?: string;
    };
    expect(answer.handoffId).toBe(record?.id);
    expect(events.find((e) => e.type === 'call.ended')).toMatchObject({
      callId: CALL,
      handoffId: record?.id,
    });
    expect(handoff.session(CALL)?.ended).toBe(false);
  });

  it('call.ended with system_error and no handoff: the core hands the caller to a person', async () => {
    const { webhook, carrier } = setup();
    await webhook(callEnded({ vobizCallId: CALL, ultravoxCallId: UV, endReason: 'system_error' }));
    await carrier.waitForRequests(1);
    expect(carrier.requests[0]?.context.trigger).toMatchObject({ kind: 'api', reason: 'ai_unavailable' });
  });

  it('call.ended by a hang-up with no handoff ends the call; a call not from Vobiz is ignored', async () => {
    const { tool, webhook, handoff } = setup();
    await tool(request({ reason: 'night help', department: 'night' }));
    const call = handoff.call(CALL);
    await webhook(callEnded({ vobizCallId: CALL, ultravoxCallId: UV }));
    expect(call?.ended).toBe(true);
    const foreign = callEnded({ vobizCallId: CALL, ultravoxCallId: UV }) as { call: Record<string, unknown> };
    foreign.call.requestContext = {};
    expect(await (await webhook(foreign)).json()).toMatchObject({ ignored: 'no_vobiz_call' });
  });

  it('400 for a signed body that is not an Ultravox webhook', async () => {
    const { webhook } = setup();
    expect((await webhook({ event: 'call.ended' })).status).toBe(400);
  });
});

describe('ultravoxHandler options and handoffPlatform', () => {
  it('fails at start-up on a missing secret or an unknown option', () => {
    const { handoff } = setup();
    expect(() => ultravoxHandler(handoff, {} as never)).toThrow(/secret/);
    expect(() => ultravoxHandler(handoff, { secret: SECRET, apiKey: 'x' } as never)).toThrow(/apiKey/);
  });

  it('handoffPlatform mounts the same handler by package name', async () => {
    const { handoff, carrier } = setup();
    expect(handoffPlatform.name).toBe('ultravox');
    const handler = handoffPlatform.handler(handoff, { secret: SECRET, speechStartMs: 0 });
    const answer = await handler(
      new Request('http://gw.test/ultravox', {
        method: 'POST',
        headers: { 'x-handoff-secret': SECRET },
        body: JSON.stringify(request()),
      }),
    );
    expect(answer.status).toBe(200);
    await carrier.waitForRequests(1);
  });
});
