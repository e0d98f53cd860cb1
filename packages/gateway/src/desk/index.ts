import type { Handoff } from '@handoff/core';
import { type Context, Hono } from 'hono';
import { analyticsFor, parseRange } from '../analytics.js';
import { jsonError, toHttpError } from '../http-errors.js';
import { type Asset, Assets } from './assets.js';
import { DeskAuth, type DeskIdentity, type DeskUser } from './auth.js';
import { chartAsset } from './chart-asset.js';
import { handBack, ownHandoff, recordDisposition } from './dispositions.js';
import { eventStream } from './events.js';
import { type DeskFilter, matches, parseFilter } from './filters.js';
import { hint, requireSupervisor, takeOver } from './live-calls.js';
import { PAGE_HEADERS, renderPage, servePage } from './page.js';
import { statusAsset, statusTable } from './status-asset.js';

export interface DeskOptions {
  handoff: Handoff;
  /** Required for every API and event request. Omit only for local development: the desk is then open. */
  deskToken?: string;
  /**
   * People with their own desk tokens, roles and teams, instead of (or beside) the one `deskToken`
   * (which is a supervisor seat named `desk`).
   */
  deskUsers?: DeskUser[];
  /** Shown in the page header and tab. */
  title?: string;
  /** SSE heartbeat interval (default 15 s), so proxies keep an idle stream open. */
  heartbeatMs?: number;
  /** How long a desk sign-in (the cookie a desk link sets) lasts, checked server-side. Default 12 h. */
  sessionMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

const LIST_LIMIT = 200;

/**
 * The agent desk: a live screen-pop for the humans calls are handed to. A sub-app, mounted by the
 * gateway at `/desk`; every URL the page uses is relative, so any prefix works.
 */
export function deskRoutes(options: DeskOptions): Hono {
  const { handoff } = options;
  const users = [
    ...(options.deskToken !== undefined
      ? [{ token: options.deskToken, name: 'desk', role: 'supervisor' as const }]
      : []),
    ...(options.deskUsers ?? []),
  ];
  const auth = new DeskAuth(users.length > 0 ? users : undefined, {
    ...(options.sessionMs ? { sessionMs: options.sessionMs } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const assets = new Assets();
  const title = options.title?.trim() || 'Handoff desk';
  const pages = new Map<string, Promise<string>>();
  const htmlOf = (file: string) => () => {
    let page = pages.get(file);
    if (!page) {
      page = assets
        .get(file)
        .then((template) => {
          if (!template) throw new Error(`desk: public/${file} is missing`);
          return renderPage(template, title, auth.open);
        })
        .catch((error: unknown) => {
          pages.delete(file);
          throw error;
        });
      pages.set(file, page);
    }
    return page;
  };
  const html = htmlOf('index.html');

  const app = new Hono();
  const requireDesk = auth.middleware();
  // Past the middleware, so somebody is always known.
  const who = (c: Context): DeskIdentity => auth.identify(c) ?? { name: 'desk', role: 'agent', teams: [] };
  /** What this person may see: an agent, their teams' handoffs only. */
  const scoped = (c: Context, filter: DeskFilter): DeskFilter => {
    const teams = who(c).teams;
    return teams ? { ...filter, teams } : filter;
  };
  app.onError((error) => {
    const http = toHttpError(error);
    if (http.status >= 500) handoff.reportError(error, 'desk');
    return jsonError(http);
  });

  app.use('/api/*', requireDesk, async (c, next) => {
    await next();
    // Records carry transcripts and names: never leave them in a shared cache.
    c.header('Cache-Control', 'no-store');
  });
  app.use('/events', requireDesk);

  app.get('/api/config', (c) => {
    const me = who(c);
    return c.json({
      title,
      access: auth.open ? 'open' : 'token',
      me,
      destinations: Object.entries(handoff.options.destinations)
        .filter(([key]) => !me.teams || me.teams.includes(key))
        .map(([key, d]) => ({ key, label: d.label })),
    });
  });

  app.get('/api/handoffs', async (c) => {
    const parsed = parseFilter(new URL(c.req.url).searchParams);
    if (!parsed.ok) return c.json({ error: { code: 'invalid_query', message: parsed.message } }, 400);
    const records = await handoff.list({
      ...(parsed.filter.statuses ? { status: parsed.filter.statuses } : {}),
      limit: LIST_LIMIT * 5,
    });
    const filter = scoped(c, parsed.filter);
    return c.json({ handoffs: records.filter((r) => matches(r, filter)).slice(0, LIST_LIMIT) });
  });

  app.get('/api/handoffs/:id', async (c) => c.json({ handoff: await ownHandoff(handoff, c, who(c)) }));

  app.post('/api/handoffs/:id/disposition', (c) => recordDisposition(handoff, c, who(c)));
  app.post('/api/handoffs/:id/hand-back', (c) => handBack(handoff, c, who(c)));

  app.get('/api/calls', async (c) => {
    requireSupervisor(who(c));
    return c.json({ calls: await handoff.liveCalls() });
  });
  app.post('/api/calls/:callId/hint', (c) => hint(handoff, c, who(c)));
  app.post('/api/calls/:callId/take-over', (c) => takeOver(handoff, c, who(c)));

  app.get('/events', (c) => {
    const parsed = parseFilter(new URL(c.req.url).searchParams);
    if (!parsed.ok) return c.json({ error: { code: 'invalid_query', message: parsed.message } }, 400);
    return eventStream(c, handoff, scoped(c, parsed.filter), {
      heartbeatMs: options.heartbeatMs ?? 15_000,
      liveCalls: who(c).role === 'supervisor',
    });
  });

  // The figures: an agent's cover their teams only.
  app.get('/api/analytics', async (c) => {
    const range = parseRange(new URL(c.req.url).searchParams, Date.now());
    const filter = scoped(c, {});
    return c.json(await analyticsFor(handoff, range, (r) => matches(r, filter)));
  });

  app.get('/analytics', async (c) => c.html(await htmlOf('analytics.html')(), 200, PAGE_HEADERS));

  const serveAsset = (c: Context, asset: Asset | undefined) => {
    if (!asset) return c.json({ error: { code: 'not_found', message: 'No such file' } }, 404);
    const headers = { 'Content-Type': asset.type, ETag: asset.etag, 'Cache-Control': 'no-cache' };
    if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304, headers);
    return c.body(asset.body, 200, { ...headers, 'X-Content-Type-Options': 'nosniff' });
  };
  app.get('/chart.umd.js', async (c) => serveAsset(c, await chartAsset()));
  app.get('/statuses.js', (c) => serveAsset(c, statusAsset()));
  // The same table for anything else that shows statuses (a wallboard, a CRM panel).
  app.get('/api/statuses', (c) => c.json(statusTable()));
  app.get('/:file{[a-z0-9-]+\\.(?:js|css|svg)}', async (c) =>
    serveAsset(c, await assets.get(c.req.param('file'))),
  );

  app.get('*', (c) => servePage(c, auth, html));

  return app;
}
