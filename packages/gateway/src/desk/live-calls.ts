import type { Handoff } from '@handoff/core';
import type { Context } from 'hono';
import { readJsonObject } from '../body.js';
import { HttpError } from '../http-errors.js';
import type { DeskIdentity } from './auth.js';

const MAX_BODY_BYTES = 16 * 1024;
const CALL_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Live calls and what may be done to them are a supervisor's: an agent gets a 403. */
export function requireSupervisor(who: DeskIdentity): void {
  if (who.role !== 'supervisor') {
    throw new HttpError(403, 'forbidden', 'Only a supervisor may see or act on live calls');
  }
}

function callIdOf(c: Context): string {
  const callId = c.req.param('callId') ?? '';
  if (!CALL_ID.test(callId)) throw new HttpError(404, 'not_found', 'No such call');
  return callId;
}

/** `POST api/calls/:callId/hint` `{ text }`: a line for the AI's next reply, as this supervisor. */
export async function hint(handoff: Handoff, c: Context, who: DeskIdentity) {
  requireSupervisor(who);
  const callId = callIdOf(c);
  const body = await readJsonObject(c.req.raw, MAX_BODY_BYTES);
  if (typeof body.text !== 'string') throw new HttpError(422, 'invalid_arguments', '`text` must be a string');
  const result = await handoff.supervise({
    callId,
    type: 'hint',
    text: body.text,
    by: { name: who.name, role: who.role },
  });
  if (result.holderGone) {
    throw new HttpError(
      409,
      'holder_gone',
      'The instance serving this call stopped, and the AI with it: a hint cannot reach the call. Take the call over instead.',
    );
  }
  return c.json(result, result.delivered ? 200 : 504);
}

/**
 * `POST api/calls/:callId/take-over` `{ destination }`: the supervisor takes the call, a handoff
 * with trigger kind `supervisor` to the team chosen (a configured destination key).
 */
export async function takeOver(handoff: Handoff, c: Context, who: DeskIdentity) {
  requireSupervisor(who);
  const callId = callIdOf(c);
  const body = await readJsonObject(c.req.raw, MAX_BODY_BYTES);
  const destination = body.destination;
  if (typeof destination !== 'string' || !Object.hasOwn(handoff.options.destinations, destination)) {
    throw new HttpError(422, 'invalid_arguments', '`destination` must be one of the configured destinations');
  }
  const request = {
    callId,
    type: 'take_over' as const,
    args: { reason: `Supervisor ${who.name} took over the call`, department: destination },
    by: { name: who.name, role: who.role },
  };
  let result = await handoff.supervise(request);
  if (result.holderGone) {
    // The instance serving the call died; the caller may still be on the line. This instance
    // attaches the call (its session, turns and facts are in the store) with no voice of its own,
    // and the take-over goes the usual way: a supervisor handoff, audited, through the ladder.
    const live = await handoff.liveCall(callId);
    if (!live || live.ended) throw new HttpError(409, 'session_ended', `The call "${callId}" has ended`);
    if (!handoff.call(callId)) {
      handoff.attachCall({
        callId,
        platform: live.platform,
        ...(live.from ? { from: live.from } : {}),
        ...(live.to ? { to: live.to } : {}),
      });
    }
    result = await handoff.supervise(request);
  }
  return c.json(result, result.delivered ? 200 : 504);
}
