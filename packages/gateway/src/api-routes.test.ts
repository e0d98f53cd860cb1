import { describe, expect, it } from 'vitest';
import { API_KEY } from './__fixtures__/harness.js';
import { CALL_UUID, offline } from './__fixtures__/offline.js';

describe('/v1 auth', () => {
  it('401 without a key, with a wrong key, or with no keys configured', async () => {
    const o = offline();
    const missing = await o.api('/v1/handoffs', { key: null });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    expect((await o.api('/v1/handoffs', { key: `${API_KEY}x` })).status).toBe(401);
    expect((await o.api('/v1/handoffs')).status).toBe(200);
    const closed = offline({ gateway: { apiKeys: [] } });
    expect((await closed.api('/v1/handoffs')).status).toBe(401);
  });
});

describe('/v1 bodies and errors', () => {
  it('400 for malformed JSON or a non-object, 415 for a form, 413 when too large', async () => {
    const o = offline({ gateway: { maxBodyBytes: 2048 } });
    const malformed = await o.api('/v1/handoffs', { raw: '{"callId":' });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
    expect((await o.api('/v1/handoffs', { raw: '[1,2]' })).status).toBe(400);
    expect(
      (await o.api('/v1/handoffs', { raw: 'a=b', type: 'application/x-www-form-urlencoded' })).status,
    ).toBe(415);
    const big = await o.api('/v1/handoffs', { body: { callId: 'c1', reason: 'x'.repeat(4096) } });
    expect(big.status).toBe(413);
  });

  it('422 for an unknown department or an over-long reason; nothing is transferred', async () => {
    const o = offline();
    const unknown = await o.api('/v1/handoffs', {
      body: { callId: 'c-1', reason: 'help', department: 'mars' },
    });
    expect(unknown.status).toBe(422);
    const body = (await unknown.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unknown_department');
    expect(body.error.message).toContain('loans');
    const long = await o.api('/v1/handoffs', { body: { callId: 'c-2', reason: 'x'.repeat(600) } });
    expect(long.status).toBe(422);
    expect(((await long.json()) as { error: { code: string } }).error.code).toBe('text_too_long');
    const neither = await o.api('/v1/handoffs', { body: { reason: 'help' } });
    expect(neither.status).toBe(422);
    expect(o.carrier.requests).toHaveLength(0);
  });

  it('404 for an unknown handoff and an unknown path', async () => {
    const o = offline();
    expect((await o.api('/v1/handoffs/hoDoesNotExist')).status).toBe(404);
    expect((await o.api('/v1/nothing-here')).status).toBe(404);
  });
});

describe('/v1/handoffs', () => {
  it('creates a handoff for a live call with its transcript, then reads and lists it', async () => {
    const o = offline();
    const created = await o.api('/v1/handoffs', {
      body: {
        callId: CALL_UUID,
        platform: 'pipecat',
        reason: 'Caller asked for a person',
        department: 'support',
        urgency: 'high',
        customer: { name: 'Ravi Kumar' },
        transcript: [
          { role: 'caller', text: 'Please get me a real person', at: 1_700_000_000_000 },
          { role: 'agent', text: 'Connecting you now', at: 1_700_000_001_000 },
        ],
      },
    });
    expect(created.status).toBe(201);
    const result = (await created.json()) as { handoffId: string; status: string; sayToCaller: string };
    expect(result.status).toBe('transferring');
    expect(result.sayToCaller).toContain('Senior care');
    expect(o.carrier.requests[0]?.callId).toBe(CALL_UUID);

    const read = (await (await o.api(`/v1/handoffs/${result.handoffId}`)).json()) as Record<
      string,
      unknown
    > & {
      context: {
        call: { platform: string };
        transcript: unknown[];
        extracted: { customer: { name: string } };
      };
    };
    expect(read).not.toHaveProperty('token');
    expect(read.context.call.platform).toBe('pipecat');
    expect(read.context.transcript).toHaveLength(2);
    expect(read.context.extracted.customer.name).toBe('Ravi Kumar');

    const listed = (await (
      await o.api('/v1/handoffs?status=transferring,ringing&destination=support')
    ).json()) as {
      handoffs: Array<{ id: string }>;
    };
    expect(listed.handoffs.map((h) => h.id)).toEqual([result.handoffId]);
    const none = (await (await o.api('/v1/handoffs?destination=loans')).json()) as { handoffs: unknown[] };
    expect(none.handoffs).toEqual([]);
    expect((await o.api('/v1/handoffs?status=sleeping')).status).toBe(400);
  });

  it('501 for a callback handoff when the gateway cannot place calls', async () => {
    const o = offline();
    const response = await o.api('/v1/handoffs', {
      body: { callbackNumber: '+919822222222', reason: 'call me' },
    });
    expect(response.status).toBe(501);
  });
});

describe('/v1/sessions/:callId/turns', () => {
  it('starts the session, adds turns, and the core acts on a transfer firing', async () => {
    const o = offline();
    const quiet = await o.api('/v1/sessions/call-42/turns', {
      body: { platform: 'retell', turns: [{ role: 'caller', text: 'Hi, I have a question' }] },
    });
    expect(quiet.status).toBe(200);
    expect(await quiet.json()).toMatchObject({
      callId: 'call-42',
      turns: 1,
      firing: null,
      firings: [],
      actions: [],
    });
    expect(o.handoff.session('call-42')?.platform).toBe('retell');

    const single = await o.api('/v1/calls/call-42/turns', {
      body: { role: 'caller', text: 'I want to talk to a human agent please' },
    });
    const body = (await single.json()) as {
      turns: number;
      firing: { action: string };
      actions: Array<{ type: string; purpose: string; text: string; ack?: string }>;
    };
    expect(body.turns).toBe(2);
    expect(body.firing).toMatchObject({ action: 'transfer' });
    // The platform is told what the caller must hear; without `playout: "ack"` the call moves on.
    expect(body.actions).toEqual([expect.objectContaining({ type: 'say', purpose: 'farewell' })]);
    expect(body.actions[0]?.ack).toBeUndefined();
    await o.carrier.waitForRequests(1);
    expect(o.carrier.requests[0]?.context.trigger.kind).toBe('rule');
  });

  it('with playout "ack", the call moves only once the platform says the farewell played', async () => {
    const o = offline();
    const created = await o.api('/v1/handoffs', {
      body: {
        callId: 'call-ack',
        reason: 'wants a person',
        department: 'loans',
        playout: 'ack',
        transcript: [{ role: 'caller', text: 'Can I speak to someone about my loan?' }],
      },
    });
    expect(created.status).toBe(202);
    const body = (await created.json()) as {
      handoffId: string;
      reply: { ok: boolean; message: string };
      actions: Array<{ type: string; text: string; interruptible: boolean; ack: string }>;
    };
    expect(body.reply.ok).toBe(true);
    const [say] = body.actions;
    expect(say).toMatchObject({ type: 'say', interruptible: false });
    expect(say?.ack).toMatch(/^\/v1\/calls\/call-ack\/lines\/[\w-]+\/played$/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(o.carrier.requests).toHaveLength(0);
    const played = await o.api(say!.ack, { body: {} });
    expect(played.status).toBe(204);
    await o.carrier.waitForRequests(1);
    expect(o.carrier.requests[0]?.handoffId).toBe(body.handoffId);
  });

  it('hands the caller to a human when the platform reports its AI died, once', async () => {
    const o = offline();
    await o.api('/v1/calls/call-dead/turns', { body: { role: 'caller', text: 'hello?' } });
    const first = await o.api('/v1/calls/call-dead/ai-unavailable', { body: { detail: 'LLM 500s' } });
    expect(first.status).toBe(200);
    expect(((await first.json()) as { handoff: { status: string } }).handoff.status).toBe('transferring');
    const again = await o.api('/v1/calls/call-dead/ai-unavailable', { body: {} });
    expect(((await again.json()) as { handoff: unknown }).handoff).toBeNull();
    expect(o.carrier.requests).toHaveLength(1);
    expect(o.carrier.requests[0]?.context.trigger.reason).toBe('ai_unavailable');
  });

  it('a refused tool call carries the core’s line for the LLM; GET /v1/tool is the declared tool', async () => {
    const o = offline();
    const refused = await o.api('/v1/handoffs', {
      body: { callId: 'c-tool', trigger: 'tool', reason: 'x', department: 'mars' },
    });
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as {
      error: { code: string };
      reply: { ok: boolean; message: string };
    };
    expect(body.error.code).toBe('unknown_department');
    expect(body.reply).toMatchObject({ ok: false, status: 'invalid_arguments' });
    expect(body.reply.message).toContain('transfer_to_human');
    const tool = (await (await o.api('/v1/tool')).json()) as {
      name: string;
      parameters: { properties: object };
    };
    expect(tool.name).toBe('transfer_to_human');
    expect(tool.parameters.properties).toHaveProperty('department');
  });

  it('422 for a bad call id or playout', async () => {
    const o = offline();
    expect((await o.api('/v1/calls/bad%20id/turns', { body: { role: 'caller', text: 'x' } })).status).toBe(
      422,
    );
    const badPlayout = await o.api('/v1/handoffs', { body: { callId: 'c', reason: 'x', playout: 'later' } });
    expect(badPlayout.status).toBe(422);
  });

  it('422 for an invalid turn', async () => {
    const o = offline();
    const bad = await o.api('/v1/sessions/call-43/turns', {
      body: { turns: [{ role: 'robot', text: 'beep' }] },
    });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_arguments');
    expect((await o.api('/v1/sessions/call-43/turns', { body: { turns: 'nope' } })).status).toBe(422);
  });
});
