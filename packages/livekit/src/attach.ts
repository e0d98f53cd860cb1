import type { Firing, Handoff, HandoffResult, Session, TurnInput, Urgency } from '@handoff/core';
import { getJobContext, type llm, voice } from '@livekit/agents';
import type { z } from 'zod';
import { DEFAULT_CALL_ID_ATTRIBUTES, type ParticipantLike, resolveCallId } from './call-id.js';
import { bindSession, unbindSession } from './registry.js';
import { type SpeakOptions, speakThenTransfer } from './sequence.js';
import type { LivekitSipTransferProvider } from './sip-transfer.js';

export interface AttachHandoffOptions extends SpeakOptions {
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
   * What a `suggest` firing does: `'context'` (default) adds an instruction to the agent's chat
   * context for its next reply; `'reply'` asks for a reply now; or a function of your own.
   */
  onSuggest?: 'context' | 'reply' | ((firing: Firing, instructions: string) => void);
  /** Errors from background work (a rule-triggered transfer, a suggestion). Default: ignored. */
  onError?: (error: unknown, where: string) => void;
  /** Outcome of a rule-triggered transfer. */
  onTransfer?: (result: HandoffResult, firing: Firing) => void;
}

/** `detach()` stops listening and ends the core session; `.session` is the core session. */
export type Detach = (() => void) & { readonly session: Session; readonly callId: string };

/**
 * Feeds a LiveKit `AgentSession`'s own events into a core session: the transcript (user and
 * assistant messages, final transcriptions), rule firings (`suggest` → an instruction for the
 * next reply, `transfer` → farewell then transfer), and `close` → `session.end()`.
 */
export function attachHandoff<F extends z.ZodObject>(
  agentSession: voice.AgentSession,
  handoff: Handoff<F>,
  options: AttachHandoffOptions = {},
): Detach {
  const participant = options.participant ?? findSipParticipant();
  const callId = resolveCallId({
    ...(options.callId === undefined ? {} : { callId: options.callId }),
    ...(participant ? { participant } : {}),
    attributes: options.callIdAttributes ?? DEFAULT_CALL_ID_ATTRIBUTES,
  });
  const attrs = participant?.attributes ?? {};
  const session = handoff.startSession({
    callId,
    platform: 'livekit',
    autoTransfer: false,
    ...(attrs['sip.phoneNumber'] ? { from: attrs['sip.phoneNumber'] } : {}),
    ...(attrs['sip.trunkPhoneNumber'] ? { to: attrs['sip.trunkPhoneNumber'] } : {}),
  });
  session.autoTransfer = false;
  bindSession(agentSession, session);
  const onError = options.onError ?? (() => {});

  let unbindTarget: (() => void) | undefined;
  if (options.sipTransfer) {
    const roomName = options.sipTransfer.roomName ?? getJobContext(false)?.room.name;
    const identity = options.sipTransfer.participantIdentity ?? participant?.identity;
    if (!roomName || !identity) {
      throw new Error('attachHandoff: sipTransfer needs roomName and participantIdentity (or a participant)');
    }
    unbindTarget = options.sipTransfer.provider.bind(callId, { roomName, participantIdentity: identity });
  }

  const act = (firing: Firing | undefined) => {
    if (!firing || session.ended) return;
    if (firing.action === 'transfer') {
      const args = {
        reason: firing.reason ?? firing.kind,
        ...(firing.department === undefined ? {} : { department: firing.department }),
        ...(firing.urgency === undefined ? {} : { urgency: firing.urgency as Urgency }),
      };
      speakThenTransfer(agentSession, session, args, { kind: 'rule', firing, at: firing.at }, options).then(
        (result) => options.onTransfer?.(result, firing),
        (error: unknown) => onError(error, 'rule-transfer'),
      );
      return;
    }
    suggest(agentSession, firing, options.onSuggest ?? 'context').catch((error: unknown) =>
      onError(error, 'suggest'),
    );
  };

  const add = (turn: TurnInput) => {
    if (session.ended || turn.text.trim() === '') return;
    try {
      act(session.addTurn(turn));
    } catch (error) {
      onError(error, 'add-turn');
    }
  };

  // STT finals of the user turn in progress. LiveKit commits them as ONE user ChatMessage at the
  // end of the turn; they were already added (so rules fire before the LLM answers), so that
  // message is skipped instead of recorded twice. Typed input (no STT) comes only as the message.
  let sttFinals = 0;
  const onItem = (event: voice.ConversationItemAddedEvent) => {
    const item = event.item;
    if (item.type !== 'message' || (item.role !== 'user' && item.role !== 'assistant')) return;
    if (item.role === 'user' && sttFinals > 0) {
      sttFinals = 0;
      return;
    }
    add(turnFromMessage(item));
  };
  const onTranscribed = (event: voice.UserInputTranscribedEvent) => {
    if (!event.isFinal || event.transcript.trim() === '') return;
    sttFinals += 1;
    const turn: TurnInput = { role: 'caller', text: event.transcript, at: event.createdAt, final: true };
    if (event.itemId) turn.sourceId = `stt:${event.itemId}`;
    add(turn);
  };
  const onClose = () => detach();

  agentSession.on(voice.AgentSessionEventTypes.ConversationItemAdded, onItem);
  agentSession.on(voice.AgentSessionEventTypes.UserInputTranscribed, onTranscribed);
  agentSession.on(voice.AgentSessionEventTypes.Close, onClose);

  let detached = false;
  const detach = (() => {
    if (detached) return;
    detached = true;
    agentSession.off(voice.AgentSessionEventTypes.ConversationItemAdded, onItem);
    agentSession.off(voice.AgentSessionEventTypes.UserInputTranscribed, onTranscribed);
    agentSession.off(voice.AgentSessionEventTypes.Close, onClose);
    unbindSession(agentSession, session);
    unbindTarget?.();
    if (!session.ended) session.end();
  }) as Detach;
  Object.defineProperty(detach, 'session', { value: session });
  Object.defineProperty(detach, 'callId', { value: callId });
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

/** The instruction a `suggest` firing gives the agent for its next reply. */
export function suggestInstructions(firing: Firing): string {
  const why = firing.reason ?? firing.kind.replace(/_/g, ' ');
  return (
    `The caller may need a human (${why}). Offer to transfer them to a person; ` +
    'call transfer_to_human only if they agree.'
  );
}

async function suggest(
  agentSession: voice.AgentSession,
  firing: Firing,
  mode: NonNullable<AttachHandoffOptions['onSuggest']>,
): Promise<void> {
  const instructions = suggestInstructions(firing);
  if (typeof mode === 'function') return mode(firing, instructions);
  if (mode === 'reply') {
    agentSession.generateReply({ instructions });
    return;
  }
  const agent = agentSession.currentAgent;
  const chatCtx = agent.chatCtx.copy();
  chatCtx.addMessage({ role: 'system', content: instructions });
  await agent.updateChatCtx(chatCtx);
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
