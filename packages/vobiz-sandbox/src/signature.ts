import { createHmac, randomInt } from 'node:crypto';
import type { SignatureMode } from './types.js';

/** The signed part of a callback URL: scheme, host and path. Vobiz signs neither query nor body. */
export function signedBaseUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname}`;
}

/** V2: base64(HMAC-SHA256(token, baseUrl + nonce)). */
export function signV2(url: string, nonce: string, token: string): string {
  return createHmac('sha256', token)
    .update(signedBaseUrl(url) + nonce)
    .digest('base64');
}

/** V3: base64(HMAC-SHA256(token, baseUrl + "." + nonce)). Unlike Plivo's V3, no POST params. */
export function signV3(url: string, nonce: string, token: string): string {
  return createHmac('sha256', token)
    .update(`${signedBaseUrl(url)}.${nonce}`)
    .digest('base64');
}

/** A random 20-digit number; Vobiz's nonces are not time based. */
export function makeNonce(): string {
  let digits = String(randomInt(1, 10));
  while (digits.length < 20) digits += String(randomInt(0, 10));
  return digits;
}

export interface SigningKeys {
  authToken: string;
  parentAuthToken: string;
}

/**
 * Headers for one delivery attempt. Each version gets its own nonce; the MA- variant of a version
 * reuses that version's nonce and is keyed with the parent account's token.
 */
export function signatureHeaders(
  url: string,
  mode: SignatureMode,
  keys: SigningKeys,
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (mode === 'v2' || mode === 'both') {
    const nonce = makeNonce();
    headers['X-Vobiz-Signature-V2'] = signV2(url, nonce, keys.authToken);
    headers['X-Vobiz-Signature-V2-Nonce'] = nonce;
    headers['X-Vobiz-Signature-MA-V2'] = signV2(url, nonce, keys.parentAuthToken);
  }
  if (mode === 'v3' || mode === 'both') {
    const nonce = makeNonce();
    headers['X-Vobiz-Signature-V3'] = signV3(url, nonce, keys.authToken);
    headers['X-Vobiz-Signature-V3-Nonce'] = nonce;
    headers['X-Vobiz-Signature-MA-V3'] = signV3(url, nonce, keys.parentAuthToken);
  }
  return headers;
}
