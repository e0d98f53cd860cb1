import { EventEmitter } from 'node:events';
import { createHandoff, explicitRequest, type HandoffOptions, keywords } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { initializeLogger, llm, voice } from '@livekit/agents';
import { describe, expect, it, vi } from 'vitest';
import { attachHandoff, turnFromMessage } from './attach.js';
import { resolveCallId, restoreUuid } from './call-id.js';
import { defaultSay } from './say.js';
import { livekitSipTransferProvider, type SipClientLike } from './sip-transfer.js';

initializeLogger({ pretty: false, level: 'error' });

const DESTINATIONS: HandoffOptions['destinations'] = {
  billing: { label: 'Billing', number: '+919800000001' },
  triage: { label: 'Triage nurse', sip: 'sip:nurse@pbx.example.com', ringTimeoutSec: 25 },
};

/**
 * A hand-built stand-in for `voice.AgentSession`: emits the SDK's own event payloads (built with
 * `voice.create*Event` and `llm.ChatMessage`) without a room, for the parts the offline harness
 * cannot produce (STT transcription events, speech metrics in seconds, a TTS-less say).
 */
class FakeAgentSession extends EventEmitter {
  readonly said: string[] = [];
  readonly replies: Array<Record<string, unknown>> = [];
  readonly chatUpdates: string[][] = [];
  hasTts = true;
  currentAgent = {
    chatCtx: llm.ChatContext.empty(),
    updateChatCtx: async (ctx: llm.ChatContext) => {
      this.chatUpdates.push(
        ctx.items.filter((i): i is llm.ChatMessage => i.type === 'message').map((m) => m.textContent ?? ''),
      );
    },
  };
  say(text: string) {
    if (!this.hasTts) throw new Error('trying to generate speech from text without a TTS model');
    this.said.push(text);
    return { waitForPlayout: async () => {} };
  }
  generateReply(options: Record<string, unknown>) {
    this.replies.push(options);
    return { waitForPlayout: async () => {} };
  }
  asSession(): voice.AgentSession {
    return this as unknown as voice.AgentSession;
  }
}

const HEX = '0a1b2c3d4e5f4a6b8c7d9e0f1a2b3c4d';
const UUID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const sipParticipant = {
  identity: 'sip_+919811111111',
  attributes: {
    'sip.h.x-vh-handoffcall': HEX,
    'sip.phoneNumber': '+919811111111',
    'sip.trunkPhoneNumber': '+918000000000',
    'sip.callID': 'SCL_abc',
  },
};

function message(
  role: 'user' | 'assistant',
  text: string,
  extra: Partial<ConstructorParameters<typeof llm.ChatMessage>[0]> = {},
) {
  return llm.ChatMessage.create({ role, content: text, ...extra });
}

describe('call id', () => {
  it('restores the dashes of a 32-hex Vobiz CallUUID and reads mapped attributes', () => {
    expect(restoreUuid(HEX)).toBe(UUID);
    expect(restoreUuid(UUID)).toBe(UUID);
    expect(resolveCallId({ participant: sipParticipant })).toBe(UUID);
    expect(
      resolveCallId({
        participant: { identity: 'x', attributes: { vobiz_call: HEX } },
        attributes: ['vobiz_call'],
      }),
    ).toBe(UUID);
    expect(resolveCallId({ callId: 'explicit', participant: sipParticipant })).toBe('explicit');
    expect(() => resolveCallId({ participant: { identity: 'x', attributes: {} } })).toThrow(/call id/);
  });
});

describe('attachHandoff with the SDK event payloads', () => {
  it('maps messages (ms createdAt, seconds metrics), final transcripts, and ignores the rest', () => {
    const handoff = createHandoff({ transfer: new FakeTransferProvider(), destinations: DESTINATIONS });
    const fake = new FakeAgentSession();
    const detach = attachHandoff(fake.asSession(), handoff, { participant: sipParticipant });
    expect(detach.callId).toBe(UUID);
    expect(detach.session.from).toBe('+919811111111');

    const t0 = 1_795_000_000_000;
    fake.emit(
      'user_input_transcribed',
      voice.createUserInputTranscribedEvent({ transcript: 'mera refund', isFinal: false, createdAt: t0 }),
    );
    expect(detach.session.turns).toHaveLength(0);
    fake.emit(
      'user_input_transcribed',
      voice.createUserInputTranscribedEvent({
        transcript: 'mera refund chahiye',
        isFinal: true,
        createdAt: t0 + 500,
      }),
    );
    fake.emit(
      'user_input_transcribed',
      voice.createUserInputTranscribedEvent({
        transcript: 'order 4521 ka',
        isFinal: true,
        createdAt: t0 + 550,
      }),
    );
    // LiveKit commits the turn's finals as one message: recorded once, not again.
    fake.emit(
      'conversation_item_added',
      voice.createConversationItemAddedEvent(
        message('user', 'mera refund chahiye order 4521 ka', {
          createdAt: t0 + 600,
          transcriptConfidence: 0.82,
        }),
      ),
    );
    fake.emit(
      'conversation_item_added',
      voice.createConversationItemAddedEvent(
        message('assistant', 'Zaroor, order number bataiye.', {
          createdAt: t0 + 2_000,
          metrics: { startedSpeakingAt: (t0 + 1_500) / 1000, stoppedSpeakingAt: (t0 + 3_250) / 1000 },
          interrupted: true,
        }),
      ),
    );
    fake.emit(
      'conversation_item_added',
      voice.createConversationItemAddedEvent(message('system' as 'user', 'sys')),
    );
    fake.emit(
      'conversation_item_added',
      voice.createConversationItemAddedEvent(llm.AgentHandoffItem.create({ newAgentId: 'a' })),
    );

    const turns = detach.session.turns;
    expect(turns.map((t) => [t.role, t.text])).toEqual([
      ['caller', 'mera refund chahiye'],
      ['caller', 'order 4521 ka'],
      ['agent', 'Zaroor, order number bataiye.'],
    ]);
    // Typed input (no STT finals pending) is recorded from the message itself.
    fake.emit(
      'conversation_item_added',
      voice.createConversationItemAddedEvent(message('user', 'typed text')),
    );
    expect(detach.session.turns.at(-1)?.text).toBe('typed text');
    expect(turns[2]).toMatchObject({ at: t0 + 1_500, endAt: t0 + 3_250, interrupted: true });
    detach();
    expect(detach.session.ended).toBe(true);
    fake.emit('conversation_item_added', voice.createConversationItemAddedEvent(message('user', 'late')));
    expect(detach.session.turns).toHaveLength(4);
  });

  it('turnFromMessage keeps confidence and falls back to createdAt', () => {
    const turn = turnFromMessage(message('user', 'hi', { createdAt: 1234, transcriptConfidence: 0.5 }));
    expect(turn).toMatchObject({ role: 'caller', text: 'hi', at: 1234, confidence: 0.5 });
  });

  it('a transfer rule on a final transcript: farewell via generateReply without a TTS, then transfer', async () => {
    const provider = new FakeTransferProvider();
    const handoff = createHandoff({
      transfer: provider,
      destinations: DESTINATIONS,
      triggers: [explicitRequest()],
    });
    const fake = new FakeAgentSession();
    fake.hasTts = false;
    const detach = attachHandoff(fake.asSession(), handoff, { participant: sipParticipant });
    fake.emit(
      'user_input_transcribed',
      voice.createUserInputTranscribedEvent({ transcript: 'agent se baat karao', isFinal: true }),
    );
    await provider.waitForRequests(1);
    expect(fake.replies).toHaveLength(1);
    expect(String(fake.replies[0]?.instructions)).toContain('Billing');
    expect(provider.requests[0]?.callId).toBe(UUID);
    expect(detach.session.firings[0]?.kind).toBe('explicit_request');
    detach();
  });

  it('a suggest firing becomes an instruction for the next reply', async () => {
    const handoff = createHandoff({
      transfer: new FakeTransferProvider(),
      destinations: DESTINATIONS,
      triggers: [keywords({ words: ['lawyer'], action: 'suggest' })],
    });
    const fake = new FakeAgentSession();
    const detach = attachHandoff(fake.asSession(), handoff, { callId: 'c1' });
    fake.emit(
      'conversation_item_added',
      voice.createConversationItemAddedEvent(message('user', 'I will call my lawyer')),
    );
    await vi.waitFor(() => expect(fake.chatUpdates).toHaveLength(1));
    expect(fake.chatUpdates[0]?.at(-1)).toMatch(/Offer to transfer/);

    const onSuggest = vi.fn();
    detach();
    const again = attachHandoff(fake.asSession(), handoff, { callId: 'c2', onSuggest: 'reply' });
    fake.emit(
      'conversation_item_added',
      voice.createConversationItemAddedEvent(message('user', 'my lawyer says')),
    );
    expect(fake.replies).toHaveLength(1);
    again();
    const third = attachHandoff(fake.asSession(), handoff, { callId: 'c3', onSuggest });
    fake.emit(
      'conversation_item_added',
      voice.createConversationItemAddedEvent(message('user', 'lawyer lawyer')),
    );
    expect(onSuggest).toHaveBeenCalledTimes(1);
    third();
  });

  it('ends the core session on close', () => {
    const handoff = createHandoff({ transfer: new FakeTransferProvider(), destinations: DESTINATIONS });
    const fake = new FakeAgentSession();
    const detach = attachHandoff(fake.asSession(), handoff, { callId: 'c-close' });
    fake.emit('close', voice.createCloseEvent(voice.CloseReason.PARTICIPANT_DISCONNECTED));
    expect(detach.session.ended).toBe(true);
    expect(fake.listenerCount('conversation_item_added')).toBe(0);
  });
});

describe('defaultSay', () => {
  it('says and waits for playout when a TTS exists', async () => {
    const fake = new FakeAgentSession();
    await defaultSay(fake.asSession(), 'Connecting you now.');
    expect(fake.said).toEqual(['Connecting you now.']);
    expect(fake.replies).toHaveLength(0);
  });
});

describe('livekitSipTransferProvider (SIP REFER)', () => {
  it('REFERs the bound SIP participant with X-VH-* headers, after the farewell', async () => {
    const calls: Array<{ room: string; identity: string; to: string; opts: unknown }> = [];
    const order: string[] = [];
    const sipClient: SipClientLike = {
      transferSipParticipant: async (room, identity, to, opts) => {
        order.push('refer');
        calls.push({ room, identity, to, opts });
      },
    };
    const provider = livekitSipTransferProvider({ sipClient });
    const handoff = createHandoff({ transfer: provider, destinations: DESTINATIONS });
    const fake = new FakeAgentSession();
    const detach = attachHandoff(fake.asSession(), handoff, {
      participant: sipParticipant,
      sipTransfer: { provider, roomName: 'call-room' },
      say: async () => {
        order.push('say');
      },
    });
    fake.emit(
      'conversation_item_added',
      voice.createConversationItemAddedEvent(message('user', 'chest pain since morning')),
    );
    const result = await detach.session.transfer(
      { reason: 'chest pain', department: 'triage', urgency: 'high' },
      {
        beforeTransfer: async () => {
          order.push('say');
        },
      },
    );
    expect(result.status).toBe('transferring');
    expect(order).toEqual(['say', 'refer']);
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call.room).toBe('call-room');
    expect(call.identity).toBe('sip_+919811111111');
    expect(call.to).toBe('sip:nurse@pbx.example.com');
    const opts = call.opts as { headers: Record<string, string>; ringingTimeout?: number };
    expect(opts.ringingTimeout).toBe(25);
    expect(opts.headers['X-VH-HandoffId']).toBe(result.handoffId.replace(/[^A-Za-z0-9]/g, ''));
    expect(opts.headers['X-VH-Department']).toBe('triage');
    expect(opts.headers['X-VH-Urgency']).toBe('high');
    detach();
  });

  it('a failed REFER is a failed attempt, and an unbound call cannot be transferred', async () => {
    const provider = livekitSipTransferProvider({
      sipClient: {
        transferSipParticipant: async () => Promise.reject(new Error('twirp: REFER rejected 603')),
      },
    });
    const handoff = createHandoff({ transfer: provider, destinations: DESTINATIONS });
    const fake = new FakeAgentSession();
    const detach = attachHandoff(fake.asSession(), handoff, {
      participant: sipParticipant,
      sipTransfer: { provider, roomName: 'r' },
    });
    const result = await detach.session.transfer({ reason: 'x', department: 'billing' });
    expect(result.status).not.toBe('transferring');
    expect(result.reason).toBe('transfer_failed');
    detach();
    await expect(
      provider.transfer({ callId: UUID } as Parameters<typeof provider.transfer>[0]),
    ).rejects.toThrow(/no room/);
  });
});

describe('failureMessage', () => {
  it('relays the ladder words only for rungs a LiveKit agent can honour', async () => {
    const { failureMessage } = await import('./sequence.js');
    const base = { handoffId: 'h', status: 'failed' as const, reason: 'transfer_failed' };
    expect(
      failureMessage({
        ...base,
        sayToCaller: 'We will call you back.',
        fallback: { kind: 'callback', sayToCaller: 'x' },
      }),
    ).toContain('Tell the caller: "We will call you back."');
    expect(
      failureMessage({
        ...base,
        sayToCaller: 'Leave a message.',
        fallback: { kind: 'voicemail', sayToCaller: 'x' },
      }),
    ).not.toContain('Leave a message');
    expect(
      failureMessage({
        handoffId: 'h',
        status: 'rejected',
        reason: 'after_hours',
        sayToCaller: 'Closed till 9.',
      }),
    ).toMatch(/closed.*Closed till 9/s);
  });
});
