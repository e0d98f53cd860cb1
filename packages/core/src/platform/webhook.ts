import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * What every webhook platform's handler needs around its own payloads, once: a bounded raw body
 * (platforms sign the exact bytes), JSON answers, constant-time secret checks, a deadline.
 */
export type BodyRead = { ok: true; text: string } | { ok: false };

/**
 * The raw body as text, or `{ ok: false }` past `maxBytes`. Reading stops at the limit, so an
 * oversize request costs no more than the limit whether or not it declares its length; the text
 * is kept byte for byte because platforms sign the raw body.
 */
export async function readBody(request: Request, maxBytes: number): Promise<BodyRead> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await request.body?.cancel().catch(() => {});
    return { ok: false };
  }
  if (!request.body) return { ok: true, text: '' };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return { ok: false };
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function problem(status: number, error: string, message: string): Response {
  return json({ error, message }, status);
}

/** Equality that takes the same time wherever the strings differ, and whatever their lengths. */
export function safeEqual(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export const TIMEOUT: unique symbol = Symbol('timeout');

/** `work`, or `TIMEOUT` once `ms` have passed: a platform's answer has a deadline of its own. */
export async function within<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<typeof TIMEOUT>((resolve) => {
        timer = setTimeout(() => resolve(TIMEOUT), ms);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
