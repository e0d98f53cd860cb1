import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Ultravox's webhook signature (docs.ultravox.ai/webhooks/securing-webhooks):
 * `X-Ultravox-Webhook-Timestamp` (ISO 8601) and `X-Ultravox-Webhook-Signature`, the hex
 * HMAC-SHA256 of the raw body followed by the timestamp, one per configured secret, comma-separated.
 */
export function signUltravoxWebhook(body: string, secret: string, timestamp = new Date().toISOString()) {
  const signature = createHmac('sha256', secret)
    .update(body + timestamp)
    .digest('hex');
  return { 'x-ultravox-webhook-timestamp': timestamp, 'x-ultravox-webhook-signature': signature };
}

export type WebhookCheck =
  | { ok: true; signature: string; at: number }
  | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

/** Timestamps this far ahead are refused too: a clock that far off is not Ultravox's. */
const FUTURE_SKEW_MS = 60_000;

export function verifyUltravoxWebhook(
  body: string,
  timestamp: string | null,
  signatures: string | null,
  secret: string,
  toleranceMs: number,
  nowMs = Date.now(),
): WebhookCheck {
  if (!timestamp || !signatures) return { ok: false, reason: 'missing' };
  const at = Date.parse(timestamp);
  if (!Number.isFinite(at)) return { ok: false, reason: 'malformed' };
  if (nowMs - at > toleranceMs || at - nowMs > FUTURE_SKEW_MS) return { ok: false, reason: 'stale' };
  const expected = createHmac('sha256', secret)
    .update(body + timestamp)
    .digest();
  for (const candidate of signatures.split(',').map((s) => s.trim())) {
    if (!/^[0-9a-f]{64}$/i.test(candidate)) continue;
    const given = Buffer.from(candidate, 'hex');
    if (timingSafeEqual(given, expected)) return { ok: true, signature: candidate.toLowerCase(), at };
  }
  return { ok: false, reason: 'mismatch' };
}
