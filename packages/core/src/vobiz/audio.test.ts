import { describe, expect, it } from 'vitest';
import { HandoffError } from '../errors.js';
import {
  bufferToPcm16,
  detectL16Endianness,
  Framer,
  frame20ms,
  frameBytes,
  mulawToPcm16,
  pcm16ToBuffer,
  pcm16ToMulaw,
  resamplePcm16,
} from './audio.js';

function sine(frequency: number, sampleRate: number, samples: number, amplitude = 12000): Int16Array {
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i++)
    out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate));
  return out;
}

function rms(samples: Int16Array, skip = 0): number {
  let sum = 0;
  for (let i = skip; i < samples.length - skip; i++) sum += samples[i]! ** 2;
  return Math.sqrt(sum / (samples.length - 2 * skip));
}

describe('G.711 μ-law', () => {
  it('matches known values from the standard', () => {
    expect([...pcm16ToMulaw(Int16Array.from([0, -1, 32767, -32768, 1000, -1000]))]).toEqual([
      0xff, 0x7f, 0x80, 0x00, 0xce, 0x4e,
    ]);
    expect([...mulawToPcm16(Buffer.from([0xff, 0x7f, 0x80, 0x00, 0xce, 0x4e]))]).toEqual([
      0, 0, 32124, -32124, 988, -988,
    ]);
  });

  it('decodes every code to a value that encodes back to the same code', () => {
    const codes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const back = pcm16ToMulaw(mulawToPcm16(codes));
    // 0x7F (negative zero) decodes to 0, which encodes as 0xFF: the only code that is not a fixed point.
    for (let i = 0; i < 256; i++) expect(back[i]).toBe(i === 0x7f ? 0xff : i);
  });

  it('round-trips PCM within the μ-law quantisation step', () => {
    for (let s = -32768; s <= 32767; s += 97) {
      const decoded = mulawToPcm16(pcm16ToMulaw(Int16Array.of(s)))[0]!;
      const magnitude = Math.min(Math.abs(s), 32635);
      // Step size doubles per segment: 8 at the bottom, 1024 at the top; error is at most one step.
      const tolerance = Math.max(8, 2 ** Math.floor(Math.log2(magnitude + 132)) / 16);
      expect(Math.abs(decoded - Math.max(-32635, Math.min(32635, s)))).toBeLessThanOrEqual(tolerance);
    }
  });
});

describe('PCM16 bytes', () => {
  it('converts little- and big-endian', () => {
    const samples = Int16Array.of(1, -2, 0x1234);
    expect([...pcm16ToBuffer(samples)]).toEqual([0x01, 0x00, 0xfe, 0xff, 0x34, 0x12]);
    expect([...pcm16ToBuffer(samples, 'be')]).toEqual([0x00, 0x01, 0xff, 0xfe, 0x12, 0x34]);
    expect([...bufferToPcm16(pcm16ToBuffer(samples))]).toEqual([1, -2, 0x1234]);
    expect([...bufferToPcm16(pcm16ToBuffer(samples, 'be'), 'be')]).toEqual([1, -2, 0x1234]);
  });

  it('reads from a Buffer slice at an odd byte offset', () => {
    const backing = Buffer.from([0xaa, 0x02, 0x00, 0x03, 0x00]);
    expect([...bufferToPcm16(backing.subarray(1))]).toEqual([2, 3]);
  });

  it('rejects an odd number of bytes', () => {
    expect(() => bufferToPcm16(Buffer.alloc(3))).toThrow(HandoffError);
  });

  it('detects endianness from the audio itself', () => {
    const speechLike = sine(300, 16000, 640);
    expect(detectL16Endianness(pcm16ToBuffer(speechLike, 'le'))).toBe('le');
    expect(detectL16Endianness(pcm16ToBuffer(speechLike, 'be'))).toBe('be');
    expect(detectL16Endianness(Buffer.alloc(640))).toBe('le');
  });
});

describe('resamplePcm16', () => {
  it('produces the expected lengths for 20 ms frames', () => {
    expect(resamplePcm16(new Int16Array(160), 8000, 16000)).toHaveLength(320);
    expect(resamplePcm16(new Int16Array(160), 8000, 24000)).toHaveLength(480);
    expect(resamplePcm16(new Int16Array(320), 16000, 8000)).toHaveLength(160);
    expect(resamplePcm16(new Int16Array(320), 16000, 24000)).toHaveLength(480);
    expect(resamplePcm16(new Int16Array(480), 24000, 16000)).toHaveLength(320);
    expect(resamplePcm16(new Int16Array(480), 24000, 8000)).toHaveLength(160);
  });

  it('keeps an in-band tone and its level', () => {
    const tone = sine(440, 16000, 1600);
    const down = resamplePcm16(tone, 16000, 8000);
    expect(rms(down, 20) / rms(tone, 40)).toBeGreaterThan(0.9);
    const up = resamplePcm16(down, 8000, 24000);
    expect(rms(up, 60) / rms(tone, 40)).toBeGreaterThan(0.85);
  });

  it('attenuates content above the new Nyquist instead of folding it down', () => {
    const tone = sine(6000, 16000, 1600); // aliases to 2 kHz at 8 kHz without filtering
    const down = resamplePcm16(tone, 16000, 8000);
    expect(rms(down, 20) / rms(tone, 40)).toBeLessThan(0.1);
  });

  it('returns a copy for equal rates and rejects nonsense rates', () => {
    const samples = Int16Array.of(1, 2, 3);
    const same = resamplePcm16(samples, 8000, 8000);
    expect([...same]).toEqual([1, 2, 3]);
    expect(same).not.toBe(samples);
    expect(() => resamplePcm16(samples, 0, 8000)).toThrow(HandoffError);
  });
});

describe('20 ms framing', () => {
  it('knows the frame size of each Vobiz format', () => {
    expect(frameBytes({ encoding: 'audio/x-mulaw', sampleRate: 8000 })).toBe(160);
    expect(frameBytes({ encoding: 'audio/x-l16', sampleRate: 8000 })).toBe(320);
    expect(frameBytes({ encoding: 'audio/x-l16', sampleRate: 16000 })).toBe(640);
    expect(frameBytes({ encoding: 'audio/x-l16', sampleRate: 24000 })).toBe(960);
    expect(() => frameBytes({ encoding: 'audio/x-mulaw', sampleRate: 16000 })).toThrow(HandoffError);
  });

  it('splits into whole frames and returns the remainder', () => {
    const data = Buffer.from(Array.from({ length: 500 }, (_, i) => i % 256));
    const { frames, remainder } = frame20ms(data, { encoding: 'audio/x-mulaw', sampleRate: 8000 });
    expect(frames.map((f) => f.length)).toEqual([160, 160, 160]);
    expect(remainder.length).toBe(20);
    expect(Buffer.concat([...frames, remainder])).toEqual(data);
  });

  it('carries the remainder across pushes without corrupting it when the input is reused', () => {
    const framer = new Framer({ encoding: 'audio/x-l16', sampleRate: 16000 });
    const chunk = Buffer.alloc(500, 1);
    expect(framer.push(chunk)).toHaveLength(0);
    chunk.fill(9); // the caller reuses its buffer
    const frames = framer.push(Buffer.alloc(500, 2));
    expect(frames).toHaveLength(1);
    expect(frames[0]!.subarray(0, 500).every((b) => b === 1)).toBe(true);
    expect(frames[0]!.subarray(500).every((b) => b === 2)).toBe(true);
    expect(framer.pending).toBe(360);
    const padded = framer.flush({ pad: true });
    expect(padded?.length).toBe(640);
    expect(padded?.subarray(360).every((b) => b === 0)).toBe(true);
    expect(framer.flush()).toBeUndefined();
  });

  it('pads μ-law with its silence byte', () => {
    const framer = new Framer({ encoding: 'audio/x-mulaw', sampleRate: 8000 });
    framer.push(Buffer.alloc(10, 0x10));
    expect(
      framer
        .flush({ pad: true })
        ?.subarray(10)
        .every((b) => b === 0xff),
    ).toBe(true);
  });
});
