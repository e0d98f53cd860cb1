import { createHmac, timingSafeEqual } from 'node:crypto';

/** `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`: the value of `X-Handoff-Signature`. */
export function signWebhook(secret: string, timestamp: number | string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface VerifyWebhookOptions {
  secret: string;
  /** The raw request body, exactly as received (re-serialised JSON will not match). */
  body: string;
  /** `X-Handoff-Signature`; Node's `req.headers[…]` as it is (a repeated header is refused). */
  signature: string | readonly string[] | null | undefined;
  /** `X-Handoff-Timestamp` (Unix seconds); a repeated header is refused. */
  timestamp: string | readonly string[] | null | undefined;
  /** Largest accepted age (or clock skew) of the timestamp, in seconds. Default 300. */
  toleranceSec?: number;
  now?: () => number;
}

/**
 * For CRM receivers: checks `X-Handoff-Signature` in constant time and refuses stale timestamps,
 * so a captured delivery cannot be replayed later. Dedupe on `X-Handoff-Delivery`: a delivery may
 * arrive more than once (retries, or two instances when the store was unreachable).
 */
export function verifyWebhookSignature(options: VerifyWebhookOptions): boolean {
  const { secret, body } = options;
  const signature = single(options.signature);
  const timestamp = single(options.timestamp);
  if (!secret || !signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  const now = Math.floor((options.now ?? Date.now)() / 1000);
  if (Math.abs(now - Number(timestamp)) > (options.toleranceSec ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature.trim());
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** One header value; a header sent twice is ambiguous, so it counts as none. */
function single(value: string | readonly string[] | null | undefined): string | undefined {
  if (typeof value === 'string') return value;
  return value?.length === 1 ? value[0] : undefined;
}
