import { randomUUID } from 'node:crypto';
import type { ConferenceMember, ConferenceRoom } from './conference.js';
import { webhookNumber } from './context.js';
import { normalHangup } from './hangup-causes.js';
import { HttpError, readJson, sendJson, sendNoContent } from './http-util.js';
import { optionalString, requiredString } from './rest-fields.js';
import type { RouteContext } from './rest-routes.js';

// The REST Conference API inspects and controls rooms that <Conference> created; it cannot create
// one. Member actions answer 202 with `member_id` as an array (even for one member, and `all`
// echoed literally), their DELETE counterparts 204, as Vobiz's warm-transfer reference observed.

function roomOf(c: RouteContext): ConferenceRoom {
  const name = c.params.name ?? '';
  const room = c.api.ctx.conferences.get(name);
  if (!room) throw new HttpError(404, 'NOT_FOUND', 'conference not found', { conference_name: name });
  return room;
}

function membersOf(c: RouteContext): { room: ConferenceRoom; members: ConferenceMember[]; ids: string[] } {
  const room = roomOf(c);
  const spec = c.params.memberId ?? '';
  const members = c.api.ctx.conferences.resolveMembers(room, spec);
  if (members.length === 0) throw new HttpError(404, 'NOT_FOUND', 'member not found', { member_id: spec });
  const ids = spec.trim().toLowerCase() === 'all' ? ['all'] : members.map((m) => m.memberId);
  return { room, members, ids };
}

function control(
  member: ConferenceMember,
  room: ConferenceRoom,
  action: string,
  extra: { text?: string; url?: string } = {},
) {
  member.runner.rec.push('conference_control', {
    room: room.name,
    memberId: member.memberId,
    action,
    ...extra,
  });
}

/** GET /Conference/ — the names of the live rooms. */
export function listConferences(c: RouteContext): void {
  sendJson(c.res, 200, { api_id: randomUUID(), conferences: c.api.ctx.conferences.names() });
}

/** GET /Conference/{name}/ — the room and its members. */
export function getConference(c: RouteContext): void {
  const room = roomOf(c);
  const { ctx } = c.api;
  if (ctx.conferenceDetails === 'failed') {
    sendJson(c.res, 200, { api_id: randomUUID(), error: 'failed' });
    return;
  }
  const now = ctx.clock.now();
  sendJson(c.res, 200, {
    api_id: randomUUID(),
    conference_name: room.name,
    conference_run_time: String(Math.floor((now - room.createdAt) / 1000)),
    conference_member_count: String(room.members.size),
    members: [...room.members.values()].map((m) => ({
      member_id: m.memberId,
      muted: m.muted,
      deaf: m.deaf,
      from: webhookNumber(m.runner.rec.setup.from),
      to: webhookNumber(m.runner.rec.setup.to),
      caller_name: m.runner.rec.setup.callerName,
      direction: m.runner.rec.setup.direction,
      call_uuid: m.runner.rec.uuid,
      join_time: String(Math.floor((now - m.joinedAt) / 1000)),
    })),
  });
}

/** DELETE /Conference/{name}/ — ends the room: every member's call is hung up. */
export function hangupConference(c: RouteContext): void {
  const room = roomOf(c);
  for (const m of [...room.members.values()]) m.runner.end(normalHangup('API Request'));
  sendNoContent(c.res);
}

/** DELETE /Conference/ — ends every room. */
export function hangupAllConferences(c: RouteContext): void {
  const { conferences } = c.api.ctx;
  for (const name of conferences.names()) {
    for (const m of [...(conferences.get(name)?.members.values() ?? [])])
      m.runner.end(normalHangup('API Request'));
  }
  sendNoContent(c.res);
}

/** DELETE …/Member/{id}/ — hangs up the members' calls. */
export function hangupMember(c: RouteContext): void {
  const { members } = membersOf(c);
  for (const m of members) m.runner.end(normalHangup('API Request'));
  sendNoContent(c.res);
}

/** POST …/Member/{id}/Kick/ — out of the room; each member's document continues at the next element. */
export function kickMember(c: RouteContext): void {
  const { room, members, ids } = membersOf(c);
  for (const m of members) {
    control(m, room, 'kick');
    m.kick('kicked');
  }
  sendJson(c.res, 202, { api_id: randomUUID(), message: 'kicked', member_id: ids });
}

function toggle(flag: 'muted' | 'deaf', on: boolean) {
  return (c: RouteContext): void => {
    const { room, members, ids } = membersOf(c);
    for (const m of members) {
      m[flag] = on;
      control(m, room, `${on ? '' : 'un'}${flag === 'muted' ? 'mute' : 'deaf'}`);
    }
    if (!on) {
      sendNoContent(c.res);
      return;
    }
    sendJson(c.res, 202, {
      api_id: randomUUID(),
      message: flag === 'muted' ? 'muted' : 'deaf',
      member_id: ids,
    });
  };
}

export const muteMember = toggle('muted', true);
export const unmuteMember = toggle('muted', false);
export const deafMember = toggle('deaf', true);
export const undeafMember = toggle('deaf', false);

/** POST …/Member/{id}/Play/ `{url}` — heard only by the members named. */
export async function playMember(c: RouteContext): Promise<void> {
  const { room, members, ids } = membersOf(c);
  const body = await readJson(c.req);
  const url = requiredString(body, 'url');
  for (const m of members) control(m, room, 'play', { url });
  sendJson(c.res, 202, { api_id: randomUUID(), message: 'play queued into conference', member_id: ids });
}

/** POST …/Member/{id}/Speak/ `{text}` — Vobiz TTS heard only by the members named. */
export async function speakMember(c: RouteContext): Promise<void> {
  const { room, members, ids } = membersOf(c);
  const body = await readJson(c.req);
  const text = requiredString(body, 'text');
  const voice = optionalString(body, 'voice');
  for (const m of members) control(m, room, 'speak', { text });
  sendJson(c.res, 202, {
    api_id: randomUUID(),
    message: 'speak queued into conference',
    member_id: ids,
    ...(voice ? { voice } : {}),
  });
}

function stopMedia(action: 'play' | 'speak') {
  return (c: RouteContext): void => {
    const { room, members } = membersOf(c);
    for (const m of members) control(m, room, `stop_${action}`);
    sendNoContent(c.res);
  };
}

export const stopPlayMember = stopMedia('play');
export const stopSpeakMember = stopMedia('speak');

/** POST /Conference/{name}/Record/ — the sandbox records nothing but hands out a recording URL. */
export function recordConference(c: RouteContext): void {
  roomOf(c);
  const id = randomUUID();
  sendJson(c.res, 200, {
    api_id: randomUUID(),
    message: 'conference recording started',
    recording_id: id,
    url: `${c.api.ctx.url()}/recordings/${id}.mp3`,
  });
}

export function stopRecordConference(c: RouteContext): void {
  roomOf(c);
  sendNoContent(c.res);
}
