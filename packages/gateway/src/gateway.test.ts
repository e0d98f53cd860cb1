import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHandoff } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { API_KEY, DESTINATIONS, signedHeaders } from './__fixtures__/harness.js';
import { createGateway } from './gateway.js';

function makeGateway(publicUrl?: string) {
  const handoff = createHandoff({ transfer: new FakeTransferProvider(), destinations: DESTINATIONS });
  return createGateway({
    handoff,
    ...(publicUrl ? { publicUrl } : {}),
    vobiz: { authToken: 'token' },
    answer: { kind: 'stream' },
    apiKeys: [API_KEY],
  });
}

function upgrade(url: string): Promise<{ opened: WebSocket } | { status: number }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.once('open', () => resolve({ opened: socket }));
    socket.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    socket.once('error', () => undefined);
  });
}

describe('createGateway', () => {
  it('refuses incomplete options with a typed error', () => {
    const handoff = createHandoff({ transfer: new FakeTransferProvider(), destinations: DESTINATIONS });
    expect(() => createGateway({ handoff, vobiz: { authToken: '' }, answer: { kind: 'stream' } })).toThrow(
      /authToken/,
    );
    expect(() =>
      createGateway({
        handoff,
        vobiz: { authToken: 't' },
        answer: { kind: 'sip', uri: 'agent@example.com' },
      }),
    ).toThrow(/SIP URI/);
  });

  it('listens on loopback; without a publicUrl the listen address becomes it', async () => {
    const gateway = makeGateway();
    const { url } = await gateway.listen();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(gateway.publicUrl).toBe(url);
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true });
    await gateway.close();
  });

  it('logs a refused WebSocket (no media handler mounted) without the token in its path (issue 14)', async () => {
    const logged: Array<[Record<string, unknown>, string]> = [];
    const capture = (fields: Record<string, unknown>, message: string) => logged.push([fields, message]);
    const handoff = createHandoff({ transfer: new FakeTransferProvider(), destinations: DESTINATIONS });
    const gateway = createGateway({
      handoff,
      vobiz: { authToken: 'token' },
      answer: { kind: 'stream' },
      apiKeys: [API_KEY],
      logger: { info: () => {}, warn: capture, error: capture },
    });
    const { url } = await gateway.listen();
    const token = 'secretMediaToken0123456789abcdef';
    expect(await upgrade(`${url.replace('http', 'ws')}/media/${token}`)).toEqual({ status: 404 });
    const refusal = logged.find(([, message]) => message.includes('refused a WebSocket'));
    expect(refusal?.[0]).toEqual({ status: 404, path: '/media/…' });
    expect(refusal?.[1]).toContain('AI media handler');
    expect(JSON.stringify(logged)).not.toContain(token);
    await gateway.close();
  });

  it('routes WebSocket upgrades by prefix and checks media tokens before the handshake', async () => {
    const gateway = makeGateway();
    const { url } = await gateway.listen();
    const ws = url.replace('http', 'ws');
    gateway.onUpgrade('/echo/', (socket) => socket.on('message', (data) => socket.send(data)));
    gateway.onMedia(() => {
      throw new Error('no call should reach the media handler');
    });

    expect(await upgrade(`${ws}/nowhere`)).toEqual({ status: 404 });
    expect(await upgrade(`${ws}/media/${'a'.repeat(32)}`)).toEqual({ status: 403 });

    // A real call's token opens the media socket.
    const form = new URLSearchParams({ CallUUID: 'call-ws-1', From: '919811111111', Event: 'StartApp' });
    const answer = await fetch(`${url}/vobiz/answer`, {
      method: 'POST',
      headers: signedHeaders(`${url}/vobiz/answer`, 'token'),
      body: form.toString(),
    });
    const mediaUrl = />(ws:\/\/[^<]+)<\/Stream>/.exec(await answer.text())![1]!;
    const calls: string[] = [];
    gateway.onMedia((socket, call) => {
      calls.push(call.callId);
      socket.close();
    });
    const media = await upgrade(mediaUrl);
    expect('opened' in media).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toEqual(['call-ws-1']);

    const echo = await upgrade(`${ws}/echo/x`);
    if (!('opened' in echo)) throw new Error('echo did not open');
    const reply = new Promise<string>((resolve) =>
      echo.opened.once('message', (data) => resolve(String(data))),
    );
    echo.opened.send('hello');
    expect(await reply).toBe('hello');
    const closed = new Promise<number>((resolve) => echo.opened.once('close', (code) => resolve(code)));
    await gateway.close();
    expect(await closed).toBe(1001);
  });

  it('refuses oversize bodies on the socket path (chunked and declared) and keeps serving', async () => {
    const gateway = makeGateway();
    const { url } = await gateway.listen();
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${url}/vobiz/answer`, {
        method: 'POST',
        headers: signedHeaders(`${url}/vobiz/answer`, 'token'),
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      // 64 KiB default limit; no Content-Length, so only the streamed count can catch it.
      for (let i = 0; i < 100; i++) req.write(`Pad${i}=${'x'.repeat(1024)}&`);
      req.end('CallUUID=big');
    });
    expect(chunked).toBe(413);
    const declared = await fetch(`${url}/v1/handoffs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ callId: 'c', reason: 'x'.repeat(70_000) }),
    });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { code: string } }).error.code).toBe('body_too_large');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    await gateway.close();
  });

  it('serves Node (req, res) servers through nodeHandler, under a path prefix', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/handoff`;
    const gateway = makeGateway(base);
    server.on('request', gateway.nodeHandler);
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    const listed = await fetch(`${base}/v1/handoffs`, { headers: { authorization: `Bearer ${API_KEY}` } });
    expect(listed.status).toBe(200);
    // Signatures are checked against publicUrl, prefix included.
    const answer = await fetch(`${base}/vobiz/answer`, {
      method: 'POST',
      headers: signedHeaders(`${base}/vobiz/answer`, 'token'),
      body: new URLSearchParams({ CallUUID: 'call-prefix', Event: 'StartApp' }).toString(),
    });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain(`${base.replace('http', 'ws')}/media/`);
    await gateway.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
