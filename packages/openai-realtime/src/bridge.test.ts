import { createHandoff, type TriggerRule } from '@handoff/core';
import type { SandboxCall } from '@handoff/vobiz-sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { type FakeConnection, FakeRealtime, spokenReply } from './__fixtures__/fake-realtime.js';
import { type Stack, startStack, until } from './__fixtures__/stack.js';
import { createRealtimeBridge, type RealtimeBridge } from './bridge.js';

const API_KEY = 'sk-test-fake';

/** The fields of client event items and responses the tests read. */
interface Item {
  type?: string;
  role?: string;
  call_id?: string;
  output?: string;
  instructions?: string;
}

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

async function setup(handoffOptions: Parameters<typeof startStack>[0] = {}): Promise<Setup> {
  const fake = await FakeRealtime.start(API_KEY);
  const stack = await startStack({
    ...handoffOptions,
    handoff: { sayTimeoutMs: 5000, ...handoffOptions.handoff },
  });
  const errors: unknown[] = [];
  const bridge = createRealtimeBridge({
    handoff: stack.handoff,
    openai: { apiKey: API_KEY, baseUrl: fake.url, voice: 'marin', instructions: 'You are a bank agent.' },
    onError: (error) => errors.push(error),
  });
  stack.gateway.onMedia(bridge.handle);
  open = { fake, stack, bridge, errors };
  return open;
}

/** The call rings, the bridge dials Realtime and configures the session. */
async function connect(s: Setup): Promise<{ call: SandboxCall; rt: FakeConnection }> {
  const call = s.stack.call();
  const rt = await s.fake.connection();
  await rt.waitFor('session.update');
  rt.send({ type: 'session.created', session: { id: 'sess_1', type: 'realtime' } });
  rt.send({ type: 'session.updated', session: { id: 'sess_1', type: 'realtime' } });
  return { call, rt };
}

function replay(rt: FakeConnection, events: Record<string, unknown>[]): void {
  for (const event of events) rt.send(event);
}

function callerSays(rt: FakeConnection, itemId: string, transcript: string): void {
  replay(rt, [
    { type: 'input_audio_buffer.speech_started', item_id: itemId, audio_start_ms: 1000 },
    { type: 'input_audio_buffer.speech_stopped', item_id: itemId, audio_end_ms: 2500 },
    { type: 'input_audio_buffer.committed', item_id: itemId, previous_item_id: null },
    {
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: itemId,
      content_index: 0,
      transcript,
    },
  ]);
}

function toolCall(rt: FakeConnection, responseId: string, args: Record<string, unknown> | string): void {
  replay(rt, [
    { type: 'response.created', response: { id: responseId, status: 'in_progress' } },
    {
      type: 'response.output_item.added',
      response_id: responseId,
      output_index: 0,
      item: {
        id: `fc_${responseId}`,
        type: 'function_call',
        name: 'transfer_to_human',
        call_id: `call_${responseId}`,
      },
    },
    {
      type: 'response.function_call_arguments.done',
      response_id: responseId,
      item_id: `fc_${responseId}`,
      output_index: 0,
      call_id: `call_${responseId}`,
      name: 'transfer_to_human',
      arguments: typeof args === 'string' ? args : JSON.stringify(args),
    },
    { type: 'response.done', response: { id: responseId, status: 'completed' } },
  ]);
}

describe('createRealtimeBridge over the Vobiz sandbox', () => {
  it('configures a GA μ-law session with transfer_to_human, relays audio both ways', async () => {
    const s = await setup();
    const { call, rt } = await connect(s);
    expect(rt.request.url).toBe('/v1/realtime?model=gpt-realtime');
    const update = await rt.waitFor('session.update');
    const session = update.session as {
      type: string;
      instructions: string;
      audio: {
        input: { format: unknown; turn_detection: unknown; transcription: { model: unknown } };
        output: unknown;
      };
      tools: unknown;
    };
    expect(session.type).toBe('realtime');
    expect(session.instructions).toBe('You are a bank agent.');
    expect(session.audio.input.format).toEqual({ type: 'audio/pcmu' });
    expect(session.audio.input.turn_detection).toEqual({ type: 'server_vad' });
    expect(session.audio.input.transcription.model).toEqual(expect.any(String));
    expect(session.audio.output).toEqual({ format: { type: 'audio/pcmu' }, voice: 'marin' });
    expect(session.tools).toEqual([
      {
        type: 'function',
        name: 'transfer_to_human',
        description: s.stack.handoff.tool.description,
        parameters: s.stack.handoff.tool.parameters,
      },
    ]);

    // Caller audio: Vobiz media payloads go to Realtime as they are.
    const append = await rt.waitFor('input_audio_buffer.append');
    expect(Buffer.from(String(append.audio), 'base64').length).toBe(160);

    // Model audio: played on the line as μ-law 8 kHz.
    replay(rt, spokenReply('resp_1', 'item_a1', 'Hello, how can I help?', 5));
    await call.waitFor('stream_play_audio');
    const plays = call.events('stream_play_audio');
    expect(plays[0]).toMatchObject({ contentType: 'audio/x-mulaw', sampleRate: 8000, bytes: 160 });
    await until(() => call.events('stream_play_audio').length === 5 || undefined);
  });

  it('full call: the model calls the tool, says the farewell, and only then is the call moved to a human', async () => {
    const s = await setup();
    const { call, rt } = await connect(s);
    replay(rt, spokenReply('resp_1', 'item_a1', 'Hello, this is Acme Bank. How can I help?', 3));
    callerSays(rt, 'item_c1', 'I want to talk to someone about my home loan.');
    toolCall(rt, 'resp_2', {
      reason: 'home loan question',
      department: 'loans',
      summary: 'Caller wants a home loan.',
    });

    const output = await rt.waitFor(
      'conversation.item.create',
      (e) => (e.item as Item | undefined)?.type === 'function_call_output',
    );
    const item = output.item as Item;
    expect(item.call_id).toBe('call_resp_2');
    // The core's answer, as it wrote it: the model learns what the caller is told and to stay quiet.
    const result = JSON.parse(String(item.output));
    expect(result).toMatchObject({ status: 'transferring', ok: true, team: 'Relationship manager' });
    expect(result.said).toMatch(/Relationship manager/);
    expect(result.message).toContain(result.said);

    const create = await rt.waitFor('response.create', (e) =>
      Boolean((e.response as Item | undefined)?.instructions),
    );
    expect(create.response).toMatchObject({ tool_choice: 'none' });
    expect((create.response as Item).instructions).toContain(result.said);
    // The farewell takes a while to play: the call must not move before it has.
    replay(rt, spokenReply('resp_3', 'item_a2', result.said, 25));

    const transfer = await call.waitFor('transfer', { timeoutMs: 10_000 });
    const played = call.events('stream_played').find((e) => String(e.name).startsWith('farewell'));
    expect(played).toBeDefined();
    expect(played!.seq).toBeLessThan(transfer.seq);
    const audioPlayed = call.events('stream_audio_played');
    expect(audioPlayed.length).toBeGreaterThanOrEqual(25);

    await call.waitFor('bridged', { timeoutMs: 10_000 });
    await rt.waitClosed();

    const record = await s.stack.handoff.forCall(call.uuid);
    expect(record?.context.trigger).toMatchObject({ kind: 'tool', reason: 'home loan question' });
    expect(record?.context.destination?.key).toBe('loans');
    const transcript = record!.context.transcript.map((t) => [t.role, t.text]);
    expect(transcript).toEqual(
      expect.arrayContaining([
        ['agent', 'Hello, this is Acme Bank. How can I help?'],
        ['caller', 'I want to talk to someone about my home loan.'],
      ]),
    );
  }, 20_000);

  it('barge-in clears the line and truncates the assistant item at what was played', async () => {
    const s = await setup();
    const { call, rt } = await connect(s);
    // 2 s of reply at real-time playback, then the caller talks over it.
    replay(
      rt,
      spokenReply('resp_1', 'item_a1', 'Let me tell you about all our products in detail.', 100).slice(0, -3),
    );
    await until(() => call.events('stream_play_audio').length === 100 || undefined);
    await new Promise((resolve) => setTimeout(resolve, 60));
    rt.send({ type: 'input_audio_buffer.speech_started', item_id: 'item_c1', audio_start_ms: 3000 });

    const truncate = await rt.waitFor('conversation.item.truncate');
    expect(truncate).toMatchObject({ item_id: 'item_a1', content_index: 0 });
    expect(truncate.audio_end_ms).toBeGreaterThan(0);
    expect(truncate.audio_end_ms).toBeLessThanOrEqual(2000);
    const cleared = await call.waitFor('stream_cleared');
    expect(cleared.droppedBytes).toBeGreaterThan(0);

    // Speech with nothing playing clears nothing.
    rt.send({ type: 'input_audio_buffer.speech_started', item_id: 'item_c2', audio_start_ms: 6000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(call.events('stream_cleared')).toHaveLength(1);
    expect(rt.count('conversation.item.truncate')).toBe(1);

    // The cut-off reply's transcript lands marked as interrupted.
    replay(
      rt,
      spokenReply('resp_1', 'item_a1', 'Let me tell you about all our products in detail.', 0).slice(-2),
    );
    const turn = await until(() => s.stack.handoff.session(call.uuid)?.turns.find((t) => t.role === 'agent'));
    expect(turn.interrupted).toBe(true);
  });

  it('the caller cannot talk over the farewell: no clearAudio, no truncate, the call still moves', async () => {
    const s = await setup();
    const { call, rt } = await connect(s);
    toolCall(rt, 'resp_1', { reason: 'home loan', department: 'loans' });
    const create = await rt.waitFor('response.create', (e) =>
      Boolean((e.response as Item | undefined)?.instructions),
    );
    const farewell = spokenReply('resp_2', 'item_a1', String((create.response as Item).instructions), 50);
    replay(rt, farewell.slice(0, -3));
    await until(() => call.events('stream_play_audio').length === 50 || undefined);
    rt.send({ type: 'input_audio_buffer.speech_started', item_id: 'item_c1', audio_start_ms: 500 });
    replay(rt, farewell.slice(-3));
    await call.waitFor('transfer', { timeoutMs: 10_000 });
    expect(call.events('stream_cleared')).toHaveLength(0);
    expect(rt.count('conversation.item.truncate')).toBe(0);
  }, 20_000);

  it('caller hangs up mid-sentence: the Realtime socket is closed, no handoff is made', async () => {
    const s = await setup();
    const { call, rt } = await connect(s);
    replay(rt, spokenReply('resp_1', 'item_a1', 'Our rates this month are', 50).slice(0, 20));
    await call.waitFor('stream_play_audio');
    call.hangup('caller');
    await rt.waitClosed();
    await until(() => s.bridge.active === 0 || undefined);
    expect(await s.stack.handoff.forCall(call.uuid)).toBeUndefined();
  });

  it('two calls at once: each session plays to its own caller, and one hanging up closes only its session', async () => {
    const s = await setup();
    const first = await connect(s);
    const second = { call: s.stack.call(), rt: await s.fake.connection(1) };
    await second.rt.waitFor('session.update');
    replay(second.rt, spokenReply('resp_2', 'item_b1', 'Hello, second caller', 3));
    await until(() => second.call.events('stream_play_audio').length === 3 || undefined);
    replay(first.rt, spokenReply('resp_1', 'item_a1', 'Hello, first caller', 2));
    await until(() => first.call.events('stream_play_audio').length === 2 || undefined);
    expect(second.call.events('stream_play_audio')).toHaveLength(3);

    first.call.hangup('caller');
    await first.rt.waitClosed();
    await until(() => s.bridge.active === 1 || undefined);
    expect(second.rt.closed).toBe(false);
    replay(second.rt, spokenReply('resp_3', 'item_b2', 'Still here', 1));
    await until(() => second.call.events('stream_play_audio').length === 4 || undefined);
  });

  it('Realtime drops mid-call: the caller is handed to a human with reason ai_unavailable', async () => {
    const s = await setup();
    const { call, rt } = await connect(s);
    callerSays(rt, 'item_c1', 'Hello?');
    await until(() => s.stack.handoff.session(call.uuid)?.turns.length === 1 || undefined);
    rt.socket.terminate();

    await call.waitFor('transfer', { timeoutMs: 10_000 });
    await call.waitFor('bridged', { timeoutMs: 10_000 });
    const record = await s.stack.handoff.forCall(call.uuid);
    expect(record?.context.trigger).toMatchObject({ kind: 'api', reason: 'ai_unavailable' });
    expect(record?.context.transcript.map((t) => t.text)).toContain('Hello?');
  }, 20_000);

  it('Realtime unreachable at the start: the refusal is reported and the caller goes to a human', async () => {
    // The codec hears `close` only once open, or from the error that precedes a close before open.
    const s = await setup();
    await s.fake.close();
    const call = s.stack.call();
    await call.waitFor('transfer', { timeoutMs: 10_000 });
    await call.waitFor('bridged', { timeoutMs: 10_000 });
    const record = await s.stack.handoff.forCall(call.uuid);
    expect(record?.context.trigger.reason).toBe('ai_unavailable');
    expect(s.errors.length).toBeGreaterThan(0);
  }, 20_000);

  it('a fatal Realtime error event triggers the same fallback', async () => {
    const s = await setup();
    const { call, rt } = await connect(s);
    rt.send({ type: 'error', error: { type: 'server_error', code: 'internal', message: 'boom' } });
    await call.waitFor('transfer', { timeoutMs: 10_000 });
    await rt.waitClosed();
    const record = await s.stack.handoff.forCall(call.uuid);
    expect(record?.context.trigger.reason).toBe('ai_unavailable');
  }, 20_000);

  it('an invalid_request_error is reported, not fatal', async () => {
    const s = await setup();
    const { call, rt } = await connect(s);
    rt.send({ type: 'error', error: { type: 'invalid_request_error', code: 'x', message: 'bad truncate' } });
    await until(() => s.errors.length > 0 || undefined);
    replay(rt, spokenReply('resp_1', 'item_a1', 'Still here.', 2));
    await call.waitFor('stream_play_audio');
    expect(await s.stack.handoff.forCall(call.uuid)).toBeUndefined();
  });

  it('a bad tool call comes back to the model as a function_call_output it can act on', async () => {
    const s = await setup();
    const { call, rt } = await connect(s);
    toolCall(rt, 'resp_1', { reason: 'x', department: 'no_such_team' });
    const output = await rt.waitFor(
      'conversation.item.create',
      (e) => (e.item as Item | undefined)?.type === 'function_call_output',
    );
    const body = JSON.parse(String((output.item as Item).output));
    expect(body).toMatchObject({ status: 'invalid_arguments', ok: false });
    expect(body.message).toMatch(/no_such_team/);
    await rt.waitFor('response.create');
    expect(await s.stack.handoff.forCall(call.uuid)).toBeUndefined();
  });

  it('tool arguments that are not JSON are answered to the model, not dropped', async () => {
    const s = await setup();
    const { call, rt } = await connect(s);
    toolCall(rt, 'resp_1', '{"reason": "loan", department');
    const output = await rt.waitFor(
      'conversation.item.create',
      (e) => (e.item as Item | undefined)?.type === 'function_call_output',
    );
    expect((output.item as Item).call_id).toBe('call_resp_1');
    const body = JSON.parse(String((output.item as Item).output));
    expect(body).toMatchObject({ status: 'invalid_arguments', ok: false });
    expect(body.message).toContain('transfer_to_human');
    await rt.waitFor('response.create');
    expect(await s.stack.handoff.forCall(call.uuid)).toBeUndefined();
  });

  it('accepts the beta event names for audio and the agent transcript', async () => {
    const s = await setup();
    const { call, rt } = await connect(s);
    replay(rt, [
      { type: 'response.created', response: { id: 'r1' } },
      {
        type: 'response.audio.delta',
        response_id: 'r1',
        item_id: 'i1',
        delta: Buffer.alloc(160, 1).toString('base64'),
      },
      { type: 'response.audio_transcript.done', response_id: 'r1', item_id: 'i1', transcript: 'Beta hello.' },
      { type: 'response.done', response: { id: 'r1' } },
    ]);
    await call.waitFor('stream_play_audio');
    await until(
      () => s.stack.handoff.session(call.uuid)?.turns.some((t) => t.text === 'Beta hello.') || undefined,
    );
  });

  it('orders turns by when they were spoken: a late caller transcript lands before the reply', async () => {
    const s = await setup();
    const { call, rt } = await connect(s);
    rt.send({ type: 'input_audio_buffer.speech_started', item_id: 'item_c1', audio_start_ms: 100 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    replay(rt, spokenReply('resp_1', 'item_a1', 'Sure, I can help with that.', 2));
    await until(() => s.stack.handoff.session(call.uuid)?.turns.length === 1 || undefined);
    rt.send({
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: 'item_c1',
      content_index: 0,
      transcript: 'Can you help me?',
    });
    const turns = await until(() => {
      const t = s.stack.handoff.session(call.uuid)?.turns;
      return t && t.length === 2 ? t : undefined;
    });
    expect(turns.map((t) => t.role)).toEqual(['caller', 'agent']);
    expect(turns[0]?.sourceId).toBe('item_c1');
  });
});

const FRAUD: TriggerRule = {
  id: 'fraud',
  kind: 'keyword',
  action: 'transfer',
  evaluate: ({ turn }) =>
    turn?.role === 'caller' && /fraud/i.test(turn.text)
      ? { evidence: turn.text, reason: 'fraud reported', department: 'support', urgency: 'high' }
      : undefined,
};

const UNHAPPY: TriggerRule = {
  id: 'unhappy',
  kind: 'sentiment',
  action: 'suggest',
  evaluate: ({ turn }) =>
    turn?.role === 'caller' && /annoyed/i.test(turn.text)
      ? { evidence: turn.text, reason: 'caller annoyed' }
      : undefined,
};

describe('rule firings', () => {
  it('suggest becomes a system message to the model', async () => {
    const s = await setup({ handoff: { triggers: [UNHAPPY] } });
    const { call, rt } = await connect(s);
    callerSays(rt, 'item_c1', 'I am really annoyed by this.');
    const message = await rt.waitFor(
      'conversation.item.create',
      (e) => (e.item as Item | undefined)?.role === 'system',
    );
    expect(JSON.stringify(message.item)).toMatch(/caller annoyed/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The core's default shapes the next reply; it does not ask for one.
    expect(rt.count('response.create')).toBe(0);
    expect(await s.stack.handoff.forCall(call.uuid)).toBeUndefined();
  });

  it("with the core's suggest: 'reply_now', the instruction is followed by a response.create", async () => {
    const s = await setup({ handoff: { triggers: [UNHAPPY], suggest: 'reply_now' } });
    const { rt } = await connect(s);
    callerSays(rt, 'item_c1', 'I am really annoyed by this.');
    await rt.waitFor('conversation.item.create', (e) => (e.item as Item | undefined)?.role === 'system');
    const create = await rt.waitFor('response.create');
    expect((create.response as Item).instructions).toBeUndefined();
  });

  it('transfer runs the farewell sequence itself, after the reply in progress', async () => {
    const s = await setup({ handoff: { triggers: [FRAUD] } });
    const { call, rt } = await connect(s);
    rt.send({ type: 'response.created', response: { id: 'resp_1' } });
    callerSays(rt, 'item_c1', 'There is fraud on my card!');
    await new Promise((resolve) => setTimeout(resolve, 50));
    // No farewell while the model is still replying.
    expect(rt.count('response.create')).toBe(0);
    rt.send({ type: 'response.done', response: { id: 'resp_1' } });
    const create = await rt.waitFor('response.create');
    const instructions = String((create.response as Item).instructions);
    expect(instructions).toMatch(/Senior care/);
    replay(rt, spokenReply('resp_2', 'item_a1', 'Connecting you to Senior care now.', 10));
    const transfer = await call.waitFor('transfer', { timeoutMs: 10_000 });
    const played = call.events('stream_played').find((e) => String(e.name).startsWith('farewell'));
    expect(played!.seq).toBeLessThan(transfer.seq);
    const record = await s.stack.handoff.forCall(call.uuid);
    expect(record?.context.trigger).toMatchObject({ kind: 'rule', rule: 'fraud', reason: 'fraud reported' });
    expect(record?.context.destination?.key).toBe('support');
  }, 20_000);
});

describe('connection', () => {
  it('a rejected API key is a Realtime failure: the caller still reaches a human', async () => {
    const fake = await FakeRealtime.start('sk-the-right-key');
    const stack = await startStack();
    const bridge = createRealtimeBridge({
      handoff: stack.handoff,
      openai: { apiKey: 'sk-wrong', baseUrl: fake.url },
      onError: () => {},
    });
    stack.gateway.onMedia(bridge.handle);
    open = { fake, stack, bridge, errors: [] };
    const call = stack.call();
    await call.waitFor('transfer', { timeoutMs: 10_000 });
    expect(fake.rejected).toEqual(['Bearer sk-wrong']);
  }, 20_000);
});

describe('back to the AI', () => {
  it('a busy human: the caller returns to a fresh Realtime session that knows what they were told', async () => {
    const s = await setup({
      sandbox: { endpoints: { '+919800000001': { kind: 'busy' } } },
      handoff: { destinations: { loans: { number: '+919800000001', label: 'Relationship manager' } } },
    });
    const { call, rt } = await connect(s);
    toolCall(rt, 'resp_1', { reason: 'home loan', department: 'loans' });
    await rt.waitFor('response.create');
    replay(rt, spokenReply('resp_2', 'item_a1', 'Connecting you now.', 3));
    await call.waitFor('transfer', { timeoutMs: 10_000 });
    await rt.waitClosed();

    const resumed = await s.fake.connection(1, 10_000);
    await resumed.waitFor('session.update');
    resumed.send({ type: 'session.created', session: { id: 'sess_2' } });
    const note = await resumed.waitFor(
      'conversation.item.create',
      (e) => (e.item as Item | undefined)?.role === 'system',
    );
    expect(JSON.stringify(note.item)).toMatch(/did not connect \(busy\)/);
    // The call is the AI's again: the model may hand it off a second time.
    expect(call.ended).toBe(false);
  }, 20_000);
});

describe('on any ws server', () => {
  it('handles a bare { callId } and starts the core session itself', async () => {
    const fake = await FakeRealtime.start(API_KEY);
    const handoff = createHandoff({
      transfer: { name: 'none', transfer: async () => ({ requestId: 'none' }) } as never,
      destinations: { support: { number: '+919800000002', label: 'Support' } },
    });
    const bridge = createRealtimeBridge({ handoff, openai: { apiKey: API_KEY, baseUrl: fake.url } });
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    server.on('connection', (socket) => bridge.handle(socket, { callId: 'plain-1', from: '+15550001' }));
    await new Promise((resolve) => server.once('listening', resolve));
    const vobiz = new WebSocket(`ws://127.0.0.1:${(server.address() as { port: number }).port}`);
    const received: string[] = [];
    vobiz.on('message', (data) => received.push(String(data)));
    try {
      await new Promise((resolve) => vobiz.once('open', resolve));
      vobiz.send(
        JSON.stringify({
          event: 'start',
          start: {
            callId: 'plain-1',
            streamId: 'st-1',
            tracks: ['inbound'],
            mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000 },
          },
        }),
      );
      vobiz.send(
        JSON.stringify({
          event: 'media',
          media: { track: 'inbound', payload: Buffer.alloc(160, 0xff).toString('base64') },
        }),
      );
      const rt = await fake.connection();
      await rt.waitFor('input_audio_buffer.append');
      expect(handoff.session('plain-1')).toMatchObject({ platform: 'vobiz', from: '+15550001' });
      expect(handoff.call('plain-1')).toBeDefined();
      replay(rt, spokenReply('r1', 'i1', 'Hi.', 1));
      const play = await until(() => received.find((m) => m.includes('playAudio')));
      expect(JSON.parse(play)).toMatchObject({
        event: 'playAudio',
        streamId: 'st-1',
        media: { contentType: 'audio/x-mulaw', sampleRate: 8000 },
      });
      vobiz.close();
      await rt.waitClosed();
      await until(() => bridge.active === 0 || undefined);
    } finally {
      vobiz.terminate();
      await new Promise((resolve) => server.close(resolve));
      await fake.close();
      await handoff.close();
    }
  });

  it('a closed stream takes its port off the call: a handoff after it voices nothing into the dead socket', async () => {
    const fake = await FakeRealtime.start(API_KEY);
    const moved: string[] = [];
    const reported: string[] = [];
    const handoff = createHandoff({
      transfer: {
        name: 'fake',
        transfer: async (request) => {
          moved.push(request.destination.key);
          return { requestId: 'r1' };
        },
      },
      destinations: { support: { number: '+919800000002', label: 'Support' } },
      onError: (_error, where) => reported.push(where),
    });
    const bridge = createRealtimeBridge({ handoff, openai: { apiKey: API_KEY, baseUrl: fake.url } });
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    server.on('connection', (socket) => bridge.handle(socket, { callId: 'plain-2' }));
    await new Promise((resolve) => server.once('listening', resolve));
    const vobiz = new WebSocket(`ws://127.0.0.1:${(server.address() as { port: number }).port}`);
    try {
      await new Promise((resolve) => vobiz.once('open', resolve));
      const rt = await fake.connection();
      vobiz.close();
      await rt.waitClosed();
      // The call outlives its stream: a CRM can still hand it off, and the carrier moves it at once.
      const call = handoff.call('plain-2');
      const outcome = await call!.toolCall(
        { reason: 'from the CRM', department: 'support' },
        { kind: 'api' },
      );
      expect(outcome.reply.ok).toBe(true);
      expect(moved).toEqual(['support']);
      expect(reported).not.toContain('port-say');
    } finally {
      vobiz.terminate();
      await new Promise((resolve) => server.close(resolve));
      await fake.close();
      await handoff.close();
    }
  });
  it('the caller hanging up during the farewell ends the wait for its checkpoint: the call moves on without waiting out sayTimeoutMs', async () => {
    const fake = await FakeRealtime.start(API_KEY);
    const moved: string[] = [];
    const handoff = createHandoff({
      transfer: {
        name: 'fake',
        transfer: async (request) => {
          moved.push(request.destination.key);
          return { requestId: 'r1' };
        },
      },
      destinations: { support: { number: '+919800000002', label: 'Support' } },
      // Far past the test's own timeout: only the line settling its checkpoint lets the call move.
      sayTimeoutMs: 120_000,
    });
    const bridge = createRealtimeBridge({ handoff, openai: { apiKey: API_KEY, baseUrl: fake.url } });
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    server.on('connection', (socket) => bridge.handle(socket, { callId: 'plain-3' }));
    await new Promise((resolve) => server.once('listening', resolve));
    const vobiz = new WebSocket(`ws://127.0.0.1:${(server.address() as { port: number }).port}`);
    const received: string[] = [];
    vobiz.on('message', (data) => received.push(String(data)));
    try {
      await new Promise((resolve) => vobiz.once('open', resolve));
      vobiz.send(
        JSON.stringify({
          event: 'start',
          start: {
            callId: 'plain-3',
            streamId: 'st-3',
            tracks: ['inbound'],
            mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000 },
          },
        }),
      );
      const rt = await fake.connection();
      await rt.waitFor('session.update');
      await until(() => received.length > 0 || bridge.active === 1 || undefined);
      const moving = handoff
        .call('plain-3')!
        .toolCall({ reason: 'from the CRM', department: 'support' }, { kind: 'api' });
      await rt.waitFor('response.create');
      replay(rt, spokenReply('r1', 'i1', 'Connecting you now.', 1));
      // Vobiz never answers this checkpoint: the caller is gone before the farewell has played.
      await until(() => received.find((m) => m.includes('"checkpoint"')));
      vobiz.close();
      const outcome = await moving;
      expect(outcome.reply.ok).toBe(true);
      expect(moved).toEqual(['support']);
    } finally {
      vobiz.terminate();
      await new Promise((resolve) => server.close(resolve));
      await fake.close();
      await handoff.close();
    }
  }, 20_000);
});
