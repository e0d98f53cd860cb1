import { EventEmitter } from 'node:events';
import { createHandoff, explicitRequest, type HandoffOptions, keywords } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { initializeLogger, llm, voice } from '@livekit/agents';
import { describe, expect, it, vi } from 'vitest';
import { attachHandoff, livekitPort, turnFromMessage } from './attach.js';
import { resolveCallId, restoreUuid } from './call-id.js';
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
  readonly sayOptions: Array<Record<string, unknown> | undefined> = [];
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
  say(text: string, options?: Record<string, unknown>) {
    if (!this.hasTts) throw new Error('trying to generate speech from text without a TTS model');
    this.said.push(text);
    this.sayOptions.push(options);
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
    expect(detach.call.callId).toBe(UUID);
    expect(detach.call.platform).toBe('livekit');
    expect(handoff.session(UUID)?.from).toBe('+919811111111');
    expect(handoff.session(UUID)?.to).toBe('+918000000000');

    const t0 = 1_795_000_000_000;
    fake.emit(
      'user_input_transcribed',
      voice.createUserInputTranscribedEvent({ transcript: 'mera refund', isFinal: false, createdAt: t0 }),
    );
    expect(detach.call.turns).toHaveLength(0);
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

    const turns = detach.call.turns;
    expect(turns.map((t) => [t.role, t.text])).toEqual([
      ['caller', 'mera refund chahiye'],
      ['caller', 'order 4521 ka'],
      ['agent', 'Zaroor, order number bataiye.'],
    ]);
    // The message's confidence (the turn's, averaged by the SDK) scores the turn's last final.
    expect(turns.map((t) => t.confidence)).toEqual([undefined, 0.82, undefined]);
    // Typed input (no STT finals pending) is recorded from the message itself.
    fake.emit(
      'conversation_item_added',
      voice.createConversationItemAddedEvent(message('user', 'typed text')),
    );
    expect(detach.call.turns.at(-1)?.text).toBe('typed text');
    expect(turns[2]).toMatchObject({ at: t0 + 1_500, endAt: t0 + 3_250, interrupted: true });
    detach();
    expect(detach.call.ended).toBe(true);
    fake.emit('conversation_item_added', voice.createConversationItemAddedEvent(message('user', 'late')));
    expect(detach.call.turns).toHaveLength(4);
  });

  it('reports a turn the core rejects instead of throwing into the SDK', () => {
    const errors: string[] = [];
    const handoff = createHandoff({
      transfer: new FakeTransferProvider(),
      destinations: DESTINATIONS,
      onError: (_error, where) => errors.push(where),
    });
    const fake = new FakeAgentSession();
    const detach = attachHandoff(fake.asSession(), handoff, { callId: 'c-bad' });
    expect(() =>
      fake.emit(
        'conversation_item_added',
        voice.createConversationItemAddedEvent(message('user', 'x'.repeat(20_001))),
      ),
    ).not.toThrow();
    expect(errors).toEqual(['livekit-add-turn']);
    detach();
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
    // The core's "say exactly" line, protected from barge-in, with no tool the model could call.
    expect(String(fake.replies[0]?.instructions)).toContain('Billing');
    expect(fake.replies[0]).toMatchObject({ allowInterruptions: false, toolChoice: 'none' });
    expect(provider.requests[0]?.callId).toBe(UUID);
    expect(handoff.session(UUID)?.firings[0]?.kind).toBe('explicit_request');
    detach();
  });

  it('a suggest firing becomes an instruction: in the chat context, a reply now, or your own port', async () => {
    const triggers = [keywords({ words: ['lawyer'], action: 'suggest' })];
    const handoff = createHandoff({
      transfer: new FakeTransferProvider(),
      destinations: DESTINATIONS,
      triggers,
    });
    const fake = new FakeAgentSession();
    const detach = attachHandoff(fake.asSession(), handoff, { callId: 'c1' });
    fake.emit(
      'conversation_item_added',
      voice.createConversationItemAddedEvent(message('user', 'I will call my lawyer')),
    );
    await vi.waitFor(() => expect(fake.chatUpdates).toHaveLength(1));
    expect(fake.chatUpdates[0]?.at(-1)).toMatch(/Offer to transfer/);
    expect(fake.replies).toHaveLength(0);
    detach();

    const replyNow = createHandoff({
      transfer: new FakeTransferProvider(),
      destinations: DESTINATIONS,
      triggers,
      suggest: 'reply_now',
    });
    const again = attachHandoff(fake.asSession(), replyNow, { callId: 'c2' });
    fake.emit(
      'conversation_item_added',
      voice.createConversationItemAddedEvent(message('user', 'my lawyer says')),
    );
    await vi.waitFor(() => expect(fake.replies).toHaveLength(1));
    expect(String(fake.replies[0]?.instructions)).toMatch(/Offer to transfer/);
    again();

    const instruct = vi.fn();
    const third = attachHandoff(fake.asSession(), handoff, { callId: 'c3', port: { instruct } });
    fake.emit(
      'conversation_item_added',
      voice.createConversationItemAddedEvent(message('user', 'lawyer lawyer')),
    );
    await vi.waitFor(() => expect(instruct).toHaveBeenCalledTimes(1));
    expect(instruct.mock.calls[0]?.[0]).toMatchObject({ purpose: 'suggest', respond: false });
    expect(fake.chatUpdates).toHaveLength(1);
    third();
  });

  it('ends the core session on close', () => {
    const provider = new FakeTransferProvider();
    const handoff = createHandoff({ transfer: provider, destinations: DESTINATIONS });
    const fake = new FakeAgentSession();
    const detach = attachHandoff(fake.asSession(), handoff, { callId: 'c-close' });
    fake.emit('close', voice.createCloseEvent(voice.CloseReason.PARTICIPANT_DISCONNECTED));
    expect(detach.call.ended).toBe(true);
    expect(handoff.session('c-close')).toBeUndefined();
    expect(fake.listenerCount('conversation_item_added')).toBe(0);
    expect(provider.requests).toHaveLength(0);
  });

  it('a session the SDK closed on an error hands the caller to a human, without a farewell', async () => {
    const provider = new FakeTransferProvider();
    const handoff = createHandoff({ transfer: provider, destinations: DESTINATIONS });
    const fake = new FakeAgentSession();
    const detach = attachHandoff(fake.asSession(), handoff, { participant: sipParticipant });
    fake.emit(
      'conversation_item_added',
      voice.createConversationItemAddedEvent(message('user', 'mera refund kab aayega')),
    );
    const llmError = {
      type: 'llm_error' as const,
      timestamp: Date.now(),
      label: 'openai.LLM',
      error: new Error('connection reset'),
      recoverable: false,
    };
    // The SDK retries an unrecoverable error up to maxUnrecoverableErrors: an error event alone
    // does not end the call. (The app's own listener: Node throws on an unheard `error`.)
    fake.on('error', () => {});
    fake.emit('error', voice.createErrorEvent(llmError));
    expect(provider.requests).toHaveLength(0);

    fake.emit('close', voice.createCloseEvent(voice.CloseReason.ERROR, llmError));
    await provider.waitForRequests(1);
    expect(provider.requests[0]?.callId).toBe(UUID);
    expect(provider.requests[0]?.context.trigger.reason).toBe('ai_unavailable');
    expect(provider.requests[0]?.context.transcript.map((t) => t.text)).toEqual(['mera refund kab aayega']);
    expect(fake.said).toHaveLength(0);
    expect(fake.replies).toHaveLength(0);
    await vi.waitFor(() => expect(detach.call.ended).toBe(true));
  });
});

describe('livekitPort', () => {
  it('says uninterruptibly and waits for playout when a TTS exists', async () => {
    const fake = new FakeAgentSession();
    const port = livekitPort(fake.asSession());
    await port.say({
      text: 'Connecting you now.',
      purpose: 'farewell',
      interruptible: false,
      language: 'en',
      asInstruction: 'Say exactly this: "Connecting you now."',
    });
    expect(fake.said).toEqual(['Connecting you now.']);
    expect(fake.sayOptions[0]).toEqual({ allowInterruptions: false });
    expect(fake.replies).toHaveLength(0);
  });

  it('asks for a reply now only when the instruction says so', async () => {
    const fake = new FakeAgentSession();
    const port = livekitPort(fake.asSession());
    await port.instruct({ text: 'Offer a callback.', purpose: 'handoff_failed', respond: true });
    expect(fake.replies).toEqual([{ instructions: 'Offer a callback.' }]);
    expect(fake.chatUpdates).toHaveLength(0);
    await port.instruct({ text: 'Keep helping.', purpose: 'resumed', respond: false });
    expect(fake.chatUpdates).toEqual([['Keep helping.']]);
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
      port: {
        say: async () => {
          order.push('say');
        },
      },
    });
    fake.emit(
      'conversation_item_added',
      voice.createConversationItemAddedEvent(message('user', 'chest pain since morning')),
    );
    const { reply } = await detach.call.toolCall({
      reason: 'chest pain',
      department: 'triage',
      urgency: 'high',
    });
    expect(reply.status).toBe('transferring');
    expect(order).toEqual(['say', 'refer']);
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call.room).toBe('call-room');
    expect(call.identity).toBe('sip_+919811111111');
    expect(call.to).toBe('sip:nurse@pbx.example.com');
    const opts = call.opts as { headers: Record<string, string>; ringingTimeout?: number };
    expect(opts.ringingTimeout).toBe(25);
    expect(opts.headers['X-VH-HandoffId']).toBe(reply.handoffId?.replace(/[^A-Za-z0-9]/g, ''));
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
    const { reply, result } = await detach.call.toolCall({ reason: 'x', department: 'billing' });
    expect(reply.ok).toBe(false);
    expect(result?.status).not.toBe('transferring');
    expect(result?.reason).toBe('transfer_failed');
    detach();
    await expect(
      provider.transfer({ callId: UUID } as Parameters<typeof provider.transfer>[0]),
    ).rejects.toThrow(/no room/);
  });
});

describe('what the LLM is told when the handoff does not go ahead', () => {
  // Monday 2026-11-23 10:00 and Sunday 23:00 in Kolkata.
  const MONDAY_10_IST = Date.UTC(2026, 10, 23, 4, 30);
  const SUNDAY_23_IST = Date.UTC(2026, 10, 22, 17, 30);

  let calls = 0;
  async function replyFor(options: Partial<HandoffOptions>) {
    const handoff = createHandoff({
      transfer: new FakeTransferProvider({ fail: new Error('486 Busy Here') }),
      destinations: { billing: { label: 'Billing', number: '+919800000001' } },
      now: () => MONDAY_10_IST,
      ...options,
    });
    const fake = new FakeAgentSession();
    const detach = attachHandoff(fake.asSession(), handoff, { callId: `c-ladder-${++calls}` });
    const { reply } = await detach.call.toolCall({ reason: 'x', department: 'billing' });
    detach();
    return reply;
  }

  it('relays the ladder words only for rungs a LiveKit agent can honour', async () => {
    const callback = await replyFor({
      fallback: ['callback'],
      messages: { en: { callback: 'We will call you back.' } },
    });
    expect(callback.ok).toBe(false);
    // The caller heard "connecting you", so the core put it right itself: the model is told, not asked to.
    expect(callback.message).toContain('The caller was told: "We will call you back."');

    const voicemail = await replyFor({
      fallback: ['voicemail'],
      messages: { en: { voicemail: 'Leave a message.' } },
    });
    expect(voicemail.ok).toBe(false);
    expect(voicemail.message).not.toContain('Leave a message');

    const closed = await replyFor({
      destinations: {
        billing: {
          label: 'Billing',
          number: '+919800000001',
          hours: { days: { 1: ['09:00-18:00'] } },
          timeZone: 'Asia/Kolkata',
        },
      },
      now: () => SUNDAY_23_IST,
      afterHours: 'back_to_ai',
      messages: { en: { afterHours: 'Closed till 9.' } },
    });
    expect(closed.ok).toBe(false);
    expect(closed.message).toMatch(/closed.*Closed till 9/s);
  });
});
