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
});
