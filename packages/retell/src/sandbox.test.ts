/**
 * The whole path on loopback: the Vobiz sandbox rings the gateway, the gateway dials the Retell
 * agent's SIP URI with X-VH-handoffCall, "Retell" (this test) posts signed requests carrying that
 * header back to the handler the gateway mounts, and the sandbox moves the caller to a human.
 */
import { estimateSpeechMs, explicitRequest, type FetchHandler } from '@handoff/core';
import type { SandboxCall } from '@handoff/vobiz-sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { type Stack, startStack, waitForStatus } from '../../gateway/src/__fixtures__/harness.js';
import { API_KEY, fakeRetell, fixture, signatureAt, signedHeaders } from './__fixtures__/retell.js';
import { retellHandler } from './handler.js';

/** Retell's SIP server, dialled at the number imported into Retell (docs: deploy/custom-telephony). */
const RETELL_SIP = 'sip:+918000000000@sip.retellai.com;transport=tcp';
const FAREWELL = 'Connecting you now.';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function start() {
  const retell = fakeRetell();
  let handler: FetchHandler | undefined;
  stack = await startStack({
    handoff: { triggers: [explicitRequest()], messages: { en: { transferring: FAREWELL } } },
    gateway: {
      answer: { kind: 'sip', uri: RETELL_SIP, platform: 'retell' },
      platforms: [{ path: '/retell', handler: (request) => handler!(request) }],
    },
  });
  handler = retellHandler(stack.handoff, { apiKey: API_KEY, client: retell.client });
  const call = stack.call();
  // The caller is talking to the Retell agent: the gateway's <Dial> to its SIP URI was answered.
  await call.waitFor('bridged', { match: (e) => e.to.includes('sip.retellai.com') });
  const s = stack;
  const post = async (body: string, headers?: Record<string, string>) =>
    fetch(`${s.url}/retell`, { method: 'POST', headers: headers ?? (await signedHeaders(body)), body });
  return { stack: s, call, retell, post };
}

const transfers = (call: SandboxCall) => call.log.filter((e) => e.type === 'transfer');
/** The human's phone, not the Retell agent's SIP leg, was bridged to the caller. */
const humanBridged = (call: SandboxCall) =>
  call.waitFor('bridged', { match: (e) => !e.to.includes('sip.retellai.com'), timeoutMs: 10_000 });

describe('Retell over a Vobiz SIP call (sandbox + gateway)', () => {
  it('a signed transfer_to_human moves the caller once, and the human is bridged with the packet', async () => {
    const { stack, call, post } = await start();
    const header = call.dialLegs[0]?.sipHeaders['X-VH-handoffCall'];
    expect(header).toBe(call.uuid.replace(/-/g, ''));
    const body = JSON.stringify(fixture('custom-function-call', { callUuid: call.uuid }));
    const response = await post(body);
    expect(response.status).toBe(200);
    const reply = (await response.json()) as { ok: boolean; handoffId: string; said: string };
    expect(reply).toMatchObject({ ok: true, said: FAREWELL });

    await call.waitFor('bridged', { match: (e) => e.to.includes('919800000001'), timeoutMs: 10_000 });
    expect(transfers(call)).toHaveLength(1);
    const human = call.dialLegs.find((leg) => leg.to.includes('919800000001'));
    expect(human?.sipHeaders['X-VH-HandoffId']).toBe(reply.handoffId);
    await call.waitFor('whisper');
    expect(call.whisper.join(' ')).toMatch(/Rahul Mehta/);
    const record = await waitForStatus(stack.handoff, reply.handoffId, 'connected');
    expect(record.context.call).toMatchObject({ callId: call.uuid, platform: 'retell' });
    expect(record.context.transcript.map((t) => t.text)).toContain(
      'Rahul Mehta, account number 50100234567.',
    );
  });

  it('the same signed request replayed gets the first answer and no second transfer', async () => {
    const { call, post } = await start();
    const body = JSON.stringify(fixture('custom-function-call', { callUuid: call.uuid }));
    const headers = await signedHeaders(body);
    const first = await (await post(body, headers)).json();
    const replay = await post(body, headers);
    expect(await replay.json()).toEqual(first);
    await humanBridged(call);
    expect(transfers(call)).toHaveLength(1);
  });

  it("a call whose SIP header was dropped is found by the gateway's record: one transfer, of that caller's call", async () => {
    const { stack, call, post } = await start();
    // Another caller on the same agent at the same time.
    const other = stack.sandbox.placeInboundCall({
      from: '+919822222222',
      to: '+918000000000',
      answerUrl: `${stack.url}/vobiz/answer`,
      hangupUrl: `${stack.url}/vobiz/hangup`,
    });
    await other.waitFor('bridged', { match: (e) => e.to.includes('sip.retellai.com') });
    const body = fixture('custom-function-call', { callUuid: call.uuid, startTimestamp: Date.now() });
    const retellCall = body.call as Record<string, unknown>;
    retellCall.custom_sip_headers = {};
    retellCall.retell_llm_dynamic_variables = {};
    const response = await post(JSON.stringify(body));
    expect(await response.json()).toMatchObject({ ok: true, said: FAREWELL });
    await humanBridged(call);
    expect(transfers(call)).toHaveLength(1);
    expect(transfers(other)).toHaveLength(0);
    expect(await stack.handoff.forCall(call.uuid)).toBeDefined();
    expect(await stack.handoff.forCall(other.uuid)).toBeUndefined();
  });

  it('a bad or missing signature is refused with 401, and the caller stays with the agent', async () => {
    const { call, post } = await start();
    const body = JSON.stringify(fixture('custom-function-call', { callUuid: call.uuid }));
    const forged = await post(body, {
      'content-type': 'application/json',
      'x-retell-signature': signatureAt(body, Date.now(), 'key_not_ours'),
    });
    const unsigned = await post(body, { 'content-type': 'application/json' });
    expect([forged.status, unsigned.status]).toEqual([401, 401]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(transfers(call)).toHaveLength(0);
    expect(call.ended).toBe(false);
  });

  it('a caller asking for a person mid-call (transcript_updated): the farewell is said first, then one transfer', async () => {
    const { stack, call, retell, post } = await start();
    const body = JSON.stringify(fixture('webhook-transcript-updated', { callUuid: call.uuid }));
    const response = await post(body);
    expect(await response.json()).toMatchObject({ ok: true, say: [{ text: FAREWELL, purpose: 'farewell' }] });
    const [transfer] = transfers(call);
    expect(transfers(call)).toHaveLength(1);
    const [update] = retell.updates;
    expect(update?.body.call_control?.additional_context).toContain(FAREWELL);
    expect(transfer!.at - update!.at).toBeGreaterThanOrEqual(estimateSpeechMs(FAREWELL) - 50);
    const record = await stack.handoff.forCall(call.uuid);
    expect(record?.context.trigger).toMatchObject({ kind: 'rule', rule: 'explicit-request' });
    await humanBridged(call);
  });
});
