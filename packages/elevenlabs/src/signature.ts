import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * ElevenLabs' post-call webhook signature, as `client.webhooks.constructEvent` in
 * `@elevenlabs/elevenlabs-js` (src/wrapper/webhooks.ts) checks it:
 * `ElevenLabs-Signature: t=<unix seconds>,v0=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * The SDK compares the strings with `!==`; this compares in constant time.
 */
export function signElevenLabs(
  body: string,
  secret: string,
  unixSeconds = Math.floor(Date.now() / 1000),
): string {
  const digest = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v0=${digest}`;
}

export type SignatureCheck =
  | { ok: true; timestamp: number; digest: string }
  | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

/** Future timestamps beyond this are refused too: a clock that far ahead is not ElevenLabs'. */
const FUTURE_SKEW_SEC = 300;

export function verifyElevenLabs(
  body: string,
  header: string | null,
  secret: string,
  toleranceSec: number,
  nowMs = Date.now(),
): SignatureCheck {
  if (!header) return { ok: false, reason: 'missing' };
  const parts = header.split(',').map((p) => p.trim());
  const t = parts.find((p) => p.startsWith('t='))?.slice(2);
  const v0 = parts.find((p) => p.startsWith('v0='))?.slice(3);
  if (!t || !/^\d{1,12}$/.test(t) || !v0 || !/^[0-9a-f]{64}$/i.test(v0))
    return { ok: false, reason: 'malformed' };
  const timestamp = Number(t);
  const age = nowMs / 1000 - timestamp;
  if (age > toleranceSec || age < -FUTURE_SKEW_SEC) return { ok: false, reason: 'stale' };
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(v0, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'mismatch' };
  }
  return { ok: true, timestamp, digest: v0.toLowerCase() };
}
