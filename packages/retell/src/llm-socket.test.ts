import {
  createHandoff,
  estimateSpeechMs,
  explicitRequest,
  type Instruction,
  keywords,
  recordInboundCall,
} from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { describe, expect, it } from 'vitest';
import { fixture } from './__fixtures__/retell.js';
import { type RetellAgentInterrupt, retellLlmSocket } from './llm-socket.js';

const CALL = '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';
const FAREWELL = 'Connecting you now.';

function setup(sayTimeoutMs = 300) {
  const carrier = new FakeTransferProvider();
  const handoff = createHandoff({
    transfer: carrier,
    gatewayUrl: 'https://gw.example.com',
    destinations: { support: { number: '+919800000002', label: 'Senior care' } },
    triggers: [explicitRequest(), keywords({ words: ['thinking of leaving'], action: 'suggest' })],
    messages: { en: { transferring: FAREWELL } },
    sayTimeoutMs,
  });
  const sent: RetellAgentInterrupt[] = [];
  const instructions: Instruction[] = [];
  const socket = retellLlmSocket(handoff, {
    send: (frame) => sent.push(JSON.parse(frame) as RetellAgentInterrupt),
    onInstruction: (instruction) => instructions.push(instruction),
  });
  const frames = fixture('llm-socket-frames', { callUuid: CALL }) as unknown as Array<
    Record<string, unknown>
  >;
  return { handoff, carrier, sent, instructions, socket, frames };
}

describe('retellLlmSocket (custom-LLM WebSocket)', () => {
  it('a call without X-VH-handoffCall joins the Vobiz call the gateway dialled, and transfers that one', async () => {
    const { socket, frames, carrier, handoff } = setup();
    await recordInboundCall(handoff.store, { callId: CALL, from: ['+919811111111'], to: ['+918000000000'] });
    const details = frames[0]!;
    const call = {
      ...(details.call as Record<string, unknown>),
      custom_sip_headers: {},
      start_timestamp: Date.now(),
    };
    socket.handle({ ...details, call } as never);
    for (const frame of frames.slice(1)) socket.handle(frame as never);
    const reply = await socket.transferToHuman({ reason: 'double charge', department: 'support' });
    expect(reply).toMatchObject({ ok: true });
    expect(carrier.requests.map((r) => r.callId)).toEqual([CALL]);
    expect(handoff.session(CALL)?.turns.length).toBeGreaterThan(0);
  });

  it('joins the call from call_details and takes the socket’s transcript as turns, once each', () => {
    const { socket, frames, handoff } = setup();
    for (const frame of frames) socket.handle(JSON.stringify(frame));
    socket.handle(JSON.stringify(frames[2]));
    socket.handle('not json');
    expect(socket.call?.callId).toBe(CALL);
    expect(handoff.session(CALL)?.turns.map((t) => [t.role, t.text])).toEqual([
      ['agent', 'Hello, how can I help?'],
      ['caller', 'My debit card was charged twice for one purchase.'],
    ]);
  });

  it('your LLM’s transfer_to_human: the farewell goes out as an uninterruptible agent_interrupt, then one transfer', async () => {
    const { socket, frames, carrier, sent } = setup(10_000);
    for (const frame of frames) socket.handle(frame as never);
    const asked = Date.now();
    const reply = await socket.transferToHuman({ reason: 'double charge', department: 'support' });
    expect(reply).toMatchObject({ ok: true, status: 'transferring', said: FAREWELL });
    expect(sent).toEqual([
      {
        response_type: 'agent_interrupt',
        interrupt_id: 1,
        content: FAREWELL,
        content_complete: true,
        no_interruption_allowed: true,
      },
    ]);
    expect(carrier.requests).toHaveLength(1);
    expect(carrier.requestTimes[0]! - asked).toBeGreaterThanOrEqual(estimateSpeechMs(FAREWELL) - 20);
  });

  it('a rule firing on the socket’s transcript speaks and transfers; a suggestion reaches your LLM', async () => {
    const { socket, frames, carrier, sent, instructions } = setup();
    socket.handle(frames[0] as never);
    socket.handle({
      interaction_type: 'response_required',
      response_id: 2,
      transcript: [{ role: 'user', content: 'Honestly I am thinking of leaving.' }],
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(instructions.map((i) => i.purpose)).toEqual(['suggest']);
    socket.handle({
      interaction_type: 'response_required',
      response_id: 3,
      transcript: [
        { role: 'user', content: 'Honestly I am thinking of leaving.' },
        { role: 'user', content: 'Please connect me to a human agent.' },
      ],
    });
    await carrier.waitForRequests(1);
    expect(sent.map((f) => f.content)).toEqual([FAREWELL]);
  });

  it('without a call UUID it transfers nothing and tells your LLM with the core’s words', async () => {
    const { handoff, carrier } = setup();
    const socket = retellLlmSocket(handoff, { send: () => {} });
    socket.handle({ interaction_type: 'call_details', call: { call_id: 'call_x', custom_sip_headers: {} } });
    const reply = await socket.transferToHuman({ reason: 'x' });
    expect(reply).toMatchObject({ ok: false, status: 'error' });
    expect(carrier.requests).toHaveLength(0);
    expect(() => retellLlmSocket(handoff, {} as never)).toThrow(/send/);
  });
});
