import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppRequest, type AppServer, startAppServer, xml } from './__fixtures__/harness.js';
import { createVobizSandbox, type VobizSandbox, type VobizSandboxOptions } from './index.js';

const HUMAN = '+919800000001';
const DID = '+918000000000';

let sandbox: VobizSandbox;
let app: AppServer;

async function setup(options: VobizSandboxOptions = {}) {
  sandbox = await createVobizSandbox({ callbackRetryDelaysMs: [5, 5, 5], ...options });
}

beforeEach(async () => {
  app = await startAppServer({
    '/whisper': () => xml('<Speak>AI handoff: billing issue, customer Asha</Speak>'),
    '/dial-result': () => '',
  });
});

afterEach(async () => {
  await sandbox.close();
  await app.close();
});

function dialXml(
  numbers: string[],
  attrs = '',
  after = '<Speak>Sorry, no agent is available.</Speak><Hangup/>',
) {
  const targets = numbers
    .map((n) => (n.startsWith('sip:') ? `<User>${n}</User>` : `<Number>${n}</Number>`))
    .join('');
  return xml(
    `<Dial callerId="${DID}" timeout="30" action="${app.url}/dial-result" callbackUrl="${app.url}/dial-events" ${attrs}>${targets}</Dial>${after}`,
  );
}

function placeCall(answerXml: string) {
  app.on('/answer', () => answerXml);
  return sandbox.placeInboundCall({
    from: '+919000000001',
    to: DID,
    answerUrl: `${app.url}/answer`,
    hangupUrl: `${app.url}/hangup`,
  });
}

/** The webhook trail an app sees for a Dial: dial events by Event name, then hangup and action. */
const trail = (requests: AppRequest[]) =>
  requests
    .filter((r) => ['/dial-events', '/hangup', '/dial-result'].includes(r.path))
    .map((r) => (r.path === '/dial-events' ? r.params.Event : r.path));

describe('<Dial> to a human', () => {
  it('whispers confirmSound to the human, bridges, and reports callbacks in the documented order', async () => {
    await setup({ endpoints: { [HUMAN]: { kind: 'answer', afterMs: 30 } } });
    const call = placeCall(
      dialXml([HUMAN], `confirmSound="${app.url}/whisper" sipHeaders="handoffId=abc123,reason=billing"`),
    );
    const bridged = await call.waitFor('bridged');
    const whisper = await call.waitFor('whisper');
    expect(whisper.seq).toBeLessThan(bridged.seq);
    expect(call.whisper).toEqual(['AI handoff: billing issue, customer Asha']);
    const leg = call.dialLegs[0]!;
    expect(leg.sipHeaders).toEqual({ 'X-VH-handoffId': 'abc123', 'X-VH-reason': 'billing' });
    expect(leg.status).toBe('bridged');

    const confirm = await app.waitFor((r) => r.path === '/whisper');
    expect(confirm.params).toMatchObject({ CallUUID: leg.uuid, ALegUUID: call.uuid, To: '919800000001' });

    call.hangup('caller');
    await app.waitFor((r) => r.path === '/dial-result');
    expect(trail(app.requests)).toEqual([
      'DialAnswer',
      'DialConnected',
      'DialHangup',
      '/hangup',
      '/dial-result',
    ]);

    const events = app.requests.filter((r) => r.path === '/dial-events');
    for (const e of events) {
      expect(e.params).toMatchObject({
        CallUUID: call.uuid,
        DialALegUUID: call.uuid,
        DialBLegUUID: leg.uuid,
        DialBLegFrom: '918000000000',
        DialBLegTo: '919800000001',
        DialBLegPosition: '1',
      });
    }
    expect(events.map((e) => e.params.DialAction)).toEqual(['answer', 'connected', 'hangup']);
    expect(events[2]!.params).toMatchObject({
      DialBLegHangupCause: 'NORMAL_CLEARING',
      DialBLegHangupSource: 'Caller',
    });
    const action = app.requests.find((r) => r.path === '/dial-result')!;
    expect(action.params).toMatchObject({
      Event: 'DialAction',
      DialStatus: 'completed',
      DialRingStatus: 'true',
      DialHangupCause: 'NORMAL_CLEARING',
      DialALegUUID: call.uuid,
      DialBLegUUID: leg.uuid,
    });
    // Bridged calls do not fall through to the elements after <Dial>.
    expect(call.spoken).toEqual([]);
  });

  it('on no-answer reports Ring Timeout Reached and runs the elements after <Dial>', async () => {
    await setup({ endpoints: { [HUMAN]: { kind: 'no_answer' } } });
    const call = placeCall(dialXml([HUMAN]).replace('timeout="30"', 'timeout="5"'));
    const hangup = await call.waitFor('hangup');
    expect(call.spoken).toEqual(['Sorry, no agent is available.']);
    expect(hangup).toMatchObject({ source: 'Answer XML' });
    const dialHangup = await app.waitFor((r) => r.params.Event === 'DialHangup');
    expect(dialHangup.params).toMatchObject({
      DialBLegHangupCause: 'NO_ANSWER',
      DialBLegHangupCauseCode: '6010',
      DialBLegHangupCauseName: 'Ring Timeout Reached',
      DialBLegHangupSource: 'Vobiz',
    });
    const action = await app.waitFor((r) => r.path === '/dial-result');
    expect(action.params).toMatchObject({
      DialStatus: 'no-answer',
      DialRingStatus: 'false',
      DialHangupCause: 'NO_ANSWER',
      DialBLegUUID: '',
    });
    await app.waitFor((r) => r.path === '/hangup');
    expect(trail(app.requests)).toEqual(['DialHangup', '/dial-result', '/hangup']);
  });

  it('on busy reports USER_BUSY, DialStatus busy and runs the fallback elements', async () => {
    await setup({ endpoints: { [HUMAN]: { kind: 'busy', afterMs: 10 } } });
    const call = placeCall(dialXml([HUMAN]));
    await call.waitFor('hangup');
    expect(call.spoken).toEqual(['Sorry, no agent is available.']);
    const dialHangup = await app.waitFor((r) => r.params.Event === 'DialHangup');
    expect(dialHangup.params).toMatchObject({
      DialBLegHangupCause: 'USER_BUSY',
      DialBLegHangupCauseCode: '3010',
    });
    expect((await app.waitFor((r) => r.path === '/dial-result')).params.DialStatus).toBe('busy');
  });

  it("executes the action's XML instead of the fallback when redirect is on", async () => {
    await setup({ endpoints: { [HUMAN]: { kind: 'busy', afterMs: 10 } } });
    app.on('/dial-result', () => xml('<Speak>Please leave a message</Speak>'));
    const call = placeCall(dialXml([HUMAN]));
    await call.waitFor('hangup');
    expect(call.spoken).toEqual(['Please leave a message']);
  });

  it('only notifies the action when redirect="false"', async () => {
    await setup({ endpoints: { [HUMAN]: { kind: 'busy', afterMs: 10 } } });
    app.on('/dial-result', () => xml('<Speak>Should be ignored</Speak>'));
    const call = placeCall(dialXml([HUMAN], 'redirect="false"'));
    await call.waitFor('hangup');
    await app.waitFor((r) => r.path === '/dial-result');
    expect(call.spoken).toEqual(['Sorry, no agent is available.']);
  });

  it('rings every target at once and bridges the first to answer; the others lose the race', async () => {
    await setup({
      endpoints: {
        [HUMAN]: { kind: 'answer', afterMs: 300 },
        'sip:agent42@registrar.vobiz.ai': { kind: 'answer', afterMs: 20 },
      },
    });
    const call = placeCall(dialXml([HUMAN, 'sip:agent42@registrar.vobiz.ai']));
    const bridged = await call.waitFor('bridged');
    expect(bridged.to).toBe('sip:agent42@registrar.vobiz.ai');
    const lost = await call.waitFor('dial_leg_ended');
    expect(lost).toMatchObject({ to: HUMAN, hangup: { code: 9000, name: 'Lost Race' } });
  });

  it('ends the call when the human hangs up, with DialHangup before action and hangup_url', async () => {
    await setup({ endpoints: { [HUMAN]: { kind: 'answer', afterMs: 10, hangupAfterMs: 80 } } });
    const call = placeCall(dialXml([HUMAN]));
    const hangup = await call.waitFor('hangup');
    expect(hangup).toMatchObject({ source: 'Callee', cause: 'NORMAL_CLEARING' });
    await app.waitFor((r) => r.path === '/hangup');
    expect(trail(app.requests)).toEqual([
      'DialAnswer',
      'DialConnected',
      'DialHangup',
      '/dial-result',
      '/hangup',
    ]);
    expect(call.spoken).toEqual([]);
  });

  it('lets a test hang up as the human', async () => {
    await setup({ endpoints: { [HUMAN]: { kind: 'answer', afterMs: 10 } } });
    const call = placeCall(dialXml([HUMAN]));
    await call.waitFor('bridged');
    call.hangup('callee');
    expect((await call.waitFor('unbridged')).by).toBe('callee');
  });

  it('fails every leg with "Unknown Caller ID" when callerId is not an owned number', async () => {
    await setup({ ownedNumbers: ['+918000009999'] });
    const call = placeCall(dialXml([HUMAN]));
    await call.waitFor('hangup');
    const result = await call.waitFor('dial_result');
    expect(result.status).toBe('failed');
    expect(call.dialLegs[0]?.hangup).toMatchObject({ code: 3030, name: 'Unknown Caller ID' });
  });

  it('cancels ringing legs and notifies the action with DialStatus=cancel when the caller hangs up', async () => {
    await setup({ endpoints: { [HUMAN]: { kind: 'no_answer' } } });
    const call = placeCall(dialXml([HUMAN]));
    await call.waitFor('dial_ringing');
    call.hangup('caller');
    const action = await app.waitFor((r) => r.path === '/dial-result');
    expect(action.params.DialStatus).toBe('cancel');
    await app.waitFor((r) => r.path === '/hangup');
    expect(trail(app.requests)).toEqual(['DialHangup', '/hangup', '/dial-result']);
  });

  it('plays dialMusic to the caller while the human rings', async () => {
    await setup({ endpoints: { [HUMAN]: { kind: 'answer', afterMs: 150 } } });
    app.on('/music', () => xml('<Play>https://cdn.example/hold.mp3</Play>'));
    const call = placeCall(dialXml([HUMAN], `dialMusic="${app.url}/music"`));
    await call.waitFor('bridged');
    expect((await call.waitFor('dial_music')).url).toBe('https://cdn.example/hold.mp3');
  });
});
