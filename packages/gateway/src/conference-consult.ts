import {
  CONSULT_LIMITS,
  type Consult,
  type ConsultDecision,
  type ConsultTurn,
  consultTurn,
  type Handoff,
  type HandoffContext,
  recordConsult,
} from '@handoff/core';
import { parseStreamMessage, type RawFrame } from '@handoff/vobiz';
import type { WebSocket } from 'ws';
import type { ConferenceLegs, HumanDecision } from './conference-state.js';
import { CONSULT_KEYS } from './conference-xml.js';

/**
 * A consult (issue 17, item 2): on the human's own leg, before the caller is joined, an agent of
 * yours (an AI that holds the packet) talks with the human over Vobiz's `<Stream>` socket and
 * reports their decision. Register it with `gateway.onConsult(handler)` and set
 * `conference: { consult: 'stream' }`; without a handler the human hears the brief instead. The
 * core's `Consult` contract, so any platform's consult serves it (the OpenAI Realtime bridge's
 * `bridge.consult`). A socket closed without a decision puts the human through, as silence does
 * after the keys prompt.
 */
export interface ConsultSession extends Consult {
  handoffId: string;
  attempt: number;
  /** Which of the destination's phones this human answered (0 for the first number). */
  phone: number;
  /** The packet (the caller's facts, summary, transcript), for the agent to answer from. */
  context: HandoffContext;
  /** The spoken brief the TTS whisper would have been: a natural opening line. */
  brief: string;
  /** The language to speak with the human in (`conference.humanLanguage`, else the caller's, …). */
  language: string;
  /** The human takes the call: the socket closes and they walk into the caller's room. */
  accept(): Promise<void>;
  /** The human will not take it: `reason` goes on the attempt, and the ladder moves on. */
  decline(reason: string): Promise<void>;
  /**
   * One final utterance of the consult, the human's (`human`) or the agent's (`ai`): kept with
   * the decision and written to the packet (`context.consults`) once, when the consult ends.
   */
  addTurn(turn: { role: ConsultTurn['role']; text: string; at?: number }): void;
}

export type ConsultHandler = (socket: WebSocket, session: ConsultSession) => void;

/** What a consult socket's URL stands for, once its handoff token checked out. */
export interface ConsultTicket {
  handoffId: string;
  attempt: number;
  phone: number;
  context: HandoffContext;
  brief: string;
  language: string;
  /** The attempt's destination key, for the packet. */
  destination?: string;
}

const MAX_REASON = 200;
const CONSULT_TURNS = CONSULT_LIMITS.turns;

/** The consult URL's path after `/consult/`: handoff, attempt, phone, and the handoff's own URL token. */
export function consultPath(handoffId: string, attempt: number, phone: number, token: string): string {
  return `/consult/${encodeURIComponent(handoffId)}/${attempt}/${phone}/${encodeURIComponent(token)}`;
}

/**
 * Checks a consult socket before the handshake: a live handoff, its current attempt, its token,
 * and a phone still in play (not one whose human said no, nor one another phone's human beat).
 */
export async function authorizeConsult(
  handoff: Handoff,
  legs: ConferenceLegs,
  rest: string,
  languageOf: (context: HandoffContext) => string,
): Promise<ConsultTicket | undefined> {
  const [rawId, rawAttempt, rawPhone, rawToken] = rest.split('?')[0]!.split('/');
  const small = /^\d{1,4}$/;
  if (!rawId || !rawToken || !small.test(rawAttempt ?? '') || !small.test(rawPhone ?? '')) return undefined;
  const handoffId = decodeURIComponent(rawId);
  if (!(await handoff.verifyToken(handoffId, decodeURIComponent(rawToken)))) return undefined;
  const record = await handoff.get(handoffId);
  const attempt = Number(rawAttempt);
  const phone = Number(rawPhone);
  if (!record || record.ladder.attempt !== attempt) return undefined;
  if (record.status !== 'transferring' && record.status !== 'ringing') return undefined;
  const leg = (await legs.get(handoffId))?.humans[attempt];
  const line = leg?.phones[phone];
  if (!line || line.out || (leg!.taken !== undefined && leg!.taken !== phone)) return undefined;
  return {
    handoffId,
    attempt,
    phone,
    context: record.context,
    brief: handoff.render.whisper(record.context),
    language: languageOf(record.context),
    ...(record.destination ? { destination: record.destination.key } : {}),
  };
}

/**
 * The session a handler gets: each decision is recorded once, then the socket closes so Vobiz moves
 * on. A key decides too, whatever the agent: 1 takes the call, 2 (busy) or 3 (wrong team) declines,
 * as after the keys prompt. What was said and decided goes into the packet once, when the consult
 * ends (decided, or the socket closed): one record write per consult, not one per utterance.
 */
export function consultSession(
  ticket: ConsultTicket,
  socket: WebSocket,
  legs: ConferenceLegs,
  handoff: Pick<Handoff, 'store' | 'options' | 'reportError'>,
): ConsultSession {
  const startedAt = Date.now();
  const turns: ConsultTurn[] = [];
  let decided: ConsultDecision | undefined;
  let saved: Promise<void> | undefined;
  const save = () => {
    saved ??= recordConsult(
      handoff.store,
      ticket.handoffId,
      {
        attempt: ticket.attempt,
        phone: ticket.phone,
        ...(ticket.destination ? { destination: ticket.destination } : {}),
        language: ticket.language,
        startedAt,
        endedAt: Date.now(),
        // Transcripts can arrive out of the order they were said (a human's words transcribed after
        // the model's answer to them): the record reads in the order of `at`, when each was said.
        turns: [...turns].sort((a, b) => a.at - b.at),
        ...(decided ? { decision: decided } : {}),
      },
      handoff.options.retentionMs,
    ).then(
      () => undefined,
      (error: unknown) => handoff.reportError(error, 'consult-record'),
    );
    return saved;
  };
  const decide = async (decision: HumanDecision, via: ConsultDecision['via']) => {
    await legs.phone(ticket.handoffId, ticket.attempt, ticket.phone, (line) => {
      line.decision ??= decision;
    });
    decided ??= {
      accepted: decision.accept,
      ...(decision.accept ? {} : { reason: decision.reason }),
      via,
      at: Date.now(),
    };
    // In the packet before the human walks in (or the ladder moves on).
    await save();
    // Vobiz runs the next element (the decision URL) once the socket ends.
    socket.close(1000);
  };
  socket.on('close', () => void save());
  socket.on('message', (data) => {
    let message: ReturnType<typeof parseStreamMessage>;
    try {
      message = parseStreamMessage(data as RawFrame);
    } catch {
      return; // the agent's own reading of the socket reports frames that do not parse
    }
    const decision = message.event === 'dtmf' ? CONSULT_KEYS[message.digit] : undefined;
    // A key whose decision could not be stored still ends the consult: undecided, the human is put through.
    if (decision) decide(decision, 'key').catch(() => socket.close(1000));
  });
  return {
    handoffId: ticket.handoffId,
    attempt: ticket.attempt,
    phone: ticket.phone,
    context: ticket.context,
    brief: ticket.brief,
    language: ticket.language,
    accept: () => decide({ accept: true }, 'agent'),
    decline: (reason) =>
      decide(
        {
          accept: false,
          reason: String(reason).replace(/\s+/g, ' ').trim().slice(0, MAX_REASON) || 'no reason',
        },
        'agent',
      ),
    addTurn: (turn) => {
      if (saved) return; // said after the consult ended: not part of it
      const kept = consultTurn(turn);
      if (kept && turns.length < CONSULT_TURNS) turns.push(kept);
    },
  };
}
