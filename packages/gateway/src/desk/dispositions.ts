import {
  DISPOSITION_OUTCOMES,
  type DispositionOutcome,
  disposeHandoff,
  type Handoff,
  handBackToAi,
} from '@handoff/core';
import type { Context } from 'hono';
import { readJsonObject } from '../body.js';
import { HttpError } from '../http-errors.js';
import type { DeskIdentity } from './auth.js';
import { matches } from './filters.js';

const MAX_BODY_BYTES = 16 * 1024;

/** A handoff this person may act on: found, and on one of their teams. Else a 404, saying nothing more. */
export async function ownHandoff(handoff: Handoff, c: Context, who: DeskIdentity) {
  const id = c.req.param('id') ?? '';
  const record = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? await handoff.get(id) : undefined;
  if (!record || !matches(record, who.teams ? { teams: who.teams } : {})) {
    throw new HttpError(404, 'not_found', 'No such handoff');
  }
  return record;
}

/** `POST api/handoffs/:id/disposition` `{ outcome, note }`: the human's outcome, as them. */
export async function recordDisposition(handoff: Handoff, c: Context, who: DeskIdentity) {
  const record = await ownHandoff(handoff, c, who);
  const body = await readJsonObject(c.req.raw, MAX_BODY_BYTES);
  const outcome = body.outcome;
  if (typeof outcome !== 'string' || !DISPOSITION_OUTCOMES.includes(outcome as DispositionOutcome)) {
    throw new HttpError(
      422,
      'invalid_arguments',
      `\`outcome\` must be one of ${DISPOSITION_OUTCOMES.join(', ')}`,
    );
  }
  const updated = await disposeHandoff(handoff, record.id, {
    outcome: outcome as DispositionOutcome,
    ...(body.note === undefined ? {} : { note: body.note as string }),
    by: { name: who.name, role: who.role },
  });
  return c.json({ handoff: updated });
}

/**
 * `POST api/handoffs/:id/hand-back` `{ note }`: the caller goes back to the AI, which resumes from
 * the note (the core's `handBackToAi`; the ladder's `back_to_ai` document moves the call).
 */
export async function handBack(handoff: Handoff, c: Context, who: DeskIdentity) {
  const record = await ownHandoff(handoff, c, who);
  const body = await readJsonObject(c.req.raw, MAX_BODY_BYTES);
  if (body.note !== undefined && typeof body.note !== 'string') {
    throw new HttpError(422, 'invalid_arguments', '`note` must be a string');
  }
  const updated = await handBackToAi(handoff, record.id, {
    ...(typeof body.note === 'string' ? { note: body.note } : {}),
    by: { name: who.name, role: who.role },
  });
  return c.json({ handoff: updated });
}
