import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One live-control message as VAPI would have received it. */
export interface ControlMessage {
  /** VAPI's call id, from the URL path. */
  vapiCallId: string;
  body: { type: string; [key: string]: unknown };
  /** When it arrived (`Date.now()`). */
  at: number;
  authorization: string | undefined;
}

export interface FakeControl {
  /** The control URL VAPI would put in `call.monitor.controlUrl` for `vapiCallId`. */
  url(vapiCallId: string): string;
  readonly received: ControlMessage[];
  forCall(vapiCallId: string): ControlMessage[];
  /** Resolves with the first message of `type` for the call. */
  waitFor(vapiCallId: string, type: string, timeoutMs?: number): Promise<ControlMessage>;
  /** Answer every request with this status from now on (default 200). */
  respondWith(status: number): void;
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

/**
 * A stand-in for VAPI's live call control on 127.0.0.1: `POST /{callId}/control` with a
 * `ClientInboundMessage` body, as in VAPI's docs (fern/calls/call-features.mdx), answered 200.
 */
export async function startFakeControl(options: { token?: string } = {}): Promise<FakeControl> {
  const received: ControlMessage[] = [];
  let status = 200;
  const server = createServer(async (req, res) => {
    const match = /^\/([^/]+)\/control$/u.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) {
      res.writeHead(404).end();
      return;
    }
    const authorization = req.headers.authorization;
    if (options.token && authorization !== `Bearer ${options.token}`) {
      res.writeHead(401).end('unauthorized');
      return;
    }
    const body = (await readJson(req)) as ControlMessage['body'];
    received.push({ vapiCallId: decodeURIComponent(match[1]!), body, at: Date.now(), authorization });
    res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'error');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const forCall = (id: string) => received.filter((m) => m.vapiCallId === id);
  return {
    url: (id) => `http://127.0.0.1:${port}/${encodeURIComponent(id)}/control`,
    received,
    forCall,
    async waitFor(id, type, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = forCall(id).find((m) => m.body.type === type);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no "${type}" control message for ${id}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    respondWith(next) {
      status = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
