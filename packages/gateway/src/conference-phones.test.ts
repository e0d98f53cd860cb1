import type { HandoffOptions } from '@handoff/core';
import { afterEach, describe, expect, it } from 'vitest';
import { callAndTransfer, human, type Stack, SUPPORT, start } from './__fixtures__/conference-stack.js';
import { until, waitForStatus } from './__fixtures__/harness.js';
import type { ConsultSession } from './conference-consult.js';
import type { GatewayOptions } from './options.js';

// A destination with several numbers in conference mode (issue 17): every phone rings at once, as
// the `<Dial>` strategy rings them; the first human to take the call walks into the room and the
// other phones are hung up; a machine or a "no" on one phone leaves the others ringing.

const DESK = '+919800000011';
const MOBILE = '+919800000012';

const TWO_PHONES: HandoffOptions['destinations'] = {
  loans: { numbers: [DESK, MOBILE], label: 'Relationship manager', fallback: 'support' },
  support: { numbers: [SUPPORT], label: 'Senior care' },
};

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe('conference strategy, a destination with several numbers (Vobiz sandbox end to end)', () => {
  it('rings every number at once; the first to answer walks in and the other phone is hung up', async () => {
    stack = await start({
      sandbox: { endpoints: { [DESK]: { kind: 'answer', afterMs: 20 }, [MOBILE]: { kind: 'no_answer' } } },
      handoff: { destinations: TWO_PHONES },
      // The mobile would ring for a minute: only the gateway ends it.
      gateway: { ringTimeoutSec: 6000 },
    });
    const { call, result } = await callAndTransfer(stack, 20);
    const { handoffId } = await result;
    const desk = await human(stack, DESK);
    // The mobile was rung too although the desk answered: both rang together, not one after the other.
    const mobile = await human(stack, MOBILE);
    await desk.waitFor('conference_joined');
    await call.waitFor('conference_joined');
    const record = await waitForStatus(stack.handoff, handoffId, 'connected');
    await mobile.waitFor('hangup');
    expect(mobile.hangupInfo?.source).toBe('API Request');
    expect(mobile.events('speak')).toHaveLength(0);
    expect(mobile.events('conference_joined')).toHaveLength(0);
    expect(record.context.dialAttempts).toHaveLength(1);
  });

  it('a voicemail on one number does not stop the other: the human on it is briefed and joined', async () => {
    stack = await start({
      sandbox: {
        endpoints: { [DESK]: { kind: 'voicemail', afterMs: 20 }, [MOBILE]: { kind: 'answer', afterMs: 300 } },
      },
      handoff: { destinations: TWO_PHONES },
    });
    const { call, result } = await callAndTransfer(stack, 20);
    const { handoffId } = await result;
    const desk = await human(stack, DESK);
    const mobile = await human(stack, MOBILE);
    await mobile.waitFor('conference_joined');
    await call.waitFor('conference_joined');
    const record = await waitForStatus(stack.handoff, handoffId, 'connected');
    await desk.waitFor('hangup');
    expect(desk.events('speak')).toHaveLength(0);
    expect((await mobile.waitFor('speak')).text).toContain('Asha');
    // One attempt, connected: the machine on the desk phone was not the attempt's outcome.
    expect(record.context.dialAttempts.map((a) => [a.destination, a.outcome])).toEqual([
      ['loans', undefined],
    ]);
  });

  it('every number out is one failed attempt, with the furthest any phone got, and the next rung', async () => {
    stack = await start({
      sandbox: {
        endpoints: {
          [DESK]: { kind: 'busy', afterMs: 10 },
          [MOBILE]: { kind: 'voicemail', afterMs: 20 },
          [SUPPORT]: { kind: 'answer', afterMs: 20 },
        },
      },
      handoff: { destinations: TWO_PHONES },
    });
    const { call, result } = await callAndTransfer(stack, 20);
    const { handoffId } = await result;
    const support = await human(stack, SUPPORT);
    await support.waitFor('conference_joined');
    await call.waitFor('conference_joined');
    const record = await waitForStatus(stack.handoff, handoffId, 'connected');
    expect(record.context.dialAttempts.map((a) => [a.destination, a.outcome])).toEqual([
      ['loans', 'voicemail'],
      ['support', undefined],
    ]);
    expect(record.context.dialAttempts[0]?.detail).toContain('the other phones: busy');
  });
});

describe('several numbers in consult mode (keys)', () => {
  // Real time: the brief and the 10 s prompt leave a loaded machine ample time to press first
  // (machine detection, covered above, would add its 5 s window).
  const consult: Partial<GatewayOptions> = { conference: { consult: 'keys', machineDetection: false } };
  const REAL_TIME = { timeScale: 1 };
  const bothAnswer = {
    [DESK]: { kind: 'answer', afterMs: 20 },
    [MOBILE]: { kind: 'answer', afterMs: 20 },
  } as const;

  it('one human declines, the other takes the call: connected, on one attempt', async () => {
    stack = await start({
      sandbox: { ...REAL_TIME, endpoints: bothAnswer },
      handoff: { destinations: TWO_PHONES },
      gateway: consult,
    });
    const { call, result } = await callAndTransfer(stack, 20);
    const { handoffId } = await result;
    const desk = await human(stack, DESK);
    const mobile = await human(stack, MOBILE);
    await desk.waitFor('gather_started');
    await mobile.waitFor('gather_started');
    desk.pressDigits('2');
    await desk.waitFor('hangup');
    // The decline did not fail the attempt: the mobile is still being asked.
    expect((await stack.handoff.get(handoffId))?.status).toBe('ringing');
    mobile.pressDigits('1');
    await mobile.waitFor('conference_joined');
    await call.waitFor('conference_joined');
    const record = await waitForStatus(stack.handoff, handoffId, 'connected');
    expect(record.context.dialAttempts).toHaveLength(1);
    expect(desk.events('conference_joined')).toHaveLength(0);
  });

  it('the first to take the call walks in; the other human, still at the prompt, is told and hung up', async () => {
    stack = await start({
      sandbox: { ...REAL_TIME, endpoints: bothAnswer },
      handoff: { destinations: TWO_PHONES },
      gateway: consult,
    });
    const { call, result } = await callAndTransfer(stack, 20);
    const { handoffId } = await result;
    const desk = await human(stack, DESK);
    const mobile = await human(stack, MOBILE);
    await desk.waitFor('gather_started');
    await mobile.waitFor('gather_started');
    desk.pressDigits('1');
    await desk.waitFor('conference_joined');
    await mobile.waitFor('hangup');
    await call.waitFor('conference_joined');
    await waitForStatus(stack.handoff, handoffId, 'connected');
    expect(mobile.events('conference_joined')).toHaveLength(0);
    expect(mobile.spoken.some((line) => line.includes('colleague has taken'))).toBe(true);
  });
});

describe('several numbers in consult mode (stream)', () => {
  it('each phone gets its own consult; one declines, the other accepts and walks in', async () => {
    stack = await start({
      sandbox: {
        endpoints: { [DESK]: { kind: 'answer', afterMs: 20 }, [MOBILE]: { kind: 'answer', afterMs: 20 } },
      },
      handoff: { destinations: TWO_PHONES },
      gateway: { conference: { consult: 'stream' } },
    });
    const s = stack;
    const sessions: ConsultSession[] = [];
    s.gateway.onConsult((socket, session) => {
      sessions.push(session);
      socket.on('message', (data) => {
        if ((JSON.parse(String(data)) as { event: string }).event !== 'start') return;
        const deskCall = () => s.sandbox.calls().find((c) => c.direction === 'outbound' && c.to === DESK);
        // The desk's human says no; the mobile's agent answers once that is settled.
        if (session.phone === 0) void session.decline('in a meeting');
        else void until(() => deskCall()?.events('hangup')[0], 10_000).then(() => session.accept());
      });
    });
    const { call, result } = await callAndTransfer(s, 20);
    const { handoffId } = await result;
    const desk = await human(s, DESK);
    const mobile = await human(s, MOBILE);
    await mobile.waitFor('conference_joined');
    await call.waitFor('conference_joined');
    const record = await waitForStatus(s.handoff, handoffId, 'connected');
    expect(record.context.dialAttempts).toHaveLength(1);
    expect(sessions.map((x) => x.phone).sort()).toEqual([0, 1]);
    expect(desk.events('conference_joined')).toHaveLength(0);
  });
});
