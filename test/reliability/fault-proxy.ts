/**
 * A fault-injecting HTTP proxy in front of the sandbox's REST API. Every request passes through
 * unchanged except the Transfer API (`POST /Account/{id}/Call/{uuid}/`), which gets the fault the
 * test chose for that call: a delay, a reset before forwarding, a 5xx after forwarding (Vobiz
 * acted, the answer says it failed: "outcome unknown"), or a black hole (forwarded never, answered
 * never).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { kind: 'pass' }
  | { kind: 'delay'; ms: number }
  | { kind: 'reset' }
  | { kind: '5xx-after-forwarding'; status: number }
  | { kind: 'black-hole' };

const TRANSFER = /\/Account\/[^/]+\/Call\/([^/]+)\/?$/;

export interface FaultProxy {
  url: string;
  /** The fault for the `n`th (0-based) Transfer request on `callUuid`; `pass` when unset. */
  setFault(decide: (callUuid: string, n: number) => Fault): void;
  /** Transfer requests seen per call, and how many were forwarded to the sandbox. */
  transfers(callUuid: string): { seen: number; forwarded: number };
  close(): Promise<void>;
}

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  let decide: (callUuid: string, n: number) => Fault = () => ({ kind: 'pass' });
  const seen = new Map<string, { seen: number; forwarded: number }>();
  const held = new Set<ServerResponse>();
  const base = new URL(upstream);

  const forward = async (req: IncomingMessage, body: Buffer): Promise<Response> => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || name === 'host' || name === 'connection' || name === 'content-length')
        continue;
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    return fetch(new URL(req.url ?? '/', base), {
      method: req.method ?? 'GET',
      headers,
      ...(body.length > 0 ? { body } : {}),
    });
  };

  const relay = async (res: ServerResponse, upstreamResponse: Response) => {
    const text = Buffer.from(await upstreamResponse.arrayBuffer());
    res.writeHead(upstreamResponse.status, {
      'content-type': upstreamResponse.headers.get('content-type') ?? 'application/json',
    });
    res.end(text);
  };

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const match = req.method === 'POST' ? TRANSFER.exec(path) : null;
    try {
      if (!match) return await relay(res, await forward(req, body));
      const uuid = decodeURIComponent(match[1]!);
      const counts = seen.get(uuid) ?? { seen: 0, forwarded: 0 };
      seen.set(uuid, counts);
      const fault = decide(uuid, counts.seen++);
      switch (fault.kind) {
        case 'pass':
          counts.forwarded++;
          return await relay(res, await forward(req, body));
        case 'delay':
          await new Promise((resolve) => setTimeout(resolve, fault.ms));
          counts.forwarded++;
          return await relay(res, await forward(req, body));
        case 'reset':
          req.socket.destroy();
          return;
        case '5xx-after-forwarding': {
          counts.forwarded++;
          await (await forward(req, body)).arrayBuffer();
          res.writeHead(fault.status, { 'content-type': 'text/html' });
          res.end('<html><body>502 Bad Gateway</body></html>');
          return;
        }
        case 'black-hole':
          held.add(res);
          res.on('close', () => held.delete(res));
          return;
      }
    } catch {
      if (!res.headersSent) res.writeHead(502).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setFault(next) {
      decide = next;
    },
    transfers: (uuid) => ({ ...(seen.get(uuid) ?? { seen: 0, forwarded: 0 }) }),
    async close() {
      for (const res of held) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
