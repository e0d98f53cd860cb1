import type { IncomingMessage, ServerResponse } from 'node:http';
import { isHandoffError } from '@handoff/core';
import { readNodeForm } from './body.js';
import type { GatewayContext } from './context.js';
import { toHttpError } from './http-errors.js';
import { logSafe } from './log-safe.js';
import { type VobizHandler, type VobizRequest, type VobizRoute, vobizHandlers } from './vobiz-handlers.js';
import type { HeaderGetter, SignatureCheck } from './vobiz-signature.js';

/** Answers a request and returns true, or returns false and leaves it to the next handler. */
export type FrontHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

const XML_TYPE = 'application/xml; charset=utf-8';
const TEXT_HEADERS = { 'content-type': 'text/plain; charset=utf-8' };

/**
 * A path segment the fast path takes as it arrives. Anything else (percent-escapes, dot segments,
 * empty segments) goes to Hono, whose URL handling then decides exactly as it always did.
 */
const PLAIN_SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9_.~-]*$/;

interface Match {
  handle: VobizHandler;
  handoffId: string;
}

/**
 * The `/vobiz/*` routes straight off Node's request, before `@hono/node-server` builds a Fetch
 * `Request` and Hono routes it: Vobiz's callbacks are the hot path of a call, and that machinery
 * cost several times the handler. Same handlers, same checks in the same order (signature before
 * the body, then token, attempt and body limits inside the handler), same statuses and bodies.
 * The conference warm transfer's callbacks are among its routes. Whatever it does not recognise
 * exactly (another method, another path, an escaped path) it returns false for, and Hono serves it.
 */
export function vobizFastPath(ctx: GatewayContext, checkSignature: SignatureCheck): FrontHandler {
  const match = matcher(vobizHandlers(ctx));
  let base: string | undefined;
  let prefix = '';

  const serve = async (
    req: IncomingMessage,
    res: ServerResponse,
    route: Match,
    path: string,
    search: string,
  ): Promise<void> => {
    try {
      await checkSignature(path, new NodeHeaders(req));
      const body = await route.handle(new NodeVobizRequest(req, route.handoffId, search, ctx.maxBodyBytes));
      // A known length: one write, where chunked framing takes several.
      res.writeHead(200, [
        'content-type',
        XML_TYPE,
        'cache-control',
        'no-store',
        'content-length',
        String(Buffer.byteLength(body)),
      ]);
      res.end(body);
    } catch (error) {
      const http = toHttpError(error);
      // As the Hono app's error handler does for these paths: counted, logged without details.
      if (isHandoffError(error, 'store_unavailable')) ctx.metrics?.storeError('request');
      if (http.status >= 500) {
        ctx.logger?.error(
          { method: req.method, path: logSafe(path), status: http.status, cause: logSafe(describe(error)) },
          '[handoff] request failed',
        );
      }
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(http.status, TEXT_HEADERS);
      res.end(`${http.code}: ${http.message}\n`);
    }
  };

  return (req, res) => {
    const method = req.method;
    if (method !== 'POST' && method !== 'GET') return false;
    // The public URL can be set by listen(), after this was built.
    if (!ctx.urls.configured) return false;
    if (ctx.urls.base !== base) {
      base = ctx.urls.base;
      prefix = `${ctx.urls.basePath}/vobiz/`;
    }
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    if (!path.startsWith(prefix) || path.includes('#')) return false;
    const route = match(path.slice(prefix.length), method);
    if (!route) return false;
    void serve(req, res, route, path, q === -1 ? '' : url.slice(q + 1));
    return true;
  };
}

/** `handoff/abc` → the transfer handler with `abc`; undefined for anything not matched exactly. */
function matcher(routes: VobizRoute[]): (rest: string, method: string) => Match | undefined {
  const table = routes.map((route) => ({
    segments: route.path.split('/').slice(1),
    methods: new Set<string>(route.methods),
    handle: route.handle,
  }));
  return (rest, method) => {
    const segments = rest.split('/');
    for (const segment of segments) if (!PLAIN_SEGMENT.test(segment)) return undefined;
    for (const route of table) {
      if (route.segments.length !== segments.length || !route.methods.has(method)) continue;
      let handoffId = '';
      let ok = true;
      for (let i = 0; i < segments.length && ok; i++) {
        const want = route.segments[i]!;
        if (want === ':handoffId') handoffId = segments[i]!;
        else ok = want === segments[i];
      }
      if (ok) return { handle: route.handle, handoffId };
    }
    return undefined;
  };
}

/** Node joins repeated headers with ', ', as `Headers.get` does. */
class NodeHeaders implements HeaderGetter {
  constructor(private readonly req: IncomingMessage) {}

  get(name: string): string | null {
    const value = this.req.headers[name];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }
}

/** A class rather than an object of closures: one allocation per request, the query parsed on demand. */
class NodeVobizRequest implements VobizRequest {
  #params: URLSearchParams | undefined;

  constructor(
    private readonly req: IncomingMessage,
    readonly handoffId: string,
    private readonly search: string,
    private readonly maxBodyBytes: number,
  ) {}

  query(name: string): string | undefined {
    if (this.#params === undefined) this.#params = new URLSearchParams(this.search);
    return this.#params.get(name) ?? undefined;
  }

  form(): Promise<URLSearchParams> {
    return readNodeForm(this.req, this.search, this.maxBodyBytes);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
