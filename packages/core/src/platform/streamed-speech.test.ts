import { describe, expect, it } from 'vitest';
import { StreamedSpeech } from './streamed-speech.js';

describe('StreamedSpeech', () => {
  it('stamps a turn with when its speech started or its audio first played, not when its transcript came', () => {
    let now = 1000;
    const speech = new StreamedSpeech(() => now);
    speech.spoke('in1');
    now = 1500;
    speech.played('out1', 100);
    now = 4000;
    expect(speech.turn('caller', 'in1', 'hello')).toMatchObject({
      role: 'caller',
      text: 'hello',
      at: 1000,
      sourceId: 'in1',
    });
    expect(speech.turn('agent', 'out1', 'hi')).toMatchObject({ at: 1500, interrupted: undefined });
    expect(speech.turn('caller', '', 'late')).toMatchObject({ at: 4000, sourceId: undefined });
  });

  it('a reply talked over is cut once, at what was heard, and its turn marked interrupted', () => {
    let now = 0;
    const speech = new StreamedSpeech(() => now);
    speech.played('out1', 1000);
    speech.played('out1', 1000);
    now = 700;
    expect(speech.cut()).toEqual({ id: 'out1', heardMs: 700 });
    expect(speech.cut()).toBeUndefined();
    expect(speech.turn('agent', 'out1', 'half a sentence').interrupted).toBe(true);
  });

  it('a reply that has played out, or none at all, is not cut', () => {
    let now = 0;
    const speech = new StreamedSpeech(() => now);
    expect(speech.cut()).toBeUndefined();
    speech.played('out1', 500);
    now = 500;
    expect(speech.cut()).toBeUndefined();
    expect(speech.turn('agent', 'out1', 'done').interrupted).toBeUndefined();
  });

  it('forgets a turn whose transcription failed', () => {
    let now = 10;
    const speech = new StreamedSpeech(() => now);
    speech.spoke('in1');
    speech.forget('in1');
    now = 20;
    expect(speech.turn('caller', 'in1', 'x').at).toBe(20);
  });

  it('a reply that left the line before its transcript came keeps when it started, as does one cut off', () => {
    let now = 100;
    const speech = new StreamedSpeech(() => now);
    speech.played('out1', 40);
    now = 200;
    speech.played('out2', 1000);
    now = 300;
    speech.played('out1', 1000);
    now = 350;
    expect(speech.cut()).toEqual({ id: 'out1', heardMs: 50 });
    now = 900;
    expect(speech.turn('agent', 'out2', 'second')).toMatchObject({ at: 200, interrupted: undefined });
    expect(speech.turn('agent', 'out1', 'first')).toMatchObject({ at: 100, interrupted: true });
  });

  it('a turn taken while its reply plays is taken once; callers and replies wait side by side', () => {
    let now = 10;
    const speech = new StreamedSpeech(() => now);
    speech.spoke('in1');
    now = 20;
    speech.spoke('in2');
    now = 30;
    speech.played('out1', 500);
    now = 40;
    expect(speech.turn('agent', 'out1', 'hi').at).toBe(30);
    now = 50;
    speech.played('out2', 500);
    now = 60;
    expect(speech.turn('agent', 'out1', 'again').at).toBe(60);
    expect(speech.turn('caller', 'in2', 'b').at).toBe(20);
    expect(speech.turn('caller', 'in1', 'a').at).toBe(10);
    expect(speech.turn('agent', 'out2', 'there').at).toBe(50);
  });

  it('stamps turns by Date.now when given no clock', () => {
    const speech = new StreamedSpeech();
    const before = Date.now();
    speech.spoke('c1');
    const turn = speech.turn('caller', 'c1', 'hello');
    expect(turn.at).toBeGreaterThanOrEqual(before);
    expect(turn.at).toBeLessThanOrEqual(Date.now());
  });

  it("keeps a reply's times to the ms on a real clock (held less a process epoch), in the turn, the cut and the map", () => {
    let now = Date.now() + 123_456_789;
    const start = now;
    const speech = new StreamedSpeech(() => now);
    speech.played('r1', 1000);
    now += 400;
    expect(speech.cut()).toEqual({ id: 'r1', heardMs: 400 });
    expect(speech.turn('agent', 'r1', 'hi')).toMatchObject({ at: start, interrupted: true });
    speech.played('r2', 100);
    now += 50;
    speech.played('r3', 100);
    expect(speech.turn('agent', 'r2', 'later')).toMatchObject({ at: start + 400 });
  });
});
