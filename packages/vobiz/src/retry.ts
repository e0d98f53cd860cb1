import { setTimeout as sleep } from 'node:timers/promises';
import type { VobizError } from './errors.js';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff step; doubles each retry. */
  baseDelayMs: number;
  /** No single wait exceeds this. A `Retry-After` longer than this ends the retries instead. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 2, baseDelayMs: 250, maxDelayMs: 5000 };

/**
 * How long to wait before retry number `attempt` (0-based), or `undefined` when the server asked
 * for a longer pause than the policy allows: sleeping less than `Retry-After` would only earn
 * another 429, and sleeping longer than the cap would stall a live call.
 *
 * Backoff is "equal jitter": half the exponential step is fixed, half random, so concurrent
 * clients spread out without any retry firing immediately.
 */
export function retryDelayMs(
  attempt: number,
  policy: RetryPolicy,
  retryAfterSeconds?: number,
  random: () => number = Math.random,
): number | undefined {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const backoff = step / 2 + (random() * step) / 2;
  if (retryAfterSeconds === undefined) return backoff;
  const requested = retryAfterSeconds * 1000;
  if (requested > policy.maxDelayMs) return undefined;
  return Math.max(backoff, requested);
}

/** Network errors raised before any byte of the request left: safe to retry even a POST. */
const NEVER_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function wasNeverSent(error: VobizError): boolean {
  if (error.code !== 'network') return false;
  const cause = error.cause as { code?: unknown } | undefined;
  return typeof cause?.code === 'string' && NEVER_SENT_CODES.has(cause.code);
}

/** Idempotent requests (GET, DELETE) may be repeated on any transient failure. */
export function isRetryableIdempotent(error: VobizError): boolean {
  return (
    error.status === 408 ||
    error.status === 429 ||
    error.status >= 500 ||
    error.code === 'timeout' ||
    error.code === 'network'
  );
}

/**
 * Non-idempotent requests (transfer, make-call, speak, start-stream) are repeated only when the
 * server provably did not act: it rate-limited us, or the connection never opened.
 */
export function isRetryableNonIdempotent(error: VobizError): boolean {
  return error.status === 429 || wasNeverSent(error);
}

export { sleep };
