import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';

export const DESK_COOKIE = 'handoff_desk';

/** Hashing first gives both sides the same length, so the comparison leaks neither content nor length. */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/**
 * Who may read the desk. The cookie holds a value derived from the token, not the token itself,
 * so a leaked cookie cannot be replayed as a Bearer key against anything else that shares it.
 */
export class DeskAuth {
  readonly #token: string | undefined;
  readonly #cookieValue: string | undefined;

  constructor(token: string | undefined) {
    if (token !== undefined && token.length === 0) {
      throw new TypeError('deskRoutes: `deskToken` must not be empty; omit it for an open desk');
    }
    this.#token = token;
    this.#cookieValue =
      token && createHmac('sha256', token).update('handoff-desk-cookie-v1').digest('base64url');
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
    return cookie !== undefined && this.#cookieValue !== undefined && safeEqual(cookie, this.#cookieValue);
  }

  /**
   * No `Path`: the browser then scopes the cookie to the directory it sees the page at, which
   * is right under any mount prefix, including one a reverse proxy strips.
   */
  setSessionCookie(c: Context): void {
    if (!this.#cookieValue) return;
    // Written by hand: hono's setCookie always adds `Path=/`.
    const attributes = [
      `${DESK_COOKIE}=${this.#cookieValue}`,
      `Max-Age=${12 * 60 * 60}`,
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
