export type Encoding = 'audio/x-mulaw' | 'audio/x-l16';

export interface MediaFormat {
  encoding: Encoding;
  sampleRate: number;
}

/** `<Stream contentType>` default per Vobiz: L16 at 8 kHz (Plivo's default is μ-law, so apps must be explicit). */
export const DEFAULT_CONTENT_TYPE = 'audio/x-l16;rate=8000';

export const FRAME_MS = 20;
/** 20 ms of μ-law at 8 kHz. */
export const MULAW_FRAME_BYTES = 160;
export const MULAW_SILENCE = 0xff;

/** Parses `audio/x-mulaw;rate=8000`-style content types; undefined for anything Vobiz does not accept. */
export function parseContentType(raw: string): MediaFormat | undefined {
  const [type = '', ...params] = raw.split(';').map((s) => s.trim().toLowerCase());
  if (type !== 'audio/x-mulaw' && type !== 'audio/x-l16') return undefined;
  let rate = 8000;
  for (const p of params) {
    const m = /^rate=(\d+)$/.exec(p);
    if (m) rate = Number(m[1]);
  }
  if (type === 'audio/x-mulaw' && rate !== 8000) return undefined;
  if (type === 'audio/x-l16' && ![8000, 16000, 24000].includes(rate)) return undefined;
  return { encoding: type, sampleRate: rate };
}

/** Formats accepted on `playAudio` (outbound playback can differ from the inbound stream format). */
export function isPlayableFormat(contentType: string, sampleRate: number): boolean {
  const type = contentType.split(';')[0]?.trim().toLowerCase();
  if (type === 'audio/x-mulaw') return sampleRate === 8000;
  if (type === 'audio/x-l16') return [8000, 16000, 24000].includes(sampleRate);
  return false;
}

export function bytesPerSample(contentType: string): number {
  return contentType.split(';')[0]?.trim().toLowerCase() === 'audio/x-l16' ? 2 : 1;
}

export function durationMsOf(bytes: number, contentType: string, sampleRate: number): number {
  return (bytes / bytesPerSample(contentType) / sampleRate) * 1000;
}

/** G.711 μ-law to 16-bit linear. */
export function mulawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  const sign = u & 0x80;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
  return sign ? -magnitude : magnitude;
}

/** 16-bit linear to G.711 μ-law. */
export function linearToMulaw(sample: number): number {
  const BIAS = 0x84;
  const CLIP = 32635;
  let s = Math.max(-32768, Math.min(32767, Math.round(sample)));
  const sign = s < 0 ? 0x80 : 0;
  if (sign) s = -s;
  s = Math.min(s, CLIP) + BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/**
 * Turns one 20 ms μ-law frame of caller audio into the stream's inbound format. Upsampling to
 * 16 kHz repeats samples: crude, but the sandbox only needs the right size and a recognisable signal.
 */
export function encodeFrame(mulaw: Buffer, format: MediaFormat, byteOrder: 'little' | 'big'): Buffer {
  if (format.encoding === 'audio/x-mulaw') return mulaw;
  const repeat = Math.max(1, Math.round(format.sampleRate / 8000));
  const out = Buffer.alloc(mulaw.length * repeat * 2);
  let offset = 0;
  for (const byte of mulaw) {
    const sample = mulawToLinear(byte);
    for (let i = 0; i < repeat; i++) {
      if (byteOrder === 'little') out.writeInt16LE(sample, offset);
      else out.writeInt16BE(sample, offset);
      offset += 2;
    }
  }
  return out;
}
