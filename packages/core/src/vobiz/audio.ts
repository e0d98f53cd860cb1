import { HandoffError } from '../errors.js';

/**
 * Audio helpers for Vobiz `<Stream>` media: G.711 μ-law, 16-bit linear PCM, resampling between the
 * rates Vobiz speaks (8/16/24 kHz) and 20 ms framing. Hot paths are table-driven and allocate
 * only their output.
 */

export type AudioEncoding = 'audio/x-mulaw' | 'audio/x-l16';
export type SampleRate = 8000 | 16000 | 24000;
export type Endianness = 'le' | 'be';

export interface AudioFormat {
  encoding: AudioEncoding;
  sampleRate: SampleRate;
}

function invalid(message: string): never {
  throw new HandoffError('invalid_arguments', message);
}

// ---- G.711 μ-law (ITU-T G.711, as in the reference Sun g711.c) ----

const BIAS = 0x84;
const CLIP = 32635;

const MULAW_DECODE = (() => {
  const table = new Int16Array(256);
  for (let i = 0; i < 256; i++) {
    const u = ~i & 0xff;
    const exponent = (u >> 4) & 0x07;
    const magnitude = ((((u & 0x0f) << 3) + BIAS) << exponent) - BIAS;
    table[i] = u & 0x80 ? -magnitude : magnitude;
  }
  return table;
})();

function encodeMulawSample(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  let magnitude = sign ? -sample : sample;
  if (magnitude > CLIP) magnitude = CLIP;
  magnitude += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

let mulawEncodeTable: Uint8Array | undefined;

/** One byte per possible 16-bit sample (64 KiB), built on first use. */
function encodeTable(): Uint8Array {
  if (mulawEncodeTable === undefined) {
    mulawEncodeTable = new Uint8Array(65536);
    for (let s = -32768; s <= 32767; s++) mulawEncodeTable[s & 0xffff] = encodeMulawSample(s);
  }
  return mulawEncodeTable;
}

export function mulawToPcm16(buf: Uint8Array): Int16Array {
  const out = new Int16Array(buf.length);
  for (let i = 0; i < buf.length; i++) out[i] = MULAW_DECODE[buf[i]!]!;
  return out;
}

export function pcm16ToMulaw(samples: Int16Array): Buffer {
  const table = encodeTable();
  const out = Buffer.allocUnsafe(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = table[samples[i]! & 0xffff]!;
  return out;
}

// ---- PCM16 <-> bytes ----

export function pcm16ToBuffer(samples: Int16Array, endianness: Endianness = 'le'): Buffer {
  const out = Buffer.allocUnsafe(samples.length * 2);
  for (let i = 0; i < samples.length; i++) {
    if (endianness === 'le') out.writeInt16LE(samples[i]!, i * 2);
    else out.writeInt16BE(samples[i]!, i * 2);
  }
  return out;
}

export function bufferToPcm16(buf: Uint8Array, endianness: Endianness = 'le'): Int16Array {
  if (buf.length % 2 !== 0) invalid(`L16 audio must have an even number of bytes; got ${buf.length}`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out = new Int16Array(buf.length / 2);
  const littleEndian = endianness === 'le';
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, littleEndian);
  return out;
}

/**
 * Vobiz's sources disagree on the byte order of inbound L16 (§4.3 of the API notes), so decide
 * from the audio: read as the wrong endianness, speech turns into wideband noise. Picks the
 * reading whose sample-to-sample differences carry the smaller share of its energy. Silence and
 * very short buffers give no evidence and return `le`.
 */
export function detectL16Endianness(buf: Uint8Array): Endianness {
  const usable = buf.length - (buf.length % 2);
  if (usable < 8) return 'le';
  const ratio = (littleEndian: boolean) => {
    const view = new DataView(buf.buffer, buf.byteOffset, usable);
    let energy = 0;
    let diffEnergy = 0;
    let previous = view.getInt16(0, littleEndian);
    energy += previous * previous;
    for (let i = 2; i < usable; i += 2) {
      const sample = view.getInt16(i, littleEndian);
      energy += sample * sample;
      const d = sample - previous;
      diffEnergy += d * d;
      previous = sample;
    }
    return energy === 0 ? 0 : diffEnergy / energy;
  };
  return ratio(false) < ratio(true) ? 'be' : 'le';
}

// ---- resampling ----

const kernelCache = new Map<string, Float64Array>();

/**
 * A short Blackman-windowed sinc low-pass at 90% of the target Nyquist: enough to keep the
 * 4-8 kHz band of 16 kHz speech from folding into 8 kHz output, cheap enough for real time.
 */
function lowPassKernel(fromRate: number, toRate: number): Float64Array {
  const key = `${fromRate}:${toRate}`;
  const cached = kernelCache.get(key);
  if (cached) return cached;
  const taps = 31;
  const cutoff = (0.5 * 0.9 * toRate) / fromRate;
  const kernel = new Float64Array(taps);
  const middle = (taps - 1) / 2;
  let sum = 0;
  for (let i = 0; i < taps; i++) {
    const n = i - middle;
    const sinc = n === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * n) / (Math.PI * n);
    const window =
      0.42 - 0.5 * Math.cos((2 * Math.PI * i) / (taps - 1)) + 0.08 * Math.cos((4 * Math.PI * i) / (taps - 1));
    kernel[i] = sinc * window;
    sum += kernel[i]!;
  }
  for (let i = 0; i < taps; i++) kernel[i]! /= sum;
  kernelCache.set(key, kernel);
  return kernel;
}

function lowPass(samples: Int16Array, kernel: Float64Array): Float64Array {
  const out = new Float64Array(samples.length);
  const half = (kernel.length - 1) / 2;
  const last = samples.length - 1;
  for (let i = 0; i < samples.length; i++) {
    let acc = 0;
    for (let k = 0; k < kernel.length; k++) {
      // Clamping at the edges avoids the dip zero-padding would put at every chunk boundary.
      const j = Math.min(last, Math.max(0, i + k - half));
      acc += samples[j]! * kernel[k]!;
    }
    out[i] = acc;
  }
  return out;
}

function clamp16(value: number): number {
  const rounded = Math.round(value);
  return Math.min(32767, Math.max(-32768, rounded));
}

/**
 * Linear-interpolation resampler with a light anti-alias filter when downsampling. Output length
 * is `floor(n * toRate / fromRate)`: exact for whole 20 ms frames at 8/16/24 kHz. Stateless, so
 * resample whole frames rather than arbitrary slices.
 */
export function resamplePcm16(samples: Int16Array, fromRate: number, toRate: number): Int16Array {
  for (const [label, rate] of [
    ['fromRate', fromRate],
    ['toRate', toRate],
  ] as const) {
    if (!Number.isInteger(rate) || rate < 1000 || rate > 192000) {
      invalid(`${label} must be a sample rate in Hz`);
    }
  }
  if (fromRate === toRate) return samples.slice();
  const source: ArrayLike<number> =
    toRate < fromRate ? lowPass(samples, lowPassKernel(fromRate, toRate)) : samples;
  const length = Math.floor((samples.length * toRate) / fromRate);
  const out = new Int16Array(length);
  const step = fromRate / toRate;
  const last = samples.length - 1;
  for (let i = 0; i < length; i++) {
    const position = i * step;
    const index = Math.floor(position);
    const fraction = position - index;
    const a = source[index]!;
    const b = source[Math.min(index + 1, last)]!;
    out[i] = clamp16(a + (b - a) * fraction);
  }
  return out;
}

// ---- 20 ms framing ----

export function assertAudioFormat(format: { encoding: unknown; sampleRate: unknown }): AudioFormat {
  if (format.encoding === 'audio/x-mulaw') {
    if (format.sampleRate !== 8000) {
      invalid(`audio/x-mulaw is 8000 Hz only; got ${String(format.sampleRate)}`);
    }
  } else if (format.encoding === 'audio/x-l16') {
    if (format.sampleRate !== 8000 && format.sampleRate !== 16000 && format.sampleRate !== 24000) {
      invalid(`audio/x-l16 must be 8000, 16000 or 24000 Hz; got ${String(format.sampleRate)}`);
    }
  } else {
    invalid(`encoding must be audio/x-mulaw or audio/x-l16; got ${String(format.encoding)}`);
  }
  return format as AudioFormat;
}

/** Bytes in 20 ms: 160 (μ-law 8k), 320 (L16 8k), 640 (L16 16k), 960 (L16 24k). */
export function frameBytes(format: AudioFormat): number {
  const { encoding, sampleRate } = assertAudioFormat(format);
  return (sampleRate / 50) * (encoding === 'audio/x-mulaw' ? 1 : 2);
}

/**
 * Cuts a byte stream into 20 ms frames, carrying any partial frame over to the next `push`, so
 * audio arriving in arbitrary chunks (TTS, WebSocket frames) leaves as exact frames.
 */
export class Framer {
  readonly format: AudioFormat;
  readonly frameBytes: number;
  #pending: Buffer = Buffer.alloc(0);

  constructor(format: AudioFormat) {
    this.format = assertAudioFormat(format);
    this.frameBytes = frameBytes(this.format);
  }

  /** Bytes held back until the next frame is complete. */
  get pending(): number {
    return this.#pending.length;
  }

  push(chunk: Uint8Array): Buffer[] {
    const data = this.#pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.#pending, chunk]);
    const whole = data.length - (data.length % this.frameBytes);
    const frames: Buffer[] = [];
    for (let offset = 0; offset < whole; offset += this.frameBytes) {
      frames.push(data.subarray(offset, offset + this.frameBytes));
    }
    // Copy the tail so the caller's chunk can be reused without corrupting what we hold.
    this.#pending = Buffer.from(data.subarray(whole));
    return frames;
  }

  /**
   * Returns what is left: as-is, or padded with silence to a full frame (`pad: true`), which is
   * what a player that insists on whole frames needs at the end of an utterance.
   */
  flush(options: { pad?: boolean } = {}): Buffer | undefined {
    if (this.#pending.length === 0) return undefined;
    let rest = this.#pending;
    this.#pending = Buffer.alloc(0);
    if (options.pad) {
      const silence = this.format.encoding === 'audio/x-mulaw' ? 0xff : 0x00;
      rest = Buffer.concat([rest, Buffer.alloc(this.frameBytes - rest.length, silence)]);
    }
    return rest;
  }

  reset(): void {
    this.#pending = Buffer.alloc(0);
  }
}

/** One-shot framing: whole 20 ms frames plus the bytes that did not fill one. */
export function frame20ms(buf: Uint8Array, format: AudioFormat): { frames: Buffer[]; remainder: Buffer } {
  const framer = new Framer(format);
  const frames = framer.push(buf);
  return { frames, remainder: framer.flush() ?? Buffer.alloc(0) };
}
