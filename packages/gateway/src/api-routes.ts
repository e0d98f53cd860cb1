import {
  type Firing,
  HANDOFF_STATUSES,
  type HandoffStatus,
  type Session,
  type TurnInput,
} from '@handoff/core';
import { normaliseE164 } from '@handoff/core/vobiz';
import { type Context, Hono } from 'hono';
import { apiKeyAuth } from './auth.js';
import { nodeIncoming, readJsonObject } from './body.js';
import { newCallbackCallId } from './callback-calls.js';
import type { GatewayContext } from './context.js';
import { HttpError } from './http-errors.js';

const STATUSES: readonly HandoffStatus[] = HANDOFF_STATUSES;

/** Bounds what one request can add, whatever the body limit. */
const MAX_TURNS_PER_REQUEST = 500;

/** The tool arguments `POST /v1/handoffs` passes to the core, which validates them. */
const TRANSFER_FIELDS = [
  'reason',
  'department',
  'summary',
  'urgency',
  'fields',
  'customer',
  'intent',
  'sentiment',
];

/**
 * The JSON API for platforms that are not in this process (Pipecat, Retell, VAPI servers, a CRM):
 * report turns, start handoffs, read and follow them. Bearer API keys, compared in constant time.
 */
export function apiRoutes(ctx: GatewayContext): Hono {
  const app = new Hono();
  const { handoff } = ctx;
  app.use('*', apiKeyAuth(ctx.apiKeys));

  const body = (c: Context) => readJsonObject(c.req.raw, ctx.maxBodyBytes, nodeIncoming(c.env));

  app.post('/handoffs', async (c) => {
    const input = await body(c);
    const args = Object.fromEntries(
      TRANSFER_FIELDS.filter((k) => input[k] !== undefined).map((k) => [k, input[k]]),
    );
    const turns = input.transcript === undefined ? [] : turnList(input.transcript, 'transcript');
    const platform = optionalString(input.platform, 'platform') ?? 'api';
    const callbackNumber = optionalString(input.callbackNumber, 'callbackNumber');
    const callId = optionalString(input.callId, 'callId');
    if ((callId === undefined) === (callbackNumber === undefined)) {
      throw new HttpError(
        422,
        'invalid_arguments',
        'Send exactly one of `callId` (a live call) or `callbackNumber`',
      );
    }

    if (callbackNumber !== undefined) {
      if (!ctx.callbacks.enabled) {
        throw new HttpError(
          501,
          'not_configured',
          'Callback handoffs need vobiz.authId (or client) and vobiz.callerId',
        );
      }
      const number = normaliseE164(callbackNumber);
      if (!/^\+[1-9]\d{6,14}$/.test(number)) {
        throw new HttpError(
          422,
          'invalid_arguments',
          '`callbackNumber` must be a phone number in E.164 form',
        );
      }
      // No live call to key the handoff by: a synthetic call id, which the carrier recognises.
      const session = handoff.startSession({
        callId: newCallbackCallId(),
        platform,
        from: number,
        autoTransfer: false,
      });
      try {
        addTurns(session, turns);
        const result = await session.transfer(args, { trigger: { kind: 'api' } });
        return c.json({ ...result, handoff: await handoff.get(result.handoffId) }, 201);
      } finally {
        session.end();
      }
    }

    const session =
      handoff.session(callId!) ??
      handoff.startSession({
        callId: callId!,
        platform,
        autoTransfer: false,
        ...optionalCallParties(input),
      });
    addTurns(session, turns);
    const result = await session.transfer(args, { trigger: { kind: 'api' } });
    return c.json({ ...result, handoff: await handoff.get(result.handoffId) }, result.duplicate ? 200 : 201);
  });

  app.get('/handoffs', async (c) => {
    const status = c.req.query('status');
    const statuses = status === undefined ? undefined : status.split(',').map((s) => s.trim());
    const unknown = statuses?.find((s) => !STATUSES.includes(s as HandoffStatus));
    if (unknown !== undefined)
      throw new HttpError(400, 'invalid_query', `Unknown status ${JSON.stringify(unknown)}`);
    const limitText = c.req.query('limit');
    const limit = limitText === undefined ? 100 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new HttpError(400, 'invalid_query', '`limit` must be an integer from 1 to 1000');
    }
    const destination = c.req.query('destination');
    const handoffs = await handoff.list({
      ...(statuses ? { status: statuses as HandoffStatus[] } : {}),
      ...(destination ? { destination } : {}),
      limit,
    });
    return c.json({ handoffs });
  });

  app.get('/handoffs/events', (c) => {
    const handoffId = c.req.query('handoffId');
    return ctx.sse.stream(handoff, {
      heartbeatMs: ctx.sseHeartbeatMs,
      signal: c.req.raw.signal,
      ...(handoffId ? { handoffId } : {}),
    });
  });

  app.get('/handoffs/:id', async (c) => {
    const id = c.req.param('id');
    const record = await handoff.get(id);
    if (!record) throw new HttpError(404, 'handoff_not_found', `No handoff ${JSON.stringify(id)}`);
    const [callback, voicemail] = await Promise.all([
      ctx.followUps.callback(id),
      ctx.followUps.voicemail(id),
    ]);
    return c.json({
      ...record,
      followUps: { ...(callback ? { callback } : {}), ...(voicemail ? { voicemail } : {}) },
    });
  });

  app.post('/sessions/:callId/turns', async (c) => {
    const callId = c.req.param('callId');
    const input = await body(c);
    const turns = input.turns === undefined ? turnList([input], 'turn') : turnList(input.turns, 'turns');
    const autoTransfer = input.autoTransfer === undefined ? undefined : input.autoTransfer === true;
    const session =
      handoff.session(callId) ??
      handoff.startSession({
        callId,
        platform: optionalString(input.platform, 'platform') ?? 'api',
        ...(autoTransfer === undefined ? {} : { autoTransfer }),
        ...optionalCallParties(input),
      });
    const firings = addTurns(session, turns);
    const firing = firings.find((f) => f.action === 'transfer') ?? firings.at(-1) ?? null;
    return c.json({ callId, turns: session.turns.length, firing, firings });
  });

  app.get('/callbacks', async (c) => c.json({ callbacks: await ctx.followUps.callbacks() }));

  app.get('/webhooks/dead-letters', async (c) => c.json({ deadLetters: await ctx.webhooks.deadLetters() }));

  app.post('/webhooks/dead-letters/:id/replay', async (c) => {
    const result = await ctx.webhooks.replay(c.req.param('id'));
    if (!result.found) throw new HttpError(404, 'not_found', 'No such dead letter');
    return c.json(result, result.delivered ? 200 : 502);
  });

  return app;
}

function addTurns(session: Session, turns: TurnInput[]): Firing[] {
  const firings: Firing[] = [];
  for (const turn of turns) {
    const firing = session.addTurn(turn);
    if (firing) firings.push(firing);
  }
  return firings;
}

/** Shape checks only; the core validates each turn's fields and reports the first bad one. */
function turnList(value: unknown, label: string): TurnInput[] {
  if (!Array.isArray(value))
    throw new HttpError(422, 'invalid_arguments', `\`${label}\` must be an array of turns`);
  if (value.length > MAX_TURNS_PER_REQUEST) {
    throw new HttpError(422, 'invalid_arguments', `At most ${MAX_TURNS_PER_REQUEST} turns per request`);
  }
  return value.map((turn, i) => {
    if (typeof turn !== 'object' || turn === null || Array.isArray(turn)) {
      throw new HttpError(422, 'invalid_arguments', `\`${label}[${i}]\` must be an object`);
    }
    const { role, text, at, endAt, confidence, final, sourceId, interrupted } = turn as Record<
      string,
      unknown
    >;
    return Object.fromEntries(
      Object.entries({ role, text, at, endAt, confidence, final, sourceId, interrupted }).filter(
        ([, v]) => v !== undefined,
      ),
    ) as unknown as TurnInput;
  });
}

function optionalString(value: unknown, label: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > 256) {
    throw new HttpError(
      422,
      'invalid_arguments',
      `\`${label}\` must be a non-empty string of at most 256 characters`,
    );
  }
  return value.trim();
}

function optionalCallParties(input: Record<string, unknown>): { from?: string; to?: string } {
  const from = optionalString(input.from, 'from');
  const to = optionalString(input.to, 'to');
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}
