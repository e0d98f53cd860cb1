import { vobizXml } from '@handoff/vobiz';
import type { XmlSettings } from './handoff-xml.js';

/** One room per handoff; handoff ids are `[a-z0-9]`, so the name is safe anywhere Vobiz shows it. */
export function roomName(handoffId: string): string {
  return `handoff${handoffId}`;
}

export interface RoomTarget {
  handoffId: string;
  token: string;
}

/** One phone of one attempt: the human's callbacks say which. */
export interface PhoneTarget extends RoomTarget {
  attempt: number;
  phone: number;
}

const phoneQuery = (t: PhoneTarget) => ({ t: t.token, a: String(t.attempt), p: String(t.phone) });

const path = (t: RoomTarget, leaf: string) => `/vobiz/conference/${encodeURIComponent(t.handoffId)}/${leaf}`;

/**
 * The caller's waiting room: hold music until the human walks in. `stayAlone` because the caller
 * is alone in it at first (Vobiz would put a lone member straight back out); the caller's leaving
 * ends the room, so a human is never left talking to nobody. When the room ends the document goes
 * on to ask the gateway what next (the human left, or the ladder moved on).
 */
export function callerRoomXml(settings: XmlSettings, target: RoomTarget, waitSound: string): string {
  const query = { t: target.token };
  return vobizXml
    .response([
      vobizXml.conference(roomName(target.handoffId), {
        stayAlone: true,
        startConferenceOnEnter: false,
        endConferenceOnExit: true,
        beep: false,
        waitSound,
        waitMethod: 'POST',
      }),
      vobizXml.redirect(settings.urls.http(path(target, 'after'), query), { method: 'POST' }),
    ])
    .toString();
}

/** What the caller hears while waiting, looped by Vobiz: a line, then a pause. */
export function holdXml(settings: XmlSettings, line: string): string {
  return vobizXml.response([vobizXml.speak(line, settings.speak), vobizXml.wait({ length: 8 })]).toString();
}

/**
 * The human's answer document: the brief, spoken to them alone (they are not in the room yet, so
 * nothing can leak to the caller), then the gateway is asked for the room, which tells it the
 * brief has played.
 */
export function humanBriefXml(settings: XmlSettings, target: PhoneTarget, brief: string): string {
  const query = phoneQuery(target);
  const line = brief.trim();
  return vobizXml
    .response([
      ...(line ? [vobizXml.speak(line, settings.speak)] : []),
      vobizXml.redirect(settings.urls.http(path(target, 'human-join'), query), { method: 'POST' }),
    ])
    .toString();
}

/** What the human can press after the brief in consult mode, and what each key means. */
export const CONSULT_KEYS: Readonly<Record<string, { accept: true } | { accept: false; reason: string }>> = {
  '1': { accept: true },
  '2': { accept: false, reason: 'busy' },
  '3': { accept: false, reason: 'wrong team' },
};

/**
 * Consult mode (keys): the brief, then the human decides. The brief is inside the `<Gather>`, so
 * a key cuts it short (Vobiz: nesting makes a prompt interruptible): a human who has heard enough,
 * or has the packet on their desk, takes the call without waiting for the end of it. A key press
 * goes to the decision URL; silence falls through to it too, without digits, and counts as taking
 * the call (a machine never got this far: machine detection ran before the brief).
 */
export function humanConsultXml(
  settings: XmlSettings,
  target: PhoneTarget,
  brief: string,
  /** What the keys do, in the human's language (`HumanMessages.consultPrompt`). */
  prompt: string,
  timeoutSec: number,
): string {
  const decision = settings.urls.http(path(target, 'human-decision'), phoneQuery(target));
  const line = brief.trim();
  return vobizXml
    .response([
      vobizXml.gather(
        { action: decision, method: 'POST', inputType: 'dtmf', numDigits: 1, executionTimeout: timeoutSec },
        [...(line ? [vobizXml.speak(line, settings.speak)] : []), vobizXml.speak(prompt, settings.speak)],
      ),
      vobizXml.redirect(decision, { method: 'POST' }),
    ])
    .toString();
}

/**
 * Consult mode (stream): the consult agent's socket on the human's leg (keepCallAlive holds the
 * leg there until it closes), then the decision URL reads what the human decided.
 */
export function humanStreamConsultXml(settings: XmlSettings, target: PhoneTarget, wsPath: string): string {
  const decision = settings.urls.http(path(target, 'human-decision'), phoneQuery(target));
  return vobizXml
    .response([
      vobizXml.stream(settings.urls.ws(wsPath), {
        bidirectional: true,
        keepCallAlive: true,
        audioTrack: 'inbound',
        contentType: 'audio/x-mulaw;rate=8000',
      }),
      vobizXml.redirect(decision, { method: 'POST' }),
    ])
    .toString();
}

/** The human walks into the room and starts it; their leaving ends it for the caller too. */
export function humanRoomXml(target: RoomTarget): string {
  return vobizXml
    .response([
      vobizXml.conference(roomName(target.handoffId), {
        stayAlone: true,
        startConferenceOnEnter: true,
        endConferenceOnExit: true,
        beep: false,
      }),
      vobizXml.hangup(),
    ])
    .toString();
}

/** Hands the call to another of the gateway's documents. */
export function redirectXml(url: string): string {
  return vobizXml.response([vobizXml.redirect(url, { method: 'POST' })]).toString();
}

/** A caller's URL (the room target), or one phone's (with its attempt and index). */
export function conferenceUrl(settings: XmlSettings, target: RoomTarget | PhoneTarget, leaf: string): string {
  const query = 'phone' in target ? phoneQuery(target) : { t: target.token };
  return settings.urls.http(path(target, leaf), query);
}
