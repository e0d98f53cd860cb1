import type { AttachedCall, CallPort, FieldsSchema, Handoff, TurnInput } from '@handoff/core';
import { getJobContext, type llm, voice } from '@livekit/agents';
import { type ParticipantLike, resolveCallId } from './call-id.js';
import type { LivekitSipTransferProvider } from './sip-transfer.js';

export interface AttachHandoffOptions {
  /** The Vobiz `CallUUID`, when you know it. Otherwise read from the SIP participant's attributes. */
  callId?: string;
  /** The caller's SIP participant. Default: the first SIP participant in the job's room. */
  participant?: ParticipantLike;
  /** Attribute names to read the call id from, in order (default `sip.h.x-vh-handoffcall`, …). */
  callIdAttributes?: readonly string[];
  /**
   * When the core's carrier is LiveKit SIP REFER: binds this call to the room and participant the
   * provider must transfer. Leave out for the Vobiz Transfer API (the default path).
   */
  sipTransfer?: { provider: LivekitSipTransferProvider; roomName?: string; participantIdentity?: string };
  /**
   * Your own way to voice a line or give an instruction (pre-recorded audio, a test probe), over
   * the default `livekitPort`. The core still decides what is said and when.
   */
  port?: Partial<CallPort>;
}

/** `detach()` stops listening and ends the call; `.call` is the core's side of it. */
export type Detach = (() => void) & { readonly call: AttachedCall };

/** AgentSession → its call, for the tool, which sees only the session. */
export const attachedCalls = new WeakMap<object, AttachedCall>();

/**
 * The core's `CallPort` over an AgentSession. `say` needs a TTS, so a speech-to-speech pipeline
 * (which throws without one) gets the line as reply instructions instead.
 */
export function livekitPort(agentSession: voice.AgentSession): CallPort {
  return {
    async say(line) {
      let handle: ReturnType<voice.AgentSession['say']>;
      try {
        handle = agentSession.say(line.text, { allowInterruptions: line.interruptible });
      } catch (error) {
        if (!(error instanceof Error) || !/without a TTS/i.test(error.message)) throw error;
        handle = agentSession.generateReply({
          instructions: line.asInstruction,
          allowInterruptions: line.interruptible,
          toolChoice: 'none',
        });
      }
      await handle.waitForPlayout();
    },
    async instruct(instruction) {
      if (instruction.respond) {
        agentSession.generateReply({ instructions: instruction.text });
        return;
      }
      const agent = agentSession.currentAgent;
      const chatCtx = agent.chatCtx.copy();
      chatCtx.addMessage({ role: 'system', content: instruction.text });
      await agent.updateChatCtx(chatCtx);
    },
  };
}

/**
 * Joins the core to a LiveKit call: the AgentSession's transcript goes in as turns, the core
 * speaks and instructs through `livekitPort`, and a session the SDK closed on an error is
 * reported as the AI side dying. The core decides what each of those leads to.
 */
export function attachHandoff<F extends FieldsSchema>(
  agentSession: voice.AgentSession,
  handoff: Handoff<F>,
  options: AttachHandoffOptions = {},
): Detach {
  const participant = options.participant ?? findSipParticipant();
  const callId = resolveCallId({ callId: options.callId, participant, attributes: options.callIdAttributes });
  const attrs = participant?.attributes ?? {};
  const roomName = getJobContext(false)?.room.name;
  let unbindTarget: (() => void) | undefined;
  if (options.sipTransfer) {
    const room = options.sipTransfer.roomName ?? roomName;
    const identity = options.sipTransfer.participantIdentity ?? participant?.identity;
    if (!room || !identity) {
      throw new Error('attachHandoff: sipTransfer needs roomName and participantIdentity (or a participant)');
    }
    unbindTarget = options.sipTransfer.provider.bind(callId, {
      roomName: room,
      participantIdentity: identity,
    });
  }
  const call = handoff.attachCall({
    callId,
    platform: 'livekit',
    port: { ...livekitPort(agentSession), ...options.port },
    from: attrs['sip.phoneNumber'] || undefined,
    to: attrs['sip.trunkPhoneNumber'] || undefined,
    platformCallId: roomName || undefined,
  });
  attachedCalls.set(agentSession, call);

  const add = (turn: TurnInput) => {
    try {
      call.addTurn(turn);
    } catch (error) {
      // Thrown inside the SDK's event emitter it would break the agent, not just this turn.
      handoff.reportError(error, 'livekit-add-turn');
    }
  };

  // The last STT final of the user turn in progress. LiveKit commits the turn's finals as ONE user
  // ChatMessage; they were already added (so rules fire before the LLM answers), so the message is
  // not recorded again, but it is the only place the turn's ASR confidence arrives: that final is
  // re-sent with it, and the core scores the turn. Typed input (no STT) comes only as the message.
  let lastFinal: TurnInput | undefined;
  const onItem = (event: voice.ConversationItemAddedEvent) => {
    const item = event.item;
    if (item.type !== 'message' || (item.role !== 'user' && item.role !== 'assistant')) return;
    if (item.role === 'user' && lastFinal) {
      const { confidence } = turnFromMessage(item);
      if (confidence !== undefined) add({ ...lastFinal, confidence });
      lastFinal = undefined;
      return;
    }
    add(turnFromMessage(item));
  };
  const onTranscribed = (event: voice.UserInputTranscribedEvent) => {
    if (!event.isFinal || event.transcript.trim() === '') return;
    const turn: TurnInput = { role: 'caller', text: event.transcript, at: event.createdAt, final: true };
    if (event.itemId) turn.sourceId = `stt:${event.itemId}`;
    lastFinal = turn;
    add(turn);
  };
  const onClose = (event: voice.CloseEvent) => {
    // `error` events alone are not the end: the SDK retries and tolerates `maxUnrecoverableErrors`
    // LLM/TTS failures, and closes with reason `error` only once it has given up on the model. The
    // caller is still in the room then, so the call stays attached until the core has moved it.
    if (event.reason !== voice.CloseReason.ERROR) return detach();
    stopListening();
    void call.aiUnavailable(describeError(event.error)).then(detach, detach);
  };

  agentSession.on(voice.AgentSessionEventTypes.ConversationItemAdded, onItem);
  agentSession.on(voice.AgentSessionEventTypes.UserInputTranscribed, onTranscribed);
  agentSession.on(voice.AgentSessionEventTypes.Close, onClose);
  const stopListening = () => {
    agentSession.off(voice.AgentSessionEventTypes.ConversationItemAdded, onItem);
    agentSession.off(voice.AgentSessionEventTypes.UserInputTranscribed, onTranscribed);
    agentSession.off(voice.AgentSessionEventTypes.Close, onClose);
  };

  const detach: Detach = Object.assign(
    () => {
      stopListening();
      unbindTarget?.();
      call.end();
    },
    { call },
  );
  return detach;
}

/**
 * A `ChatMessage` as a core turn. `createdAt` is ms; `metrics.startedSpeakingAt` /
 * `stoppedSpeakingAt` are epoch **seconds** (LiveKit keeps Python's units), so they are converted.
 */
export function turnFromMessage(item: llm.ChatMessage): TurnInput {
  const turn: TurnInput = {
    role: item.role === 'user' ? 'caller' : 'agent',
    text: item.textContent ?? '',
    at: secondsToMs(item.metrics?.startedSpeakingAt) ?? item.createdAt,
    sourceId: item.id,
  };
  const endAt = secondsToMs(item.metrics?.stoppedSpeakingAt);
  if (endAt !== undefined && endAt >= (turn.at ?? 0)) turn.endAt = endAt;
  const confidence = item.transcriptConfidence;
  if (typeof confidence === 'number' && confidence >= 0 && confidence <= 1) turn.confidence = confidence;
  if (item.interrupted) turn.interrupted = true;
  return turn;
}

function secondsToMs(value: number | undefined): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return undefined;
  // Guard against a future SDK switching to ms: anything past year 33658 in seconds is already ms.
  return value > 1e12 ? Math.round(value) : Math.round(value * 1000);
}

function describeError(error: voice.CloseEvent['error']): string {
  if (!error) return 'agent session closed on an error';
  const cause = error instanceof Error ? error.message : error.error.message;
  return `${error.type} from ${error.label}: ${cause}`;
}

function findSipParticipant(): ParticipantLike | undefined {
  const room = getJobContext(false)?.room;
  if (!room) return undefined;
  for (const p of room.remoteParticipants.values()) {
    // ParticipantKind.SIP === 3 in @livekit/rtc-node (not imported: it is a peer of the SDK).
    if ((p.kind as number) === 3) return p;
  }
  return undefined;
}
