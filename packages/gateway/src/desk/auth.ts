import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';

export const DESK_COOKIE = 'handoff_desk';

/** How long a desk sign-in lasts, server-side as well as in the browser. */
export const DEFAULT_DESK_SESSION_MS = 12 * 60 * 60_000;
const SESSION_ID_HEX = 16;
const EXPIRY_HEX = 12;

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
  readonly #token: string | undefined;
  readonly #sessionMs: number;
  readonly #now: () => number;

  constructor(token: string | undefined, options: DeskAuthOptions = {}) {
    if (token !== undefined && token.length === 0) {
      throw new TypeError('deskRoutes: `deskToken` must not be empty; omit it for an open desk');
    }
    this.#token = token;
    this.#sessionMs = options.sessionMs ?? DEFAULT_DESK_SESSION_MS;
    this.#now = options.now ?? Date.now;
  }

  /** `<session id><expiry, hex ms><HMAC of both>`: only [A-Za-z0-9_-], fixed-width fields first. */
  #session(id: string, expiresAt: number): string | undefined {
    if (this.#token === undefined) return undefined;
    const expiry = expiresAt.toString(16).padStart(EXPIRY_HEX, '0');
    const mac = createHmac('sha256', this.#token)
      .update(`handoff-desk-session-v2.${id}.${expiry}`)
      .digest('base64url');
    return `${id}${expiry}${mac}`;
  }

  #sessionValid(cookie: string): boolean {
    const id = cookie.slice(0, SESSION_ID_HEX);
    const expiry = cookie.slice(SESSION_ID_HEX, SESSION_ID_HEX + EXPIRY_HEX);
    if (!/^[0-9a-f]+$/.test(id + expiry) || expiry.length !== EXPIRY_HEX) return false;
    const expiresAt = Number.parseInt(expiry, 16);
    const expected = this.#session(id, expiresAt);
    return expected !== undefined && safeEqual(cookie, expected) && expiresAt > this.#now();
  }

  get open(): boolean {
    return this.#token === undefined;
  }

  tokenMatches(candidate: string | undefined): boolean {
    return this.#token !== undefined && candidate !== undefined && safeEqual(candidate, this.#token);
  }

  allowed(c: Context): boolean {
    if (this.open) return true;
    const header = c.req.header('authorization');
    const bearer = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    if (bearer !== undefined) return this.tokenMatches(bearer);
    const cookie = getCookie(c, DESK_COOKIE);
    return cookie !== undefined && this.#sessionValid(cookie);
  }

  /**
   * No `Path`: the browser then scopes the cookie to the directory it sees the page at, which
   * is right under any mount prefix, including one a reverse proxy strips.
   */
  setSessionCookie(c: Context): void {
    const value = this.#session(
      randomBytes(SESSION_ID_HEX / 2).toString('hex'),
      this.#now() + this.#sessionMs,
    );
    if (!value) return;
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
