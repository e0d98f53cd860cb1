/**
 * What `capacity.ts` drives: the same Vobiz sandbox against one gateway on the memory store, two
 * gateways on Redis, or a trivial XML server (the baseline: the sandbox's own ceiling). Loopback
 * only. The sandbox, the load loop and the trivial server live in this process; each gateway
 * runs alone in a child (`capacity-gateway.ts`), so its CPU and event loop are measured apart.
 */
import type { ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { vobizXml } from '@handoff/vobiz';
import type { createVobizSandbox, SandboxCall } from '@handoff/vobiz-sandbox';
import { request } from 'undici';
import { WebSocketServer } from 'ws';
import { closeChild, forkReady, freePort } from './child.js';

type Sandbox = Awaited<ReturnType<typeof createVobizSandbox>>;

export const CALLER = '+919811111111';
export const DID = '+918000000000';
const HUMAN = '+919800000002';

/** One system under test, as the load loop sees it. */
export interface Rig {
  /** Where call `i` is answered (the sandbox fetches `<answer>` and posts `<hangup>` there). */
  urls(i: number): { answerUrl: string; hangupUrl: string };
  /** The AI's part of handoff `i` once the call's stream is up: turns, then the trigger. */
  trigger(call: SandboxCall, i: number): Promise<void>;
  /** Resolves when the handoff behind `call` is over as its system sees it (or rejects on timeout). */
  finished(call: SandboxCall, timeoutMs: number): Promise<void>;
  /** How many handoff records were created per call: more than one is a duplicate. */
  createdPerCall(): Map<string, number>;
  /** The gateways' own processes, cumulative; none when the system under test runs in this one. */
  stats(): Promise<ProcessStats[]>;
  close(): Promise<void>;
}

/** Resolvers keyed by id, so each waiter learns of its own completion without polling. */
class Waiters {
  readonly #done = new Set<string>();
  readonly #waiting = new Map<string, () => void>();

  settle(id: string): void {
    this.#done.add(id);
    this.#waiting.get(id)?.();
  }

  wait(id: string, timeoutMs: number, what: string): Promise<void> {
    if (this.#done.has(id)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        reject(new Error(`${what} ${id}: not finished within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiting.set(id, () => {
        clearTimeout(timer);
        this.#waiting.delete(id);
        resolve();
      });
    });
  }
}

/** A child's cumulative CPU time and event-loop figures, as `capacity-gateway.ts` reports them. */
export interface ProcessStats {
  cpuMicros: number;
  elu: EventLoopUtilization;
}

/**
 * `count` gateways, each alone in a child process (`capacity-gateway.ts`). With two (on Redis),
 * every handoff's Vobiz callbacks are addressed to the *other* gateway (its `gatewayUrl`), so
 * each call crosses instances.
 */
export async function gatewayRig(sandbox: Sandbox, count: number, redisLabel?: string): Promise<Rig> {
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const urls = ports.map((port) => `http://127.0.0.1:${port}`);
  const completed = new Waiters();
  const created = new Map<string, number>();
  const handoffOfCall = new Map<string, string>();
  const triggered = new Map<number, (error?: string) => void>();
  const stats: Array<(s: ProcessStats) => void> = [];
  let nextId = 0;
  const children: ChildProcess[] = [];
  for (const [k, port] of ports.entries()) {
    const config = {
      port,
      publicUrl: urls[k],
      gatewayUrl: urls[(k + 1) % count],
      sandbox: { authId: sandbox.authId, authToken: sandbox.authToken, baseUrl: sandbox.baseUrl },
      ...(redisLabel ? { redisLabel } : {}),
      reportCreated: k === 0,
    };
    const { child } = await forkReady('capacity-gateway.ts', [JSON.stringify(config)], (message) => {
      if (message.type === 'created') {
        const callId = message.callId as string;
        created.set(callId, (created.get(callId) ?? 0) + 1);
        handoffOfCall.set(callId, message.handoffId as string);
      } else if (message.type === 'completed') completed.settle(message.handoffId as string);
      else if (message.type === 'triggered') triggered.get(message.id as number)?.(message.error as string);
      else if (message.type === 'stats') stats.shift()?.(message as unknown as ProcessStats);
    });
    children.push(child);
  }
  return {
    urls: (i) => {
      const url = urls[i % count]!;
      return { answerUrl: `${url}/vobiz/answer`, hangupUrl: `${url}/vobiz/hangup` };
    },
    trigger(call, i) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        triggered.set(id, (error) => {
          triggered.delete(id);
          if (error) reject(new Error(error));
          else resolve();
        });
        children[i % count]!.send({ type: 'trigger', id, callId: call.uuid });
      });
    },
    async finished(call, timeoutMs) {
      const handoffId = handoffOfCall.get(call.uuid);
      if (!handoffId) throw new Error(`no handoff for call ${call.uuid}`);
      await completed.wait(handoffId, timeoutMs, 'handoff');
    },
    createdPerCall: () => created,
    // One at a time per child, answered in order: each child answers its own requests in turn.
    stats: async () => {
      const out: ProcessStats[] = [];
      for (const child of children) {
        out.push(
          await new Promise<ProcessStats>((resolve) => {
            stats.push(resolve);
            child.send({ type: 'stats' });
          }),
        );
      }
      return out;
    },
    async close() {
      await Promise.all(children.map(closeChild));
    },
  };
}

/**
 * The baseline: a `node:http` server answering each callback with a fixed document of the same
 * shape (Stream, then a Dial with whisper and callbacks), and the trigger a bare POST to the
 * sandbox's Transfer API. No store, no state machine, no checks: the sandbox and the load loop
 * alone, which is the ceiling any gateway can be measured against on this machine.
 */
export async function trivialRig(sandbox: Sandbox): Promise<Rig> {
  const ended = new Waiters();
  let base = '';
  const documents = (): Record<string, string> => ({
    '/answer': vobizXml
      .response([
        vobizXml.stream(`${base.replace(/^http/, 'ws')}/media`, {
          bidirectional: true,
          keepCallAlive: true,
          audioTrack: 'inbound',
          contentType: 'audio/x-mulaw;rate=8000',
        }),
      ])
      .toString(),
    '/transfer': vobizXml
      .response([
        vobizXml.dial(
          {
            callerId: DID,
            timeout: 30,
            action: `${base}/dial-result`,
            method: 'POST',
            redirect: true,
            callbackUrl: `${base}/dial-events`,
            callbackMethod: 'POST',
            confirmSound: `${base}/whisper`,
          },
          [vobizXml.number(HUMAN)],
        ),
      ])
      .toString(),
    '/whisper': vobizXml
      .response([
        vobizXml.speak('AI handoff. The caller was charged twice for an order. Reason: Double charge.'),
      ])
      .toString(),
  });
  let fixed: Record<string, string> = {};
  const empty = vobizXml.response().toString();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0]!;
      if (path === '/hangup') {
        const uuid = new URLSearchParams(Buffer.concat(chunks).toString()).get('CallUUID');
        if (uuid) ended.settle(uuid);
      }
      res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' });
      res.end(fixed[path] ?? empty);
    });
  });
  const sockets = new WebSocketServer({ server, path: '/media' });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fixed = documents();
  const auth = {
    'x-auth-id': sandbox.authId,
    'x-auth-token': sandbox.authToken,
    'content-type': 'application/json',
  };
  return {
    urls: () => ({ answerUrl: `${base}/answer`, hangupUrl: `${base}/hangup` }),
    async trigger(call) {
      const response = await request(`${sandbox.baseUrl}/Account/${sandbox.authId}/Call/${call.uuid}/`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ legs: 'aleg', aleg_url: `${base}/transfer`, aleg_method: 'POST' }),
      });
      await response.body.text();
    },
    finished: (call, timeoutMs) => ended.wait(call.uuid, timeoutMs, 'call'),
    createdPerCall: () => new Map(),
    stats: async () => [],
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
