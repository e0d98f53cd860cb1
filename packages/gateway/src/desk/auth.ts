import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';

export const DESK_COOKIE = 'handoff_desk';

/** How long a desk sign-in lasts, server-side as well as in the browser. */
export const DEFAULT_DESK_SESSION_MS = 12 * 60 * 60_000;
const SESSION_ID_HEX = 16;
const EXPIRY_HEX = 12;
const USER_HEX = 8;

export type DeskRole = 'agent' | 'supervisor';

/**
 * One person (or one shared seat) at the desk. An `agent` sees the handoffs of their `teams`
 * (destination keys; all when omitted) and records outcomes and hand-backs; a `supervisor` also
 * sees the AI's live calls and may hint or take over.
 */
export interface DeskUser {
  token: string;
  name: string;
  role: DeskRole;
  teams?: readonly string[];
}

/** Who a request is from, without their token. */
export interface DeskIdentity {
  name: string;
  role: DeskRole;
  /** Destination keys this person works; `undefined`: every destination. */
  teams?: readonly string[];
}

interface KnownUser extends DeskUser {
  /** A short fingerprint of the token, in the cookie, to find whose key signs it. */
  id: string;
}

export interface DeskAuthOptions {
  /** How long the cookie a desk link sets stays valid (default 12 h). */
  sessionMs?: number;
  now?: () => number;
}

/** Hashing first gives both sides the same length, so the comparison leaks neither content nor length. */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/**
 * Who may read the desk. The cookie holds a session signed with the token, not the token itself,
 * so a leaked cookie cannot be replayed as a Bearer key against anything else that shares it.
 * Each session carries its own expiry, checked here (a browser's Max-Age alone would let a copied
 * cookie live forever), and rotating the token ends every session at once.
 */
export class DeskAuth {
  readonly #users: readonly KnownUser[];
  readonly #sessionMs: number;
  readonly #now: () => number;

  /** One `deskToken` (a supervisor seat named `desk`, as before roles), or `deskUsers`. */
  constructor(tokens: string | readonly DeskUser[] | undefined, options: DeskAuthOptions = {}) {
    const users =
      typeof tokens === 'string'
        ? [{ token: tokens, name: 'desk', role: 'supervisor' as const }]
        : (tokens ?? []);
    for (const user of users) {
      if (typeof user.token !== 'string' || user.token.length === 0) {
        throw new TypeError('deskRoutes: a desk token must not be empty; omit it for an open desk');
      }
      if (user.role !== 'agent' && user.role !== 'supervisor') {
        throw new TypeError(`deskRoutes: desk user "${user.name}" needs role "agent" or "supervisor"`);
      }
    }
    this.#users = users.map((user) => ({
      ...user,
      id: createHash('sha256').update(`handoff-desk-user.${user.token}`).digest('hex').slice(0, USER_HEX),
    }));
    this.#sessionMs = options.sessionMs ?? DEFAULT_DESK_SESSION_MS;
    this.#now = options.now ?? Date.now;
  }

  /** `<session id><expiry, hex ms><user><HMAC of all three>`: only [A-Za-z0-9_-], fixed widths first. */
  #session(user: KnownUser, id: string, expiresAt: number): string {
    const expiry = expiresAt.toString(16).padStart(EXPIRY_HEX, '0');
    const mac = createHmac('sha256', user.token)
      .update(`handoff-desk-session-v3.${id}.${expiry}.${user.id}`)
      .digest('base64url');
    return `${id}${expiry}${user.id}${mac}`;
  }

  #sessionUser(cookie: string): KnownUser | undefined {
    const id = cookie.slice(0, SESSION_ID_HEX);
    const expiry = cookie.slice(SESSION_ID_HEX, SESSION_ID_HEX + EXPIRY_HEX);
    const userId = cookie.slice(SESSION_ID_HEX + EXPIRY_HEX, SESSION_ID_HEX + EXPIRY_HEX + USER_HEX);
    if (!/^[0-9a-f]+$/.test(id + expiry + userId) || userId.length !== USER_HEX) return undefined;
    const user = this.#users.find((u) => u.id === userId);
    if (!user) return undefined;
    const expiresAt = Number.parseInt(expiry, 16);
    const valid = safeEqual(cookie, this.#session(user, id, expiresAt)) && expiresAt > this.#now();
    return valid ? user : undefined;
  }

  get open(): boolean {
    return this.#users.length === 0;
  }

  /** The user whose token this is. Every token is compared, so timing says nothing about which. */
  tokenMatches(candidate: string | undefined): DeskUser | undefined {
    if (candidate === undefined) return undefined;
    let found: DeskUser | undefined;
    for (const user of this.#users) if (safeEqual(candidate, user.token) && !found) found = user;
    return found;
  }

  /** Who sent the request; `undefined` when nobody the desk knows. An open desk is a supervisor. */
  identify(c: Context): DeskIdentity | undefined {
    if (this.open) return { name: 'desk', role: 'supervisor' };
    const header = c.req.header('authorization');
    const bearer = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    const cookie = bearer === undefined ? getCookie(c, DESK_COOKIE) : undefined;
    const user =
      bearer !== undefined ? this.tokenMatches(bearer) : cookie ? this.#sessionUser(cookie) : undefined;
    return user
      ? { name: user.name, role: user.role, ...(user.teams ? { teams: user.teams } : {}) }
      : undefined;
  }

  allowed(c: Context): boolean {
    return this.identify(c) !== undefined;
  }

  /**
   * No `Path`: the browser then scopes the cookie to the directory it sees the page at, which
   * is right under any mount prefix, including one a reverse proxy strips.
   */
  setSessionCookie(c: Context, user: DeskUser): void {
    const known = this.#users.find((u) => u.token === user.token);
    if (!known) return;
    const value = this.#session(
      known,
      randomBytes(SESSION_ID_HEX / 2).toString('hex'),
      this.#now() + this.#sessionMs,
    );
    // Written by hand: hono's setCookie always adds `Path=/`.
    const attributes = [
      `${DESK_COOKIE}=${value}`,
      `Max-Age=${Math.floor(this.#sessionMs / 1000)}`,
      'HttpOnly',
      'SameSite=Strict',
    ];
    if (isHttps(c)) attributes.push('Secure');
    c.header('Set-Cookie', attributes.join('; '), { append: true });
  }

  middleware(): MiddlewareHandler {
    return async (c, next) => {
      if (this.allowed(c)) return next();
      c.header('WWW-Authenticate', 'Bearer realm="handoff-desk"');
      c.header('Cache-Control', 'no-store');
      return c.json(
        {
          error: {
            code: 'unauthorized',
            message: 'Desk token required: open the desk link or send a Bearer token',
          },
        },
        401,
      );
    };
  }
}

function isHttps(c: Context): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}
