import { HandoffError } from '@handoff/core';
import { describe, expect, it } from 'vitest';
import { normaliseE164, parseVobizCallback, vobizFormHasValue } from './callbacks.js';

const CALL = '2ded13fe-4f9b-4958-9bfb-093ea2f29f91';

// The hangup body captured from real Vobiz traffic (vobiz-api.md §3.3), form-encoded.
const CAPTURED_HANGUP = new URLSearchParams({
  ALegRequestUUID: CALL,
  ALegUUID: CALL,
  AnswerTime: '2026-07-21 13:38:41',
  BillDuration: '60',
  BillRate: '0.00000',
  CallStatus: 'completed',
  CallUUID: CALL,
  Direction: 'outbound',
  Duration: '4',
  EndTime: '2026-07-21 13:38:45',
  Event: 'Hangup',
  From: '917971442086',
  HangupCause: 'NORMAL_CLEARING',
  HangupCauseCode: '4000',
  HangupCauseName: 'Normal Hangup',
  HangupSource: 'Callee',
  ParentAuthID: 'MA_QVEY4SSB',
  RequestUUID: CALL,
  STIRAttestation: 'Not Applicable',
  STIRVerification: 'Not Applicable',
  SessionStart: '2026-07-21 08:08:38.662991',
  StartTime: '2026-07-21 13:38:36',
  To: '919800000001',
  TotalCost: '0.00000',
}).toString();

describe('parseVobizCallback', () => {
  it('parses the captured hangup body', () => {
    const cb = parseVobizCallback(CAPTURED_HANGUP);
    expect(cb).toMatchObject({
      kind: 'hangup',
      callUuid: CALL,
      from: '+917971442086',
      to: '+919800000001',
      direction: 'outbound',
      callStatus: 'completed',
      parentAuthId: 'MA_QVEY4SSB',
      hangupCause: 'NORMAL_CLEARING',
      hangupCauseCode: 4000,
      hangupCauseName: 'Normal Hangup',
      hangupSource: 'Callee',
      duration: 4,
      billDuration: 60,
      answerTime: '2026-07-21 13:38:41',
      totalCost: '0.00000',
    });
    expect(cb.raw.From).toBe('917971442086');
    expect(cb.raw.BillRate).toBe('0.00000');
    expect(Object.keys(cb.raw)).toHaveLength(24);
  });

  it('parses an answer (StartApp) with X-VH- SIP headers', () => {
    const cb = parseVobizCallback({
      CallUUID: CALL,
      From: '919800000001',
      To: '918000000000',
      CallStatus: 'in-progress',
      Direction: 'inbound',
      Event: 'StartApp',
      'X-VH-handoffCall': 'abc123',
      'x-vh-Reason': 'billing',
      'X-PH-legacy': 'old',
      'X-PH-handoffCall': 'shadowed',
    });
    expect(cb.kind).toBe('answer');
    expect(cb.sipHeaders).toEqual({ handoffCall: 'abc123', Reason: 'billing', legacy: 'old' });
    if (cb.kind !== 'answer') throw new Error('narrowing');
    expect(cb.callStatus).toBe('in-progress');
    expect(cb.from).toBe('+919800000001');
  });

  it('treats a body with CallStatus and no Event as an answer', () => {
    expect(parseVobizCallback(`CallUUID=${CALL}&CallStatus=ringing&From=1`).kind).toBe('answer');
  });

  it('parses the Dial action result, even though its Event is Redirect', () => {
    const cb = parseVobizCallback(
      new URLSearchParams({
        CallUUID: CALL,
        Event: 'Redirect',
        DialStatus: 'no-answer',
        DialRingStatus: 'true',
        DialHangupCause: 'NO_ANSWER',
        DialALegUUID: CALL,
        DialBLegUUID: '',
      }),
    );
    expect(cb).toMatchObject({
      kind: 'dial_action',
      dialStatus: 'no-answer',
      dialHangupCause: 'NO_ANSWER',
      dialALegUuid: CALL,
    });
    if (cb.kind !== 'dial_action') throw new Error('narrowing');
    expect(cb.dialBLegUuid).toBeUndefined();
  });

  it('parses Dial callback events by DialAction or by Event', () => {
    const answer = parseVobizCallback({
      CallUUID: CALL,
      Event: 'DialAnswer',
      DialALegUUID: CALL,
      DialBLegUUID: 'b-leg',
      DialBLegFrom: '918000000000',
      DialBLegTo: '919800000001',
      DialBLegStatus: 'answer',
    });
    expect(answer).toMatchObject({
      kind: 'dial_event',
      action: 'answer',
      dialBLegUuid: 'b-leg',
      dialBLegTo: '+919800000001',
    });

    const hangup = parseVobizCallback({
      CallUUID: CALL,
      DialAction: 'hangup',
      DialBLegUUID: 'b-leg',
      DialBLegHangupCause: 'NO_ANSWER',
      DialBLegHangupCauseCode: '6010',
      DialBLegHangupCauseName: 'Ring Timeout Reached',
      DialBLegHangupSource: 'Vobiz',
    });
    expect(hangup).toMatchObject({
      kind: 'dial_event',
      action: 'hangup',
      dialBLegHangupCause: 'NO_ANSWER',
      dialBLegHangupCauseCode: 6010,
      dialBLegHangupCauseName: 'Ring Timeout Reached',
      dialBLegHangupSource: 'Vobiz',
    });

    const digits = parseVobizCallback({
      CallUUID: CALL,
      Event: 'DialDigitsMatch',
      DialDigitsMatch: '*9',
      DialDigitsPressedBy: 'bleg',
    });
    expect(digits).toMatchObject({ kind: 'dial_event', action: 'digits', dialDigitsPressedBy: 'bleg' });
    expect(parseVobizCallback({ CallUUID: CALL, Event: 'DialConnected' })).toMatchObject({
      action: 'connected',
    });
  });

  it('parses stream status callbacks', () => {
    const played = parseVobizCallback({
      CallUUID: CALL,
      Event: 'PlayedStream',
      StreamID: 'st-1',
      Name: 'turn-3',
      'X-VH-handoffId': 'h1',
    });
    expect(played).toMatchObject({
      kind: 'stream_status',
      streamEvent: 'PlayedStream',
      streamId: 'st-1',
      name: 'turn-3',
    });
    expect(played.sipHeaders).toEqual({ handoffId: 'h1' });
    const dropped = parseVobizCallback({
      CallUUID: CALL,
      Event: 'DroppedStream',
      StreamID: 'st-1',
      Error: 'connection disconnected with the remote service',
    });
    expect(dropped).toMatchObject({
      kind: 'stream_status',
      error: 'connection disconnected with the remote service',
    });
  });

  it('parses record, redirect and transfer callbacks', () => {
    expect(
      parseVobizCallback({
        CallUUID: CALL,
        Event: 'RecordStop',
        RecordUrl: 'https://r/1.mp3',
        RecordingDuration: '12',
      }),
    ).toMatchObject({ kind: 'record', recordUrl: 'https://r/1.mp3', recordingDuration: 12 });
    expect(parseVobizCallback({ CallUUID: CALL, Event: 'Redirect', CallStatus: 'in-progress' }).kind).toBe(
      'redirect',
    );
    expect(parseVobizCallback({ CallUUID: CALL, Event: 'Transfer', CallStatus: 'in-progress' }).kind).toBe(
      'transfer',
    );
  });

  it('keeps unknown events and bodies without CallUUID as unknown, with raw', () => {
    const ring = parseVobizCallback({ CallUUID: CALL, Event: 'Ring' });
    expect(ring).toMatchObject({ kind: 'unknown', event: 'Ring', callUuid: CALL });
    const conference = parseVobizCallback({ ConferenceAction: 'enter', ConferenceName: 'case-1' });
    expect(conference.kind).toBe('unknown');
    expect(conference.raw).toEqual({ ConferenceAction: 'enter', ConferenceName: 'case-1' });
  });

  it('accepts a JSON object string, a Buffer and array values from extended parsers', () => {
    expect(parseVobizCallback(JSON.stringify({ CallUUID: CALL, Event: 'Hangup', Duration: 5 })).kind).toBe(
      'hangup',
    );
    expect(parseVobizCallback(Buffer.from(`CallUUID=${CALL}&Event=Hangup`)).kind).toBe('hangup');
    expect(parseVobizCallback({ CallUUID: [CALL, 'dup'], Event: 'Hangup' }).callUuid).toBe(CALL);
  });

  it('rejects bad input with HandoffError(invalid_message), never an untyped throw', () => {
    const bad: unknown[] = [
      null,
      undefined,
      42,
      '',
      'hello',
      '{not json',
      '[1,2]',
      {},
      { CallUUID: { nested: true } },
    ];
    for (const input of bad) {
      try {
        parseVobizCallback(input as never);
        throw new Error(`accepted ${JSON.stringify(input)}`);
      } catch (error) {
        expect(error).toBeInstanceOf(HandoffError);
        expect((error as HandoffError).code).toBe('invalid_message');
      }
    }
  });

  it('ignores a __proto__ field instead of polluting the record', () => {
    const cb = parseVobizCallback(`CallUUID=${CALL}&Event=Hangup&__proto__=x`);
    expect(Object.getPrototypeOf(cb.raw)).toBe(Object.prototype);
    expect(Object.hasOwn(cb.raw, '__proto__')).toBe(false);
  });
});

describe('vobizFormHasValue', () => {
  it('agrees with parseVobizCallback on whether a form is a callback with values', () => {
    const forms = [
      '',
      'CallUUID=',
      'CallUUID=%20%20',
      `CallUUID=${CALL}`,
      'stray',
      'a=&b=',
      'a=&b=1',
      'a=&a=1',
      'a=1&a=',
      '__proto__=x',
      '__proto__=x&b=',
      '__proto__=&b=2',
    ];
    for (const form of forms) {
      let parses = true;
      try {
        parseVobizCallback(new URLSearchParams(form));
      } catch {
        parses = false;
      }
      expect(vobizFormHasValue(new URLSearchParams(form)), form).toBe(parses);
    }
  });
});

describe('normaliseE164', () => {
  it.each([
    ['917971442086', '+917971442086'],
    ['+919800000001', '+919800000001'],
    [' 91 98000-00001 ', '+919800000001'],
    ['00919800000001', '+919800000001'],
    ['14155551234', '+14155551234'],
    ['sip:agent@pbx.example', 'sip:agent@pbx.example'],
    ['anonymous', 'anonymous'],
    ['08012345678', '08012345678'],
    ['123', '123'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseE164(input)).toBe(expected);
  });
});
