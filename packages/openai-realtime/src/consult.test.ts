import type { HandoffStatus, PublicHandoffRecord } from '@handoff/core';
import type { SandboxCall } from '@handoff/vobiz-sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type FakeConnection,
  FakeRealtime,
  functionCall,
  spokenReply,
  userSays,
} from './__fixtures__/fake-realtime.js';
import { type Stack, startStack } from './__fixtures__/stack.js';
import { createRealtimeBridge, type RealtimeBridge } from './bridge.js';

// The consult of a conference warm transfer, end to end: a caller talks to the Realtime bridge and
// asks for a person; while the farewell plays the human's phone rings; the human's leg streams to
// `/consult/…`, where the bridge's consult (a second Realtime session, holding the packet) briefs
// them, answers, and reports what they decided.

const API_KEY = 'sk-test-fake';
const LOANS = '+919800000001';
const SUPPORT = '+919800000002';

interface Setup {
  fake: FakeRealtime;
  stack: Stack;
  bridge: RealtimeBridge;
  errors: unknown[];
}

let open: Setup | undefined;

afterEach(async () => {
  if (!open) return;
  open.bridge.close();
  await open.stack.close();
  await open.fake.close();
  open = undefined;
});

async function setup(): Promise<Setup> {
  const fake = await FakeRealtime.start(API_KEY);
  const answer = { kind: 'answer' as const, afterMs: 20 };
  const stack = await startStack({
    sandbox: { endpoints: { [LOANS]: answer, [SUPPORT]: answer } },
    handoff: { sayTimeoutMs: 5000 },
    // Scaled like the sandbox: 60 Vobiz seconds of ringing last 600 ms.
    gateway: { transferStrategy: 'conference', conference: { consult: 'stream' }, ringTimeoutSec: 60 },
  });
  const errors: unknown[] = [];
  const bridge = createRealtimeBridge({
    handoff: stack.handoff,
    openai: { apiKey: API_KEY, baseUrl: fake.url, instructions: 'You are a bank agent.' },
    onError: (error) => errors.push(error),
  });
  stack.gateway.onMedia(bridge.handle);
  stack.gateway.onConsult(bridge.consult);
  open = { fake, stack, bridge, errors };
  return open;
}

function replay(rt: FakeConnection, events: Record<string, unknown>[]): void {
  for (const event of events) rt.send(event);
}

/** The caller asks the Realtime agent for a person; the model calls the tool and says the farewell. */
async function callerAsksForAPerson(s: Setup): Promise<SandboxCall> {
  const call = s.stack.call();
  const rt = await s.fake.connection(0);
  await rt.waitFor('session.update');
  replay(rt, userSays('item_c1', 'I am Asha Rao, I want a home loan of 40 lakh rupees. Get me a person.'));
  const args = {
    reason: 'Caller wants a home loan',
    department: 'loans',
    summary: 'Asha wants a 40 lakh home loan',
  };
  replay(rt, functionCall('resp_1', 'transfer_to_human', JSON.stringify(args)));
  const farewell = await rt.waitFor('response.create', (e) =>
    Boolean((e.response as { instructions?: string } | undefined)?.instructions),
  );
  const said = String((farewell.response as { instructions: string }).instructions);
  replay(rt, spokenReply('resp_2', 'item_a1', said, 10));
  return call;
}

/** The human picks up: the consult's Realtime session is configured, cued, and speaks the brief. */
async function consultStarts(s: Setup, index: number, to: string) {
  const human = await s.stack.sandbox.waitForCall({ direction: 'outbound', to, timeoutMs: 5000 });
  await human.waitFor('stream_connected');
  const rt = await s.fake.connection(index);
  const update = await rt.waitFor('session.update');
  const cue = await rt.waitFor('conversation.item.create');
  await rt.waitFor('response.create');
  replay(rt, spokenReply(`brief_${index}`, `item_b${index}`, 'Asha Rao wants a 40 lakh home loan.', 5));
  await human.waitFor('stream_play_audio');
  return { human, rt, session: update.session as { instructions: string; tools: { name: string }[] }, cue };
}

async function recordOf(s: Setup, call: SandboxCall, status: HandoffStatus): Promise<PublicHandoffRecord> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const record = await s.stack.handoff.forCall(call.uuid);
    if (record?.status === status) return record;
    if (Date.now() > deadline) throw new Error(`the handoff is ${record?.status}, not ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('bridge.consult: the Realtime bridge serves the conference consult', () => {
  it('briefs the human from the packet, answers a question, and an accept puts the caller through', async () => {
    const s = await setup();
    const call = await callerAsksForAPerson(s);
    const { human, rt, session, cue } = await consultStarts(s, 1, LOANS);

    // The consult's own instructions and tools, not the caller's agent's.
    expect(session.instructions).not.toContain('You are a bank agent.');
    expect(session.instructions).toContain('Relationship manager');
    expect(session.instructions).toContain('Asha wants a 40 lakh home loan');
    expect(session.instructions).toContain('Caller: I am Asha Rao');
    expect(session.tools.map((t) => t.name)).toEqual(['accept_call', 'decline_call']);
    expect((cue.item as { role: string }).role).toBe('system');
    // The human's voice reaches the model.
    await rt.waitFor('input_audio_buffer.append');

    replay(rt, userSays('item_q1', 'How much does she want?'));
    replay(rt, spokenReply('resp_q1', 'item_r1', 'Forty lakh rupees.', 3));
    replay(rt, functionCall('resp_ok', 'accept_call', '{}'));

    await human.waitFor('conference_joined', { timeoutMs: 5000 });
    await call.waitFor('conference_joined', { timeoutMs: 5000 });
    const record = await recordOf(s, call, 'connected');
    expect(record.context.dialAttempts).toHaveLength(1);
    await rt.waitClosed();
    expect(s.errors).toEqual([]);
  }, 20_000);

  it("what the human and the AI said goes into the packet's consults, in order, GA and beta event names alike", async () => {
    const s = await setup();
    const call = await callerAsksForAPerson(s);
    const { rt } = await consultStarts(s, 1, LOANS);
    replay(rt, userSays('item_q1', 'How much does she want?'));
    // The beta names of the same reply (`response.audio.delta`, `response.audio_transcript.done`).
    const beta = spokenReply('resp_q1', 'item_r1', 'Forty lakh rupees.', 3).map((e) => ({
      ...e,
      type: String(e.type).replace('response.output_audio', 'response.audio'),
    }));
    replay(rt, beta);
    replay(rt, userSays('item_q2', 'Okay, connect me.'));
    replay(rt, functionCall('resp_ok', 'accept_call', '{}'));

    await call.waitFor('conference_joined', { timeoutMs: 5000 });
    const record = await recordOf(s, call, 'connected');
    const consults = record.context.consults ?? [];
    expect(consults).toHaveLength(1);
    expect(consults[0]!.turns.map((t) => [t.role, t.text])).toEqual([
      ['ai', 'Asha Rao wants a 40 lakh home loan.'],
      ['human', 'How much does she want?'],
      ['ai', 'Forty lakh rupees.'],
      ['human', 'Okay, connect me.'],
    ]);
    const times = consults[0]!.turns.map((t) => t.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(consults[0]!.decision).toMatchObject({ accepted: true, via: 'agent' });
    // The caller's own call keeps its transcript: nothing of the consult is in it.
    expect(record.context.transcript.map((t) => t.text)).not.toContain('How much does she want?');
    expect(s.errors).toEqual([]);
  }, 20_000);

  it('a decline with its reason goes on the attempt, and the ladder rings the next human', async () => {
    const s = await setup();
    const call = await callerAsksForAPerson(s);
    const first = await consultStarts(s, 1, LOANS);
    replay(first.rt, userSays('item_q1', 'I am on another call for ten minutes, sorry.'));
    replay(first.rt, functionCall('resp_no', 'decline_call', '{"reason":"on another call for ten minutes"}'));
    await first.rt.waitClosed();

    // The fallback's human gets a consult of their own, and takes the call.
    const second = await consultStarts(s, 2, SUPPORT);
    expect(second.session.instructions).toContain('Senior care');
    replay(second.rt, functionCall('resp_ok', 'accept_call', '{}'));
    await call.waitFor('conference_joined', { timeoutMs: 5000 });
    const record = await recordOf(s, call, 'connected');
    expect(record.context.dialAttempts[0]).toMatchObject({
      destination: 'loans',
      outcome: 'declined',
      detail: 'the human declined: on another call for ten minutes',
    });
    expect(record.context.destination?.key).toBe('support');
    expect(first.human.events('conference_joined')).toHaveLength(0);
  }, 20_000);

  it('a key decides as well as a word: 2 during the brief declines as busy, and the ladder moves on', async () => {
    const s = await setup();
    const call = await callerAsksForAPerson(s);
    const first = await consultStarts(s, 1, LOANS);
    first.human.stream.sendDtmf('2');
    await first.rt.waitClosed();
    const second = await consultStarts(s, 2, SUPPORT);
    second.human.stream.sendDtmf('1');
    await second.human.waitFor('conference_joined', { timeoutMs: 5000 });
    const record = await recordOf(s, call, 'connected');
    expect(record.context.dialAttempts[0]).toMatchObject({
      outcome: 'declined',
      detail: 'the human declined: busy',
    });
  }, 20_000);

  it('the Realtime session dying mid-consult closes it undecided: the human is put through, the caller is not left', async () => {
    const s = await setup();
    const call = await callerAsksForAPerson(s);
    const { human, rt } = await consultStarts(s, 1, LOANS);
    rt.socket.terminate();
    await human.waitFor('stream_closed', { timeoutMs: 5000 });
    await call.waitFor('conference_joined', { timeoutMs: 5000 });
    const record = await recordOf(s, call, 'connected');
    expect(record.context.dialAttempts).toHaveLength(1);
    expect(s.bridge.active).toBe(0);
  }, 20_000);

  it('the human hanging up mid-consult ends their Realtime session; the attempt is declined and the ladder moves on', async () => {
    const s = await setup();
    const call = await callerAsksForAPerson(s);
    const { human, rt } = await consultStarts(s, 1, LOANS);
    human.hangup('caller');
    await rt.waitClosed();
    const second = await consultStarts(s, 2, SUPPORT);
    replay(second.rt, functionCall('resp_ok', 'accept_call', '{}'));
    const record = await recordOf(s, call, 'connected');
    expect(record.context.dialAttempts[0]).toMatchObject({ destination: 'loans', outcome: 'declined' });
  }, 20_000);
});
