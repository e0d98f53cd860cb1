import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppRequest, type AppServer, startAppServer, xml } from './__fixtures__/harness.js';
import { createVobizSandbox, type VobizSandbox, type VobizSandboxOptions } from './index.js';

let sandbox: VobizSandbox;
let app: AppServer;

async function setup(options: VobizSandboxOptions = {}) {
  sandbox = await createVobizSandbox({ callbackRetryDelaysMs: [5, 5, 5], ...options });
}

beforeEach(async () => {
  app = await startAppServer({ '/answer': () => xml('<Speak>Hello there</Speak>') });
});

afterEach(async () => {
  await sandbox?.close();
  await app.close();
});

function inbound(answerPath = '/answer', extra: Record<string, unknown> = {}) {
  return sandbox.placeInboundCall({
    from: '+919000000001',
    to: '+918000000000',
    answerUrl: `${app.url}${answerPath}`,
    hangupUrl: `${app.url}/hangup`,
    ...extra,
  });
}

/** Written from the documented formula, independently of the sandbox's own signing code. */
function expected(url: string, nonce: string, token: string, version: 'v2' | 'v3'): string {
  const u = new URL(url);
  const base = `${u.protocol}//${u.host}${u.pathname}`;
  return createHmac('sha256', token)
    .update(version === 'v3' ? `${base}.${nonce}` : base + nonce)
    .digest('base64');
}

function header(r: AppRequest, name: string): string {
  const v = r.headers[name.toLowerCase()];
  return typeof v === 'string' ? v : '';
}

describe('webhook requests', () => {
  it('posts the answer_url form-encoded with the documented inbound parameters', async () => {
    await setup();
    const call = inbound('/answer', { sipHeaders: { handoffCall: 'abc123' } });
    const req = await app.waitFor((r) => r.path === '/answer');
    expect(req.method).toBe('POST');
    expect(header(req, 'content-type')).toBe('application/x-www-form-urlencoded');
    expect(header(req, 'user-agent')).toBe('Vobiz');
    expect(req.params).toMatchObject({
      CallUUID: call.uuid,
      From: '919000000001',
      To: '918000000000',
      CallStatus: 'in-progress',
      Direction: 'inbound',
      Event: 'StartApp',
      ParentAuthID: 'MA_SANDBOX',
      'X-VH-handoffCall': 'abc123',
    });
    expect(req.params.CallUUID).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(req.params.SessionStart).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
  });

  it('signs every callback with V2, V3 and the MA- variants, verifiable from the documented formula', async () => {
    await setup({ authToken: 'sub-token', parentAuthToken: 'parent-token' });
    app.on('/answer', () => xml(`<Redirect>${app.url}/next?step=2</Redirect>`));
    app.on('/next', () => xml('<Hangup/>'));
    inbound('/answer?tenant=7');
    const answer = await app.waitFor((r) => r.path === '/answer');
    const redirect = await app.waitFor((r) => r.path === '/next');
    const hangup = await app.waitFor((r) => r.path === '/hangup');
    for (const req of [answer, redirect, hangup]) {
      const fullUrl = `${app.url}${req.url}`;
      const v2n = header(req, 'X-Vobiz-Signature-V2-Nonce');
      const v3n = header(req, 'X-Vobiz-Signature-V3-Nonce');
      expect(v2n).toMatch(/^[1-9]\d{19}$/);
      expect(v3n).toMatch(/^[1-9]\d{19}$/);
      expect(header(req, 'X-Vobiz-Signature-V3')).toBe(expected(fullUrl, v3n, 'sub-token', 'v3'));
      expect(header(req, 'X-Vobiz-Signature-V2')).toBe(expected(fullUrl, v2n, 'sub-token', 'v2'));
      expect(header(req, 'X-Vobiz-Signature-MA-V3')).toBe(expected(fullUrl, v3n, 'parent-token', 'v3'));
      expect(header(req, 'X-Vobiz-Signature-MA-V2')).toBe(expected(fullUrl, v2n, 'parent-token', 'v2'));
    }
    expect(redirect.params.Event).toBe('Redirect');
  });

  it('sends only the configured signature version, or none', async () => {
    await setup({ signatures: 'v3' });
    inbound();
    const signed = await app.waitFor((r) => r.path === '/answer');
    expect(header(signed, 'X-Vobiz-Signature-V3')).not.toBe('');
    expect(signed.headers['x-vobiz-signature-v2']).toBeUndefined();
    await sandbox.close();
    app.requests.length = 0;
    await setup({ signatures: 'none' });
    inbound();
    const unsigned = await app.waitFor((r) => r.path === '/answer');
    expect(Object.keys(unsigned.headers).some((h) => h.startsWith('x-vobiz-signature'))).toBe(false);
  });

  it('puts parameters in the query string for GET, and signs the URL without it', async () => {
    await setup();
    inbound('/answer', { answerMethod: 'GET' });
    const req = await app.waitFor((r) => r.path === '/answer');
    expect(req.method).toBe('GET');
    expect(req.params.Event).toBe('StartApp');
    const nonce = header(req, 'X-Vobiz-Signature-V3-Nonce');
    expect(header(req, 'X-Vobiz-Signature-V3')).toBe(
      expected(`${app.url}/answer`, nonce, sandbox.authToken, 'v3'),
    );
  });

  it('posts hangup_url with the hang-up fields once the XML ends', async () => {
    await setup();
    const call = inbound();
    const req = await app.waitFor((r) => r.path === '/hangup');
    expect(req.params).toMatchObject({
      CallUUID: call.uuid,
      Event: 'Hangup',
      CallStatus: 'completed',
      HangupCause: 'NORMAL_CLEARING',
      HangupCauseCode: '4010',
      HangupCauseName: 'End Of XML Instructions',
      Duration: expect.stringMatching(/^\d+$/),
      BillDuration: '60',
    });
    for (const f of ['StartTime', 'AnswerTime', 'EndTime']) {
      expect(req.params[f]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    }
    expect(call.spoken).toEqual(['Hello there']);
  });

  it('stamps SessionStart in UTC with microseconds and the other times in the console time zone', async () => {
    const at = Date.UTC(2026, 6, 21, 8, 8, 38, 662);
    await setup({ clock: { now: () => at } });
    inbound();
    const req = await app.waitFor((r) => r.path === '/hangup');
    expect(req.params.SessionStart).toBe('2026-07-21 08:08:38.662000');
    expect(req.params.AnswerTime).toBe('2026-07-21 13:38:38');
  });

  it('retries a callback that answers 500, recording every attempt', async () => {
    await setup();
    let answers = 0;
    app.on('/answer', () => (++answers < 3 ? { status: 500 } : xml('<Hangup/>')));
    app.on('/hangup', () => ({ status: 503 }));
    const call = inbound();
    await call.waitFor('hangup');
    const hangupAttempts = await waitForAttempts(call, 'hangup', 4);
    expect(hangupAttempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, 503],
      [2, 503],
      [3, 503],
      [4, 503],
    ]);
    const answerAttempts = call.events('callback').filter((e) => e.purpose === 'answer');
    expect(answerAttempts.map((a) => [a.attempt, a.status, a.ok])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 200, true],
    ]);
    // Each attempt carries a fresh nonce.
    const nonces = app.requests
      .filter((r) => r.path === '/answer')
      .map((r) => header(r, 'X-Vobiz-Signature-V3-Nonce'));
    expect(new Set(nonces).size).toBe(3);
  });
});

async function waitForAttempts(
  call: ReturnType<VobizSandbox['placeInboundCall']>,
  purpose: string,
  n: number,
) {
  await call.waitFor('callback', { match: (e) => e.purpose === purpose && e.attempt === n });
  return call.events('callback').filter((e) => e.purpose === purpose);
}

describe('bad answers', () => {
  it.each([
    ['a bare & in a URL', '<Response><Play>https://x/a.mp3?a=1&b=2</Play></Response>'],
    ['a root that is not <Response>', '<Reply><Speak>hi</Speak></Reply>'],
    ['an unknown verb', '<Response><Say>hi</Say></Response>'],
    ['Twilio-style <Connect>', '<Response><Connect><Stream url="wss://x"/></Connect></Response>'],
    ['an empty body', ''],
    ['JSON', '{"xml":"<Response/>"}'],
  ])('drops the call with "Invalid Answer XML" for %s', async (_, body) => {
    await setup();
    app.on('/answer', () => body);
    const call = inbound();
    const hangup = await call.waitFor('hangup');
    expect(hangup).toMatchObject({ name: 'Invalid Answer XML', code: 8011, source: 'Error' });
    const req = await app.waitFor((r) => r.path === '/hangup');
    expect(req.params.HangupCauseName).toBe('Invalid Answer XML');
  });

  it('ends with "Error Reaching Answer URL" when the answer URL keeps failing, unless a fallback answers', async () => {
    await setup();
    app.on('/answer', () => ({ status: 500 }));
    const call = inbound();
    expect(await call.waitFor('hangup')).toMatchObject({ code: 7011, name: 'Error Reaching Answer URL' });

    app.on('/fallback', () => xml('<Speak>Fallback here</Speak>'));
    const rescued = inbound('/answer', { fallbackUrl: `${app.url}/fallback` });
    await rescued.waitFor('hangup');
    expect(rescued.spoken).toEqual(['Fallback here']);
  });

  it('ends with "Invalid Redirect XML" when a Redirect returns garbage', async () => {
    await setup();
    app.on('/answer', () => xml(`<Redirect>${app.url}/bad</Redirect>`));
    app.on('/bad', () => '<Response><Speak>unclosed</Response>');
    const call = inbound();
    expect(await call.waitFor('hangup')).toMatchObject({ code: 8014, name: 'Invalid Redirect XML' });
  });
});

describe('input verbs', () => {
  it('<Gather> interrupts its prompt on a key press and posts Digits to the action', async () => {
    await setup();
    app.on('/answer', () =>
      xml(
        `<Gather action="${app.url}/digits" numDigits="4" finishOnKey="#"><Speak loop="0">Enter your PIN</Speak></Gather><Speak>No input</Speak>`,
      ),
    );
    app.on('/digits', () => xml('<Speak>Thanks</Speak>'));
    const call = inbound();
    await call.waitFor('gather_started');
    call.pressDigits('12#');
    const req = await app.waitFor((r) => r.path === '/digits');
    expect(req.params).toMatchObject({ Digits: '12', InputType: 'dtmf' });
    await call.waitFor('hangup');
    expect(call.spoken).toEqual(['Enter your PIN', 'Thanks']);
  });

  it('<Record> posts a recording to its action when the finish key is pressed', async () => {
    await setup();
    app.on('/answer', () => xml(`<Record action="${app.url}/recorded" maxLength="600" finishOnKey="#"/>`));
    const call = inbound();
    await call.waitFor('record_started');
    call.pressDigits('#');
    const req = await app.waitFor((r) => r.path === '/recorded');
    expect(req.params.RecordUrl).toMatch(new RegExp(`^${sandbox.url}/recordings/[0-9a-f-]+\\.mp3$`));
    expect(req.params.Digits).toBe('#');
    expect((await fetch(req.params.RecordUrl!)).status).toBe(200);
  });

  it('<Conference> holds both calls in the room until the moderator leaves', async () => {
    await setup();
    app.on('/customer', () =>
      xml(
        '<Conference startConferenceOnEnter="false" stayAlone="true">case-123</Conference><Speak>Bye</Speak>',
      ),
    );
    app.on('/agent', () => xml('<Conference endConferenceOnExit="true">case-123</Conference>'));
    const customer = inbound('/customer');
    await customer.waitFor('conference_joined');
    const agent = inbound('/agent');
    expect((await agent.waitFor('conference_joined')).size).toBe(2);
    agent.hangup('caller');
    expect((await customer.waitFor('conference_left')).reason).toBe('conference ended');
    await customer.waitFor('speak');
  });
});

describe('outbound calls', () => {
  const make = (body: Record<string, unknown>) =>
    fetch(`${sandbox.baseUrl}/Account/${sandbox.authId}/Call/`, {
      method: 'POST',
      headers: {
        'X-Auth-ID': sandbox.authId,
        'X-Auth-Token': sandbox.authToken,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        from: '+918000000000',
        answer_url: `${app.url}/answer`,
        hangup_url: `${app.url}/hangup`,
        ...body,
      }),
    });

  it('reports a busy destination on hangup_url without fetching answer_url', async () => {
    await setup({ endpoints: { '+919811111111': { kind: 'busy' } } });
    expect((await make({ to: '+919811111111' })).status).toBe(201);
    const req = await app.waitFor((r) => r.path === '/hangup');
    expect(req.params).toMatchObject({ CallStatus: 'busy', HangupCause: 'USER_BUSY', Direction: 'outbound' });
    expect(app.requests.some((r) => r.path === '/answer')).toBe(false);
  });

  it('gives up after ring_timeout with no-answer', async () => {
    await setup({ endpoints: { '919811111112': { kind: 'no_answer' } } });
    await make({ to: '+919811111112', ring_timeout: 5 });
    const req = await app.waitFor((r) => r.path === '/hangup');
    expect(req.params).toMatchObject({ CallStatus: 'no-answer', HangupCauseCode: '6010' });
  });

  it('cancels a ringing call on DELETE', async () => {
    await setup({ endpoints: { '+919811111113': { kind: 'no_answer' } } });
    const res = await make({ to: '+919811111113' });
    const { request_uuid } = (await res.json()) as { request_uuid: string };
    const call = await sandbox.waitForCall({ to: '+919811111113' });
    expect(call.uuid).toBe(request_uuid);
    const del = await fetch(`${sandbox.baseUrl}/Account/${sandbox.authId}/Call/${request_uuid}/`, {
      method: 'DELETE',
      headers: { 'X-Auth-ID': sandbox.authId, 'X-Auth-Token': sandbox.authToken },
    });
    expect(del.status).toBe(204);
    expect(call.status).toBe('cancel');
    expect(call.hangupInfo).toMatchObject({ code: 1000, source: 'API Request' });
  });
});
