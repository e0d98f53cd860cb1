/**
 * Properties of the parsers every byte from outside goes through: Vobiz callbacks (form bodies),
 * Vobiz stream messages, the transfer tool's arguments and Pipecat's RTVI readers. For any input
 * each either parses or throws its typed error; none throws anything else, pollutes a prototype,
 * or lets the model name a number to dial.
 */
import { createHandoff, type HandoffOptions, isHandoffError } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { parseStreamMessage, parseVobizCallback } from '@handoff/vobiz';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTool, parseTransferArgs } from '../../packages/core/src/tool.js';
import {
  callerTurn,
  functionArguments,
  functionCallIds,
  outputSegment,
  timestampMs,
} from '../../packages/pipecat/src/rtvi.js';
import { bodyText, formText, hostileValue, mutated, params, polluted } from './arbitraries.js';
import { recordFigures, tally } from './figures.js';

const DESTINATIONS: HandoffOptions['destinations'] = {
  loans: { number: '+919800000001', label: 'Relationship manager', fallback: 'support' },
  support: { numbers: ['+919800000002'], label: 'Senior care' },
};

/** Runs `parse`; 'parsed', or the typed code it threw. Anything untyped fails the property. */
function outcome(parse: () => unknown, codes: readonly string[]): string {
  try {
    parse();
    return 'parsed';
  } catch (error) {
    const code = codes.find((c) => isHandoffError(error, c as never));
    if (!code) throw new Error(`untyped error: ${String(error)}`);
    return code;
  }
}

function counted(name: string) {
  const t = tally();
  return {
    see(result: string) {
      t.runs++;
      if (result === 'parsed') t.accepted++;
      else t.refused++;
    },
    done() {
      recordFigures({ property: name, ...t });
    },
  };
}

const CALLBACK = {
  CallUUID: '2ded13fe-4f9b-4958-9bfb-093ea2f29f91',
  CallStatus: 'in-progress',
  From: '+919811111111',
  To: '+918000000000',
  Direction: 'inbound',
  Event: 'StartApp',
  DialBLegStatus: 'answered',
  Duration: '12',
};

describe('parseVobizCallback, for any body', () => {
  const figures = counted('parseVobizCallback: any form body');
  afterAll(() => figures.done());

  it('parses or refuses with invalid_message, as text, bytes or URLSearchParams', () => {
    fc.assert(
      fc.property(formText(CALLBACK), (text) => {
        for (const input of [text, new TextEncoder().encode(text), new URLSearchParams(text)]) {
          figures.see(outcome(() => parseVobizCallback(input), ['invalid_message']));
        }
        expect(polluted()).toBe(false);
      }),
      params(4),
    );
  });

  it('parses or refuses any record of fields, whatever their values', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 16 }), hostileValue, { maxKeys: 8 }), (fields) => {
        figures.see(outcome(() => parseVobizCallback(fields), ['invalid_message']));
        expect(polluted()).toBe(false);
      }),
      params(4),
    );
  });

  it('keeps the call it names: any CallUUID in a well-formed callback comes back trimmed', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 64 }).filter((s) => s.trim() !== ''),
        fc.constantFrom('StartApp', 'Hangup', 'DialAnswer', 'DialHangup', 'Redirect', 'Transfer'),
        (uuid, event) => {
          const parsed = parseVobizCallback(
            new URLSearchParams({ ...CALLBACK, CallUUID: uuid, Event: event }),
          );
          expect(parsed.kind).not.toBe('unknown');
          expect('callUuid' in parsed && parsed.callUuid).toBe(uuid.trim());
        },
      ),
      params(2),
    );
  });
});

describe('parseStreamMessage, for any frame', () => {
  const figures = counted('parseStreamMessage: any frame');
  afterAll(() => figures.done());
  const start = {
    event: 'start',
    sequenceNumber: 1,
    start: { callId: 'c', streamId: 's', mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000 } },
    media: { payload: 'AAAA', track: 'inbound', chunk: 1, timestamp: '1' },
    dtmf: { digit: '1' },
    name: 'checkpoint-1',
  };
  const frames = fc.oneof(
    bodyText(start),
    bodyText({ ...start, event: 'media' }),
    bodyText({ ...start, event: 'dtmf' }),
    bodyText({ ...start, event: 'playedStream' }),
  );

  it('parses or refuses with invalid_message, as a string, a Buffer, an ArrayBuffer or fragments', () => {
    fc.assert(
      fc.property(frames, fc.nat({ max: 8 }), (text, split) => {
        const bytes = Buffer.from(text);
        const cut = Math.min(bytes.length, split * 3);
        const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
        for (const frame of [text, bytes, arrayBuffer, [bytes.subarray(0, cut), bytes.subarray(cut)]]) {
          figures.see(outcome(() => parseStreamMessage(frame), ['invalid_message']));
        }
        expect(polluted()).toBe(false);
      }),
      params(4),
    );
  });

  it('hands back exactly the audio a well-formed media frame carried', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 320 }), fc.nat(), (audio, sequenceNumber) => {
        const payload = Buffer.from(audio).toString('base64');
        const parsed = parseStreamMessage(
          JSON.stringify({ event: 'media', sequenceNumber, media: { payload, track: 'inbound', chunk: 1 } }),
        );
        expect(parsed.event === 'media' && parsed.payload).toBe(payload);
      }),
      params(2),
    );
  });
});

describe('transfer tool arguments, for any input', () => {
  const departments = Object.keys(DESTINATIONS);
  const tool = buildTool(departments);
  const configured = new Set(Object.values(DESTINATIONS).flatMap((d) => [...(d.numbers ?? []), d.number]));
  const valid = { reason: 'double charge', department: 'support', urgency: 'high', summary: 'card 4242' };
  const args = fc.oneof(
    mutated(valid),
    hostileValue,
    bodyText(valid).map((text) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    }),
    // What a model hoping to dial its own number would send.
    fc.record({
      reason: fc.string({ maxLength: 20 }),
      department: fc.constantFrom('+919999999999', 'sip:x@evil.example', 'support', 'loans'),
      number: fc.constantFrom('+919999999999', '112'),
      destination: fc.constant({ number: '+919999999999' }),
    }),
  );
  const codes = ['invalid_arguments', 'unknown_department', 'text_too_long'] as const;

  it('returns arguments inside the schema or throws one of the typed argument errors', () => {
    const figures = counted('parseTransferArgs: any input');
    fc.assert(
      fc.property(args, (input) => {
        let parsed: ReturnType<typeof parseTransferArgs> | undefined;
        figures.see(
          outcome(() => {
            parsed = parseTransferArgs(tool.schema, departments, input);
          }, codes),
        );
        if (parsed) {
          expect(parsed.reason.trim().length).toBeGreaterThan(0);
          expect(parsed.reason.length).toBeLessThanOrEqual(500);
          if (parsed.department !== undefined) expect(departments).toContain(parsed.department);
          // Unknown keys are stripped: nothing the model adds reaches the core.
          expect(Object.keys(parsed)).not.toContain('number');
          expect(Object.keys(parsed)).not.toContain('destination');
        }
        expect(polluted()).toBe(false);
      }),
      params(6),
    );
    figures.done();
  });

  it('through a session: the carrier only ever dials a configured number, once per call', async () => {
    const figures = counted('session.transfer: any arguments');
    const carrier = new FakeTransferProvider();
    const handoff = createHandoff({
      transfer: carrier,
      gatewayUrl: 'https://gw.example.com',
      destinations: DESTINATIONS,
      // Always open: the property is about arguments, not business hours.
      now: () => Date.UTC(2026, 10, 23, 4, 30),
    });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(args, async (input) => {
        const before = carrier.requests.length;
        const session = handoff.startSession({ callId: `prop-${n++}`, platform: 'x' });
        try {
          await session.transfer(input);
          figures.see('parsed');
        } catch (error) {
          expect(isHandoffError(error), String(error)).toBe(true);
          expect(carrier.requests.length).toBe(before);
          figures.see('refused');
        }
        expect(carrier.requests.length - before).toBeLessThanOrEqual(1);
        session.end?.();
      }),
      params(2),
    );
    for (const request of carrier.requests)
      for (const number of request.destination.numbers) expect(configured).toContain(number);
    figures.done();
    await handoff.close();
  });
});

describe("Pipecat's RTVI readers, for any payload", () => {
  const payload = fc.oneof(
    fc.anything({ maxDepth: 3 }),
    hostileValue,
    mutated({
      text: 'hello',
      final: true,
      timestamp: '2026-11-23T10:00:00Z',
      spoken_status: 'completed',
      segment_id: 1,
      tool_call_id: 't1',
      function_name: 'transfer_to_human',
    }),
  );

  it('never throw, and only ever make a final caller turn from non-empty text', () => {
    fc.assert(
      fc.property(payload, fc.integer({ min: 0, max: 2 ** 42 }), (data, receivedAt) => {
        const turn = callerTurn(data, receivedAt);
        if (turn) {
          expect(turn.role).toBe('caller');
          expect(turn.text.trim()).not.toBe('');
          expect(Number.isFinite(turn.at)).toBe(true);
        }
        outputSegment(data);
        expect(typeof functionArguments(data)).toBe('object');
        functionCallIds(data);
        const ms = timestampMs(data);
        if (ms !== undefined) expect(Number.isFinite(ms)).toBe(true);
        expect(polluted()).toBe(false);
      }),
      params(4),
    );
  });
});
