import { createHandoff, explicitRequest } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { describe, expect, it } from 'vitest';
import { templateHandler } from './handler.js';
import { sign } from './signature.js';

const SECRET = 'test-secret';

function setup() {
  const carrier = new FakeTransferProvider();
  const handoff = createHandoff({
    transfer: carrier,
    destinations: { support: { number: '+919800000002', label: 'Senior care' } },
    triggers: [explicitRequest()],
    messages: { en: { transferring: 'Connecting you now.' } },
  });
  const handler = templateHandler(handoff, { secret: SECRET });
  const post = (event: unknown, signature?: string | null) => {
    const body = typeof event === 'string' ? event : JSON.stringify(event);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signature !== null) headers['x-template-signature'] = signature ?? sign(body, SECRET);
    return handler(new Request('http://gw.test/template', { method: 'POST', headers, body }));
  };
  return { handoff, carrier, post };
}

describe('templateHandler', () => {
  it('refuses a missing or wrong signature with 401, and acts on nothing', async () => {
    const { post, handoff } = setup();
    const event = { event: 'turn', call_id: 'c1', role: 'user', text: 'connect me to a human agent' };
    expect((await post(event, null)).status).toBe(401);
    expect((await post(event, sign('{}', SECRET))).status).toBe(401);
    expect(handoff.session('c1')).toBeUndefined();
  });

  it('400 for malformed JSON or an unknown event; a needed option missing throws', async () => {
    const { post, handoff } = setup();
    expect((await post('{"event":')).status).toBe(400);
    expect((await post({ event: 'surprise', call_id: 'c1' })).status).toBe(400);
    expect(() => templateHandler(handoff, {} as { secret: string })).toThrow(/secret/);
  });

  it('a rule firing on a turn: the answer carries the farewell, the call moves after it', async () => {
    const { post, carrier } = setup();
    const answer = await post({
      event: 'turn',
      call_id: 'c2',
      role: 'user',
      text: 'connect me to a human agent',
    });
    expect(await answer.json()).toMatchObject({ firing: 'transfer', say: ['Connecting you now.'] });
    await carrier.waitForRequests(1);
    expect(carrier.requests[0]?.context.trigger.kind).toBe('rule');
  });

  it('a tool call: one transfer, the LLM gets the core’s line; a second call joins it', async () => {
    const { post, carrier } = setup();
    const call = {
      event: 'tool_call',
      call_id: 'c3',
      tool_call_id: 't1',
      name: 'transfer_to_human',
      arguments: '{"reason":"billing","department":"support"}',
    };
    const first = (await (await post(call)).json()) as { ok: boolean; result: string; said: string };
    expect(first).toMatchObject({ ok: true, said: 'Connecting you now.' });
    expect(first.result).toContain('Senior care');
    const again = (await (await post({ ...call, tool_call_id: 't2' })).json()) as { ok: boolean };
    expect(again.ok).toBe(true);
    expect(carrier.requests).toHaveLength(1);
  });

  it('a tool call naming a phone number is refused without a transfer', async () => {
    const { post, carrier } = setup();
    const answer = await post({
      event: 'tool_call',
      call_id: 'c4',
      tool_call_id: 't1',
      name: 'transfer_to_human',
      arguments: { reason: 'x', department: '+919999999999' },
    });
    expect(await answer.json()).toMatchObject({ ok: false });
    expect(carrier.requests).toHaveLength(0);
  });
});
