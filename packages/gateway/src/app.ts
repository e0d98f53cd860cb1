import { describeCause, isHandoffError } from '@handoff/core';
import { Hono } from 'hono';
import { apiRoutes } from './api-routes.js';
import { apiKeyAuth } from './auth.js';
import type { GatewayContext } from './context.js';
import type { DeskUser } from './desk/auth.js';
import { deskRoutes } from './desk/index.js';
import { HttpError, jsonError, textError, toHttpError } from './http-errors.js';
import { logSafe } from './log-safe.js';
import { mountPlatforms, type PlatformMount } from './platform-mounts.js';
import { vobizRoutes } from './vobiz-routes.js';

/**
 * The gateway's HTTP surface as one Hono app: `/vobiz/*` for Vobiz (form bodies, signed, XML
 * answers), `/v1/*` for platforms and CRMs (JSON, API keys), `/desk` for people, and each
 * webhook platform's handler at the path its mount names.
 */
export function buildApp(
  ctx: GatewayContext,
  options: { deskToken?: string; deskUsers?: DeskUser[]; platforms?: readonly PlatformMount[] },
): Hono {
  const root = new Hono();
  const basePath = ctx.urls.basePath;
  const app = basePath ? root.basePath(basePath) : root;

  app.get('/healthz', (c) => c.json({ ok: true }));
  const metrics = ctx.metrics;
  if (metrics) {
    // Behind the /v1 API keys: Prometheus sends one as `authorization: { credentials: <key> }`.
    app.get('/metrics', apiKeyAuth(ctx.apiKeys), async (c) => {
      const { body, contentType } = await metrics.scrape();
      return c.body(body, 200, { 'content-type': contentType });
    });
  }
  // The conference warm transfer's callbacks (`/vobiz/conference/…`) are among these routes.
  app.route('/vobiz', vobizRoutes(ctx));
  app.route('/v1', apiRoutes(ctx));
  app.route(
    '/desk',
    deskRoutes({
      handoff: ctx.handoff,
      heartbeatMs: ctx.sseHeartbeatMs,
      ...(options.deskToken ? { deskToken: options.deskToken } : {}),
      ...(options.deskUsers ? { deskUsers: options.deskUsers } : {}),
    }),
  );

  // Platforms that run elsewhere and call in over HTTP (Retell, VAPI, …): each package's handler.
  mountPlatforms(app, options.platforms ?? [], ctx.maxBodyBytes);

  root.onError((error, c) => {
    const http = toHttpError(error);
    if (isHandoffError(error, 'store_unavailable')) ctx.metrics?.storeError('request');
    if (http.status >= 500) {
      // The message only: errors from the carrier or store can carry request details.
      ctx.logger?.error(
        { method: c.req.method, path: logSafe(c.req.path), status: http.status, cause: describeCause(error) },
        '[handoff] request failed',
      );
    }
    return isVobizPath(c.req.path, basePath) ? textError(http) : jsonError(http);
  });
  root.notFound((c) => {
    const error = new HttpError(404, 'not_found', 'No such endpoint');
    return isVobizPath(c.req.path, basePath) ? textError(error) : jsonError(error);
  });
  return root;
}

function isVobizPath(path: string, basePath: string): boolean {
  return path.startsWith(`${basePath}/vobiz/`);
}
