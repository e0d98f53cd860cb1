import type { Vapi } from '@vapi-ai/server-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { startStack, waitForStatus } from '../../gateway/src/__fixtures__/harness.js';
import { startFakeControl } from './__fixtures__/fake-control.js';
import { fixture } from './__fixtures__/vapi-messages.js';
import { vapiHandler } from './handler.js';

const SECRET = 'vapi-secret-0123456789';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('VAPI over Vobiz: the gateway mounts vapiHandler, the sandbox carries the call', () => {
  it('a recorded tool call → exactly one Transfer API request → the human bridged → the body VAPI expects', async () => {
    let handler: ((request: Request) => Promise<Response>) | undefined;
    const stack = await startStack({
      sandbox: { endpoints: { '+919800000001': { kind: 'answer', afterMs: 20 } } },
      handoff: { sayTimeoutMs: 400 },
      gateway: {
        // As deployed: the gateway answers with a SIP dial to the VAPI assistant's number.
        answer: { kind: 'sip', uri: 'sip:sahayak-bank@sip.vapi.ai', platform: 'vapi' },
        platforms: [{ path: '/vapi', handler: (request) => handler!(request) }],
      },
    });
    cleanups.push(() => stack.close());
    handler = vapiHandler(stack.handoff, { secret: SECRET });
    const control = await startFakeControl();
    cleanups.push(() => control.close());

    const call = stack.call();
    // Vobiz rings VAPI with the gateway's header on the INVITE.
    const toVapi = await call.waitFor('dial_ringing', { timeoutMs: 5_000 });
    expect(toVapi.to).toBe('sip:sahayak-bank@sip.vapi.ai');
    const header = toVapi.sipHeaders['X-VH-handoffCall'];
    expect(header).toBe(call.uuid.replace(/-/gu, ''));
    await call.waitFor('dial_answered', { timeoutMs: 5_000 });
    // The recorded tool call, as VAPI sends it for this call: that header, and the call's control URL.
    const body = fixture('tool-calls');
    const vapiCall = body.message.call as {
      id: string;
      phoneCallProviderDetails: { sip: { headers: Record<string, string> } };
      monitor: { controlUrl: string };
    };
    vapiCall.phoneCallProviderDetails.sip.headers['X-VH-handoffCall'] = header!;
    vapiCall.monitor.controlUrl = control.url(vapiCall.id);
    const send = () =>
      fetch(`${stack.url}/vapi`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-vapi-secret': SECRET },
        body: JSON.stringify(body),
      });

    const response = await send();
    expect(response.status).toBe(200);
    const answer = (await response.json()) as Vapi.ServerMessageResponseToolCalls;
    expect(answer).toEqual({
      results: [
        {
          toolCallId: 'call_Xo0fV3kq1hJt9TGyZ2mR8Lw4',
          name: 'transfer_to_human',
          result: expect.stringMatching(/^[^\r\n]*Relationship manager[^\r\n]*$/u),
        },
      ],
    });

    const transfer = await call.waitFor('transfer', { timeoutMs: 5_000 });
    expect(call.log.filter((e) => e.type === 'transfer')).toHaveLength(1);
    const farewell = await control.waitFor(vapiCall.id, 'say');
    expect(farewell.at).toBeLessThanOrEqual(transfer.at);
    // The human's phone (not VAPI's leg) is the one bridged after the move.
    const human = await call.waitFor('dial_ringing', {
      timeoutMs: 5_000,
      match: (e) => e.to === '+919800000001',
    });
    expect(human.sipHeaders['X-VH-HandoffId']).toMatch(/^ho/u);
    await call.waitFor('bridged', { timeoutMs: 5_000, match: (e) => e.to === '+919800000001' });
    const record = await stack.handoff.forCall(call.uuid);
    // The gateway started the session at answer time, as `vapi` (its SIP route's platform).
    expect(record?.context.call).toMatchObject({ platform: 'vapi', callId: call.uuid });
    await waitForStatus(stack.handoff, record!.id, 'connected');

    // VAPI retries the same tool call: the same answer, and still one transfer.
    const again = await send();
    expect(await again.json()).toEqual(answer);
    expect(call.log.filter((e) => e.type === 'transfer')).toHaveLength(1);

    // A wrong secret through the gateway: 401, nothing more happens.
    const forged = await fetch(`${stack.url}/vapi`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-vapi-secret': 'forged-secret-000' },
      body: JSON.stringify(body),
    });
    expect(forged.status).toBe(401);
    expect(call.log.filter((e) => e.type === 'transfer')).toHaveLength(1);
  });

  it("a call whose SIP header was dropped is found by the gateway's record: one transfer, of that caller's call", async () => {
    let handler: ((request: Request) => Promise<Response>) | undefined;
    const stack = await startStack({
      sandbox: { endpoints: { '+919800000001': { kind: 'answer', afterMs: 20 } } },
      handoff: { sayTimeoutMs: 400 },
      gateway: {
        answer: { kind: 'sip', uri: 'sip:sahayak-bank@sip.vapi.ai', platform: 'vapi' },
        platforms: [{ path: '/vapi', handler: (request) => handler!(request) }],
      },
    });
    cleanups.push(() => stack.close());
    handler = vapiHandler(stack.handoff, { secret: SECRET });
    const control = await startFakeControl();
    cleanups.push(() => control.close());
    // Another caller on the same assistant at the same time.
    const other = stack.sandbox.placeInboundCall({
      from: '+919822222222',
      to: '+918000000000',
      answerUrl: `${stack.url}/vobiz/answer`,
      hangupUrl: `${stack.url}/vobiz/hangup`,
    });
    const call = stack.call();
    await call.waitFor('dial_answered', { timeoutMs: 5_000 });
    await other.waitFor('dial_answered', { timeoutMs: 5_000 });

    // What VAPI shows when the trunk dropped X-VH-handoffCall: the caller, the number rung, when.
    const body = fixture('tool-calls');
    const vapiCall = body.message.call as Record<string, unknown> & { id: string };
    vapiCall.phoneCallProviderDetails = {
      sip: { headers: { From: '<sip:+919811111111@13.233.44.61>', To: '<sip:sahayak-bank@sip.vapi.ai>' } },
    };
    vapiCall.createdAt = new Date().toISOString();
    vapiCall.monitor = { controlUrl: control.url(vapiCall.id) };
    const response = await fetch(`${stack.url}/vapi`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-vapi-secret': SECRET },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as Vapi.ServerMessageResponseToolCalls;
    expect(answer.results?.[0]).toMatchObject({ result: expect.stringContaining('Relationship manager') });
    await call.waitFor('bridged', { timeoutMs: 5_000, match: (e) => e.to === '+919800000001' });
    expect(call.log.filter((e) => e.type === 'transfer')).toHaveLength(1);
    expect(other.log.filter((e) => e.type === 'transfer')).toHaveLength(0);
    expect(await stack.handoff.forCall(call.uuid)).toBeDefined();
    expect(await stack.handoff.forCall(other.uuid)).toBeUndefined();
  });
});
