import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** One request the sandbox made to the app, as the app saw it. */
export interface AppRequest {
  method: string;
  path: string;
  /** Full URL as requested (query included). */
  url: string;
  headers: IncomingHttpHeaders;
  /** Form body for POST, query string for GET. */
  params: Record<string, string>;
  body: string;
  at: number;
}

export type AppReply = string | { status?: number; body?: string; contentType?: string };

export type AppHandler = (req: AppRequest) => AppReply | undefined | Promise<AppReply | undefined>;

export interface AppServer {
  url: string;
  requests: AppRequest[];
  /** Replace the reply for a path (exact match on path, without query). */
  on(path: string, handler: AppHandler): void;
  waitFor(predicate: (r: AppRequest) => boolean, timeoutMs?: number): Promise<AppRequest>;
  close(): Promise<void>;
}

/** A stand-in for the user's app: answers XML per path and records every webhook. */
export async function startAppServer(routes: Record<string, AppHandler> = {}): Promise<AppServer> {
  const requests: AppRequest[] = [];
  const handlers = new Map(Object.entries(routes));
  const waiters = new Set<(r: AppRequest) => void>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://app');
    const params =
      req.method === 'GET'
        ? Object.fromEntries(url.searchParams)
        : Object.fromEntries(new URLSearchParams(body));
    const record: AppRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      url: req.url ?? '/',
      headers: req.headers,
      params,
      body,
      at: Date.now(),
    };
    requests.push(record);
    for (const w of [...waiters]) w(record);
    const reply = (await handlers.get(url.pathname)?.(record)) ?? '';
    const r = typeof reply === 'string' ? { body: reply } : reply;
    res.writeHead(r.status ?? 200, { 'Content-Type': r.contentType ?? 'application/xml' });
    res.end(r.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on: (path, handler) => handlers.set(path, handler),
    waitFor(predicate, timeoutMs = 5000) {
      const found = requests.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = (r: AppRequest) => {
          if (!predicate(r)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(r);
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(
            new Error(
              `app got no matching request in ${timeoutMs} ms; got: ${requests.map((q) => `${q.method} ${q.path} ${q.params.Event ?? ''}`).join(', ')}`,
            ),
          );
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface WsMessage {
  at: number;
  data: Record<string, unknown>;
}

export interface WsConnection {
  socket: WebSocket;
  path: string;
  messages: WsMessage[];
  closed: { code: number; at: number } | undefined;
  send(message: Record<string, unknown>): void;
  waitForMessage(predicate: (m: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<WsMessage>;
  waitForClose(timeoutMs?: number): Promise<{ code: number; at: number }>;
}

export interface WsServer {
  url: string;
  connections: WsConnection[];
  waitForConnection(index?: number, timeoutMs?: number): Promise<WsConnection>;
  close(): Promise<void>;
}

/** The app's media WebSocket server: Vobiz connects to it as a client. */
export async function startWsServer(): Promise<WsServer> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const connections: WsConnection[] = [];
  const connectionWaiters = new Set<() => void>();
  wss.on('connection', (socket, req) => {
    const listeners = new Set<() => void>();
    const conn: WsConnection = {
      socket,
      path: req.url ?? '/',
      messages: [],
      closed: undefined,
      send: (m) => socket.send(JSON.stringify(m)),
      waitForMessage(predicate, timeoutMs = 5000) {
        return poll(() => conn.messages.find((m) => predicate(m.data)), listeners, timeoutMs, 'ws message');
      },
      waitForClose(timeoutMs = 5000) {
        return poll(() => conn.closed, listeners, timeoutMs, 'ws close');
      },
    };
    socket.on('message', (raw) => {
      conn.messages.push({
        at: performance.now(),
        data: JSON.parse(raw.toString()) as Record<string, unknown>,
      });
      for (const l of [...listeners]) l();
    });
    socket.on('close', (code) => {
      conn.closed = { code, at: performance.now() };
      for (const l of [...listeners]) l();
    });
    connections.push(conn);
    for (const w of [...connectionWaiters]) w();
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    connections,
    waitForConnection(index = 0, timeoutMs = 5000) {
      return poll(() => connections[index], connectionWaiters, timeoutMs, `ws connection #${index}`);
    },
    async close() {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function poll<T>(
  read: () => T | undefined,
  listeners: Set<() => void>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const now = read();
  if (now !== undefined) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const check = () => {
      const v = read();
      if (v === undefined) return;
      clearTimeout(timer);
      listeners.delete(check);
      resolve(v);
    };
    const timer = setTimeout(() => {
      listeners.delete(check);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    listeners.add(check);
  });
}

export const xml = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<Response>${inner}</Response>`;

export function mediaMessages(conn: WsConnection): WsMessage[] {
  return conn.messages.filter((m) => m.data.event === 'media');
}
