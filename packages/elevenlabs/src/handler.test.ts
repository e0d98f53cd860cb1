import { createHandoff, explicitRequest } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { describe, expect, it } from 'vitest';
import {
  conversationId,
  postCallTranscription,
  toolRequest,
  type Utterance,
} from './__fixtures__/elevenlabs.js';
import { type ElevenLabsEvent, elevenLabsHandler } from './handler.js';
import { handoffPlatform } from './index.js';
import { signElevenLabs } from './signature.js';

const SECRET = 'tool-secret-0123456789';
const WEBHOOK_SECRET = 'wsec_0123456789abcdef';
const CALL = '3f2a1c9e-8b7d-4e6f-a5b4-c3d2e1f0a9b8';
const FAREWELL = 'Connecting you to our {label} now.';
const TURNS: Utterance[] = [
  { role: 'agent', text: 'Welcome to Sahayak Bank. How can I help you today?' },
  { role: 'caller', text: 'My card was charged twice for one purchase.' },
];
const ARGS = { reason: 'double charge', department: 'support', summary: 'Card charged twice.' };

function setup(extra: Partial<Parameters<typeof elevenLabsHandler>[1]> = {}) {
  const carrier = new FakeTransferProvider();
  const errors: Array<{ where: string; error: unknown }> = [];
  const events: ElevenLabsEvent[] = [];
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
    messages: { en: { transferring: FAREWELL } },
    // The core waits out an estimate of the farewell; tests need not wait seconds for it.
    sayTimeoutMs: 600,
    onError: (error, where) => errors.push({ error, where }),
  });
  const handler = elevenLabsHandler(handoff, {
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
    return handler(new Request('http://gw.test/elevenlabs', { method: 'POST', headers, body: text }));
  };
  const webhook = (body: unknown, signature?: string) => {
    const text = JSON.stringify(body);
    return handler(
      new Request('http://gw.test/elevenlabs', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'elevenlabs-signature': signature ?? signElevenLabs(text, WEBHOOK_SECRET),
        },
        body: text,
      }),
    );
  };
  return { handoff, carrier, errors, events, handler, tool, webhook };
}

const request = (args: Record<string, unknown> = ARGS, call = CALL) =>
  toolRequest({ args, turns: TURNS, vobizCallId: call, conversationId: conversationId(call) });

describe('elevenLabsHandler: server-tool requests', () => {
  it('401 without the shared secret or with a wrong one, and nothing reaches the core', async () => {
    const { tool, handoff, carrier } = setup();
    expect((await tool(request(), null)).status).toBe(401);
    expect((await tool(request(), 'tool-secret-0123456788')).status).toBe(401);
    expect((await tool(request(), '')).status).toBe(401);
    expect(handoff.session(CALL)).toBeUndefined();
    expect(carrier.requests).toHaveLength(0);
  });

  it('400 for malformed bodies, 413 past the limit, 405 for other methods', async () => {
    const { tool, handler, handoff } = setup({ maxBodyBytes: 4096 });
    expect((await tool('{"reason":')).status).toBe(400);
    expect((await tool('[1,2]')).status).toBe(400);
    expect((await tool({ ...request(), conversation_history: '{not json' })).status).toBe(400);
    expect((await tool({ ...request(), conversation_history: '{"nothing":1}' })).status).toBe(400);
    expect((await tool({ ...request(), handoff_call: 42 })).status).toBe(400);
    expect((await tool({ ...request(), summary: 'x'.repeat(5000) })).status).toBe(413);
    expect((await handler(new Request('http://gw.test/elevenlabs'))).status).toBe(405);
    expect(handoff.session(CALL)).toBeUndefined();
  });

  it('a tool call: the history lands in the session, the agent gets the farewell to say, then one transfer', async () => {
    const { tool, carrier, handoff } = setup();
    const sentAt = Date.now();
    const answer = await tool(request());
    const answeredAt = Date.now();
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: 'transferring',
      ok: true,
      say: 'Connecting you to our Senior care now.',
    });
    expect(body.message).toContain('"Connecting you to our Senior care now."');
    // Answered before the call moves: the agent still has to say the line.
    expect(carrier.requests).toHaveLength(0);
    await carrier.waitForRequests(1);
    expect(carrier.requestTimes[0]! - answeredAt).toBeGreaterThanOrEqual(20);
    expect(carrier.requestTimes[0]! - sentAt).toBeGreaterThanOrEqual(20 + 300);
    const [sent] = carrier.requests;
    expect(sent?.callId).toBe(CALL);
    expect(sent?.destination.key).toBe('support');
    expect(sent?.context.trigger).toMatchObject({ kind: 'tool', reason: 'double charge' });
    expect(sent?.context.transcript.map((t) => [t.role, t.text])).toEqual(TURNS.map((t) => [t.role, t.text]));
    expect(sent?.context.call.platform).toBe('elevenlabs');
    expect(handoff.session(CALL)?.turns).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(carrier.requests).toHaveLength(1);
  });

  it('the same request replayed moves nothing twice: the second gets "already transferring"', async () => {
    const { tool, carrier } = setup();
    await tool(request());
    await carrier.waitForRequests(1);
    const again = (await (await tool(request())).json()) as Record<string, unknown>;
    expect(again).toMatchObject({ status: 'already_transferring', ok: true });
    expect(carrier.requests).toHaveLength(1);
  });

  it('a team that is closed: the core’s line for the LLM, no farewell, no transfer', async () => {
    const { tool, carrier } = setup();
    const body = (await (
      await tool(request({ reason: 'night help', department: 'night' }))
    ).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'not_transferred', ok: false });
    expect(body.say).toBeUndefined();
    expect(String(body.message)).toMatch(/closed/);
    expect(carrier.requests).toHaveLength(0);
  });

  it('a phone number for a team is refused with the core’s words, and nothing moves', async () => {
    const { tool, carrier } = setup();
    const body = (await (await tool(request({ reason: 'x', department: '+919999999999' }))).json()) as {
      status: string;
    };
    expect(body.status).toBe('invalid_arguments');
    expect(carrier.requests).toHaveLength(0);
  });

  it('no Vobiz call in the request: the core’s error line, reported; resolveCallId can supply it', async () => {
    const { tool, carrier, errors } = setup();
    const { handoff_call: _omit, ...bare } = request();
    const body = (await (await tool(bare)).json()) as { ok: boolean; message: string };
    expect(body.ok).toBe(false);
    expect(body.message).toMatch(/not possible/);
    expect(errors.map((e) => e.where)).toContain('elevenlabs-call-id');
    expect(carrier.requests).toHaveLength(0);

    const resolving = setup({
      resolveCallId: (b) => (b.conversation_id === conversationId(CALL) ? CALL : undefined),
    });
    await resolving.tool(bare);
    await resolving.carrier.waitForRequests(1);
    expect(resolving.carrier.requests[0]?.callId).toBe(CALL);
  });

  it('an unresolved dynamic variable is no call id', async () => {
    const { tool, carrier } = setup();
    const body = (await (await tool({ ...request(), handoff_call: '{{sip_vh_handoffcall}}' })).json()) as {
      ok: boolean;
    };
    expect(body.ok).toBe(false);
    expect(carrier.requests).toHaveLength(0);
  });
});

describe('elevenLabsHandler: signed webhooks', () => {
  it('401 for a wrong, stale or malformed ElevenLabs-Signature, or with no webhook secret configured', async () => {
    const hook = postCallTranscription({
      vobizCallId: CALL,
      conversationId: conversationId(CALL),
      turns: TURNS,
    });
    const { webhook, events } = setup();
    const text = JSON.stringify(hook);
    expect((await webhook(hook, signElevenLabs(text, 'another-secret'))).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 31 * 60;
    expect((await webhook(hook, signElevenLabs(text, WEBHOOK_SECRET, stale))).status).toBe(401);
    expect((await webhook(hook, 't=abc,v0=zz')).status).toBe(401);
    expect((await webhook(hook, signElevenLabs(`${text} `, WEBHOOK_SECRET))).status).toBe(401);
    const unconfigured = setup({ webhookSecret: undefined });
    expect((await unconfigured.webhook(hook)).status).toBe(401);
    expect(events).toHaveLength(0);
  });

  it('a replayed signature gets 409 and is not processed again', async () => {
    const hook = postCallTranscription({
      vobizCallId: CALL,
      conversationId: conversationId(CALL),
      turns: TURNS,
    });
    const { webhook, events } = setup();
    const signature = signElevenLabs(JSON.stringify(hook), WEBHOOK_SECRET);
    expect((await webhook(hook, signature)).status).toBe(200);
    expect((await webhook(hook, signature)).status).toBe(409);
    expect(events).toHaveLength(1);
  });

  it('a signature replayed to another instance sharing the store gets 409 there too', async () => {
    const hook = postCallTranscription({
      vobizCallId: CALL,
      conversationId: conversationId(CALL),
      turns: TURNS,
    });
    const { webhook, handoff } = setup();
    const text = JSON.stringify(hook);
    const signature = signElevenLabs(text, WEBHOOK_SECRET);
    expect((await webhook(hook, signature)).status).toBe(200);
    const other = elevenLabsHandler(handoff, { secret: SECRET, webhookSecret: WEBHOOK_SECRET });
    const headers = { 'content-type': 'application/json', 'elevenlabs-signature': signature };
    const replay = await other(
      new Request('http://gw.test/elevenlabs', { method: 'POST', headers, body: text }),
    );
    expect(replay.status).toBe(409);
  });

  it('400 for a signed body that is not an ElevenLabs webhook', async () => {
    const { webhook } = setup();
    expect((await webhook({ type: 'post_call_transcription', data: {} })).status).toBe(400);
  });

  it('the post-call transcript after a handoff reaches onEvent with the handoff, and ends nothing', async () => {
    const { tool, webhook, carrier, events, handoff } = setup();
    await tool(request());
    await carrier.waitForRequests(1);
    const record = await handoff.forCall(CALL);
    const hook = postCallTranscription({
      vobizCallId: CALL,
      conversationId: conversationId(CALL),
      turns: TURNS,
    });
    const answer = (await (await webhook(hook)).json()) as { handoffId?: string };
    expect(answer.handoffId).toBe(record?.id);
    const event = events.find((e) => e.type === 'post_call_transcription');
    expect(event).toMatchObject({
      callId: CALL,
      handoffId: record?.id,
      conversationId: conversationId(CALL),
    });
    expect(event?.turns.map((t) => t.text)).toEqual(TURNS.map((t) => t.text));
    expect(handoff.session(CALL)?.ended).toBe(false);
  });

  it('a conversation that failed with no handoff: the transcript is fed and the core hands the caller over', async () => {
    const { webhook, carrier } = setup();
    const hook = postCallTranscription({
      vobizCallId: CALL,
      conversationId: conversationId(CALL),
      turns: TURNS,
      status: 'failed',
      terminationReason: 'LLM error',
    });
    expect((await webhook(hook)).status).toBe(200);
    await carrier.waitForRequests(1);
    expect(carrier.requests).toHaveLength(1);
    expect(carrier.requests[0]?.context.trigger).toMatchObject({ kind: 'api', reason: 'ai_unavailable' });
    expect(carrier.requests[0]?.context.transcript).toHaveLength(2);
  });

  it('a conversation that ended with no handoff ends the call', async () => {
    const { tool, webhook, handoff } = setup();
    await tool(request({ reason: 'night help', department: 'night' }));
    const call = handoff.call(CALL);
    expect(call?.ended).toBe(false);
    await webhook(
      postCallTranscription({ vobizCallId: CALL, conversationId: conversationId(CALL), turns: TURNS }),
    );
    expect(call?.ended).toBe(true);
  });
});

describe('elevenLabsHandler options and handoffPlatform', () => {
  it('fails at start-up on a missing secret or an unknown option', () => {
    const { handoff } = setup();
    expect(() => elevenLabsHandler(handoff, {} as never)).toThrow(/secret/);
    expect(() => elevenLabsHandler(handoff, { secret: SECRET, secrte: 1 } as never)).toThrow(/secrte/);
    expect(() => elevenLabsHandler(handoff, { secret: SECRET, speechStartMs: -1 })).toThrow(/speechStartMs/);
  });

  it('handoffPlatform mounts the same handler by package name', async () => {
    const { handoff, carrier } = setup();
    expect(handoffPlatform.name).toBe('elevenlabs');
    const handler = handoffPlatform.handler(handoff, { secret: SECRET, speechStartMs: 0 });
    const answer = await handler(
      new Request('http://gw.test/elevenlabs', {
        method: 'POST',
        headers: { 'x-handoff-secret': SECRET },
        body: JSON.stringify(request()),
      }),
    );
    expect(answer.status).toBe(200);
    await carrier.waitForRequests(1);
  });
});
