import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { UpgradeRouter } from './upgrades.js';
import type { FrontHandler } from './vobiz-fast-path.js';

type FetchHandler = (request: Request, env?: unknown) => Response | Promise<Response>;

/**
 * One Node HTTP server: `front` first (the `/vobiz/*` fast path), Hono for every other request,
 * the upgrade router for WebSockets.
 */
export async function listenOn(
  fetch: FetchHandler,
  upgrades: UpgradeRouter,
  port: number,
  host: string,
  front?: FrontHandler,
): Promise<{ server: Server; url: string }> {
  const server = createServer(nodeHandler(fetch, front));
  server.on('upgrade', (request, socket, head) => upgrades.handle(request, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { server, url: `http://${hostname}:${address.port}` };
}

export async function closeServer(server: Server): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive sockets and open event streams would otherwise hold close() for minutes.
  server.closeAllConnections();
  await closed;
}

/**
 * A Node `(req, res)` handler for Express, Fastify (`server.on('request')`) or `http.createServer`.
 * Express strips its mount path from `req.url` but keeps `originalUrl`: the gateway routes on the
 * full path, so the prefix in `publicUrl` and the mount path must agree.
 */
export function nodeHandler(
  fetch: FetchHandler,
  front?: FrontHandler,
): (req: IncomingMessage, res: ServerResponse) => void {
  // Global Request/Response stay Node's own: an embedding app must not see them swapped.
  const listener = getRequestListener(fetch, { overrideGlobalObjects: false });
  return (req, res) => {
    const original = (req as IncomingMessage & { originalUrl?: string }).originalUrl;
    if (original) req.url = original;
    if (front?.(req, res)) return;
    void listener(req, res);
  };
}
