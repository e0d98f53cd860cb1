import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `x-template-signature: sha256=<hex HMAC of the raw body>`. Replace with your platform's scheme
 * (prefer its SDK's own verify); whatever it is, compare in constant time, over the raw body.
 */
export function sign(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function verify(body: string, header: string | null, secret: string): boolean {
  if (!header) return false;
  const expected = Buffer.from(sign(body, secret));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
