import { handoffContextSchema } from '@handoff/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  callAndTransfer,
  human,
  LOANS,
  type Stack,
  SUPPORT,
  start,
} from './__fixtures__/conference-stack.js';
import { until, waitForStatus } from './__fixtures__/harness.js';
import type { ConsultSession } from './conference-consult.js';

// The consult conversation in the packet (issue 17): who said what, when, and what the human
// decided, written to `context.consults` when the consult ends, end to end against the sandbox.

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const ANSWER = { kind: 'answer' as const, afterMs: 20 };

/**
 * A consult agent that transcribes as a platform would: on the stream's start it reports the
 * lines of `script` for the session, then does what `decide` says.
 */
function agent(
  s: Stack,
  script: (session: ConsultSession) => Array<{ role: 'human' | 'ai'; text: string; at?: number }>,
  decide: (session: ConsultSession) => Promise<void> | undefined,
) {
  const sessions: ConsultSession[] = [];
  s.gateway.onConsult((socket, session) => {
    sessions.push(session);
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { event: string };
      if (message.event !== 'start') return;
      for (const turn of script(session)) session.addTurn(turn);
      void decide(session);
    });
  });
  return sessions;
}

describe('the consult conversation in the packet (Vobiz sandbox end to end)', () => {
  it('a consult that ends with the human taking the call: every turn, in order, and the decision', async () => {
    stack = await start({
      sandbox: { endpoints: { [LOANS]: ANSWER } },
      gateway: { conference: { consult: 'stream' } },
    });
    const before = Date.now();
    agent(
      stack,
      (session) => [
        { role: 'ai', text: session.brief },
        { role: 'human', text: 'How much is the loan for?' },
        { role: 'ai', text: 'Forty lakh rupees.' },
        { role: 'human', text: '   ' },
        { role: 'human', text: 'Okay, connect me.' },
      ],
      (session) => session.accept(),
    );
    const { call, result } = await callAndTransfer(stack, 20);
    const { handoffId } = await result;
    await call.waitFor('conference_joined');
    const record = await waitForStatus(stack.handoff, handoffId, 'connected');
    const consults = record.context.consults ?? [];
    expect(consults).toHaveLength(1);
    const [consult] = consults;
    expect(consult).toMatchObject({ attempt: 1, phone: 0, destination: 'loans', language: 'en' });
    expect(consult!.turns.map((t) => [t.role, t.text])).toEqual([
      ['ai', expect.stringContaining('Asha')],
      ['human', 'How much is the loan for?'],
      ['ai', 'Forty lakh rupees.'],
      ['human', 'Okay, connect me.'],
    ]);
    expect(consult!.decision).toMatchObject({ accepted: true, via: 'agent' });
    expect(consult!.decision).not.toHaveProperty('reason');
    const times = consult!.turns.map((t) => t.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(consult!.startedAt).toBeGreaterThanOrEqual(before);
    expect(consult!.endedAt).toBeGreaterThanOrEqual(consult!.startedAt);
    expect(consult!.decision!.at).toBeLessThanOrEqual(consult!.endedAt);
    // The JSON rendering (what CRMs get) carries it, and validates against the published schema.
    const json = JSON.parse(stack.handoff.render.json(record.context));
    expect(handoffContextSchema.parse(json).consults).toEqual(consults);
  });

  it('transcripts reported out of order are recorded in the order they were said', async () => {
    stack = await start({
      sandbox: { endpoints: { [LOANS]: ANSWER } },
      gateway: { conference: { consult: 'stream' } },
    });
    const t0 = Date.now();
    agent(
      stack,
      // The human's question is transcribed after the model's answer to it, as Realtime can do.
      () => [
        { role: 'ai', text: 'Forty lakh rupees.', at: t0 + 2_000 },
        { role: 'human', text: 'How much is the loan for?', at: t0 + 1_000 },
        { role: 'human', text: 'Okay, connect me.', at: t0 + 3_000 },
      ],
      (session) => session.accept(),
    );
    const { call, result } = await callAndTransfer(stack, 20);
    const { handoffId } = await result;
    await call.waitFor('conference_joined');
    const record = await waitForStatus(stack.handoff, handoffId, 'connected');
    const [consult] = record.context.consults ?? [];
    expect(consult!.turns.map((t) => [t.role, t.text, t.at])).toEqual([
      ['human', 'How much is the loan for?', t0 + 1_000],
      ['ai', 'Forty lakh rupees.', t0 + 2_000],
      ['human', 'Okay, connect me.', t0 + 3_000],
    ]);
  });

  it('a human who declines, then one who takes the call: two consults, the reason on the first', async () => {
    stack = await start({
      sandbox: { endpoints: { [LOANS]: ANSWER, [SUPPORT]: ANSWER } },
      gateway: { conference: { consult: 'stream' } },
    });
    agent(
      stack,
      (session) =>
        session.attempt === 1
          ? [{ role: 'human', text: 'I am on another call for ten minutes.' }]
          : [{ role: 'human', text: 'Yes, put them through.' }],
      (session) =>
        session.attempt === 1 ? session.decline('on another call for ten minutes') : session.accept(),
    );
    const { call, result } = await callAndTransfer(stack, 20);
    const { handoffId } = await result;
    await call.waitFor('conference_joined');
    const record = await waitForStatus(stack.handoff, handoffId, 'connected');
    const consults = record.context.consults ?? [];
    expect(consults.map((c) => [c.attempt, c.destination, c.decision?.accepted, c.decision?.reason])).toEqual(
      [
        [1, 'loans', false, 'on another call for ten minutes'],
        [2, 'support', true, undefined],
      ],
    );
    expect(consults[0]!.turns).toEqual([
      { role: 'human', text: 'I am on another call for ten minutes.', at: expect.any(Number) },
    ]);
    expect(record.context.dialAttempts[0]?.detail).toBe(
      'the human declined: on another call for ten minutes',
    );
  });

  it('a key on the socket is the decision, recorded as pressed', async () => {
    stack = await start({
      sandbox: { endpoints: { [LOANS]: ANSWER } },
      gateway: { conference: { consult: 'stream' } },
    });
    const sessions = agent(
      stack,
      () => [{ role: 'ai', text: 'Press 1 to take it.' }],
      () => undefined,
    );
    const { call, result } = await callAndTransfer(stack, 20);
    const { handoffId } = await result;
    const loans = await human(stack, LOANS);
    await loans.waitFor('stream_connected');
    await until(() => sessions.length > 0 || undefined);
    loans.stream.sendDtmf('1');
    await call.waitFor('conference_joined');
    const record = await waitForStatus(stack.handoff, handoffId, 'connected');
    expect(record.context.consults?.[0]?.decision).toMatchObject({ accepted: true, via: 'key' });
  });

  it('a caller who hangs up mid-consult: what was said is kept, undecided; nothing said after it ends', async () => {
    stack = await start({
      sandbox: { endpoints: { [LOANS]: ANSWER } },
      gateway: { conference: { consult: 'stream' } },
    });
    const sessions = agent(
      stack,
      () => [{ role: 'human', text: 'Who is this about?' }],
      () => undefined,
    );
    const { call, result } = await callAndTransfer(stack, 20);
    const { handoffId } = await result;
    const loans = await human(stack, LOANS);
    await loans.waitFor('stream_connected');
    await until(() => sessions.length > 0 || undefined);
    call.hangup('caller');
    await waitForStatus(stack.handoff, handoffId, 'caller_hung_up');
    await loans.waitFor('stream_closed');
    const record = await until(async () => {
      const r = await stack!.handoff.get(handoffId);
      return r?.context.consults?.length ? r : undefined;
    });
    sessions[0]!.addTurn({ role: 'ai', text: 'too late' });
    const [consult] = record.context.consults!;
    expect(consult!.turns.map((t) => t.text)).toEqual(['Who is this about?']);
    expect(consult).not.toHaveProperty('decision');
    expect((await stack.handoff.get(handoffId))?.context.consults).toHaveLength(1);
  });
});
