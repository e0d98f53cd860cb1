import type { Context } from 'hono';
import type { Asset } from './assets.js';
import type { DeskAuth } from './auth.js';

/** The page loads only itself: no inline script or style, no third-party origin, no framing. */
export const PAGE_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  // The first request may carry `?token=`; never pass it on to anything the page links to.
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

export function renderPage(template: Asset, title: string, open: boolean): string {
  return new TextDecoder()
    .decode(template.body)
    .replaceAll('{{title}}', escapeHtml(title))
    .replaceAll('{{access}}', open ? 'open' : 'token');
}

/**
 * Serves the page at the mount point with a trailing slash, so every URL in it can be relative
 * and the desk works under whatever prefix the gateway (or a proxy) puts it.
 */
export async function servePage(c: Context, auth: DeskAuth, html: () => Promise<string>) {
  const url = new URL(c.req.url);
  const prefix = c.req.routePath.replace(/\/?\*$/, '');
  const rest = url.pathname.slice(prefix.length);
  if (rest === '') {
    const last = url.pathname.split('/').pop() ?? '';
    return c.redirect(`${last}/${url.search}`, 308);
  }
  if (rest !== '/') return c.json({ error: { code: 'not_found', message: 'No such desk page' } }, 404);

  const token = url.searchParams.get('token');
  if (token !== null) {
    url.searchParams.delete('token');
    const location = `./${url.search}`;
    if (auth.open) return c.redirect(location, 303);
    const user = auth.tokenMatches(token);
    if (user) {
      auth.setSessionCookie(c, user);
      c.header('Cache-Control', 'no-store');
      return c.redirect(location, 303);
    }
    // Wrong token: the page itself removes it from the address bar and asks again.
    return c.html(await html(), 401, PAGE_HEADERS);
  }
  return c.html(await html(), 200, PAGE_HEADERS);
}
