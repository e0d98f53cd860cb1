/**
 * The core's Vobiz pieces against the sandbox, with no gateway: a small app in this file answers
 * the call with `<Stream>`, talks on the WebSocket, asks the core to transfer (the real Transfer
 * API through `VobizClient`), serves the `<Dial>` and whisper XML, and checks every callback's
 * signature. The sandbox is written independently from Vobiz's docs, so the two meet on the wire.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHandoff, type Handoff } from '@handoff/core';
import {
  NonceCache,
  parseStreamMessage,
  parseVobizCallback,
  VobizClient,
  verifyVobizSignature,
  vobizCarrier,
  vobizXml,
} from '@handoff/vobiz';
import { createVobizSandbox, type EndpointBehaviour, type VobizSandbox } from '@handoff/vobiz-sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';

interface App {
  url: string;
  handoff: Handoff;
  rejectedSignatures: number;
  dialResults: string[];
  streamStarts: Array<{ callId: string; streamId: string }>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function startApp(sandbox: VobizSandbox): Promise<App> {
  const server: Server = createServer();
  const wss = new WebSocketServer({ noServer: true });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new VobizClient({
    authId: sandbox.authId,
    authToken: sandbox.authToken,
    baseUrl: sandbox.baseUrl,
  });
  const handoff = createHandoff({
    transfer: vobizCarrier({ client, gatewayUrl: url }),
    destinations: {
      support: {
        number: '+919800000002',
        label: 'Senior care',
        callerId: '+918000000000',
        ringTimeoutSec: 2,
      },
    },
    fallback: ['hangup'],
  });
  const nonces = new NonceCache();
  const app: App = {
    url,
    handoff,
    rejectedSignatures: 0,
    dialResults: [],
    streamStarts: [],
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  server.on('request', async (req, res) => {
    const path = new URL(req.url ?? '/', url).pathname;
    const body = await readBody(req);
    const verified = verifyVobizSignature({
      url: `${url}${req.url}`,
      headers: req.headers,
      authToken: sandbox.authToken,
      nonceCache: nonces,
    });
    if (!verified.ok) {
      app.rejectedSignatures++;
      res.writeHead(403).end();
      return;
    }
    const event = parseVobizCallback(body);
    const send = (xml: string) => res.writeHead(200, { 'content-type': 'application/xml' }).end(xml);
    const handoffId = path.split('/').at(-1) ?? '';
    const token = new URL(req.url ?? '/', url).searchParams.get('t');
    if (path === '/answer') {
      handoff.startSession({ callId: event.callUuid ?? '', platform: 'e2e', from: event.raw.From ?? '' });
      send(
        vobizXml
          .response([
            vobizXml.stream(
              `ws://127.0.0.1:${(server.address() as AddressInfo).port}/media/${event.callUuid}`,
              {
                bidirectional: true,
                keepCallAlive: true,
                audioTrack: 'inbound',
                contentType: 'audio/x-mulaw;rate=8000',
              },
            ),
          ])
          .toString(),
      );
    } else if (path.startsWith('/vobiz/handoff/') && (await handoff.verifyToken(handoffId, token))) {
      const destination = await handoff.currentDestination(handoffId);
      const q = `?t=${token}`;
      send(
        vobizXml
          .response([
            vobizXml.dial(
              {
                callerId: destination?.callerId ?? '+918000000000',
                timeout: destination?.ringTimeoutSec ?? 30,
                action: `${url}/dial-result/${handoffId}${q}`,
                // The action is only told the result, so the elements after <Dial> run on failure.
                redirect: false,
                callbackUrl: `${url}/dial-events/${handoffId}${q}`,
                confirmSound: `${url}/whisper/${handoffId}${q}`,
                sipHeaders: { handoffId },
              },
              (destination?.numbers ?? []).map((n) => vobizXml.number(n)),
            ),
            vobizXml.speak('Sorry, nobody could take your call.'),
            vobizXml.hangup(),
          ])
          .toString(),
      );
      await handoff.advance(handoffId, { type: 'ringing' });
    } else if (path.startsWith('/whisper/')) {
      const record = await handoff.get(handoffId);
      send(
        vobizXml.response([vobizXml.speak(record ? handoff.render.whisper(record.context) : '')]).toString(),
      );
    } else if (path.startsWith('/dial-events/')) {
      if (event.kind === 'dial_event' && event.action === 'connected') {
        await handoff.advance(handoffId, { type: 'bridged' });
      }
      res.writeHead(200).end();
    } else if (path.startsWith('/dial-result/')) {
      if (event.kind === 'dial_action') {
        app.dialResults.push(event.dialStatus);
        if (event.dialStatus === 'busy')
          await handoff.advance(handoffId, { type: 'failed', outcome: 'busy' });
        if (event.dialStatus === 'no-answer' || event.dialStatus === 'timeout') {
          await handoff.advance(handoffId, { type: 'failed', outcome: 'no_answer' });
        }
        if (event.dialStatus === 'completed') await handoff.advance(handoffId, { type: 'ended' });
      }
      send(vobizXml.response([]).toString());
    } else {
      res.writeHead(404).end();
    }
  });

  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (data) => {
        const message = parseStreamMessage(data as Buffer);
        if (message.event !== 'start') return;
        app.streamStarts.push({ callId: message.callId, streamId: message.streamId });
        const session = handoff.session(message.callId);
        session?.addTurn({ role: 'agent', text: 'Hello, how can I help?' });
        session?.addTurn({
          role: 'caller',
          text: 'My name is Priya Sharma. I was charged twice for order 88812.',
        });
        void session?.transfer({
          reason: 'double charge',
          department: 'support',
          summary: 'Priya was charged twice.',
        });
      });
    });
  });
  return app;
}

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

async function run(behaviour: EndpointBehaviour) {
  const sandbox = await createVobizSandbox({ timeScale: 0.05, endpoints: { '+919800000002': behaviour } });
  const app = await startApp(sandbox);
  cleanup.push(
    () => sandbox.close(),
    () => app.close(),
  );
  const call = sandbox.placeInboundCall({
    from: '+919811111111',
    to: '+918000000000',
    answerUrl: `${app.url}/answer`,
  });
  return { sandbox, app, call };
}

describe('Vobiz client + sandbox, end to end', () => {
  it('streams, transfers, whispers to the human, bridges and hangs up', async () => {
    const { app, call } = await run({ kind: 'answer', afterMs: 50, hangupAfterMs: 200 });
    await call.waitFor('bridged', { timeoutMs: 10_000 });
    await call.waitFor('hangup', { timeoutMs: 10_000 });
    // With redirect="false" the action is only notified, after the call has ended.
    await call.waitFor('callback', { timeoutMs: 5_000, match: (e) => e.purpose === 'dial_action' });
    expect(app.streamStarts).toHaveLength(1);
    expect(app.streamStarts[0]?.callId).toBe(call.uuid);
    // The stream closed for the transfer without a `stop`, and the Dial went to the configured number.
    const closed = call.events('stream_closed')[0];
    expect(closed).toMatchObject({ reason: 'transfer', sentStop: false });
    expect(call.events('dial_started')[0]).toMatchObject({ targets: [{ address: '+919800000002' }] });
    expect(call.whisper.join(' ')).toMatch(/Priya Sharma/);
    const types = call.log.map((e) => e.type);
    expect(types.indexOf('whisper')).toBeLessThan(types.indexOf('bridged'));
    expect(app.dialResults).toEqual(['completed']);
    const record = await app.handoff.forCall(call.uuid);
    expect(record?.status).toBe('completed');
    expect(record?.context.timings.bridgedAt).toBeGreaterThan(record?.context.timings.ringingAt ?? Infinity);
    expect(app.rejectedSignatures).toBe(0);
  });

  it('reports no-answer and runs the elements after Dial', async () => {
    const { app, call } = await run({ kind: 'no_answer' });
    await call.waitFor('hangup', { timeoutMs: 10_000 });
    expect(app.dialResults).toEqual(['no-answer']);
    expect(call.spoken.join(' ')).toMatch(/nobody could take your call/);
    expect(call.whisper).toEqual([]);
    expect((await app.handoff.forCall(call.uuid))?.status).toBe('no_answer');
  });

  it('reports busy and never briefs anyone', async () => {
    const { app, call } = await run({ kind: 'busy', afterMs: 20 });
    await call.waitFor('hangup', { timeoutMs: 10_000 });
    expect(app.dialResults).toEqual(['busy']);
    expect(call.whisper).toEqual([]);
    expect((await app.handoff.forCall(call.uuid))?.status).toBe('busy');
  });
});
