import { randomUUID } from 'node:crypto';
import type { CallRunner } from './call-runner.js';
import { normaliseMethod } from './callbacks.js';
import { formatConsoleTime, Interrupted, sleep } from './clock.js';
import { type Exec, type Flow, NEXT, raceSignal } from './flow.js';
import { runPrompt } from './prompts.js';
import { boolAttr, numAttr, type XmlElement } from './xml-parse.js';

/** One call in a room, as the REST Conference API and the other members see it. */
export interface ConferenceMember {
  /** Numeric, as Vobiz's `ConferenceMemberID` is; unique across the sandbox. */
  readonly memberId: string;
  readonly runner: CallRunner;
  readonly joinedAt: number;
  muted: boolean;
  deaf: boolean;
  readonly startsConference: boolean;
  readonly endsConference: boolean;
  readonly stayAlone: boolean;
  /** Takes the member out of the room; its document continues at the next element. */
  kick(reason: string): void;
  /** Someone joined or left, or the room started: the member re-checks whether it is waiting. */
  roomChanged(): void;
}

export interface ConferenceRoom {
  readonly uuid: string;
  readonly name: string;
  readonly createdAt: number;
  /** True once a member with startConferenceOnEnter="true" has entered. */
  started: boolean;
  readonly members: Map<string, ConferenceMember>;
}

/** Conference rooms shared by every call of one sandbox (names are case-sensitive, created on join). */
export class ConferenceRooms {
  private readonly rooms = new Map<string, ConferenceRoom>();
  private lastMemberId = 100;

  size(name: string): number {
    return this.rooms.get(name)?.members.size ?? 0;
  }

  get(name: string): ConferenceRoom | undefined {
    return this.rooms.get(name);
  }

  names(): string[] {
    return [...this.rooms.keys()];
  }

  newMemberId(): string {
    this.lastMemberId += 1;
    return String(this.lastMemberId);
  }

  join(name: string, member: ConferenceMember, now: number): ConferenceRoom {
    let room = this.rooms.get(name);
    if (!room) {
      room = { uuid: randomUUID(), name, createdAt: now, started: false, members: new Map() };
      this.rooms.set(name, room);
    }
    room.members.set(member.memberId, member);
    if (member.startsConference) room.started = true;
    for (const other of room.members.values()) other.roomChanged();
    return room;
  }

  /** Removes a member; returns the room's size after it left. */
  leave(name: string, memberId: string): number {
    const room = this.rooms.get(name);
    const member = room?.members.get(memberId);
    if (!room || !member) return 0;
    room.members.delete(memberId);
    const rest = [...room.members.values()];
    if (room.members.size === 0) this.rooms.delete(name);
    // Vobiz kicks everyone left when an endConferenceOnExit member goes, whatever their stayAlone.
    if (member.endsConference) for (const other of rest) other.kick('conference ended');
    else if (rest.length === 1 && !rest[0]!.stayAlone) rest[0]!.kick('alone');
    else for (const other of rest) other.roomChanged();
    return room.members.size;
  }

  /** Resolves `all`, one id or a comma-separated list against a room; unknown ids are left out. */
  resolveMembers(room: ConferenceRoom, spec: string): ConferenceMember[] {
    if (spec.trim().toLowerCase() === 'all') return [...room.members.values()];
    return spec
      .split(',')
      .map((id) => room.members.get(id.trim()))
      .filter((m): m is ConferenceMember => m !== undefined);
  }
}

const PROMPTS = new Set(['Speak', 'Play', 'Wait']);

/**
 * `<Conference>`: joins the room and holds the call there until it ends, is kicked, or the room
 * closes. A member with nobody to talk to (the room not started yet, or alone in it) hears
 * `waitSound`; a lone member without `stayAlone="true"` is put straight back out, as Vobiz does.
 */
export async function runConference(exec: Exec, el: XmlElement): Promise<Flow> {
  const { runner, signal } = exec;
  const { rec, ctx } = runner;
  const name = el.text;
  if (!name) return NEXT;
  const rooms = ctx.conferences;
  if (rooms.size(name) >= numAttr(el, 'maxParticipants', 200)) {
    rec.push('conference_left', { room: name, memberId: '', size: rooms.size(name), reason: 'room full' });
    return NEXT;
  }
  const memberId = rooms.newMemberId();
  let kicked: (reason: string) => void = () => undefined;
  const released = new Promise<string>((resolve) => {
    kicked = resolve;
  });
  const waitSound = el.attrs.waitSound;
  let music: AbortController | undefined;
  let room: ConferenceRoom | undefined;
  const waiting = () => room !== undefined && (!room.started || room.members.size < 2);
  const member: ConferenceMember = {
    memberId,
    runner,
    joinedAt: rec.now(),
    muted: boolAttr(el, 'muted', false),
    deaf: false,
    startsConference: boolAttr(el, 'startConferenceOnEnter', true),
    endsConference: boolAttr(el, 'endConferenceOnExit', false),
    stayAlone: boolAttr(el, 'stayAlone', ctx.conferenceStayAloneDefault),
    kick: (reason) => kicked(reason),
    roomChanged: () => {
      if (!room) return;
      if (waiting() && waitSound && !music) {
        music = new AbortController();
        playWaitSound(runner, name, waitSound, el.attrs.waitMethod, AbortSignal.any([music.signal, signal]));
      } else if (!waiting() && music) {
        music.abort(new Interrupted('conference started'));
        music = undefined;
      }
    },
  };
  room = rooms.join(name, member, rec.now());
  const callbackUrl = el.attrs.callbackUrl;
  const report = (action: 'enter' | 'exit', size: number) => {
    if (!callbackUrl || !room) return;
    const params: Record<string, string> = {
      ...runner.baseParams(),
      Event: action === 'enter' ? 'ConferenceEnter' : 'ConferenceExit',
      ConferenceAction: action,
      ConferenceName: name,
      ConferenceUUID: room.uuid,
      ConferenceMemberID: memberId,
      ConferenceCurrentSize: String(size),
      Timestamp: formatConsoleTime(rec.now(), ctx.consoleTimeZone),
    };
    if (action === 'enter') params.ConferenceFirstMember = String(size === 1);
    else params.ConferenceLastMember = String(size === 0);
    runner.notify('conference_callback', callbackUrl, normaliseMethod(el.attrs.callbackMethod), params);
  };
  rec.push('conference_joined', { room: name, memberId, size: room.members.size, started: room.started });
  report('enter', room.members.size);
  if (room.members.size === 1 && !member.stayAlone) member.kick('alone');
  else member.roomChanged();
  let reason = 'conference ended';
  try {
    reason = await raceSignal(released, signal);
    return NEXT;
  } catch (err) {
    reason = rec.isEnded ? 'hangup' : 'transfer';
    throw err;
  } finally {
    music?.abort(new Interrupted('left the conference'));
    const size = rooms.leave(name, memberId);
    rec.push('conference_left', { room: name, memberId, size, reason });
    report('exit', size);
  }
}

/** Loops the waitSound document (Play/Speak/Wait only) to one member until `signal` aborts. */
function playWaitSound(
  runner: CallRunner,
  room: string,
  url: string,
  method: string | undefined,
  signal: AbortSignal,
): void {
  const play = async () => {
    const fetched = await runner.fetchXml(
      'wait_sound',
      url,
      normaliseMethod(method),
      { ...runner.baseParams(), ConferenceName: room, ConferenceAction: 'waitSound' },
      signal,
    );
    if (fetched.kind !== 'ok') return;
    const prompts = fetched.elements.filter((el) => PROMPTS.has(el.name));
    if (prompts.length === 0) return;
    for (;;) {
      for (const el of prompts) {
        await runPrompt(runner.ctx, el, signal, (heard) =>
          runner.rec.push('conference_wait_sound', {
            room,
            verb: heard.verb,
            ...(heard.text !== undefined ? { text: heard.text } : {}),
            ...(heard.url !== undefined ? { url: heard.url } : {}),
          }),
        );
      }
      await sleep(10, signal);
    }
  };
  play().catch(() => undefined);
}
