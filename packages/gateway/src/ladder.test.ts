import { afterEach, describe, expect, it } from 'vitest';
import {
  API_KEY,
  api,
  CALLER,
  fetched,
  type Stack,
  startStack,
  until,
  waitForStatus,
} from './__fixtures__/harness.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const LOANS = '+919800000001';
const SUPPORT = '+919800000002';

/** Inbound call → the AI's stream → a conversation → `transfer_to_human`. */
async function callAndTransfer(s: Stack, department = 'loans') {
  const call = s.call();
  await call.waitFor('stream_connected');
  await s.agent.waitFor(1);
  const session = s.handoff.session(call.uuid);
  expect(session).toBeDefined();
  session!.addTurn({ role: 'agent', text: 'Hello, how can I help you today?' });
  session!.addTurn({ role: 'caller', text: 'My name is Asha Rao and I want a home loan of 40 lakh rupees' });
  const result = await session!.transfer({
    reason: 'Caller wants a home loan',
    department,
    summary: 'Asha wants a 40 lakh home loan and asked about rates',
    customer: { name: 'Asha Rao', accountNumber: '55501234' },
    intent: 'home loan',
  });
  return { call, session: session!, result };
}

describe('inbound call → AI → human (Vobiz sandbox end to end)', () => {
  it('answers with a μ-law Stream to an unguessable media URL and hands the socket the call', async () => {
    stack = await startStack();
    const call = stack.call();
    await call.waitFor('stream_connected');
    const [answer] = fetched(call, 'answer');
    expect(answer).toMatch(
      /<Stream bidirectional="true" keepCallAlive="true" audioTrack="inbound" contentType="audio\/x-mulaw;rate=8000">ws:\/\/127\.0\.0\.1:\d+\/media\/[A-Za-z0-9_-]{32}<\/Stream>/,
    );
    await stack.agent.waitFor(1);
    const { call: media } = stack.agent.connections[0]!;
    expect(media).toMatchObject({ callId: call.uuid, from: CALLER, platform: 'vobiz' });
    expect(stack.handoff.session(call.uuid)?.from).toBe(CALLER);
  });

  it('connected: Dial, whisper with the facts, bridge, hang-up → completed', async () => {
    stack = await startStack();
    const { call, result } = await callAndTransfer(stack);
    expect(result.status).toBe('transferring');

    const whisper = await call.waitFor('whisper');
    expect(whisper.text).toContain('Asha Rao');
    expect(whisper.text).toContain('2 3 4'); // account ending, read digit by digit
    await call.waitFor('bridged');
    const connected = await waitForStatus(stack.handoff, result.handoffId, 'connected');
    expect(connected.context.timings.ringingAt).toBeDefined();
    expect(connected.context.timings.answeredAt).toBeDefined();

    const [transferDoc] = fetched(call, 'transfer');
    expect(transferDoc).toContain('<Number>+919800000001</Number>');
    expect(transferDoc).toContain('callerId="+918000000000"');
    expect(transferDoc).toMatch(
      /sipHeaders="HandoffId=ho[a-z0-9]+,Reason=CallerWantsAHomeLoan,Department=loans/,
    );
    // Query strings inside attributes are escaped, or Vobiz drops the call.
    expect(transferDoc).toMatch(
      /action="http:\/\/127\.0\.0\.1:\d+\/vobiz\/dial-result\/ho[a-z0-9]+\?t=[\w-]+&amp;a=1"/,
    );
    expect(transferDoc).not.toMatch(/&(?!amp;)/);
    const dial = call.events('dial_started')[0]!;
    expect(dial.targets).toEqual([{ kind: 'number', address: LOANS }]);

    call.hangup('caller');
    const completed = await waitForStatus(stack.handoff, result.handoffId, 'completed');
    expect(completed.context.timings.endedAt).toBeDefined();
    expect(completed.context.dialAttempts).toHaveLength(1);
    expect(completed.context.dialAttempts[0]).toMatchObject({ destination: 'loans', outcome: 'completed' });
  });

  it('no answer → the next destination answers', async () => {
    stack = await startStack({ sandbox: { endpoints: { [LOANS]: { kind: 'no_answer' } } } });
    const { call, result } = await callAndTransfer(stack);
    await call.waitFor('bridged', { match: (e) => e.to === SUPPORT });
    const record = await waitForStatus(stack.handoff, result.handoffId, 'connected');
    expect(record.destination?.key).toBe('support');
    expect(record.context.dialAttempts.map((a) => [a.destination, a.outcome])).toEqual([
      ['loans', 'no_answer'],
      ['support', undefined],
    ]);
    expect(call.whisper).toHaveLength(1);
    const second = fetched(call, 'dial_action')[0]!;
    expect(second).toContain(`<Number>${SUPPORT}</Number>`);
    expect(second).toContain('a=2');
  });

  it('busy → back to the AI: Vobiz reconnects a stream after saying why', async () => {
    stack = await startStack({
      sandbox: { endpoints: { [LOANS]: { kind: 'busy' } } },
      handoff: { destinations: { loans: { number: LOANS, label: 'Relationship manager' } } },
    });
    const { call, result } = await callAndTransfer(stack);
    const record = await waitForStatus(stack.handoff, result.handoffId, 'busy');
    expect(record.lastStep).toMatchObject({ kind: 'back_to_ai', reason: 'busy' });
    await call.waitFor('speak', { match: (e) => /busy with other callers/.test(e.text) });
    await stack.agent.waitFor(2);
    const resumed = stack.agent.connections[1]!.call;
    expect(resumed).toMatchObject({ callId: call.uuid, handoffId: result.handoffId, resumeReason: 'busy' });
    expect(resumed.sayToCaller).toMatch(/busy/);
    const first = call.events('stream_connected')[0]!;
    const second = await call.waitFor('stream_connected', { match: (e) => e.streamId !== first.streamId });
    expect(second.url).not.toBe(first.url);
    expect(second.url).toContain(resumed.token);
    // The call is the AI's again: a second handoff may start.
    expect(call.ended).toBe(false);
  });

  it('every rung fails → voicemail, recorded and visible on the API', async () => {
    stack = await startStack({
      sandbox: { endpoints: { [LOANS]: { kind: 'busy' }, [SUPPORT]: { kind: 'fail' } } },
      handoff: { capabilities: { backToAi: false } },
    });
    const { call, result } = await callAndTransfer(stack);
    await call.waitFor('record_started');
    await waitForStatus(stack.handoff, result.handoffId, 'failed');
    await call.waitFor('hangup', { timeoutMs: 8000 });
    const body = await until(async () => {
      const response = await api(stack!.url, `/v1/handoffs/${result.handoffId}`);
      const json = (await response.json()) as { followUps: { voicemail?: { recordUrl: string } } };
      return json.followUps.voicemail ? json : undefined;
    });
    expect(body.followUps.voicemail?.recordUrl).toMatch(/\/recordings\//);
    expect(call.spoken.some((t) => /leave a message/.test(t))).toBe(true);
  });

  it('every rung fails → polite hang-up when the ladder has no voicemail', async () => {
    stack = await startStack({
      sandbox: { endpoints: { [LOANS]: { kind: 'busy' }, [SUPPORT]: { kind: 'reject' } } },
      handoff: { fallback: ['next_destination', 'hangup'] },
    });
    const { call, result } = await callAndTransfer(stack);
    await call.waitFor('hangup');
    const record = await waitForStatus(stack.handoff, result.handoffId, 'declined');
    expect(record.lastStep?.kind).toBe('hangup');
    expect(call.spoken.some((t) => /nobody is available/.test(t))).toBe(true);
  });

  it('callback rung → the promise is listed by the API', async () => {
    stack = await startStack({
      sandbox: { endpoints: { [LOANS]: { kind: 'no_answer' } } },
      handoff: {
        destinations: { loans: { number: LOANS, label: 'Relationship manager', ringTimeoutSec: 10 } },
        fallback: ['next_destination', 'callback'],
      },
    });
    const { call, result } = await callAndTransfer(stack);
    await call.waitFor('hangup');
    const listed = await until(async () => {
      const json = (await (await api(stack!.url, '/v1/callbacks')).json()) as { callbacks: unknown[] };
      return json.callbacks.length > 0 ? json.callbacks : undefined;
    });
    expect(listed[0]).toMatchObject({ handoffId: result.handoffId, number: CALLER, status: 'pending' });
    expect(call.spoken.some((t) => /call you back/.test(t))).toBe(true);
  });

  it('caller hangs up while the human rings → caller_hung_up, and nobody is briefed', async () => {
    stack = await startStack({ sandbox: { endpoints: { [LOANS]: { kind: 'no_answer' } } } });
    const { call, result } = await callAndTransfer(stack);
    await call.waitFor('dial_ringing');
    await waitForStatus(stack.handoff, result.handoffId, 'ringing');
    call.hangup('caller');
    const record = await waitForStatus(stack.handoff, result.handoffId, 'caller_hung_up');
    expect(record.context.dialAttempts[0]?.outcome).toBe('caller_hung_up');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(call.whisper).toEqual([]);
    expect(call.events('bridged')).toEqual([]);
    expect((await stack.handoff.get(result.handoffId))?.status).toBe('caller_hung_up');
  });

  it('POST /v1/handoffs moves a live call; a repeat joins the same handoff', async () => {
    stack = await startStack();
    const call = stack.call();
    await call.waitFor('stream_connected');
    const body = {
      callId: call.uuid,
      reason: 'Caller asked for a person',
      department: 'support',
      summary: 'Wants a refund of the double charge',
      transcript: [
        { role: 'caller', text: 'I was charged twice for my order' },
        { role: 'agent', text: 'I can see two charges' },
      ],
    };
    const first = await api(stack.url, '/v1/handoffs', { body });
    expect(first.status).toBe(201);
    const created = (await first.json()) as {
      handoffId: string;
      status: string;
      handoff: { callId: string };
    };
    expect(created.handoff.callId).toBe(call.uuid);
    const again = await api(stack.url, '/v1/handoffs', { body });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { handoffId: string }).handoffId).toBe(created.handoffId);
    await call.waitFor('bridged');
    const record = await waitForStatus(stack.handoff, created.handoffId, 'connected');
    expect(record.context.transcript.map((t) => t.text)).toContain('I was charged twice for my order');
    expect(record.context.trigger.kind).toBe('api');
  });

  it('POST /v1/handoffs with callbackNumber rings the human, then dials the customer', async () => {
    stack = await startStack();
    const response = await api(stack.url, '/v1/handoffs', {
      body: {
        callbackNumber: '+919822222222',
        reason: 'Callback requested on the website',
        department: 'loans',
      },
      key: API_KEY,
    });
    expect(response.status).toBe(201);
    const { handoffId } = (await response.json()) as { handoffId: string };
    const human = await stack.sandbox.waitForCall({ direction: 'outbound', to: LOANS });
    await human.waitFor('bridged');
    expect(human.spoken.join(' ')).toMatch(/AI handoff/);
    expect(human.events('dial_started')[0]?.targets).toEqual([{ kind: 'number', address: '+919822222222' }]);
    const record = await waitForStatus(stack.handoff, handoffId, 'connected');
    expect(record.callId).toMatch(/^cb-/);
    human.hangup('caller');
    await waitForStatus(stack.handoff, handoffId, 'completed');
  });
});
