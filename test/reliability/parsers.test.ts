/**
 * The parsers every byte from outside goes through: Vobiz callbacks (form bodies), Vobiz stream
 * messages, and the transfer tool's arguments. Each either parses or throws the typed
 * `invalid_message` / argument error; none crashes, pollutes a prototype or transfers.
 */
import { createHandoff, isHandoffError } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { parseStreamMessage, parseVobizCallback } from '@handoff/core/vobiz';
import { describe, expect, it } from 'vitest';
import { fixedCases, polluted, seededCases } from './fuzz.js';
import { DESTINATIONS } from './harness.js';

const SEED = 0x5eed;

function typedOrParsed(run: () => unknown, codes: readonly string[]): 'parsed' | string {
  try {
    run();
    return 'parsed';
  } catch (error) {
    const code = codes.find((c) => isHandoffError(error, c as never));
    if (!code) throw new Error(`untyped error: ${String(error)}`);
    return code;
  }
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

describe('parseVobizCallback: malformed form bodies', () => {
  const asForm = (text: string) => {
    // A JSON case's keys and values become form fields, as a forged POST would send them.
    try {
      const value = JSON.parse(text) as unknown;
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        const form = new URLSearchParams();
        for (const [k, v] of Object.entries(value))
          form.append(k, typeof v === 'string' ? v : JSON.stringify(v));
        return form.toString();
      }
    } catch {}
    return text;
  };
  const cases = [...fixedCases(CALLBACK), ...seededCases(CALLBACK, SEED, 300)];
  it(`parses or refuses with invalid_message, ${cases.length} cases`, () => {
    const outcomes = new Map<string, number>();
    for (const c of cases) {
      for (const input of [asForm(c.text), c.text, new TextEncoder().encode(c.text)]) {
        const outcome = typedOrParsed(() => parseVobizCallback(input), ['invalid_message']);
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
    }
    expect(polluted()).toBe(false);
    expect(outcomes.get('invalid_message')).toBeGreaterThan(0);
  });
});

describe('parseStreamMessage: malformed frames', () => {
  const start = {
    event: 'start',
    sequenceNumber: 1,
    start: { callId: 'c', streamId: 's', mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000 } },
    media: { payload: 'AAAA', track: 'inbound', chunk: 1, timestamp: '1' },
  };
  const cases = [
    ...fixedCases(start),
    ...seededCases(start, SEED + 1, 300),
    ...seededCases({ ...start, event: 'media' }, SEED + 2, 200),
    ...seededCases({ ...start, event: 'dtmf', dtmf: { digit: '1' } }, SEED + 3, 100),
  ];
  it(`parses or refuses with invalid_message, ${cases.length} cases`, () => {
    for (const c of cases) {
      for (const frame of [c.text, Buffer.from(c.text), [Buffer.from(c.text)]]) {
        typedOrParsed(() => parseStreamMessage(frame), ['invalid_message']);
      }
    }
    expect(polluted()).toBe(false);
  });
});

describe('transfer tool arguments: malformed, wrong types, huge, polluting', () => {
  const args = { reason: 'double charge', department: 'support', urgency: 'high', summary: 'card 4242' };
  const cases = [...fixedCases(args), ...seededCases(args, SEED + 4, 200)];
  it(`transfers only valid arguments and refuses the rest with a typed error, ${cases.length} cases`, async () => {
    const carrier = new FakeTransferProvider();
    const handoff = createHandoff({
      transfer: carrier,
      gatewayUrl: 'https://gw.example.com',
      destinations: DESTINATIONS,
    });
    let refused = 0;
    let transferred = 0;
    for (const [i, c] of cases.entries()) {
      let input: unknown;
      try {
        input = JSON.parse(c.text);
      } catch {
        input = c.text;
      }
      const before = carrier.requests.length;
      const session = handoff.startSession({ callId: `fuzz-${i}`, platform: 'x' });
      try {
        await session.transfer(input);
        transferred += carrier.requests.length - before;
        // Whatever went through went through once.
        expect(carrier.requests.length - before).toBeLessThanOrEqual(1);
      } catch (error) {
        refused++;
        expect(isHandoffError(error), `${c.name}: ${String(error)}`).toBe(true);
        expect(carrier.requests.length).toBe(before);
      }
    }
    expect(refused).toBeGreaterThan(0);
    expect(refused + transferred).toBeLessThanOrEqual(cases.length);
    expect(polluted()).toBe(false);
    // The JSON Schema the LLM sees says nothing a polluting key could change.
    expect(Object.keys(handoff.tool.parameters)).not.toContain('__proto__');
    await handoff.close();
  });
});
