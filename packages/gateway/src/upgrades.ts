import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';

export type UpgradeHandler<T> = (socket: WebSocket, request: IncomingMessage, context: T) => void;

export interface UpgradeOptions<T> {
  /**
   * Decides before the handshake completes, so a refused client never gets a socket. `rest` is
   * the path after the prefix. Return `undefined` to refuse with 403.
   */
  authorize?: (request: IncomingMessage, rest: string) => T | undefined | Promise<T | undefined>;
}

/** A refused upgrade, for the log: the path cut to its first segment (the rest can be a token). */
export interface UpgradeRefusal {
  status: 403 | 404 | 500;
  path: string;
}

interface Route {
  prefix: string;
  handler: UpgradeHandler<unknown>;
  authorize?: (request: IncomingMessage, rest: string) => unknown;
}

/** Largest WebSocket message accepted: a second of L16/16k audio as base64 JSON, with room to spare. */
const MAX_PAYLOAD_BYTES = 1024 * 1024;

/**
 * WebSocket upgrades by path prefix, on `ws` in noServer mode so HTTP stays with Hono and any
 * number of socket endpoints (the AI media bridge, the desk) share one port.
 */
export class UpgradeRouter {
  readonly #routes: Route[] = [];
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD_BYTES });

  constructor(
    private readonly basePath: () => string,
    private readonly onRefused: (refusal: UpgradeRefusal) => void = () => {},
  ) {}

  add<T>(prefix: string, handler: UpgradeHandler<T>, options: UpgradeOptions<T> = {}): () => void {
    const normalised = prefix.startsWith('/') ? prefix : `/${prefix}`;
    const route: Route = {
      prefix: normalised,
      handler: handler as UpgradeHandler<unknown>,
      ...(options.authorize ? { authorize: options.authorize } : {}),
    };
    // Longest prefix first, so `/media/special/` can sit beside `/media/`; for the same prefix the
    // newest registration wins (the sort is stable).
    this.#routes.unshift(route);
    this.#routes.sort((a, b) => b.prefix.length - a.prefix.length);
    return () => {
      const index = this.#routes.indexOf(route);
      if (index >= 0) this.#routes.splice(index, 1);
    };
  }

  /** For `server.on('upgrade', …)`; also usable with a server of your own. */
  handle(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const path = this.#path(request);
    const route = path === undefined ? undefined : this.#routes.find((r) => path.startsWith(r.prefix));
    if (!route || path === undefined) {
      this.onRefused({ status: 404, path: firstSegment(path ?? '') });
      refuse(socket, 404, 'Not Found');
      return;
    }
    const rest = path.slice(route.prefix.length);
    Promise.resolve(route.authorize ? route.authorize(request, rest) : true)
      .then((context) => {
        if (context === undefined || context === false) {
          this.onRefused({ status: 403, path: route.prefix });
          return refuse(socket, 403, 'Forbidden');
        }
        if (socket.destroyed) return;
        this.#wss.handleUpgrade(request, socket, head, (ws) => {
          try {
            route.handler(ws, request, route.authorize ? context : undefined);
          } catch {
            ws.close(1011, 'handler error');
          }
        });
      })
      .catch(() => {
        this.onRefused({ status: 500, path: route.prefix });
        refuse(socket, 500, 'Internal Server Error');
      });
  }

  #path(request: IncomingMessage): string | undefined {
    let pathname: string;
    try {
      pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    } catch {
      return undefined;
    }
    const base = this.basePath();
    if (base === '') return pathname;
    return pathname.startsWith(`${base}/`) ? pathname.slice(base.length) : undefined;
  }

  /** Closes every open socket (1001, going away). */
  close(): void {
    for (const client of this.#wss.clients) {
      client.close(1001, 'server shutting down');
      // A peer that never answers the close frame must not hold the process open.
      setTimeout(() => client.terminate(), 1_000).unref();
    }
    this.#wss.close();
  }
}

function firstSegment(path: string): string {
  const segment = /^\/[A-Za-z0-9_-]{0,40}/.exec(path)?.[0] ?? '';
  return segment.length < path.length ? `${segment}/…` : segment;
}

function refuse(socket: Duplex, status: number, text: string): void {
  if (socket.destroyed) return;
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
