import {
  type AttachedCall,
  type Firing,
  HANDOFF_STATUSES,
  type Handoff,
  type HandoffStatus,
  isHandoffError,
  parseTransferArgs,
  promptsFor,
  replyForError,
  type ToolReply,
  type TurnInput,
  validTurn,
} from '@handoff/core';
import { normaliseE164 } from '@handoff/vobiz';
import { type Context, Hono } from 'hono';
import { analyticsFor, parseRange } from './analytics.js';
import { apiKeyAuth } from './auth.js';
import { nodeIncoming, readJsonObject } from './body.js';
import { isCallbackCall, isDiallableNumber, newCallbackCallId } from './callback-calls.js';
import {
  ClientTokens,
  clientTokenBearer,
  clientTokenCors,
  clientTokenRoutes,
  isTokenScoped,
  scopedBody,
  scopedHandoff,
} from './client-tokens.js';
import type { GatewayContext } from './context.js';
import { HttpError, toHttpError } from './http-errors.js';
import { HttpPort, markLinePlayed } from './http-port.js';

const STATUSES: readonly HandoffStatus[] = HANDOFF_STATUSES;

/** Bounds what one request can add, whatever the body limit. */
const MAX_TURNS_PER_REQUEST = 500;
/** Longest a turns request waits for what the core decided on its firings before answering. */
const ACTION_WAIT_MS = 5_000;
const CALL_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

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
  const tokens = new ClientTokens(handoff.store);
  app.use('*', clientTokenCors());
  app.use('*', apiKeyAuth(ctx.apiKeys, clientTokenBearer(tokens, `${ctx.urls.basePath}/v1`)));
  app.route('/client-tokens', clientTokenRoutes(ctx, tokens));

  const synced = (callId: string) =>
    handoff
      .session(callId)
      ?.sync()
      .catch((error: unknown) => handoff.reportError(error, 'session-sync'));
  const body = (c: Context) => readJsonObject(c.req.raw, ctx.maxBodyBytes, nodeIncoming(c.env));

  app.post('/handoffs', async (c) => {
    const input = scopedHandoff(c, await body(c));
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
      if (!isDiallableNumber(number)) {
        throw new HttpError(
          422,
          'invalid_arguments',
          '`callbackNumber` must be a phone number in E.164 form',
        );
      }
      const refused = refusedArgs(handoff, args);
      if (refused) return refusal(c, refused);
      // No live call to key the handoff by: a synthetic call id, which the carrier recognises.
      const session = handoff.startSession({ callId: newCallbackCallId(), platform, from: number });
      try {
        for (const turn of turns) session.addTurn(turn);
        const result = await session.transfer(args, { trigger: { kind: 'api' } });
        return c.json({ ...result, handoff: await handoff.get(result.handoffId) }, 201);
      } finally {
        session.end();
      }
    }

    const playout = playoutOf(input.playout);
    const port = httpPort(callId!, playout);
    const init = { callId: checkCallId(callId!, c), platform, ...optionalCallParties(input) };
    // A call this instance has no session for yet gets none from a request the core would refuse.
    const refused = handoff.session(init.callId) ? undefined : refusedArgs(handoff, args);
    if (refused) return refusal(c, refused);
    // The transcript sent with a handoff is history: recorded, with no rule acting on it, since
    // the request itself is the decision.
    const session = handoff.startSession(init);
    for (const turn of turns) session.addTurn(turn);
    const call = handoff.attachCall({ ...init, port });
    let decided: ToolReply | undefined;
    const run = call.toolCall(args, {
      kind: input.trigger === 'tool' ? 'tool' : 'api',
      onDecided: (reply) => {
        decided = reply;
      },
    });
    if (playout === 'ack') {
      // The platform voices the farewell and acknowledges it; answer as soon as it is queued.
      let finished = false;
      const settled = run.then(() => {
        finished = true;
      });
      await port.nextAction(settled);
      if (!finished && decided) {
        return c.json({ ...decided, status: 'persisted', reply: decided, actions: port.take() }, 202);
      }
    }
    const outcome = await run;
    if (outcome.error) return refusal(c, { error: outcome.error, reply: outcome.reply });
    const result = outcome.result!;
    return c.json(
      { ...result, reply: outcome.reply, actions: port.take(), handoff: await handoff.get(result.handoffId) },
      result.duplicate ? 200 : 201,
    );
  });

  // The tool as the core declares it, so a bot in another language registers the same schema.
  app.get('/tool', (c) =>
    c.json({
      name: handoff.tool.name,
      description: handoff.tool.description,
      parameters: handoff.tool.parameters,
    }),
  );

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

  // `/sessions/…` is the first name of this route; both stay.
  for (const path of ['/sessions/:callId/turns', '/calls/:callId/turns']) {
    app.post(path, async (c) => {
      const callId = checkCallId(c.req.param('callId') ?? '', c);
      const input = scopedBody(c, await body(c));
      const turns = input.turns === undefined ? turnList([input], 'turn') : turnList(input.turns, 'turns');
      const port = httpPort(callId, playoutOf(input.playout));
      const call = handoff.attachCall({
        callId,
        platform: optionalString(input.platform, 'platform') ?? 'api',
        port,
        ...optionalCallParties(input),
      });
      // Earlier turns may have reached other instances: apply them first, so rules see the
      // whole call, and write this request's before answering, so the next instance sees them.
      await synced(callId);
      const firings = addTurns(call, turns);
      await synced(callId);
      if (firings.length > 0) {
        // The core acts on a firing itself; the platform learns what to say or tell its LLM.
        let timer: NodeJS.Timeout | undefined;
        const bound = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, ACTION_WAIT_MS);
        });
        await port.nextAction(Promise.race([call.settled(), bound]));
        clearTimeout(timer);
      }
      const firing = firings.find((f) => f.action === 'transfer') ?? firings.at(-1) ?? null;
      return c.json({ callId, turns: call.turns.length, firing, firings, actions: port.take() });
    });
  }

  app.post('/calls/:callId/lines/:lineId/played', async (c) => {
    const callId = checkCallId(c.req.param('callId'), c);
    const lineId = c.req.param('lineId');
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(lineId)) throw new HttpError(422, 'invalid_arguments', 'Bad line id');
    await markLinePlayed(handoff.store, callId, lineId);
    return c.body(null, 204);
  });

  app.post('/calls/:callId/ai-unavailable', async (c) => {
    const callId = checkCallId(c.req.param('callId'), c);
    const input = await body(c);
    const detail = optionalString(input.detail, 'detail') ?? 'reported by the platform';
    const call =
      handoff.call(callId) ??
      handoff.attachCall({ callId, platform: optionalString(input.platform, 'platform') ?? 'api' });
    const result = await call.aiUnavailable(detail);
    return c.json({ callId, handoff: result ? await handoff.get(result.handoffId) : null });
  });

  app.post('/calls/:callId/end', async (c) => {
    const callId = checkCallId(c.req.param('callId'), c);
    const call = handoff.call(callId);
    if (call) call.end();
    else handoff.session(callId)?.end();
    return c.body(null, 204);
  });

  app.get('/analytics', async (c) =>
    c.json(await analyticsFor(handoff, parseRange(new URL(c.req.url).searchParams, Date.now()))),
  );

  app.get('/callbacks', async (c) => c.json({ callbacks: await ctx.followUps.callbacks() }));

  app.get('/webhooks/dead-letters', async (c) => c.json({ deadLetters: await ctx.webhooks.deadLetters() }));

  app.post('/webhooks/dead-letters/:id/replay', async (c) => {
    const result = await ctx.webhooks.replay(c.req.param('id'));
    if (!result.found) throw new HttpError(404, 'not_found', 'No such dead letter');
    return c.json(result, result.delivered ? 200 : 502);
  });

  function httpPort(callId: string, playout: 'ack' | 'none'): HttpPort {
    const base = ctx.urls.basePath;
    return new HttpPort({
      store: handoff.store,
      callId,
      playout,
      ackPath: (lineId) => `${base}/v1/calls/${encodeURIComponent(callId)}/lines/${lineId}/played`,
    });
  }

  return app;
}

function playoutOf(value: unknown): 'ack' | 'none' {
  if (value === undefined || value === null || value === 'none') return 'none';
  if (value === 'ack') return 'ack';
  throw new HttpError(422, 'invalid_arguments', '`playout` must be "ack" or "none"');
}

function checkCallId(callId: string, c: Context): string {
  if (!CALL_ID.test(callId)) {
    throw new HttpError(422, 'invalid_arguments', 'A call id is 1–128 characters of A–Z, a–z, 0–9, ._:-');
  }
  // A callback call id makes the carrier place a new call to the session's `from`: only the
  // gateway mints them (with a checked number), for a web session's own client token.
  if (isCallbackCall(callId) && !isTokenScoped(c)) {
    throw new HttpError(
      422,
      'invalid_arguments',
      'Call ids starting with "cb-" are reserved for callback handoffs; send `callbackNumber` instead',
    );
  }
  return callId;
}

function addTurns(call: AttachedCall, turns: TurnInput[]): Firing[] {
  const firings: Firing[] = [];
  for (const turn of turns) {
    const firing = call.addTurn(turn);
    if (firing) firings.push(firing);
  }
  return firings;
}

type Refused = { error: unknown; reply: ToolReply };

/**
 * The arguments checked as the core checks them, before any session exists: a refused request
 * must not start one (or leave its log in the store) for the call id it names.
 */
function refusedArgs(handoff: Handoff, args: Record<string, unknown>): Refused | undefined {
  try {
    parseTransferArgs(handoff.tool.schema, Object.keys(handoff.options.destinations ?? {}), args);
    return undefined;
  } catch (error) {
    if (!isHandoffError(error)) throw error;
    const prompts = promptsFor(handoff.options.language, handoff.options.prompts);
    return { error, reply: replyForError(error, prompts, handoff.tool.name) };
  }
}

/**
 * The error as usual, plus the core's line for the LLM, so a platform relays the same words
 * whatever its language instead of an error code.
 */
function refusal(c: Context, { error, reply }: Refused) {
  const http = toHttpError(error);
  return c.json(
    {
      error: { code: http.code, message: http.message, ...(http.issues ? { issues: http.issues } : {}) },
      reply,
    },
    http.status as 400,
  );
}

/**
 * Every turn checked by the core's own validator before anything is attached: a refused request
 * must not start a session (or leave a session log in the store) for the call id it names.
 */
function turnList(value: unknown, label: string): TurnInput[] {
  if (!Array.isArray(value))
    throw new HttpError(422, 'invalid_arguments', `\`${label}\` must be an array of turns`);
  if (value.length > MAX_TURNS_PER_REQUEST) {
    throw new HttpError(422, 'invalid_arguments', `At most ${MAX_TURNS_PER_REQUEST} turns per request`);
  }
  return value.map((turn: TurnInput, i) => {
    if (typeof turn !== 'object' || turn === null || Array.isArray(turn)) {
      throw new HttpError(422, 'invalid_arguments', `\`${label}[${i}]\` must be an object`);
    }
    return validTurn(turn);
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
