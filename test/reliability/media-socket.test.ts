/**
 * The gateway's media endpoint (`/media/<token>`, the socket of Vobiz's `<Stream>`) attacked over
 * real WebSockets on loopback: no token, a wrong one, malformed frames, binary garbage, unknown
 * events, a `start` naming another call, an oversized message, a flood of connections, a client
 * that never reads. What must hold: a refused client never gets a socket (typed HTTP 403/404
 * before the handshake); an oversized message closes with 1009; garbage reaches the handler as
 * typed `invalid_message` errors and the socket keeps working; the call the handler serves is the
 * token's, whatever a frame claims; the gateway keeps serving others; memory comes back.
 */
import { isHandoffError } from '@handoff/core';
import { vobizStreamLine } from '@handoff/vobiz';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type Rig, rig } from './harness.js';

const MiB = 2 ** 20;
const gc = (globalThis as { gc?: () => void }).gc;

interface Served {
  callId: string;
  media: string[];
  errors: unknown[];
  closed: boolean;
}

let r: Rig;
let base: string;
let served: Served[];

/** A media token as Vobiz gets it: from the `<Stream>` URL of the answer XML. */
async function tokenFor(callId: string): Promise<string> {
  const response = await fetch(`${base.replace('ws', 'http')}/vobiz/answer`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      CallUUID: callId,
      From: '919811111111',
      To: '918000000000',
      Event: 'StartApp',
      CallStatus: 'in-progress',
    }).toString(),
  });
  const xml = await response.text();
  const token = /\/media\/([^<"?\s/]+)/.exec(xml)?.[1];
  if (!token) throw new Error(`no <Stream> in the answer: ${xml.slice(0, 200)}`);
  return token;
}

/** Connects; resolves with the open socket, or the HTTP status of a refused handshake. */
function connect(path: string): Promise<{ socket?: WebSocket; status?: number }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${base}${path}`);
    socket.once('open', () => resolve({ socket }));
    socket.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      socket.terminate();
    });
    socket.once('error', () => resolve({ status: 0 }));
  });
}

const closed = (socket: WebSocket) =>
  new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));

const until = async (check: () => boolean) => {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  return check();
};

const start = (callId: string) =>
  JSON.stringify({
    event: 'start',
    start: { callId, streamId: `st-${callId}`, mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000 } },
  });
const media = (payload: string) => JSON.stringify({ event: 'media', media: { payload } });

beforeEach(async () => {
  served = [];
  r = rig({
    gateway: {
      vobiz: { authToken: 'media-attack-token', callerId: '+918000000000', signatures: 'optional' },
    },
  });
  r.gateway.onMedia((socket, call) => {
    // As the bridges mount it: the line reads Vobiz's frames, its errors go to a report.
    const s: Served = { callId: call.callId, media: [], errors: [], closed: false };
    served.push(s);
    vobizStreamLine(socket, { onMedia: (p) => s.media.push(p), onError: (e) => s.errors.push(e) });
    socket.on('error', (e) => s.errors.push(e));
    socket.on('close', () => {
      s.closed = true;
    });
  });
  const { url } = await r.gateway.listen(0, '127.0.0.1');
  base = url.replace('http', 'ws');
});

afterEach(async () => {
  await r.close();
});

describe('the media WebSocket, attacked over real sockets', () => {
  it('refuses a missing, unknown or forged token, and any other path, before the handshake', async () => {
    const token = await tokenFor('call-real');
    expect(await connect('/media/')).toEqual({ status: 403 });
    expect(await connect(`/media/${'a'.repeat(token.length)}`)).toEqual({ status: 403 });
    expect(await connect(`/media/${token.slice(0, -1)}x`)).toEqual({ status: 403 });
    expect(await connect(`/media/${encodeURIComponent('../../v1/handoffs')}`)).toEqual({ status: 403 });
    expect(await connect('/mediax/anything')).toEqual({ status: 404 });
    expect(served).toHaveLength(0);
    const ok = await connect(`/media/${token}`);
    expect(ok.socket).toBeDefined();
    ok.socket!.close();
  });

  it('takes malformed frames, binary garbage and unknown events as typed errors, and keeps the socket working', async () => {
    const token = await tokenFor('call-garbage');
    const { socket } = await connect(`/media/${token}`);
    const frames: Array<string | Buffer> = [
      '',
      '{',
      'null',
      '[]',
      '"start"',
      JSON.stringify({ event: 'start' }),
      JSON.stringify({ event: 'media' }),
      JSON.stringify({ event: 'media', media: { payload: 42 } }),
      JSON.stringify({ event: 'playedStream' }),
      JSON.stringify({ event: 'no-such-event', x: 1 }),
      JSON.stringify({ __proto__: { polluted: true }, event: 'media' }),
      Buffer.from([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28]),
      Buffer.alloc(64 * 1024, 0xaa),
      '\ud800',
      `{"event":"media","media":{"payload":"${'A'.repeat(512 * 1024)}"`,
    ];
    for (const frame of frames) socket!.send(frame);
    // A start naming another call does not make this socket that call's.
    socket!.send(start('someone-else'));
    socket!.send(media('AAAA'));
    expect(await until(() => served[0]?.media.length === 1)).toBe(true);
    const s = served[0]!;
    expect(s.callId).toBe('call-garbage');
    expect(s.media).toEqual(['AAAA']);
    expect(s.closed).toBe(false);
    expect(s.errors.length).toBeGreaterThan(0);
    for (const error of s.errors) expect(isHandoffError(error, 'invalid_message')).toBe(true);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    socket!.close(1000);
    expect(await until(() => s.closed)).toBe(true);
  });

  it('closes an oversized message with 1009 and goes on serving', async () => {
    const token = await tokenFor('call-big');
    const { socket } = await connect(`/media/${token}`);
    const code = closed(socket!);
    socket!.send(Buffer.alloc(MiB + 1, 0x41));
    expect(await code).toBe(1009);
    const again = await connect(`/media/${token}`);
    again.socket!.send(start('call-big'));
    again.socket!.send(media('BBBB'));
    expect(await until(() => served.some((s) => s.media.includes('BBBB')))).toBe(true);
    again.socket!.close();
  });

  it('survives a flood of connections, forged and real, and gives the memory back', async () => {
    const token = await tokenFor('call-flood');
    gc?.();
    const before = process.memoryUsage().heapUsed;
    for (let round = 0; round < 3; round++) {
      const forged = await Promise.all(
        Array.from({ length: 100 }, (_, i) => connect(`/media/forged-${round}-${i}`)),
      );
      expect(forged.every((f) => f.status === 403)).toBe(true);
      const real = await Promise.all(Array.from({ length: 100 }, () => connect(`/media/${token}`)));
      expect(real.every((f) => f.socket !== undefined)).toBe(true);
      for (const { socket } of real) {
        socket!.send('{');
        socket!.send(Buffer.alloc(8 * 1024, 0x00));
      }
      const gone = real.map(({ socket }) => closed(socket!));
      for (const { socket } of real) socket!.close();
      await Promise.all(gone);
    }
    expect(await until(() => served.length === 300 && served.every((s) => s.closed))).toBe(true);
    // Still serving, and what 600 connections held is gone.
    expect((await fetch(`${base.replace('ws', 'http')}/healthz`)).status).toBe(200);
    if (gc) {
      served.length = 0;
      gc();
      expect((process.memoryUsage().heapUsed - before) / MiB).toBeLessThan(16);
    }
  });

  it('holds a bounded amount for a client that never reads, and goes on serving others', async () => {
    const token = await tokenFor('call-slow');
    let line: ReturnType<typeof vobizStreamLine>['line'] | undefined;
    let server: WebSocket | undefined;
    const undo = r.gateway.onMedia((socket, call) => {
      server = socket;
      const s: Served = { callId: call.callId, media: [], errors: [], closed: false };
      served.push(s);
      line = vobizStreamLine(socket, {
        onMedia: (p) => s.media.push(p),
        onError: (e) => s.errors.push(e),
      }).line;
      socket.on('close', () => {
        s.closed = true;
      });
    });
    const slow = await connect(`/media/${token}`);
    slow.socket!.send(start('call-slow'));
    expect(await until(() => line !== undefined)).toBe(true);
    // The client stops reading: its receive window fills, the server's send buffer takes the rest.
    (slow.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const frame = 'A'.repeat(216);
    // 20,000 frames (about 6 MB): more than loopback's kernel buffers take.
    for (let i = 0; i < 20_000; i++) line!.play(frame);
    // What the gateway holds for it stays bounded (the line drops audio past 1 MiB queued).
    expect(server!.bufferedAmount).toBeLessThan(2 * MiB);
    undo();
    const other = await connect(`/media/${token}`);
    other.socket!.send(media('CCCC'));
    expect(await until(() => served.some((s) => s.media.includes('CCCC')))).toBe(true);
    other.socket!.close();
    slow.socket!.terminate();
    expect(await until(() => served[0]!.closed)).toBe(true);
  });
});
