import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type HandoffStore, storeKey } from '@handoff/core';
import { normaliseE164 } from '@handoff/vobiz';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { nodeIncoming, readJsonObject } from './body.js';
import { newCallbackCallId } from './callback-calls.js';
import type { GatewayContext } from './context.js';
import { HttpError } from './http-errors.js';

export const DEFAULT_CLIENT_TOKEN_TTL_MS = 60 * 60_000;
/** The longest a browser may hold one: the media token's lifetime, the longest call worth streaming. */
export const MAX_CLIENT_TOKEN_TTL_MS = 4 * 60 * 60_000;
const MIN_CLIENT_TOKEN_TTL_MS = 30_000;

/** The call-id shape the `/v1` call routes accept. */
const CALL_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const E164 = /^\+[1-9]\d{6,14}$/;
/** `hct_<id>.<secret>`: the id finds the record, the secret is what is compared. */
const TOKEN = /^hct_([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;
const TOKEN_ID = /^[A-Za-z0-9_-]{22}$/;

/** What a client token lets its bearer act on. */
export interface ClientTokenScope {
  id: string;
  /** The one call (or web session) the token may act on. */
  callId: string;
  /** A web session's customer number: the only number its handoff may call back. */
  callbackNumber?: string;
  expiresAt: number;
}

export interface IssuedClientToken extends ClientTokenScope {
  /** The bearer credential; shown once, never stored. */
  token: string;
}

interface StoredClientToken extends ClientTokenScope {
  /** SHA-256 of the secret, so a store dump holds no usable token. */
  secretHash: string;
  createdAt: number;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
/** Compared against when the id is unknown, so a miss costs what a hit costs. */
const DECOY = digest('no such client token');

/**
 * Short-lived credentials a browser (or any client the deployment does not trust with an API
 * key) uses on `/v1`: each is scoped to one call or web session, expires, and can be revoked.
 * They live in the store, so any instance accepts a token another instance issued.
 */
export class ClientTokens {
  constructor(
    private readonly store: HandoffStore,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async issue(
    scope: { callId: string; callbackNumber?: string },
    ttlMs = DEFAULT_CLIENT_TOKEN_TTL_MS,
  ): Promise<IssuedClientToken> {
    const id = randomBytes(16).toString('base64url');
    const secret = randomBytes(32).toString('base64url');
    const createdAt = this.now();
    const record: StoredClientToken = {
      id,
      callId: scope.callId,
      ...(scope.callbackNumber ? { callbackNumber: scope.callbackNumber } : {}),
      expiresAt: createdAt + ttlMs,
      secretHash: digest(secret).toString('hex'),
      createdAt,
    };
    await this.store.put(storeKey('clientToken', id), record, { expectedVersion: 0, ttlMs });
    const { secretHash: _hash, createdAt: _at, ...public_ } = record;
    return { ...public_, token: `hct_${id}.${secret}` };
  }

  /** The token's scope, or undefined when it is malformed, unknown, revoked or expired. */
  async verify(token: string): Promise<ClientTokenScope | undefined> {
    const match = TOKEN.exec(token);
    if (!match) return undefined;
    const stored = (await this.store.get<StoredClientToken>(storeKey('clientToken', match[1]!)))?.value;
    const expected = stored ? Buffer.from(stored.secretHash, 'hex') : DECOY;
    const same = expected.length === DECOY.length && timingSafeEqual(digest(match[2]!), expected);
    if (!stored || !same || stored.expiresAt <= this.now()) return undefined;
    const { secretHash: _hash, createdAt: _at, ...scope } = stored;
    return scope;
  }

  async revoke(id: string): Promise<void> {
    if (TOKEN_ID.test(id)) await this.store.delete(storeKey('clientToken', id));
  }
}

/** What a client token may call, relative to `/v1`; a captured call id must be the token's. */
const TOKEN_ROUTES: ReadonlyArray<{ method: string; path: RegExp }> = [
  { method: 'POST', path: /^\/(?:calls|sessions)\/([^/]+)\/turns$/ },
  { method: 'POST', path: /^\/calls\/([^/]+)\/lines\/[^/]+\/played$/ },
  { method: 'POST', path: /^\/calls\/([^/]+)\/(?:ai-unavailable|end)$/ },
  { method: 'POST', path: /^\/handoffs$/ },
];
const OWN_TOKEN = /^\/client-tokens\/([^/]+)$/;

/** Requests authenticated by a client token, and the scope it carried. */
const scopes = new WeakMap<Request, ClientTokenScope>();

/**
 * Accepts a client token as the bearer, for its own call's routes only: anything else it names
 * is a 403, a bad or expired token falls through to the 401 every unknown bearer gets.
 */
export function clientTokenBearer(
  tokens: ClientTokens,
  apiPrefix: string,
): (c: Context, bearer: string) => Promise<boolean> {
  return async (c, bearer) => {
    const scope = await tokens.verify(bearer);
    if (!scope) return false;
    const path = c.req.path.startsWith(apiPrefix) ? c.req.path.slice(apiPrefix.length) : c.req.path;
    const own = OWN_TOKEN.exec(path);
    const allowed =
      c.req.method === 'DELETE' && own
        ? decoded(own[1]!) === scope.id
        : TOKEN_ROUTES.some(({ method, path: pattern }) => {
            const match = c.req.method === method ? pattern.exec(path) : null;
            return match !== null && (match[1] === undefined || decoded(match[1]) === scope.callId);
          });
    if (!allowed) {
      throw new HttpError(403, 'forbidden', 'This client token is scoped to another call or route');
    }
    scopes.set(c.req.raw, scope);
    return true;
  };
}

/** Whether a client token (not an API key) authenticated this request. */
export function isTokenScoped(c: Context): boolean {
  return scopes.has(c.req.raw);
}

/**
 * A request body as a client token may send it: the call and the parties are the token's, not
 * the browser's, so a page cannot start a session as someone else or have a human call a number
 * it chose. API-key requests pass through unchanged.
 */
export function scopedBody(c: Context, input: Record<string, unknown>): Record<string, unknown> {
  const scope = scopes.get(c.req.raw);
  if (!scope) return input;
  const { from: _from, to: _to, ...rest } = input;
  if (scope.callbackNumber !== undefined) rest.from = scope.callbackNumber;
  return rest;
}

/**
 * `POST /v1/handoffs` under a client token: the token's call, or the token's web session when
 * the body asks for a callback (to the token's number only), so turns already reported and the
 * handoff share one session and a second tool call finds the first handoff.
 */
export function scopedHandoff(c: Context, input: Record<string, unknown>): Record<string, unknown> {
  const scope = scopes.get(c.req.raw);
  if (!scope) return input;
  const { callbackNumber, callId, ...rest } = scopedBody(c, input);
  if (callId !== undefined && callId !== scope.callId) throw wrongScope();
  if (callbackNumber !== undefined) {
    const same =
      scope.callbackNumber !== undefined &&
      typeof callbackNumber === 'string' &&
      normaliseE164(callbackNumber) === scope.callbackNumber;
    if (!same) throw wrongScope();
  }
  return { ...rest, callId: scope.callId };
}

/** `POST /v1/client-tokens` (API key only) and `DELETE /v1/client-tokens/:id` (API key or that token). */
export function clientTokenRoutes(ctx: GatewayContext, tokens: ClientTokens): Hono {
  const app = new Hono();
  app.post('/', async (c) => {
    if (scopes.has(c.req.raw)) throw new HttpError(403, 'forbidden', 'Client tokens need an API key');
    const input = await readJsonObject(c.req.raw, ctx.maxBodyBytes, nodeIncoming(c.env));
    const ttlMs = ttlOf(input.ttlSeconds);
    const callId = typeof input.callId === 'string' ? input.callId.trim() : input.callId;
    const callbackNumber = input.callbackNumber;
    if ((callId === undefined) === (callbackNumber === undefined)) {
      throw new HttpError(
        422,
        'invalid_arguments',
        'Send exactly one of `callId` (a live call) or `callbackNumber` (a web session)',
      );
    }
    if (callId !== undefined) {
      if (typeof callId !== 'string' || !CALL_ID.test(callId)) {
        throw new HttpError(422, 'invalid_arguments', 'A call id is 1–128 characters of A–Z, a–z, 0–9, ._:-');
      }
      return c.json(view(await tokens.issue({ callId }, ttlMs)), 201);
    }
    const number = typeof callbackNumber === 'string' ? normaliseE164(callbackNumber) : '';
    if (!E164.test(number)) {
      throw new HttpError(422, 'invalid_arguments', '`callbackNumber` must be a phone number in E.164 form');
    }
    if (!ctx.callbacks.enabled) {
      throw new HttpError(
        501,
        'not_configured',
        'Web sessions hand off by callback, which needs vobiz.authId (or client) and vobiz.callerId',
      );
    }
    // The session id is a callback call id, so the carrier places a new call for its handoff.
    const issued = await tokens.issue({ callId: newCallbackCallId(), callbackNumber: number }, ttlMs);
    return c.json(view(issued), 201);
  });
  app.delete('/:id', async (c) => {
    await tokens.revoke(c.req.param('id'));
    return c.body(null, 204);
  });
  return app;
}

/**
 * Browsers call `/v1` from the deployment's own origin. Every route needs a bearer credential
 * and none reads a cookie, so allowing any origin exposes nothing a caller without the token
 * could not already reach.
 */
export function clientTokenCors(): MiddlewareHandler {
  return cors({
    origin: '*',
    allowMethods: ['POST', 'DELETE'],
    allowHeaders: ['authorization', 'content-type'],
    maxAge: 600,
  });
}

function view(issued: IssuedClientToken) {
  return {
    token: issued.token,
    id: issued.id,
    callId: issued.callId,
    ...(issued.callbackNumber ? { callbackNumber: issued.callbackNumber } : {}),
    expiresAt: new Date(issued.expiresAt).toISOString(),
  };
}

function ttlOf(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_CLIENT_TOKEN_TTL_MS;
  const ms = typeof value === 'number' && Number.isInteger(value) ? value * 1000 : Number.NaN;
  if (!(ms >= MIN_CLIENT_TOKEN_TTL_MS && ms <= MAX_CLIENT_TOKEN_TTL_MS)) {
    throw new HttpError(
      422,
      'invalid_arguments',
      `\`ttlSeconds\` must be an integer from ${MIN_CLIENT_TOKEN_TTL_MS / 1000} to ${MAX_CLIENT_TOKEN_TTL_MS / 1000}`,
    );
  }
  return ms;
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function wrongScope(): HttpError {
  return new HttpError(403, 'forbidden', 'This client token is scoped to another call');
}
