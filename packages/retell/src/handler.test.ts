import {
  createHandoff,
  estimateSpeechMs,
  explicitRequest,
  keywords,
  MemoryStore,
  recordInboundCall,
} from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { describe, expect, it } from 'vitest';
import { API_KEY, fakeRetell, fixture, signatureAt, signedHeaders } from './__fixtures__/retell.js';
import { type RetellEvent, type RetellHandlerOptions, retellHandler } from './handler.js';
import { handoffPlatform } from './index.js';
import { MemoryReplayGuard } from './replay.js';

const CALL = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const FAREWELL = 'Connecting you now.';

/** `sayTimeoutMs` caps the core's wait for a line it cannot hear played; tests that time it lift the cap. */
function setup(
  options: Partial<RetellHandlerOptions> = {},
  fail = false,
  sayTimeoutMs = 300,
  store = new MemoryStore(),
) {
  const carrier = new FakeTransferProvider();
  const errors: Array<{ error: unknown; where: string }> = [];
  const handoff = createHandoff({
    transfer: carrier,
    gatewayUrl: 'https://gw.example.com',
    destinations: {
      loans: { number: '+919800000001', label: 'Relationship manager' },
      support: { number: '+919800000002', label: 'Senior care' },
    },
    triggers: [explicitRequest(), keywords({ words: ['thinking of leaving'], action: 'suggest' })],
    messages: { en: { transferring: FAREWELL } },
    onError: (error, where) => errors.push({ error, where }),
    sayTimeoutMs,
    store,
  });
  const retell = fakeRetell({ fail });
  const events: RetellEvent[] = [];
  const handler = retellHandler(handoff, {
    apiKey: API_KEY,
    client: retell.client,
    onEvent: (event) => void events.push(event),
    ...options,
  });
  const post = async (
    body: unknown,
    headers?: Record<string, string> | null,
    url = 'https://gw.test/retell',
  ) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const signed =
      headers === null ? { 'content-type': 'application/json' } : (headers ?? (await signedHeaders(text)));
    return handler(new Request(url, { method: 'POST', headers: signed, body: text }));
  };
  return { handoff, carrier, retell, events, errors, handler, post };
}

const toolCall = (overrides: Record<string, unknown> = {}) => {
  const body = fixture('custom-function-call', { callUuid: CALL });
  return { ...body, ...overrides };
};

describe('retellHandler: signatures', () => {
  it('refuses a missing, wrong, stale or tampered signature with 401 and acts on nothing', async () => {
    const { post, handoff, carrier, retell } = setup();
    const body = JSON.stringify(toolCall());
    const now = Date.now();
    const attempts: Array<Record<string, string> | null> = [
      null,
      { 'x-retell-signature': '' },
      { 'x-retell-signature': 'v=1,d=abc' },
      { 'x-retell-signature': signatureAt(body, now, 'key_someone_else') },
      { 'x-retell-signature': signatureAt(body, now - 6 * 60_000) },
      { 'x-retell-signature': signatureAt(`${body} `, now) },
    ];
    for (const headers of attempts) {
      const response = await post(body, headers);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: 'unauthorized' });
    }
    expect(handoff.session(CALL)).toBeUndefined();
    expect(carrier.requests).toHaveLength(0);
    expect(retell.updates).toHaveLength(0);
  });

  it('takes the header in any case, and a signature made for the exact raw bytes', async () => {
    const { post, carrier } = setup();
    // Key order and spacing Retell chose, not ours: only the raw text is signed.
    const body = JSON.stringify(toolCall(), null, 2);
    const response = await post(body, { 'X-Retell-Signature': signatureAt(body, Date.now()) });
    expect(response.status).toBe(200);
    expect(carrier.requests).toHaveLength(1);
  });

  it('answers a replay with the first answer and never runs it again; a shared guard refuses it elsewhere', async () => {
    const guard = new MemoryReplayGuard();
    const a = setup({ replayGuard: guard });
    const body = JSON.stringify(toolCall());
    const headers = await signedHeaders(body);
    const first = await a.post(body, headers);
    const again = await a.post(body, headers);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(await first.json());
    expect(a.carrier.requests).toHaveLength(1);

    const other = retellHandler(a.handoff, { apiKey: API_KEY, client: a.retell.client, replayGuard: guard });
    const elsewhere = await other(new Request('https://gw.test/retell', { method: 'POST', headers, body }));
    expect(elsewhere.status).toBe(409);
    expect(a.carrier.requests).toHaveLength(1);
  });
});

describe('retellHandler: replays across instances', () => {
  it('refuses a signed request replayed to another instance sharing the store, with no second transfer', async () => {
    const store = new MemoryStore();
    const a = setup({}, false, 300, store);
    const b = setup({}, false, 300, store);
    const body = JSON.stringify(toolCall());
    const headers = await signedHeaders(body);
    expect((await a.post(body, headers)).status).toBe(200);
    const elsewhere = await b.post(body, headers);
    expect(elsewhere.status).toBe(409);
    expect(await elsewhere.json()).toMatchObject({ error: 'replayed' });
    expect(a.carrier.requests).toHaveLength(1);
    expect(b.carrier.requests).toHaveLength(0);
    expect(b.handoff.session(CALL)).toBeUndefined();
  });

  it('lets Retell retry, on any instance, a request that failed on our side', async () => {
    const store = new MemoryStore();
    const a = setup({}, false, 300, store);
    const b = setup({}, false, 300, store);
    const body = JSON.stringify(toolCall());
    const headers = await signedHeaders(body);
    // The first instance fails before the core decides anything: a 500, and the claim is given back.
    a.handoff.attachCall = () => {
      throw new Error('core unavailable');
    };
    expect((await a.post(body, headers)).status).toBe(500);
    expect((await b.post(body, headers)).status).toBe(200);
    expect(b.carrier.requests).toHaveLength(1);
  });
});

describe("retellHandler: the gateway's record of the call it dialled", () => {
  const noHeader = (overrides: Record<string, unknown> = {}) => {
    const body = toolCall();
    const call = {
      ...(body.call as Record<string, unknown>),
      custom_sip_headers: {},
      retell_llm_dynamic_variables: {},
      start_timestamp: Date.now(),
      ...overrides,
    };
    return { ...body, call };
  };

  it('a call without X-VH-handoffCall transfers the Vobiz call the gateway dialled from that caller', async () => {
    const { post, carrier, handoff } = setup();
    const other = '0b7e5a1c-2d3f-4a5b-8c9d-0e1f2a3b4c5d';
    await recordInboundCall(handoff.store, { callId: other, from: ['+919822222222'], to: ['+918000000000'] });
    await recordInboundCall(handoff.store, {
      callId: CALL,
      from: [undefined, '919811111111'],
      to: ['sip:+918000000000@sip.retellai.com', '918000000000'],
    });
    const response = await post(noHeader());
    expect(await response.json()).toMatchObject({ ok: true });
    expect(carrier.requests.map((r) => r.callId)).toEqual([CALL]);
    expect(carrier.requests[0]?.platformCallId).toBe('call_3f2a9c41d07b4e8a9e2b51c6d0a7f4e2');
  });

  it('two Retell calls cannot take one dialled call: the second is refused, nothing moves twice', async () => {
    const { post, carrier, handoff, errors } = setup();
    await recordInboundCall(handoff.store, { callId: CALL, from: ['+919811111111'], to: ['+918000000000'] });
    await post(noHeader());
    const second = await post(noHeader({ call_id: 'call_second_leg' }));
    expect(await second.json()).toMatchObject({ ok: false, status: 'error' });
    expect(carrier.requests.map((r) => r.callId)).toEqual([CALL]);
    expect(errors.map((e) => e.where)).toContain('retell-call-id');
  });

  it('a web call, or a caller the gateway never dialled, finds nothing', async () => {
    const { post, carrier, handoff } = setup();
    await recordInboundCall(handoff.store, { callId: CALL, from: ['+919811111111'], to: ['+918000000000'] });
    const stranger = await post(noHeader({ from_number: '+919833333333' }));
    expect(await stranger.json()).toMatchObject({ ok: false });
    const web = fixture('webhook-call-started', { callUuid: CALL });
    // A web call has no numbers, and here no header either.
    const webCall: Record<string, unknown> = {
      ...(web.call as Record<string, unknown>),
      call_type: 'web_call',
      custom_sip_headers: {},
      from_number: null,
      retell_llm_dynamic_variables: {},
    };
    expect(await (await post({ ...web, call: webCall })).json()).toMatchObject({ ignored: 'no_vobiz_call' });
    expect(carrier.requests).toHaveLength(0);
  });
});

describe('retellHandler: bad bodies', () => {
  it('400 for malformed JSON, a non-object, a webhook without a call, or a call without call_id', async () => {
    const { post, handoff } = setup();
    const bodies = [
      '{"event":',
      '[1,2]',
      '"transfer"',
      { event: 'call_started' },
      { event: 'call_started', call: { call_id: '' } },
      { name: 'transfer_to_human', args: {}, call: { call_type: 'phone_call' } },
    ];
    for (const body of bodies) {
      const response = await post(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect(handoff.session(CALL)).toBeUndefined();
  });

  it('413 past maxBodyBytes, declared or streamed, before anything is verified', async () => {
    const { handler, carrier } = setup({ maxBodyBytes: 1024 });
    const big = JSON.stringify(toolCall());
    const headers = await signedHeaders(big);
    const declared = await handler(
      new Request('https://gw.test/retell', { method: 'POST', headers, body: big }),
    );
    expect(declared.status).toBe(413);
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 256) controller.enqueue(bytes.slice(i, i + 256));
        controller.close();
      },
    });
    const streamed = await handler(
      new Request('https://gw.test/retell', {
        method: 'POST',
        headers,
        body: stream,
        duplex: 'half',
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);
    expect(carrier.requests).toHaveLength(0);
  });

  it('405 for anything but POST; 404 for another custom function', async () => {
    const { handler, post } = setup();
    expect((await handler(new Request('https://gw.test/retell'))).status).toBe(405);
    const response = await post(toolCall({ name: 'check_weather' }));
    expect(response.status).toBe(404);
  });

  it('strict options: an unknown option, a missing key or a bad value fails at start-up', () => {
    const { handoff } = setup();
    const saved = process.env.RETELL_API_KEY;
    delete process.env.RETELL_API_KEY;
    try {
      expect(() => retellHandler(handoff)).toThrow(/apiKey/);
      expect(() => retellHandler(handoff, { apiKey: API_KEY, apikey: 'x' } as RetellHandlerOptions)).toThrow(
        /unknown option `apikey`/,
      );
      expect(() => retellHandler(handoff, { apiKey: API_KEY, maxBodyBytes: -1 })).toThrow(/maxBodyBytes/);
      expect(() => retellHandler(handoff, { apiKey: API_KEY, onEvent: 'x' as never })).toThrow(/onEvent/);
    } finally {
      if (saved !== undefined) process.env.RETELL_API_KEY = saved;
    }
  });
});

describe('retellHandler: transfer_to_human', () => {
  it('merges the transcript once, transfers once, and answers with the core’s reply', async () => {
    const { post, carrier, handoff } = setup();
    const startedAt = Date.now() - 20_000;
    const body = fixture('custom-function-call', { callUuid: CALL, startTimestamp: startedAt });
    const response = await post(body);
    expect(response.status).toBe(200);
    const reply = (await response.json()) as Record<string, unknown>;
    expect(reply).toMatchObject({
      status: 'transferring',
      ok: true,
      said: FAREWELL,
      team: 'Relationship manager',
    });
    expect(reply.message).toContain(FAREWELL);
    expect(carrier.requests).toHaveLength(1);
    const context = carrier.requests[0]!.context;
    expect(context.call).toMatchObject({ callId: CALL, platform: 'retell' });
    expect(context.call.platformCallId).toBe('call_3f2a9c41d07b4e8a9e2b51c6d0a7f4e2');
    expect(context.trigger).toMatchObject({ kind: 'tool', reason: 'Qualified home-loan applicant' });
    expect(context.extracted.customer).toMatchObject({ name: 'Rahul Mehta', accountNumber: '50100234567' });
    expect(context.transcript.map((t) => [t.role, t.text])).toEqual([
      ['agent', 'Welcome to Sahayak Bank. How can I help you today?'],
      ['caller', 'I would like to apply for a home loan for a flat in Pune.'],
      ['agent', 'Happy to help. May I have your name?'],
      ['caller', 'Rahul Mehta, account number 50100234567.'],
    ]);
    // Word times are seconds of call audio, anchored on start_timestamp.
    expect(context.transcript[1]).toMatchObject({ at: startedAt + 4_100, endAt: startedAt + 6_700 });
    expect(handoff.session(CALL)?.platform).toBeDefined();
  });

  it('does not cut the farewell: Retell speaks it while the core waits its length out', async () => {
    const { post, carrier, retell } = setup({}, false, 10_000);
    const sent = Date.now();
    await post(toolCall());
    // Retell's execution message is the farewell: nothing is injected, the core estimates it.
    expect(retell.updates).toHaveLength(0);
    expect(carrier.requestTimes[0]! - sent).toBeGreaterThanOrEqual(estimateSpeechMs(FAREWELL) - 20);
  });

  it('takes arguments at the root (args_at_root), or alone with the call in a header', async () => {
    const a = setup();
    const { args, ...envelope } = toolCall() as { args: Record<string, unknown> };
    const atRoot = await a.post({ ...envelope, ...args });
    expect(await atRoot.json()).toMatchObject({ ok: true });
    expect(a.carrier.requests[0]?.context.trigger.reason).toBe('Qualified home-loan applicant');

    const b = setup();
    const text = JSON.stringify({ reason: 'wants a person', department: 'support' });
    const headers = { ...(await signedHeaders(text)), 'X-Handoff-Call': CALL.replace(/-/g, '') };
    const alone = await b.post(text, headers);
    expect(await alone.json()).toMatchObject({ ok: true, team: 'Senior care' });
    expect(b.carrier.requests[0]?.callId).toBe(CALL);
  });

  it('answers inside its budget with what the core decided when the carrier is slow', async () => {
    const { post, carrier } = setup({ toolBudgetMs: 400 });
    carrier.configure({ delayMs: 3_000 });
    const started = Date.now();
    const response = await post(toolCall());
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await response.json()).toMatchObject({ ok: true, status: 'transferring', said: FAREWELL });
    await carrier.waitForRequests(1);
  });

  it('takes `args` as JSON text, and answers text that is not JSON as invalid arguments for the LLM', async () => {
    const { post, carrier, handoff } = setup();
    const bad = await post(toolCall({ args: '{"reason": "x", department' }));
    expect(bad.status).toBe(200);
    expect(await bad.json()).toMatchObject({ ok: false, status: 'invalid_arguments' });
    expect(await handoff.list()).toHaveLength(0);
    const good = await post(toolCall({ args: JSON.stringify({ reason: 'x', department: 'support' }) }));
    expect(await good.json()).toMatchObject({ ok: true, status: 'transferring' });
    await carrier.waitForRequests(1);
  });

  it('refuses a phone number as the department, without a transfer', async () => {
    const { post, carrier } = setup();
    const response = await post(toolCall({ args: { reason: 'x', department: '+919999999999' } }));
    expect(await response.json()).toMatchObject({ ok: false, status: 'invalid_arguments' });
    expect(carrier.requests).toHaveLength(0);
  });

  it('a second request for the same call joins the handoff under way', async () => {
    const { post, carrier } = setup();
    // Two different requests (Retell signs per millisecond: identical bodies could be one replay).
    const again = toolCall({ args: { reason: 'asked twice', department: 'loans' } });
    const [one, two] = await Promise.all([post(toolCall()), post(again)]);
    const statuses = [await one.json(), await two.json()].map((r) => (r as { status: string }).status);
    expect(statuses.sort()).toEqual(['already_transferring', 'transferring']);
    expect(carrier.requests).toHaveLength(1);
  });

  it('a call with no Vobiz UUID gets the core’s refusal for the LLM, and nothing moves', async () => {
    const { post, carrier, errors } = setup();
    const body = toolCall();
    const call = body.call as Record<string, unknown>;
    const response = await post({
      ...body,
      call: { ...call, custom_sip_headers: { 'X-Other': 'x' }, retell_llm_dynamic_variables: {} },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: false, status: 'error' });
    expect(carrier.requests).toHaveLength(0);
    expect(errors.map((e) => e.where)).toContain('retell-call-id');
  });

  it('finds the call under any spelling of the header, or from resolveCallId', async () => {
    const compact = CALL.replace(/-/g, '');
    const spellings: Array<Record<string, unknown>> = [
      { custom_sip_headers: { 'X-VH-handoffCall': compact } },
      { custom_sip_headers: { 'x-vh-handoffcall': compact } },
      { custom_sip_headers: { 'VH-HANDOFFCALL': compact } },
      { custom_sip_headers: {}, retell_llm_dynamic_variables: { 'VH-handoffCall': compact } },
      { custom_sip_headers: null, collected_dynamic_variables: { handoff_call: CALL } },
    ];
    for (const spelling of spellings) {
      const { post, carrier } = setup();
      const body = toolCall();
      const call = {
        ...(body.call as Record<string, unknown>),
        retell_llm_dynamic_variables: null,
        ...spelling,
      };
      expect((await (await post({ ...body, call })).json()) as object).toMatchObject({ ok: true });
      expect(carrier.requests[0]?.callId, JSON.stringify(spelling)).toBe(CALL);
    }
    const { post, carrier } = setup({
      resolveCallId: (call) => (call.call_id.startsWith('call_') ? CALL : undefined),
    });
    const body = toolCall();
    const call = {
      ...(body.call as Record<string, unknown>),
      custom_sip_headers: {},
      retell_llm_dynamic_variables: {},
    };
    await post({ ...body, call });
    expect(carrier.requests[0]?.callId).toBe(CALL);
  });

  it('does not pass resolveCallId or onEvent a call missing a field the SDK type promises, and says why', async () => {
    const asked: unknown[] = [];
    const { post, events, errors } = setup({
      resolveCallId: (call) => {
        asked.push(call);
        return CALL;
      },
    });
    const body = toolCall();
    const call = {
      ...(body.call as Record<string, unknown>),
      agent_version: undefined,
      custom_sip_headers: {},
      retell_llm_dynamic_variables: {},
    };
    await post({ ...body, call });
    expect(asked).toHaveLength(0);
    const skipped = errors.find((e) => e.where === 'retell-resolve-call-id');
    expect(String(skipped?.error)).toContain('agent_version');
    const started = fixture('webhook-call-started', { callUuid: CALL });
    await post({ ...started, call: { ...(started.call as Record<string, unknown>), agent_id: 7 } });
    const event = events.find((e) => e.event === 'call_started');
    expect(event?.retellCallId).toBe((started.call as { call_id: string }).call_id);
    expect(event).not.toHaveProperty('call');
  });
});

describe('handoffPlatform', () => {
  it('lets a gateway config mount Retell by package name', async () => {
    const { handoff } = setup();
    expect(handoffPlatform.name).toBe('retell');
    const handler = handoffPlatform.handler(handoff, { apiKey: API_KEY });
    const response = await handler(new Request('https://gw.test/retell', { method: 'POST', body: '{}' }));
    expect(response.status).toBe(401);
  });
});

describe('retellHandler: call webhooks', () => {
  it('transcript_updated feeds turns; a rule firing asks Retell to say the farewell, then the call moves', async () => {
    const { post, carrier, retell } = setup({}, false, 10_000);
    const sent = Date.now();
    const response = await post(fixture('webhook-transcript-updated', { callUuid: CALL }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      ok: true,
      event: 'transcript_updated',
      say: [{ text: FAREWELL, purpose: 'farewell' }],
    });
    expect(carrier.requests).toHaveLength(1);
    expect(carrier.requests[0]?.context.trigger).toMatchObject({ kind: 'rule', rule: 'explicit-request' });
    expect(retell.updates).toHaveLength(1);
    const update = retell.updates[0]!;
    expect(update.callId).toBe('call_51d0c7a2e8f94b3c8d6e0f1a2b3c4d5e');
    expect(update.body.call_control).toMatchObject({ trigger_response: true });
    expect(update.body.call_control?.additional_context).toContain(FAREWELL);
    expect(carrier.requestTimes[0]! - sent).toBeGreaterThanOrEqual(estimateSpeechMs(FAREWELL) - 20);
  });

  it('the same transcript delivered again adds no turn; a longer one adds only the new turn', async () => {
    const { post, handoff } = setup();
    const body = fixture('webhook-transcript-updated', { callUuid: CALL });
    const call = body.call as { transcript_with_tool_calls: Array<Record<string, unknown>> };
    const first = {
      ...body,
      call: { ...call, transcript_with_tool_calls: call.transcript_with_tool_calls.slice(0, 1) },
    };
    await post(first);
    await post({ ...first });
    expect(handoff.session(CALL)?.turns).toHaveLength(1);
    const grown = {
      ...body,
      call: {
        ...call,
        transcript_with_tool_calls: [
          call.transcript_with_tool_calls[0],
          { role: 'tool_call_invocation', tool_call_id: 't1', name: 'lookup', arguments: '{}' },
          { role: 'user', content: 'I am thinking of leaving your bank.', words: [] },
        ],
      },
    };
    await post(grown);
    expect(handoff.session(CALL)?.turns.map((t) => t.role)).toEqual(['agent', 'caller']);
  });

  it('a suggest firing becomes context for Retell’s LLM, with no reply forced and nothing moved', async () => {
    const { post, retell, carrier } = setup();
    const body = fixture('webhook-transcript-updated', { callUuid: CALL });
    const call = body.call as Record<string, unknown>;
    await post({
      ...body,
      call: {
        ...call,
        transcript_with_tool_calls: [
          { role: 'user', content: 'Honestly I am thinking of leaving.', words: [] },
        ],
      },
    });
    expect(retell.updates).toHaveLength(1);
    expect(retell.updates[0]?.body.call_control?.trigger_response).toBeUndefined();
    expect(retell.updates[0]?.body.call_control?.additional_context).toContain('transfer_to_human');
    expect(carrier.requests).toHaveLength(0);
  });

  it('a failing update-live-call delays nothing: the call still moves, and the error is reported', async () => {
    const { post, carrier, errors } = setup({}, true);
    await post(fixture('webhook-transcript-updated', { callUuid: CALL }));
    expect(carrier.requests).toHaveLength(1);
    expect(errors.map((e) => e.where)).toContain('port-say');
  });

  it('the final transcript_updated after the call ended acts on nothing', async () => {
    const { post, carrier, handoff } = setup();
    const body = fixture('webhook-transcript-updated', { callUuid: CALL });
    const call = {
      ...(body.call as Record<string, unknown>),
      call_status: 'ended',
      end_timestamp: Date.now(),
    };
    expect(await (await post({ ...body, call })).json()).toMatchObject({ ok: true });
    expect(handoff.session(CALL)).toBeUndefined();
    expect(carrier.requests).toHaveLength(0);
  });

  it('call_started joins the call; call_ended closes it', async () => {
    const { post, handoff } = setup();
    await post(fixture('webhook-call-started', { callUuid: CALL }));
    expect(handoff.call(CALL)?.platform).toBe('retell');
    const ended = await post(fixture('webhook-call-ended', { callUuid: CALL }));
    expect(await ended.json()).toMatchObject({ ok: true, event: 'call_ended' });
    expect(handoff.call(CALL)).toBeUndefined();
  });

  it('call_ended because Vobiz moved the call keeps the session (the caller may come back) and drops the port', async () => {
    const { post, handoff, carrier, retell } = setup();
    await post(toolCall());
    expect(carrier.requests).toHaveLength(1);
    const ended = fixture('webhook-call-ended', { callUuid: CALL });
    const call = { ...(ended.call as Record<string, unknown>), disconnection_reason: 'user_hangup' };
    await post({ ...ended, call });
    const attached = handoff.call(CALL);
    expect(attached?.ended).toBe(false);
    // A rule firing now has no Retell leg to speak through, and asks nothing of Retell's API.
    attached?.addTurn({ role: 'caller', text: 'hello? I want to talk to a human agent' });
    await attached?.settled();
    expect(retell.updates).toHaveLength(0);
  });

  it('call_ended because the LLM socket died hands the caller to a human, once, without a farewell', async () => {
    const { post, carrier, retell } = setup();
    const body = fixture('webhook-call-ended', { callUuid: CALL });
    const call = {
      ...(body.call as Record<string, unknown>),
      disconnection_reason: 'error_llm_websocket_lost_connection',
    };
    await post({ ...body, call });
    await post({ ...body, call: { ...call, end_timestamp: 1714608491737 } });
    expect(carrier.requests).toHaveLength(1);
    expect(carrier.requests[0]?.context.trigger).toMatchObject({ kind: 'api', reason: 'ai_unavailable' });
    expect(retell.updates).toHaveLength(0);
  });

  it('call_analyzed and transfer_* are reported with the handoff they belong to', async () => {
    const { post, events, handoff } = setup();
    const reply = (await (await post(toolCall())).json()) as { handoffId: string };
    await post(fixture('webhook-call-analyzed', { callUuid: CALL }));
    await post(fixture('webhook-transfer-started', { callUuid: CALL }));
    const analyzed = events.find((e) => e.event === 'call_analyzed');
    expect(analyzed).toMatchObject({ callId: CALL, handoffId: reply.handoffId });
    expect(analyzed?.call?.call_analysis).toMatchObject({
      user_sentiment: 'Positive',
      call_successful: true,
    });
    expect(events.find((e) => e.event === 'transfer_started')).toMatchObject({ handoffId: reply.handoffId });
    // The analysis lands on the handoff's record itself, for the desk, the API and CRM webhooks.
    const record = await handoff.get(reply.handoffId);
    expect(record?.annotations?.retell?.data).toMatchObject({ user_sentiment: 'Positive' });
  });

  it('an event Retell adds later, or a call that never came through Vobiz, is acknowledged and ignored', async () => {
    const { post, handoff } = setup();
    const later = fixture('webhook-call-started', { callUuid: CALL });
    expect(await (await post({ ...later, event: 'call_paused' })).json()).toMatchObject({
      ignored: 'unknown_event',
    });
    const web = {
      ...(later.call as Record<string, unknown>),
      call_type: 'web_call',
      custom_sip_headers: undefined,
    };
    expect(await (await post({ ...later, call: web })).json()).toMatchObject({ ignored: 'no_vobiz_call' });
    expect(handoff.session(CALL)).toBeUndefined();
  });
});
