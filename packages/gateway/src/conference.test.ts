import { createHandoff } from '@handoff/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  callAndTransfer,
  DESTINATIONS,
  DID,
  human,
  LOANS,
  type Stack,
  SUPPORT,
  start,
} from './__fixtures__/conference-stack.js';
import { until, waitForStatus } from './__fixtures__/harness.js';
import type { ConsultSession } from './conference-consult.js';
import { createGateway } from './gateway.js';
import type { GatewayOptions } from './options.js';

// The conference strategy end to end against the Vobiz sandbox (issue 17, items 1 and 3): the
// human is rung during the farewell, briefed alone, and walks into the room the caller waits in.

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe('conference strategy (Vobiz sandbox end to end)', () => {
  it('rings the human during the farewell, briefs them alone, then joins them to the waiting caller', async () => {
    stack = await start({ sandbox: { endpoints: { [LOANS]: { kind: 'answer', afterMs: 20 } } } });
    const { call, result, humansAtFarewellEnd } = await callAndTransfer(stack, 'until-rung');
    const loans = await human(stack, LOANS);
    const handoffId = (await result).handoffId;
    // The human's phone rang before the farewell had finished.
    expect(humansAtFarewellEnd).toContain(LOANS);
    expect(await result).toMatchObject({ status: expect.stringMatching(/transferring|ringing|connected/) });

    // Machine detection ran, the person heard the brief on their own leg, then entered the room.
    const answer = await until(() =>
      loans.events('callback').find((e) => e.purpose === 'answer' && e.params.Machine !== undefined),
    );
    expect(answer.params.Machine).toBe('false');
    const brief = await loans.waitFor('speak');
    expect(brief.text).toContain('Asha');
    expect(call.spoken.join(' ')).not.toContain('Asha');
    await loans.waitFor('conference_joined');
    await call.waitFor('conference_joined');
    const connected = await waitForStatus(stack.handoff, handoffId, 'connected');
    expect(connected.context.timings.bridgedAt).toBeDefined();

    // The human hangs up after talking: the room ends, the caller's leg ends, the handoff completes.
    loans.hangup('caller');
    await call.waitFor('hangup');
    const done = await waitForStatus(stack.handoff, handoffId, 'completed');
    expect(done.context.dialAttempts).toHaveLength(1);
  });

  it('never briefs a voicemail: the attempt ends as voicemail and the next destination is rung', async () => {
    stack = await start({
      sandbox: {
        endpoints: {
          [LOANS]: { kind: 'voicemail', afterMs: 20 },
          [SUPPORT]: { kind: 'answer', afterMs: 20 },
        },
      },
    });
    const { call, result } = await callAndTransfer(stack);
    const { handoffId } = await result;
    const loans = await human(stack, LOANS);
    const support = await human(stack, SUPPORT);
    await support.waitFor('conference_joined');
    await call.waitFor('conference_joined');
    const record = await waitForStatus(stack.handoff, handoffId, 'connected');
    expect(loans.events('speak')).toHaveLength(0);
    await loans.waitFor('hangup');
    expect(record.context.dialAttempts.map((a) => [a.destination, a.outcome])).toEqual([
      ['loans', 'voicemail'],
      ['support', undefined],
    ]);
  });

  it('an IVR with nobody else to try sends the caller back to the AI with the reason', async () => {
    stack = await start({
      // Picks up well after the caller was moved (a second, against a 20 ms farewell).
      sandbox: { endpoints: { [LOANS]: { kind: 'ivr', afterMs: 1000 } } },
      handoff: { destinations: { loans: { number: LOANS, label: 'Relationship manager' } } },
      gateway: { ringTimeoutSec: 6000 },
    });
    const { call, result } = await callAndTransfer(stack, 20);
    const { handoffId } = await result;
    const record = await waitForStatus(stack.handoff, handoffId, 'voicemail');
    expect(record.lastStep).toMatchObject({ kind: 'back_to_ai', reason: 'voicemail' });
    // The caller had already gone to wait: the ladder's document brings them back to the AI.
    await until(() => call.events('stream_connected').length >= 2 || undefined);
    expect(call.spoken.join(' ')).toContain('did not pick up');
    const ivr = await human(stack, LOANS);
    expect(ivr.events('speak')).toHaveLength(0);
  });

  it('a human who declines is the declined outcome, and the ladder rings the next one', async () => {
    stack = await start({
      sandbox: {
        endpoints: { [LOANS]: { kind: 'reject', afterMs: 20 }, [SUPPORT]: { kind: 'answer', afterMs: 20 } },
      },
    });
    const { call, result } = await callAndTransfer(stack);
    const { handoffId } = await result;
    await call.waitFor('conference_joined');
    const record = await waitForStatus(stack.handoff, handoffId, 'connected');
    expect(record.context.dialAttempts[0]).toMatchObject({ destination: 'loans', outcome: 'declined' });
  });

  it('a human who hangs up during the brief is declined; nobody is joined to the caller for it', async () => {
    stack = await start({
      sandbox: { endpoints: { [LOANS]: { kind: 'answer', afterMs: 1000 } } },
      handoff: { destinations: { loans: { number: LOANS, label: 'Relationship manager' } } },
      gateway: { ringTimeoutSec: 6000 },
    });
    const { call, result } = await callAndTransfer(stack, 20);
    const { handoffId } = await result;
    const loans = await human(stack, LOANS);
    await loans.waitFor('speak');
    loans.hangup('caller');
    const record = await waitForStatus(stack.handoff, handoffId, 'declined');
    expect(record.context.dialAttempts[0]?.detail).toContain('during the brief');
    expect(loans.events('conference_joined')).toHaveLength(0);
    await until(() => call.events('stream_connected').length >= 2 || undefined);
  });

  it('a caller who hangs up while waiting ends the handoff and the human’s ringing phone', async () => {
    stack = await start({ sandbox: { endpoints: { [LOANS]: { kind: 'no_answer' } } } });
    const { call, result } = await callAndTransfer(stack, 20);
    const { handoffId } = await result;
    await call.waitFor('conference_joined');
    const loans = await human(stack, LOANS);
    call.hangup('caller');
    await waitForStatus(stack.handoff, handoffId, 'caller_hung_up');
    await loans.waitFor('hangup');
    expect(loans.hangupInfo?.source).toBe('API Request');
    expect(loans.events('speak')).toHaveLength(0);
  });

  it('bounds the wait: nobody joins in time, the attempt is unanswered and the next rung runs', async () => {
    stack = await start({
      sandbox: { endpoints: { [LOANS]: { kind: 'no_answer' } } },
      handoff: { destinations: { loans: { number: LOANS, label: 'Relationship manager' } } },
      gateway: { ringTimeoutSec: 6000, conference: { maxWaitSec: 0.3 } },
    });
    const { call, result } = await callAndTransfer(stack, 20);
    const { handoffId } = await result;
    await call.waitFor('conference_joined');
    const record = await waitForStatus(stack.handoff, handoffId, 'no_answer');
    expect(record.context.dialAttempts[0]?.detail).toContain('nobody joined');
    const loans = await human(stack, LOANS);
    await loans.waitFor('hangup');
    await until(() => call.events('stream_connected').length >= 2 || undefined);
  });

  it('a human who does not pick up while the caller still hears the farewell: the caller stays with the AI', async () => {
    stack = await start({
      sandbox: { endpoints: { [LOANS]: { kind: 'busy', afterMs: 10 } } },
      handoff: { destinations: { loans: { number: LOANS, label: 'Relationship manager' } } },
    });
    // The farewell lasts until the human's line has answered busy.
    const { call, result } = await callAndTransfer(stack, () =>
      until(async () => (await stack!.handoff.list()).some((r) => r.status === 'busy') || undefined),
    );
    const answer = await result;
    expect(answer.status).toBe('busy');
    expect(answer.fallback).toMatchObject({ kind: 'back_to_ai', reason: 'busy' });
    expect(call.events('transfer')).toHaveLength(0);
    expect(call.events('stream_connected')).toHaveLength(1);
  });
});

describe('consult mode (keys)', () => {
  const consult: Partial<GatewayOptions> = { conference: { consult: 'keys' } };
  // The keys prompt waits 10 Vobiz seconds: 1 s here, time enough for a loaded machine to press.
  const SLOWER = { timeScale: 0.1 };

  it('the human takes the call with 1 after the brief, and only then joins the caller', async () => {
    stack = await start({
      sandbox: { ...SLOWER, endpoints: { [LOANS]: { kind: 'answer', afterMs: 20 } } },
      gateway: consult,
    });
    const { call, result } = await callAndTransfer(stack, 20);
    const { handoffId } = await result;
    const loans = await human(stack, LOANS);
    await loans.waitFor('speak', { match: (e) => e.text.includes('Press 1 to take the call') });
    expect(loans.events('conference_joined')).toHaveLength(0);
    loans.pressDigits('1');
    await loans.waitFor('conference_joined');
    await call.waitFor('conference_joined');
    await waitForStatus(stack.handoff, handoffId, 'connected');
  });

  it('the accept key cuts the brief short: the human walks in without hearing the rest', async () => {
    stack = await start({
      // Real time, so the brief lasts seconds and the key lands inside it on any machine.
      sandbox: { timeScale: 1, endpoints: { [LOANS]: { kind: 'answer', afterMs: 20 } } },
      gateway: { conference: { consult: 'keys', machineDetection: false } },
    });
    const { call, result } = await callAndTransfer(stack, 20);
    const { handoffId } = await result;
    const loans = await human(stack, LOANS);
    await loans.waitFor('speak', { match: (e) => e.text.includes('Asha') });
    loans.pressDigits('1');
    await loans.waitFor('conference_joined');
    await call.waitFor('conference_joined');
    await waitForStatus(stack.handoff, handoffId, 'connected');
    expect(loans.events('speak').some((e) => e.text.includes('Press 1'))).toBe(false);
  });

  it('a human who declines with a reason: declined, the reason on the attempt, the next human rung', async () => {
    stack = await start({
      sandbox: {
        ...SLOWER,
        endpoints: { [LOANS]: { kind: 'answer', afterMs: 20 }, [SUPPORT]: { kind: 'answer', afterMs: 20 } },
      },
      gateway: consult,
    });
    const { call, result } = await callAndTransfer(stack, 20);
    const { handoffId } = await result;
    const loans = await human(stack, LOANS);
    await loans.waitFor('gather_started');
    loans.pressDigits('3');
    await loans.waitFor('hangup');
    const support = await human(stack, SUPPORT);
    await support.waitFor('gather_started');
    support.pressDigits('1');
    await call.waitFor('conference_joined');
    const record = await waitForStatus(stack.handoff, handoffId, 'connected');
    expect(record.context.dialAttempts[0]).toMatchObject({
      destination: 'loans',
      outcome: 'declined',
      detail: 'the human declined: wrong team',
    });
    expect(loans.events('conference_joined')).toHaveLength(0);
  });

  it('a caller who hangs up during the consult ends the handoff and the human’s call', async () => {
    stack = await start({
      sandbox: { ...SLOWER, endpoints: { [LOANS]: { kind: 'answer', afterMs: 20 } } },
      gateway: consult,
    });
    const { call, result } = await callAndTransfer(stack, 20);
    const { handoffId } = await result;
    const loans = await human(stack, LOANS);
    await loans.waitFor('gather_started');
    call.hangup('caller');
    await waitForStatus(stack.handoff, handoffId, 'caller_hung_up');
    await loans.waitFor('hangup');
    expect(loans.hangupInfo?.source).toBe('API Request');
    expect(loans.events('conference_joined')).toHaveLength(0);
  });
});

describe('consult mode (stream)', () => {
  const consult: Partial<GatewayOptions> = { conference: { consult: 'stream' } };

  /** A consult agent that answers from the packet, then does what `decide` says. */
  function agent(s: Stack, decide: (session: ConsultSession) => Promise<void> | undefined) {
    const sessions: ConsultSession[] = [];
    s.gateway.onConsult((socket, session) => {
      sessions.push(session);
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { event: string };
        if (message.event === 'start') void decide(session);
      });
    });
    return sessions;
  }

  it('the human talks with the agent holding the packet, takes the call, and joins the caller', async () => {
    stack = await start({
      sandbox: { endpoints: { [LOANS]: { kind: 'answer', afterMs: 20 } } },
      gateway: consult,
    });
    const sessions = agent(stack, (session) => session.accept());
    const { call, result } = await callAndTransfer(stack, 20);
    const { handoffId } = await result;
    const loans = await human(stack, LOANS);
    await loans.waitFor('stream_connected');
    await loans.waitFor('conference_joined');
    await call.waitFor('conference_joined');
    await waitForStatus(stack.handoff, handoffId, 'connected');
    expect(sessions[0]).toMatchObject({ handoffId, attempt: 1 });
    expect(sessions[0]!.context.extracted.customer.name).toBe('Asha Rao');
    expect(sessions[0]!.brief).toContain('Asha');
  });

  it('a decline with its reason goes on the attempt, and the caller goes back to the AI', async () => {
    stack = await start({
      sandbox: { endpoints: { [LOANS]: { kind: 'answer', afterMs: 1000 } } },
      handoff: { destinations: { loans: { number: LOANS, label: 'Relationship manager' } } },
      gateway: { ...consult, ringTimeoutSec: 6000 },
    });
    agent(stack, (session) => session.decline('on another call for ten minutes'));
    const { call, result } = await callAndTransfer(stack, 20);
    const { handoffId } = await result;
    const record = await waitForStatus(stack.handoff, handoffId, 'declined');
    expect(record.context.dialAttempts[0]?.detail).toBe(
      'the human declined: on another call for ten minutes',
    );
    expect(record.lastStep).toMatchObject({ kind: 'back_to_ai', reason: 'declined' });
    await until(() => call.events('stream_connected').length >= 2 || undefined);
    const loans = await human(stack, LOANS);
    expect(loans.events('conference_joined')).toHaveLength(0);
  });

  it('a key on the consult socket decides whatever the agent does: 1 takes the call', async () => {
    stack = await start({
      sandbox: { endpoints: { [LOANS]: { kind: 'answer', afterMs: 20 } } },
      gateway: consult,
    });
    const sessions = agent(stack, () => undefined);
    const { call, result } = await callAndTransfer(stack, 20);
    const { handoffId } = await result;
    const loans = await human(stack, LOANS);
    await loans.waitFor('stream_connected');
    await until(() => sessions.length > 0 || undefined);
    loans.stream.sendDtmf('1');
    await loans.waitFor('conference_joined');
    await call.waitFor('conference_joined');
    await waitForStatus(stack.handoff, handoffId, 'connected');
  });

  it('a caller who hangs up during the consult ends it: the human’s call and the socket close', async () => {
    stack = await start({
      sandbox: { endpoints: { [LOANS]: { kind: 'answer', afterMs: 20 } } },
      gateway: consult,
    });
    const sessions = agent(stack, () => undefined);
    const { call, result } = await callAndTransfer(stack, 20);
    const { handoffId } = await result;
    const loans = await human(stack, LOANS);
    await loans.waitFor('stream_connected');
    await until(() => sessions.length > 0 || undefined);
    call.hangup('caller');
    await waitForStatus(stack.handoff, handoffId, 'caller_hung_up');
    await loans.waitFor('stream_closed');
    await loans.waitFor('hangup');
    expect(loans.hangupInfo?.source).toBe('API Request');
  });

  it('without a consult agent the human hears the brief, as today', async () => {
    stack = await start({
      sandbox: { endpoints: { [LOANS]: { kind: 'answer', afterMs: 20 } } },
      gateway: consult,
    });
    const { call, result } = await callAndTransfer(stack, 20);
    const { handoffId } = await result;
    const loans = await human(stack, LOANS);
    expect((await loans.waitFor('speak')).text).toContain('Asha');
    await call.waitFor('conference_joined');
    await waitForStatus(stack.handoff, handoffId, 'connected');
    expect(loans.events('stream_connected')).toHaveLength(0);
  });
});

describe('conference strategy options', () => {
  const handoff = () =>
    createHandoff({ transfer: { name: 'none', transfer: async () => ({}) }, destinations: DESTINATIONS });
  const base = (extra: Partial<GatewayOptions>): GatewayOptions => ({
    handoff: handoff(),
    vobiz: { authToken: 'token', authId: 'MA_TEST', callerId: DID },
    answer: { kind: 'stream' },
    transferStrategy: 'conference',
    ...extra,
  });

  it('refuses what cannot work, up front', () => {
    const invalid = { code: 'invalid_options' };
    expect(() => createGateway(base({ vobiz: { authToken: 'token', authId: 'MA_TEST' } }))).toThrow(
      expect.objectContaining(invalid),
    );
    expect(() =>
      createGateway(
        base({
          vobiz: { authToken: 'token', callerId: DID, client: { makeCall: async () => ({}) as never } },
        }),
      ),
    ).toThrow(expect.objectContaining(invalid));
    expect(() => createGateway(base({ conference: { machineDetectionTimeMs: 500 } }))).toThrow(
      expect.objectContaining(invalid),
    );
    expect(() => createGateway(base({ conference: { maxWaitSec: 0 } }))).toThrow(
      expect.objectContaining(invalid),
    );
    const gateway = createGateway(base({}));
    return gateway.close();
  });

  it('puts the conference routes behind the Vobiz signature check, like every Vobiz route', async () => {
    stack = await start();
    const res = await fetch(`${stack.gateway.publicUrl}/vobiz/conference/ho1/caller?t=x`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'CallUUID=c1&Event=Transfer',
    });
    expect(res.status).toBe(403);
  });

  it('onConsult needs the conference strategy', () => {
    const gateway = createGateway({ ...base({}), transferStrategy: 'dial' });
    expect(() => gateway.onConsult(() => undefined)).toThrow(
      expect.objectContaining({ code: 'invalid_options' }),
    );
    return gateway.close();
  });
});
