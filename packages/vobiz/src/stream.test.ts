import { HandoffError } from '@handoff/core';
import { describe, expect, it } from 'vitest';
import {
  checkpoint,
  clearAudio,
  decodePayload,
  parseStreamMessage,
  playAudio,
  stopStream,
  type VobizInboundMessage,
} from './stream.js';

function expectInvalid(fn: () => unknown, code = 'invalid_message'): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(HandoffError);
    expect((error as HandoffError).code).toBe(code);
    return;
  }
  throw new Error('expected a throw');
}

describe('parseStreamMessage', () => {
  it('normalises the documented nested start', () => {
    const message = parseStreamMessage(
      JSON.stringify({
        sequenceNumber: 0,
        event: 'start',
        start: {
          callId: '5401fd2e-call',
          streamId: 'c4dfd815-stream',
          accountId: '500025',
          tracks: ['inbound'],
          mediaFormat: { encoding: 'audio/x-l16', sampleRate: 16000 },
        },
        extra_headers: '{}',
      }),
    );
    expect(message).toEqual({
      event: 'start',
      sequenceNumber: 0,
      callId: '5401fd2e-call',
      streamId: 'c4dfd815-stream',
      accountId: '500025',
      tracks: ['inbound'],
      mediaFormat: { encoding: 'audio/x-l16', sampleRate: 16000 },
      extraHeaders: {},
    } satisfies VobizInboundMessage);
  });

  it('normalises the legacy flat start to the same shape', () => {
    const message = parseStreamMessage(
      Buffer.from(
        JSON.stringify({
          event: 'start',
          sequenceNumber: 1,
          streamId: 'st-legacy',
          callId: 'call-legacy',
          from: '919800000001',
          to: '918000000000',
          contentType: 'audio/x-mulaw;rate=8000',
          extra_headers: 'handoffId=h1,reason=billing',
        }),
      ),
    );
    expect(message).toEqual({
      event: 'start',
      sequenceNumber: 1,
      callId: 'call-legacy',
      streamId: 'st-legacy',
      tracks: ['inbound'],
      mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000 },
      from: '919800000001',
      to: '918000000000',
      extraHeaders: { handoffId: 'h1', reason: 'billing' },
    });
  });

  it('rejects a start without IDs', () => {
    expectInvalid(() => parseStreamMessage('{"event":"start","start":{"tracks":["inbound"]}}'));
  });

  it('parses media, turning the string timestamp into a number', () => {
    const payload = Buffer.from([0xff, 0x7f, 0x00, 0x80]).toString('base64');
    const message = parseStreamMessage(
      JSON.stringify({
        sequenceNumber: 2,
        streamId: 'st',
        event: 'media',
        media: { track: 'inbound', timestamp: '1778597597091', chunk: 2, payload },
        extra_headers: '{}',
      }),
    );
    expect(message).toEqual({
      event: 'media',
      sequenceNumber: 2,
      streamId: 'st',
      track: 'inbound',
      timestamp: 1778597597091,
      chunk: 2,
      payload,
    });
    if (message.event !== 'media') throw new Error('narrowing');
    expect([...decodePayload(message)]).toEqual([0xff, 0x7f, 0x00, 0x80]);
    expectInvalid(() => parseStreamMessage('{"event":"media","media":{"track":"inbound"}}'));
  });

  it('reads dtmf.digit and falls back to a top-level digit', () => {
    expect(parseStreamMessage('{"event":"dtmf","streamId":"s","dtmf":{"digit":"5"}}')).toEqual({
      event: 'dtmf',
      streamId: 's',
      digit: '5',
    });
    expect(parseStreamMessage('{"event":"dtmf","digit":"#"}')).toEqual({ event: 'dtmf', digit: '#' });
    expect(parseStreamMessage('{"event":"dtmf","dtmf":{},"digit":"7"}')).toEqual({
      event: 'dtmf',
      digit: '7',
    });
    expect(parseStreamMessage('{"event":"dtmf","dtmf":"9"}')).toEqual({ event: 'dtmf', digit: '9' });
    expect(parseStreamMessage('{"event":"dtmf"}').event).toBe('unknown');
  });

  it('parses playedStream (no streamId), clearedAudio and stop', () => {
    expect(parseStreamMessage('{"event":"playedStream","name":"response-3"}')).toEqual({
      event: 'playedStream',
      name: 'response-3',
    });
    expect(parseStreamMessage('{"event":"clearedAudio","streamId":"s"}')).toEqual({
      event: 'clearedAudio',
      streamId: 's',
    });
    expect(parseStreamMessage('{"event":"stop"}')).toEqual({ event: 'stop' });
  });

  it('returns unknown events with the raw message', () => {
    const raw = { event: 'connected', protocol: 'Call', version: '1.0.0' };
    expect(parseStreamMessage(JSON.stringify(raw))).toEqual({ event: 'unknown', raw });
    expect(parseStreamMessage('{"no":"event"}')).toEqual({ event: 'unknown', raw: { no: 'event' } });
  });

  it('accepts the fragments and ArrayBuffers ws delivers', () => {
    const text = '{"event":"clearedAudio","streamId":"s"}';
    const bytes = Buffer.from(text);
    expect(parseStreamMessage([bytes.subarray(0, 10), bytes.subarray(10)])).toEqual({
      event: 'clearedAudio',
      streamId: 's',
    });
    const copy = new ArrayBuffer(bytes.length);
    new Uint8Array(copy).set(bytes);
    expect(parseStreamMessage(copy).event).toBe('clearedAudio');
  });

  it('throws invalid_message for malformed JSON and non-objects', () => {
    expectInvalid(() => parseStreamMessage('{"event":'));
    expectInvalid(() => parseStreamMessage(''));
    expectInvalid(() => parseStreamMessage('[1]'));
    expectInvalid(() => parseStreamMessage('null'));
  });
});

describe('outbound stream messages', () => {
  it('builds playAudio with the documented media block', () => {
    const audio = Buffer.from([1, 2, 3, 4]);
    expect(JSON.parse(playAudio('st-1', audio))).toEqual({
      event: 'playAudio',
      streamId: 'st-1',
      media: { contentType: 'audio/x-mulaw', sampleRate: 8000, payload: audio.toString('base64') },
    });
    expect(
      JSON.parse(
        playAudio('st-1', audio.toString('base64'), { contentType: 'audio/x-l16', sampleRate: 24000 }),
      ),
    ).toMatchObject({ media: { contentType: 'audio/x-l16', sampleRate: 24000, payload: 'AQIDBA==' } });
  });

  it('validates content type and sample rate combinations', () => {
    expectInvalid(
      () => playAudio('s', Buffer.alloc(2), { contentType: 'audio/x-mulaw', sampleRate: 16000 }),
      'invalid_arguments',
    );
    expectInvalid(
      () => playAudio('s', Buffer.alloc(2), { contentType: 'audio/x-l16', sampleRate: 44100 as never }),
      'invalid_arguments',
    );
    expectInvalid(
      () => playAudio('s', Buffer.alloc(3), { contentType: 'audio/x-l16', sampleRate: 16000 }),
      'invalid_arguments',
    );
    expectInvalid(() => playAudio('s', 'not base64!'), 'invalid_arguments');
    expectInvalid(() => playAudio('', Buffer.alloc(2)), 'invalid_arguments');
  });

  it('builds checkpoint, clearAudio and stop', () => {
    expect(JSON.parse(checkpoint('st', 'turn-3'))).toEqual({
      event: 'checkpoint',
      streamId: 'st',
      name: 'turn-3',
    });
    expect(JSON.parse(clearAudio('st'))).toEqual({ event: 'clearAudio', streamId: 'st' });
    expect(JSON.parse(stopStream('st'))).toEqual({ event: 'stop', streamId: 'st' });
    expectInvalid(() => checkpoint('st', ''), 'invalid_arguments');
  });
});
