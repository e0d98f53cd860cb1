import { createRealtimeBridge } from '@handoff/openai-realtime';
import {
  type FakeConnection,
  FakeRealtime,
  spokenReply,
} from '../../../packages/openai-realtime/src/__fixtures__/fake-realtime.js';
import type { DriverContext, DriverResult, DriverScript, PlatformDriver } from '../driver.js';

const API_KEY = 'sk-contract-suite';
const WAIT_MS = 10_000;
/** An agent turn's audio: two 20 ms frames, so the caller can answer 40 ms later without barging in. */
const TURN_FRAMES = 2;
/** A spoken line's audio at 150 words a minute, in 20 ms frames: the farewell takes time to play. */
const framesFor = (text: string) => Math.ceil((text.trim().split(/\s+/u).length * 400) / 20);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Started in `setup`, before the run's call exists: `run` must hand the media socket to the bridge
// before yielding, or Vobiz's `start` frame would reach a socket nobody listens to.
let server: FakeRealtime | undefined;

/**
 * OpenAI Realtime over the gateway's `<Stream>`: the package's bridge on the run's media socket,
 * and a loopback Realtime server as the model, replaying the scenario in the GA event shapes.
 */
export const realtimeDriver: PlatformDriver = {
  platform: 'openai-realtime',
  // Realtime transcription events carry no confidence.
  capabilities: { confidence: false, aiDeath: true },
  async setup() {
    server ??= await FakeRealtime.start(API_KEY);
  },
  async teardown() {
    await server?.close();
    server = undefined;
  },
  async run(ctx: DriverContext, script: DriverScript): Promise<DriverResult> {
    if (!server) throw new Error('realtimeDriver.setup() was not called');
    const errors: unknown[] = [];
    const index = server.connections.length;
    const bridge = createRealtimeBridge({
      handoff: ctx.handoff,
      openai: { apiKey: API_KEY, baseUrl: server.url },
      onError: (error) => errors.push(error),
    });
    bridge.handle(ctx.call.media.socket, ctx.call.media.call);
    const rt = await server.connection(index, WAIT_MS);
    const model = scriptedModel(rt, ctx);
    await rt.waitFor('session.update', undefined, WAIT_MS);
    rt.send({ type: 'session.created', session: { id: `sess_${index}`, type: 'realtime' } });
    rt.send({ type: 'session.updated', session: { id: `sess_${index}`, type: 'realtime' } });
    // The model speaks once the caller's audio flows, i.e. once the bridge has Vobiz's stream id.
    await rt.waitFor('input_audio_buffer.append', undefined, WAIT_MS);

    const result = await replay(ctx, rt, model, script);
    if (errors.length > 0) throw new AggregateError(errors, 'the Realtime bridge reported errors');
    return result;
  },
};

async function replay(
  ctx: DriverContext,
  rt: FakeConnection,
  model: ScriptedModel,
  script: DriverScript,
): Promise<DriverResult> {
  for (let i = 0; i <= script.turns.length; i++) {
    if (script.aiDiesAfterTurn === i) {
      rt.socket.close(1011, 'server_error');
      await rt.waitClosed(WAIT_MS);
      return {};
    }
    if (script.toolCall?.afterTurn === i) {
      const output = model.toolCall(script.toolCall.args);
      const reply = JSON.parse(String((await output).item.output)) as { ok: boolean };
      // Not moving (closed desk): the bridge asks the model to relay the answer, no farewell.
      return reply.ok ? model.farewell() : {};
    }
    const turn = script.turns[i];
    if (!turn) break;
    if (turn.role === 'caller') model.callerSays(turn.text);
    else await model.agentSays(turn.text);
    // Realtime acknowledges no transcript: wait until the bridge has given this one to the core,
    // as an HTTP platform waits for its response, and stop where a rule moved the call.
    const call = await landed(ctx, i + 1);
    if (call?.transferring) return model.farewell();
  }
  return {};
}

async function landed(ctx: DriverContext, turns: number) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const call = ctx.handoff.call(ctx.call.callId);
    if (!call || call.turns.length >= turns) return call;
    if (Date.now() > deadline) throw new Error(`the bridge did not deliver turn ${turns}`);
    await sleep(5);
  }
}

type ScriptedModel = ReturnType<typeof scriptedModel>;

/**
 * The model's side of one Realtime session. It answers every `response.create` the bridge sends:
 * one with `instructions` (the core's "say exactly…") by voicing the quoted line as audio and
 * transcript, any other with an empty response, since the scenario has no line for it.
 */
function scriptedModel(rt: FakeConnection, ctx: DriverContext) {
  const call = ctx.call.sandboxCall;
  let responses = 0;
  let items = 0;
  let said!: (line: { text: string; afterSeq: number }) => void;
  const spoken = new Promise<{ text: string; afterSeq: number }>((resolve) => {
    said = resolve;
  });
  rt.socket.on('message', (data) => {
    const event = JSON.parse(String(data)) as { type: string; response?: { instructions?: string } };
    if (event.type !== 'response.create') return;
    const id = `resp_${++responses}`;
    const instructions = event.response?.instructions;
    const text = instructions?.match(/"(.*)"/su)?.[1];
    if (text === undefined) {
      rt.send({ type: 'response.created', response: { id, status: 'in_progress', output: [] } });
      rt.send({ type: 'response.done', response: { id, status: 'completed', output: [] } });
      return;
    }
    said({ text, afterSeq: call.log.at(-1)?.seq ?? 0 });
    for (const e of spokenReply(id, `item_a${++items}`, text, framesFor(text))) rt.send(e);
  });

  return {
    async agentSays(text: string) {
      for (const e of spokenReply(`resp_${++responses}`, `item_a${++items}`, text, TURN_FRAMES)) rt.send(e);
      // The caller answers once the line has played out in real time, so nothing is barged in on.
      await sleep(TURN_FRAMES * 20 + 10);
    },
    callerSays(transcript: string) {
      const item_id = `item_c${++items}`;
      rt.send({ type: 'input_audio_buffer.speech_started', item_id, audio_start_ms: 0 });
      rt.send({ type: 'input_audio_buffer.speech_stopped', item_id, audio_end_ms: 1500 });
      rt.send({ type: 'input_audio_buffer.committed', item_id, previous_item_id: null });
      rt.send({
        type: 'conversation.item.input_audio_transcription.completed',
        item_id,
        content_index: 0,
        transcript,
      });
    },
    /** The model calls transfer_to_human; resolves with the bridge's `function_call_output`. */
    async toolCall(args: Record<string, unknown>) {
      const id = `resp_${++responses}`;
      const item = {
        id: `fc_${id}`,
        type: 'function_call',
        name: 'transfer_to_human',
        call_id: `call_${id}`,
      };
      rt.send({ type: 'response.created', response: { id, status: 'in_progress' } });
      rt.send({ type: 'response.output_item.added', response_id: id, output_index: 0, item });
      rt.send({
        type: 'response.function_call_arguments.done',
        response_id: id,
        item_id: item.id,
        output_index: 0,
        call_id: item.call_id,
        name: item.name,
        arguments: JSON.stringify(args),
      });
      rt.send({ type: 'response.done', response: { id, status: 'completed' } });
      const output = await rt.waitFor(
        'conversation.item.create',
        (e) => (e.item as { call_id?: string } | undefined)?.call_id === item.call_id,
        WAIT_MS,
      );
      return output as unknown as { item: { output: string } };
    },
    /**
     * The farewell as the caller heard it: its text, and when Vobiz confirmed the checkpoint the
     * bridge sent after its audio (the sandbox's `stream_played`), not when the model finished.
     */
    async farewell(): Promise<DriverResult> {
      const line = await Promise.race([
        spoken,
        sleep(WAIT_MS).then(() => Promise.reject(new Error('the bridge never asked for a farewell'))),
      ]);
      const checkpoint = await call.waitFor('stream_checkpoint', {
        match: (e) => e.seq > line.afterSeq,
        timeoutMs: WAIT_MS,
      });
      const played = await call.waitFor('stream_played', {
        match: (e) => e.name === checkpoint.name,
        timeoutMs: WAIT_MS,
      });
      return { farewell: line.text, farewellDoneAt: played.at };
    },
  };
}
