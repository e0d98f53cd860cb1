import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AppServer,
  mediaMessages,
  startAppServer,
  startWsServer,
  type WsConnection,
  type WsServer,
  xml,
} from './__fixtures__/harness.js';
import { createVobizSandbox, type SandboxCall, type VobizSandbox } from './index.js';

let sandbox: VobizSandbox;
let app: AppServer;
let ws: WsServer;

beforeEach(async () => {
  ws = await startWsServer();
  app = await startAppServer();
  sandbox = await createVobizSandbox({ callbackRetryDelaysMs: [5, 5, 5] });
});

afterEach(async () => {
  await sandbox.close();
  await app.close();
  await ws.close();
});

const agentStream = (attrs = '') =>
  `<Stream bidirectional="true" keepCallAlive="true" contentType="audio/x-mulaw;rate=8000" statusCallbackUrl="${'APP'}/stream-status" ${attrs}>WS/media</Stream>`;

function answerWith(inner: string) {
  app.on('/answer', () => xml(inner.replaceAll('APP', app.url).replaceAll('WS', ws.url)));
}

async function callWithStream(
  inner = `${agentStream()}<Speak>Back in the XML</Speak>`,
  audio?: Buffer,
): Promise<{ call: SandboxCall; conn: WsConnection; streamId: string }> {
  answerWith(inner);
  const call = sandbox.placeInboundCall({
    from: '+919000000001',
    to: '+918000000000',
    answerUrl: `${app.url}/answer`,
    hangupUrl: `${app.url}/hangup`,
    ...(audio ? { audio } : {}),
  });
  const conn = await ws.waitForConnection();
  const start = await conn.waitForMessage((m) => m.event === 'start');
  const streamId =
    (start.data.start as { streamId: string } | undefined)?.streamId ?? String(start.data.streamId);
  return { call, conn, streamId };
}

const mulaw = (ms: number, byte = 0x55) => Buffer.alloc(8 * ms, byte).toString('base64');

describe('<Stream> WebSocket client', () => {
  it('sends the nested start message, then ~50 media frames a second of the caller audio, then silence', async () => {
    const callerAudio = Buffer.alloc(480, 0x11); // three frames of "speech"
    const { call, conn, streamId } = await callWithStream(undefined, callerAudio);
    expect(conn.messages[0]?.data).toEqual({
      sequenceNumber: 0,
      event: 'start',
      start: {
        callId: call.uuid,
        streamId,
        accountId: expect.stringMatching(/^\d+$/),
        tracks: ['inbound'],
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000 },
      },
      extra_headers: '{}',
    });
    await new Promise((r) => setTimeout(r, 1300));
    const frames = mediaMessages(conn);
    const windowStart = frames[0]!.at + 200;
    const inWindow = frames.filter((f) => f.at >= windowStart && f.at < windowStart + 1000).length;
    expect(inWindow).toBeGreaterThanOrEqual(44);
    expect(inWindow).toBeLessThanOrEqual(56);

    const first = frames[0]!.data;
    expect(first).toMatchObject({ sequenceNumber: 1, streamId, event: 'media', extra_headers: '{}' });
    const media = first.media as { track: string; timestamp: string; chunk: number; payload: string };
    expect(media.track).toBe('inbound');
    expect(media.timestamp).toMatch(/^\d{13}$/);
    expect(media.chunk).toBe(1);
    const payloads = frames
      .slice(0, 4)
      .map((f) => Buffer.from((f.data.media as { payload: string }).payload, 'base64'));
    expect(payloads.map((p) => p.length)).toEqual([160, 160, 160, 160]);
    expect(payloads[0]!.every((b) => b === 0x11)).toBe(true);
    expect(payloads[3]!.every((b) => b === 0xff)).toBe(true);
    const seqs = frames.slice(0, 10).map((f) => f.data.sequenceNumber);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('acknowledges a checkpoint with playedStream only once the audio before it has played', async () => {
    const { call, conn, streamId } = await callWithStream();
    const sentAt = performance.now();
    conn.send({
      event: 'playAudio',
      streamId,
      media: { contentType: 'audio/x-mulaw', sampleRate: 8000, payload: mulaw(300) },
    });
    conn.send({ event: 'checkpoint', streamId, name: 'greeting' });
    const played = await conn.waitForMessage((m) => m.event === 'playedStream');
    expect(played.data).toEqual({ event: 'playedStream', name: 'greeting' });
    expect(played.at - sentAt).toBeGreaterThanOrEqual(280);
    expect(call.events('stream_audio_played')[0]).toMatchObject({ bytes: 2400, durationMs: 300 });
    const status = await app.waitFor((r) => r.path === '/stream-status' && r.params.Event === 'PlayedStream');
    expect(status.params).toMatchObject({
      Name: 'greeting',
      StreamID: streamId,
      CallUUID: call.uuid,
      Error: '',
    });
  });

  it('accepts L16 playback at 24 kHz and times it by its own rate', async () => {
    const { call, conn, streamId } = await callWithStream();
    const payload = Buffer.alloc(24000 * 2 * 0.1).toString('base64'); // 100 ms
    conn.send({
      event: 'playAudio',
      streamId,
      media: { contentType: 'audio/x-l16', sampleRate: 24000, payload },
    });
    await call.waitFor('stream_audio_played');
    expect(call.events('stream_play_audio')[0]).toMatchObject({
      bytes: 4800,
      durationMs: 100,
      sampleRate: 24000,
    });
  });

  it('clearAudio drops queued audio, answers clearedAudio and skips the pending checkpoint', async () => {
    const { call, conn, streamId } = await callWithStream();
    conn.send({
      event: 'playAudio',
      streamId,
      media: { contentType: 'audio/x-mulaw', sampleRate: 8000, payload: mulaw(2000) },
    });
    conn.send({ event: 'checkpoint', streamId, name: 'long-reply' });
    await call.waitFor('stream_checkpoint');
    conn.send({ event: 'clearAudio', streamId });
    const cleared = await conn.waitForMessage((m) => m.event === 'clearedAudio');
    expect(cleared.data).toEqual({ event: 'clearedAudio', streamId });
    expect(call.events('stream_cleared')[0]).toMatchObject({
      droppedBytes: 16000,
      skippedCheckpoints: ['long-reply'],
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(conn.messages.some((m) => m.data.event === 'playedStream')).toBe(false);
    await app.waitFor((r) => r.path === '/stream-status' && r.params.Event === 'ClearedAudio');
  });

  it('ignores playAudio for another streamId or in an unsupported format', async () => {
    const { call, conn, streamId } = await callWithStream();
    conn.send({
      event: 'playAudio',
      streamId: 'not-mine',
      media: { contentType: 'audio/x-mulaw', sampleRate: 8000, payload: mulaw(20) },
    });
    conn.send({
      event: 'playAudio',
      streamId,
      media: { contentType: 'audio/x-mulaw', sampleRate: 16000, payload: mulaw(20) },
    });
    await call.waitFor('stream_message_ignored', { match: (e) => e.reason.includes('unsupported format') });
    expect(call.events('stream_message_ignored')[0]?.reason).toContain('not this stream');
    expect(call.events('stream_play_audio')).toHaveLength(0);
  });

  it('stop closes the socket (no stop from Vobiz), reports StopStream and runs the next element', async () => {
    const { call, conn, streamId } = await callWithStream();
    conn.send({ event: 'stop', streamId });
    const closed = await conn.waitForClose();
    expect(closed.code).toBe(1000);
    expect(conn.messages.some((m) => m.data.event === 'stop')).toBe(false);
    expect((await call.waitFor('speak')).text).toBe('Back in the XML');
    const hangup = await call.waitFor('hangup');
    expect(hangup).toMatchObject({ code: 4010, name: 'End Of XML Instructions' });
    await app.waitFor((r) => r.path === '/stream-status' && r.params.Event === 'StopStream');
  });

  it('closes the socket without stop or StopStream when the caller hangs up', async () => {
    const { call, conn } = await callWithStream();
    await conn.waitForMessage((m) => m.event === 'media');
    call.hangup('caller');
    await conn.waitForClose();
    expect(conn.messages.some((m) => m.data.event === 'stop')).toBe(false);
    const hangup = await app.waitFor((r) => r.path === '/hangup');
    expect(hangup.params).toMatchObject({
      Event: 'Hangup',
      CallStatus: 'completed',
      HangupCause: 'NORMAL_CLEARING',
      HangupCauseCode: '4000',
      HangupCauseName: 'Normal Hangup',
      HangupSource: 'Caller',
    });
    expect(app.requests.some((r) => r.params.Event === 'StopStream')).toBe(false);
    expect(call.spoken).toEqual([]);
  });

  it('delivers DTMF from the caller and from tests as dtmf events', async () => {
    const { call, conn, streamId } = await callWithStream();
    call.pressDigits('5');
    call.stream.sendDtmf('#');
    const digits = await Promise.all([
      conn.waitForMessage((m) => m.event === 'dtmf' && (m.dtmf as { digit: string }).digit === '5'),
      conn.waitForMessage((m) => m.event === 'dtmf' && (m.dtmf as { digit: string }).digit === '#'),
    ]);
    expect(digits[0].data).toMatchObject({ event: 'dtmf', streamId, dtmf: { digit: '5' } });
  });

  it('streams audio pushed into a live call', async () => {
    const { call, conn } = await callWithStream();
    await conn.waitForMessage((m) => m.event === 'media');
    call.stream.sendAudio(Buffer.alloc(160, 0x22));
    const frame = await conn.waitForMessage(
      (m) =>
        m.event === 'media' && Buffer.from((m.media as { payload: string }).payload, 'base64')[0] === 0x22,
    );
    expect(frame).toBeDefined();
  });

  it('is interrupted by the Transfer API: socket closed without stop, transfer XML fetched and run', async () => {
    const { call, conn } = await callWithStream();
    app.on('/handoff', () => xml('<Speak>Connecting you now</Speak><Hangup/>'));
    const res = await fetch(`${sandbox.baseUrl}/Account/${sandbox.authId}/Call/${call.uuid}/`, {
      method: 'POST',
      headers: {
        'X-Auth-ID': sandbox.authId,
        'X-Auth-Token': sandbox.authToken,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ legs: 'aleg', aleg_url: `${app.url}/handoff`, aleg_method: 'POST' }),
    });
    expect(res.status).toBe(202);
    await conn.waitForClose();
    expect(conn.messages.some((m) => m.data.event === 'stop')).toBe(false);
    const fetch1 = await app.waitFor((r) => r.path === '/handoff');
    expect(fetch1.params).toMatchObject({
      Event: 'Transfer',
      CallUUID: call.uuid,
      CallStatus: 'in-progress',
    });
    await call.waitFor('hangup');
    expect(call.spoken).toEqual(['Connecting you now']);
    expect(call.events('stream_closed')[0]?.reason).toBe('transfer');
    // A transfer interrupts the document: the Speak after <Stream> never ran, and no StopStream was sent.
    expect(app.requests.some((r) => r.params.Event === 'StopStream')).toBe(false);
  });

  it('without keepCallAlive a lone <Stream> ends the XML and the call at once', async () => {
    answerWith('<Stream bidirectional="true" contentType="audio/x-mulaw;rate=8000">WS/media</Stream>');
    const call = sandbox.placeInboundCall({ from: '1', to: '2', answerUrl: `${app.url}/answer` });
    const hangup = await call.waitFor('hangup');
    expect(hangup.code).toBe(4010);
  });

  it('ignores playAudio on a one-way stream', async () => {
    const { call, conn, streamId } = await callWithStream(
      '<Stream contentType="audio/x-mulaw;rate=8000">WS/media</Stream><Wait length="600"/>',
    );
    conn.send({
      event: 'playAudio',
      streamId,
      media: { contentType: 'audio/x-mulaw', sampleRate: 8000, payload: mulaw(20) },
    });
    const ignored = await call.waitFor('stream_message_ignored');
    expect(ignored.reason).toContain('not bidirectional');
  });

  it('defaults to L16 at 8 kHz (320-byte frames) when contentType is omitted', async () => {
    const { conn } = await callWithStream(
      '<Stream bidirectional="true" keepCallAlive="true">WS/media</Stream>',
    );
    const start = conn.messages[0]!.data.start as { mediaFormat: unknown };
    expect(start.mediaFormat).toEqual({
      encoding: 'audio/x-l16',
      sampleRate: 8000,
    });
    const frame = await conn.waitForMessage((m) => m.event === 'media');
    expect(Buffer.from((frame.data.media as { payload: string }).payload, 'base64').length).toBe(320);
  });

  it('emits the legacy flat start shape on request', async () => {
    await sandbox.close();
    sandbox = await createVobizSandbox({ startShape: 'flat' });
    const { call, conn } = await callWithStream();
    expect(conn.messages[0]?.data).toMatchObject({
      event: 'start',
      callId: call.uuid,
      streamId: expect.any(String),
      from: '919000000001',
      to: '918000000000',
      contentType: 'audio/x-mulaw;rate=8000',
    });
  });

  it('reconnects with a new streamId after a drop when maxRetries is set', async () => {
    const { call, conn, streamId } = await callWithStream(
      `${agentStream('maxRetries="1"')}<Speak>after</Speak>`,
    );
    conn.socket.close(1011);
    const second = await ws.waitForConnection(1);
    const start = await second.waitForMessage((m) => m.event === 'start');
    const newId = (start.data.start as { streamId: string }).streamId;
    expect(newId).not.toBe(streamId);
    expect((start.data.start as { callId: string }).callId).toBe(call.uuid);
    await app.waitFor((r) => r.params.Event === 'DroppedStream');
    // Second drop: no retries left, so the document continues.
    second.socket.close(1011);
    expect((await call.waitFor('speak')).text).toBe('after');
  });

  it('forks a live call with the Stream REST API and stops it with DELETE', async () => {
    answerWith('<Wait length="600"/>');
    const call = sandbox.placeInboundCall({ from: '1', to: '2', answerUrl: `${app.url}/answer` });
    await call.waitFor('wait');
    const headers = {
      'X-Auth-ID': sandbox.authId,
      'X-Auth-Token': sandbox.authToken,
      'Content-Type': 'application/json',
    };
    const base = `${sandbox.baseUrl}/Account/${sandbox.authId}/Call/${call.uuid}/Stream/`;
    const res = await fetch(base, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        service_url: `${ws.url}/fork`,
        content_type: 'audio/x-l16;rate=16000',
        status_callback_url: `${app.url}/stream-status`,
      }),
    });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { stream_id: string; message: string };
    expect(body.message).toBe('Stream started');
    const conn = await ws.waitForConnection();
    const start = await conn.waitForMessage((m) => m.event === 'start');
    expect(start.data.start).toMatchObject({
      streamId: body.stream_id,
      mediaFormat: { encoding: 'audio/x-l16', sampleRate: 16000 },
    });
    const frame = await conn.waitForMessage((m) => m.event === 'media');
    expect(Buffer.from((frame.data.media as { payload: string }).payload, 'base64').length).toBe(640);
    const got = await fetch(`${base}${body.stream_id}/`, { headers });
    expect(await got.json()).toMatchObject({
      stream_id: body.stream_id,
      status: 'in-progress',
      sampling_rate: 16000,
    });
    expect((await fetch(`${base}${body.stream_id}/`, { method: 'DELETE', headers })).status).toBe(204);
    await conn.waitForClose();
    await app.waitFor((r) => r.params.Event === 'StopStream');
    expect((await fetch(`${base}${body.stream_id}/`, { method: 'DELETE', headers })).status).toBe(404);
    expect(call.ended).toBe(false);
  });
});
