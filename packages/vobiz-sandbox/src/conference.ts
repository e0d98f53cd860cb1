import { randomUUID } from 'node:crypto';
import { normaliseMethod } from './callbacks.js';
import { formatConsoleTime } from './clock.js';
import { type Exec, type Flow, NEXT, raceSignal } from './flow.js';
import { boolAttr, numAttr, type XmlElement } from './xml-parse.js';

interface Member {
  memberId: string;
  endConferenceOnExit: boolean;
  /** Ends this member's <Conference> so its document continues. */
  release(): void;
}

interface Room {
  uuid: string;
  members: Map<string, Member>;
}

/** Conference rooms shared by every call of one sandbox (names are case-sensitive, created on join). */
export class ConferenceRooms {
  private readonly rooms = new Map<string, Room>();

  size(name: string): number {
    return this.rooms.get(name)?.members.size ?? 0;
  }

  join(name: string, callUuid: string, member: Member): Room {
    let room = this.rooms.get(name);
    if (!room) {
      room = { uuid: randomUUID(), members: new Map() };
      this.rooms.set(name, room);
    }
    room.members.set(callUuid, member);
    return room;
  }

  leave(name: string, callUuid: string): number {
    const room = this.rooms.get(name);
    const member = room?.members.get(callUuid);
    if (!room || !member) return 0;
    room.members.delete(callUuid);
    if (member.endConferenceOnExit) for (const other of [...room.members.values()]) other.release();
    if (room.members.size === 0) this.rooms.delete(name);
    return room.members.size;
  }
}

/** `<Conference>`: joins the room and holds the call there until it ends or the room is closed. */
export async function runConference(exec: Exec, el: XmlElement): Promise<Flow> {
  const { runner, signal } = exec;
  const { rec, ctx } = runner;
  const name = el.text;
  if (!name) return NEXT;
  const rooms = ctx.conferences;
  if (rooms.size(name) >= numAttr(el, 'maxParticipants', 200)) {
    rec.push('conference_left', { room: name, size: rooms.size(name), reason: 'room full' });
    return NEXT;
  }
  const memberId = randomUUID();
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const room = rooms.join(name, rec.uuid, {
    memberId,
    endConferenceOnExit: boolAttr(el, 'endConferenceOnExit', false),
    release: () => release(),
  });
  const callbackUrl = el.attrs.callbackUrl;
  const report = (action: string, size: number) => {
    if (!callbackUrl) return;
    runner.notify('conference_callback', callbackUrl, normaliseMethod(el.attrs.callbackMethod), {
      ...runner.baseParams(),
      ConferenceAction: action,
      ConferenceName: name,
      ConferenceUUID: room.uuid,
      ConferenceMemberID: memberId,
      ConferenceCurrentSize: String(size),
      Timestamp: formatConsoleTime(rec.now(), ctx.consoleTimeZone),
    });
  };
  rec.push('conference_joined', { room: name, size: room.members.size });
  report('enter', room.members.size);
  let reason = 'conference ended';
  try {
    await raceSignal(released, signal);
    return NEXT;
  } catch (err) {
    reason = rec.isEnded ? 'hangup' : 'transfer';
    throw err;
  } finally {
    const size = rooms.leave(name, rec.uuid);
    rec.push('conference_left', { room: name, size, reason });
    report('exit', size);
  }
}
