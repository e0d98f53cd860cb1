import { compactCallUuid } from '@handoff/vobiz';
import { describe, expect, it } from 'vitest';
import { signedHeaders } from './__fixtures__/harness.js';
import { AUTH_TOKEN, CALL_UUID, offline, PUBLIC } from './__fixtures__/offline.js';

const ANSWER = {
  CallUUID: CALL_UUID,
  From: '919811111111',
  To: '918000000000',
  Event: 'StartApp',
  CallStatus: 'in-progress',
};

describe('Vobiz signatures', () => {
  it('refuses a missing, wrong or misdirected signature with 403 and changes nothing', async () => {
    const { gateway, handoff } = offline();
    const body = new URLSearchParams(ANSWER).toString();
    const post = (headers: Record<string, string>) =>
      gateway.fetch(
        new Request(`${PUBLIC}/vobiz/answer`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
          body,
        }),
      );
    expect((await post({})).status).toBe(403);
    const wrongKey = signedHeaders(`${PUBLIC}/vobiz/answer`, 'not-the-token');
    expect((await post(wrongKey)).status).toBe(403);
    const otherUrl = signedHeaders(`${PUBLIC}/vobiz/hangup`, AUTH_TOKEN);
    expect((await post(otherUrl)).status).toBe(403);
    const tampered = {
      ...signedHeaders(`${PUBLIC}/vobiz/answer`, AUTH_TOKEN),
      'x-vobiz-signature-v3-nonce': '1',
    };
    expect((await post(tampered)).status).toBe(403);
    expect(handoff.session(CALL_UUID)).toBeUndefined();

    const good = signedHeaders(`${PUBLIC}/vobiz/answer`, AUTH_TOKEN);
    expect((await post(good)).status).toBe(200);
    expect(handoff.session(CALL_UUID)).toBeDefined();
  });

  it('treats a replayed nonce as an attack, not a retry (Vobiz retries carry new nonces)', async () => {
    const { gateway } = offline();
    const headers = signedHeaders(`${PUBLIC}/vobiz/answer`, AUTH_TOKEN);
    const post = () =>
      gateway.fetch(
        new Request(`${PUBLIC}/vobiz/answer`, {
          method: 'POST',
          headers,
          body: new URLSearchParams(ANSWER).toString(),
        }),
      );
    expect((await post()).status).toBe(200);
    const replay = await post();
    expect(replay.status).toBe(403);
    expect(await replay.text()).toContain('replayed');
  });

  it('checks the signature against the public URL, so a gateway behind a proxy verifies', async () => {
    const { vobiz } = offline();
    // `vobiz()` sends to http://10.0.0.7:8080 but signs https://gw.example.com.
    expect((await vobiz('/vobiz/answer', ANSWER)).status).toBe(200);
  });

  it('optional mode accepts unsigned callbacks but still refuses bad signatures', async () => {
    const { gateway } = offline({ gateway: { vobiz: { authToken: AUTH_TOKEN, signatures: 'optional' } } });
    const post = (headers: Record<string, string>) =>
      gateway.fetch(
        new Request(`${PUBLIC}/vobiz/answer`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
          body: new URLSearchParams(ANSWER).toString(),
        }),
      );
    expect((await post({})).status).toBe(200);
    expect((await post(signedHeaders(`${PUBLIC}/vobiz/answer`, 'wrong'))).status).toBe(403);
  });
});

describe('Vobiz bodies', () => {
  it('400 for a callback without CallUUID, 415 for JSON, 400 for bytes that are not UTF-8', async () => {
    const { vobiz, gateway } = offline();
    expect((await vobiz('/vobiz/answer', { From: '919811111111' })).status).toBe(400);
    const json = await vobiz('/vobiz/answer', ANSWER, { 'content-type': 'application/json' });
    expect(json.status).toBe(415);
    const bad = await gateway.fetch(
      new Request(`${PUBLIC}/vobiz/answer`, {
        method: 'POST',
        headers: signedHeaders(`${PUBLIC}/vobiz/answer`, AUTH_TOKEN),
        body: new Uint8Array([0x43, 0x61, 0x6c, 0x6c, 0x3d, 0xff, 0xfe]),
      }),
    );
    expect(bad.status).toBe(400);
  });

  it('413 for an oversize body, by Content-Length and by the bytes streamed', async () => {
    const { gateway } = offline({ gateway: { maxBodyBytes: 1024 } });
    const big = new URLSearchParams({ ...ANSWER, Pad: 'x'.repeat(4096) }).toString();
    const declared = await gateway.fetch(
      new Request(`${PUBLIC}/vobiz/answer`, {
        method: 'POST',
        headers: {
          ...signedHeaders(`${PUBLIC}/vobiz/answer`, AUTH_TOKEN),
          'content-length': String(big.length),
        },
        body: big,
      }),
    );
    expect(declared.status).toBe(413);
    const chunks = [big.slice(0, 800), big.slice(800)];
    const streamed = await gateway.fetch(
      new Request(`${PUBLIC}/vobiz/answer`, {
        method: 'POST',
        headers: signedHeaders(`${PUBLIC}/vobiz/answer`, AUTH_TOKEN),
        body: new ReadableStream({
          pull(controller) {
            const next = chunks.shift();
            if (next === undefined) controller.close();
            else controller.enqueue(new TextEncoder().encode(next));
          },
        }),
        duplex: 'half',
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);
  });
});

describe('handoff XML endpoints', () => {
  it('404 for an unknown handoff, 403 for a wrong token, and the state is left alone', async () => {
    const o = offline();
    const { handoffId } = await o.transfer();
    expect((await o.vobiz('/vobiz/handoff/hoNOPE?t=x', { CallUUID: CALL_UUID })).status).toBe(404);
    expect((await o.vobiz(`/vobiz/handoff/${handoffId}?t=wrong`, { CallUUID: CALL_UUID })).status).toBe(403);
    expect((await o.vobiz(`/vobiz/handoff/${handoffId}`, { CallUUID: CALL_UUID })).status).toBe(403);
    expect((await o.handoff.get(handoffId))?.status).toBe('transferring');
  });

  it('serves the Dial, marks ringing, and returns the same document to a retry', async () => {
    const o = offline({ gateway: { announce: 'Connecting you now & thank you for waiting.' } });
    const { handoffId, token } = await o.transfer();
    const first = await (
      await o.vobiz(`/vobiz/handoff/${handoffId}?t=${token}`, { CallUUID: CALL_UUID })
    ).text();
    const second = await (
      await o.vobiz(`/vobiz/handoff/${handoffId}?t=${token}`, { CallUUID: CALL_UUID })
    ).text();
    expect(second).toBe(first);
    expect(first).toContain('<Speak>Connecting you now &amp; thank you for waiting.</Speak>');
    expect(first).toContain('timeout="30"');
    expect(first).toContain(`confirmSound="${PUBLIC}/vobiz/whisper/${handoffId}?t=${token}&amp;a=1"`);
    expect(first).toContain(`callbackUrl="${PUBLIC}/vobiz/dial-events/${handoffId}?t=${token}&amp;a=1"`);
    expect((await o.handoff.get(handoffId))?.status).toBe('ringing');
  });

  it('maps Dial events: answer → answered, connected → bridged; repeats change nothing', async () => {
    const o = offline();
    const { handoffId, token } = await o.transfer();
    const events = `/vobiz/dial-events/${handoffId}?t=${token}&a=1`;
    const leg = { CallUUID: CALL_UUID, DialBLegUUID: 'b-leg', DialBLegTo: '919800000001' };
    await o.vobiz(events, { ...leg, Event: 'DialAnswer', DialAction: 'answer' });
    const answered = await o.handoff.get(handoffId);
    expect(answered?.status).toBe('ringing');
    expect(answered?.context.timings.answeredAt).toBeDefined();
    await o.vobiz(events, { ...leg, Event: 'DialConnected', DialAction: 'connected' });
    const connected = await o.handoff.get(handoffId);
    expect(connected?.status).toBe('connected');
    const again = await o.vobiz(events, { ...leg, Event: 'DialConnected', DialAction: 'connected' });
    expect(again.status).toBe(200);
    expect((await o.handoff.get(handoffId))?.updatedAt).toBe(connected?.updatedAt);
  });

  it('a retried dial result gets the same next rung and advances the ladder once', async () => {
    const o = offline();
    const { handoffId, token } = await o.transfer();
    const result = `/vobiz/dial-result/${handoffId}?t=${token}&a=1`;
    const fields = {
      CallUUID: CALL_UUID,
      DialStatus: 'no-answer',
      DialHangupCause: 'NO_ANSWER',
      Event: 'DialAction',
    };
    const first = await (await o.vobiz(result, fields)).text();
    const second = await (await o.vobiz(result, fields)).text();
    expect(second).toBe(first);
    expect(first).toContain('<Number>+919800000002</Number>');
    expect(first).toContain('a=2');
    const record = await o.handoff.get(handoffId);
    expect(record?.context.dialAttempts.map((a) => a.destination)).toEqual(['loans', 'support']);
    expect(record?.status).toBe('ringing');
  });

  it('busy on the last destination → back to a fresh AI stream; a retry reuses its token', async () => {
    const o = offline({ handoff: { destinations: { loans: { number: '+919800000001', label: 'RM' } } } });
    const { handoffId, token } = await o.transfer();
    const fields = { CallUUID: CALL_UUID, DialStatus: 'busy', DialHangupCause: 'USER_BUSY' };
    const first = await (await o.vobiz(`/vobiz/dial-result/${handoffId}?t=${token}&a=1`, fields)).text();
    const second = await (await o.vobiz(`/vobiz/dial-result/${handoffId}?t=${token}&a=1`, fields)).text();
    expect(second).toBe(first);
    expect(first).toMatch(
      /<Speak>[^<]*busy[^<]*<\/Speak><Stream [^>]+>wss:\/\/gw\.example\.com\/media\/([\w-]+)<\/Stream>/,
    );
    const mediaToken = /\/media\/([\w-]+)</.exec(first)![1]!;
    expect(await o.gateway.resolveMediaToken(mediaToken)).toMatchObject({
      callId: CALL_UUID,
      handoffId,
      resumeReason: 'busy',
    });
  });

  it('a declined call (SIP 603 reported as busy) is told apart by its cause', async () => {
    const o = offline({ handoff: { destinations: { loans: { number: '+919800000001', label: 'RM' } } } });
    const { handoffId, token } = await o.transfer();
    await o.vobiz(`/vobiz/dial-result/${handoffId}?t=${token}&a=1`, {
      CallUUID: CALL_UUID,
      DialStatus: 'busy',
      DialHangupCause: 'CALL_REJECTED',
    });
    expect((await o.handoff.get(handoffId))?.status).toBe('declined');
  });

  it('never briefs a human once the caller has gone', async () => {
    const o = offline();
    const { handoffId, token } = await o.transfer();
    await o.vobiz('/vobiz/hangup', { CallUUID: CALL_UUID, Event: 'Hangup', HangupCause: 'NORMAL_CLEARING' });
    expect((await o.handoff.get(handoffId))?.status).toBe('caller_hung_up');
    const whisper = await (
      await o.vobiz(`/vobiz/whisper/${handoffId}?t=${token}&a=1`, { CallUUID: 'b-leg' })
    ).text();
    expect(whisper).toContain('no longer on the line');
    expect(whisper).not.toContain('4242');
  });

  it('masks PII in the whisper', async () => {
    const o = offline();
    const { handoffId, token } = await o.transfer({ summary: 'Card 4111 1111 1111 1111 was charged twice' });
    const whisper = await (
      await o.vobiz(`/vobiz/whisper/${handoffId}?t=${token}&a=1`, { CallUUID: 'b-leg' })
    ).text();
    expect(whisper).toMatch(/<Response><Speak>.+<\/Speak><\/Response>/);
    expect(whisper).not.toContain('4111 1111 1111 1111');
  });
});

describe('SIP agents', () => {
  it('answers with a Dial to the agent carrying the call UUID without dashes', async () => {
    const o = offline({
      gateway: { answer: { kind: 'sip', uri: 'sip:agent@livekit.example.com', platform: 'livekit' } },
    });
    const xml = await (await o.vobiz('/vobiz/answer', ANSWER)).text();
    expect(xml).toContain(
      `<Dial sipHeaders="handoffCall=${CALL_UUID.replace(/-/g, '')}" callerId="+918000000000"><User>sip:agent@livekit.example.com</User></Dial>`,
    );
    expect(o.handoff.session(CALL_UUID)?.platform).toBe('livekit');
  });

  it('goes back to the SIP agent with the reason when the human is busy', async () => {
    const o = offline({
      handoff: { destinations: { loans: { number: '+919800000001', label: 'RM' } } },
      gateway: { answer: { kind: 'sip', uri: 'sip:agent@livekit.example.com' } },
    });
    const { handoffId, token } = await o.transfer();
    const xml = await (
      await o.vobiz(`/vobiz/dial-result/${handoffId}?t=${token}&a=1`, {
        CallUUID: CALL_UUID,
        DialStatus: 'no-answer',
      })
    ).text();
    expect(xml).toContain(
      `sipHeaders="handoffCall=${compactCallUuid(CALL_UUID)},handoffId=${handoffId},handoffReason=noAnswer"`,
    );
    expect(xml).toContain('<User>sip:agent@livekit.example.com</User>');
  });
});
