import { createHmac, timingSafeEqual } from 'node:crypto';
import { HandoffError } from '@handoff/core';

/**
 * Vobiz callback signatures. Vobiz signs only the callback URL (query stripped) and a random nonce,
 * never the body, and sends no timestamp: a valid signature proves an auth-token holder asked for
 * this URL, not that the fields are genuine, and it does not stop replay. Hence the nonce cache.
 *
 * | version | headers                                              | key          | message          |
 * | ------- | ---------------------------------------------------- | ------------ | ---------------- |
 * | v3      | X-Vobiz-Signature-V3, X-Vobiz-Signature-V3-Nonce       | authToken    | url + "." + nonce |
 * | v2      | X-Vobiz-Signature-V2, X-Vobiz-Signature-V2-Nonce       | authToken    | url + nonce       |
 * | ma-v3   | X-Vobiz-Signature-MA-V3, X-Vobiz-Signature-MA-V3-Nonce | parent token | url + "." + nonce |
 * | ma-v2   | X-Vobiz-Signature-MA-V2, X-Vobiz-Signature-MA-V2-Nonce | parent token | url + nonce       |
 *
 * Signatures are base64(HMAC-SHA256(key, message)). Nothing here logs: callbacks have been seen
 * carrying plaintext tokens in other headers.
 */

export type SignatureVersion = 'v3' | 'v2' | 'ma-v3' | 'ma-v2';

export type SignatureResult =
  | { ok: true; version: SignatureVersion | 'none' }
  | { ok: false; reason: 'missing' | 'mismatch' | 'replayed' };

/** A Fetch `Headers`, Node's `IncomingHttpHeaders`, or any record of header names to values. */
export type HeaderSource =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

export interface VerifySignatureOptions {
  /** The public URL Vobiz called (rebuild it from forwarded headers behind a proxy). Query is ignored. */
  url: string;
  /**
   * `url` already reduced to what Vobiz signs (`signatureBaseUrl(url)`), by a caller that keeps
   * its base parsed: then `url` is not parsed again. It must be exactly what `signatureBaseUrl`
   * would return, or genuine callbacks fail.
   */
  baseUrl?: string;
  headers: HeaderSource;
  authToken: string;
  /** For sub-accounts: the parent (main) account's token, which keys the MA-* headers. */
  parentAuthToken?: string;
  /** Remembers nonces so a captured callback cannot be replayed. */
  nonceCache?: NonceCache;
  /**
   * `require` (default) fails closed when no signature headers arrive. `optional` lets unsigned
   * callbacks through as version `none`, since Vobiz emits the headers only for some configurations;
   * headers that are present must still verify.
   */
  mode?: 'require' | 'optional';
}

interface Scheme {
  version: SignatureVersion;
  header: string;
  parent: boolean;
}

// Preferred first: V3 is what Vobiz documents today.
const SCHEMES: readonly Scheme[] = [
  { version: 'v3', header: 'x-vobiz-signature-v3', parent: false },
  { version: 'v2', header: 'x-vobiz-signature-v2', parent: false },
  { version: 'ma-v3', header: 'x-vobiz-signature-ma-v3', parent: true },
  { version: 'ma-v2', header: 'x-vobiz-signature-ma-v2', parent: true },
];

function headerReader(headers: HeaderSource): (name: string) => string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    const source = headers as { get(name: string): string | null };
    return (name) => source.get(name) ?? undefined;
  }
  const lowered = new Map<string, string>();
  for (const [key, value] of Object.entries(
    headers as Record<string, string | readonly string[] | undefined>,
  )) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') lowered.set(key.toLowerCase(), first);
  }
  return (name) => lowered.get(name);
}

/** scheme://host/path: what Vobiz signs. */
export function signatureBaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new HandoffError('invalid_arguments', 'verifyVobizSignature needs the absolute callback URL');
  }
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

/** base64(HMAC-SHA256(key, message)), exported so tests and the sandbox docs can compute vectors. */
export function computeVobizSignature(
  key: string,
  baseUrl: string,
  nonce: string,
  version: SignatureVersion,
): string {
  const separator = version === 'v3' || version === 'ma-v3' ? '.' : '';
  return createHmac('sha256', key).update(`${baseUrl}${separator}${nonce}`).digest('base64');
}

function constantTimeEqual(received: string, expected: string): boolean {
  const a = Buffer.from(received, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  // timingSafeEqual throws on unequal lengths; the length of a valid signature is public anyway.
  return a.length === b.length && timingSafeEqual(a, b);
}

export function verifyVobizSignature(options: VerifySignatureOptions): SignatureResult {
  const { authToken, parentAuthToken, nonceCache, mode = 'require' } = options;
  if (typeof authToken !== 'string' || authToken === '') {
    throw new HandoffError('invalid_arguments', 'verifyVobizSignature needs the account auth token');
  }
  const baseUrl = options.baseUrl ?? signatureBaseUrl(options.url);
  const read = headerReader(options.headers);

  let sawSignature = false;
  for (const scheme of SCHEMES) {
    const signature = read(scheme.header)?.trim();
    const nonce = read(`${scheme.header}-nonce`)?.trim();
    if (!signature || !nonce) continue;
    sawSignature = true;
    // On a main account the parent token is the account's own token, so fall back to it.
    const key = scheme.parent ? (parentAuthToken ?? authToken) : authToken;
    const expected = computeVobizSignature(key, baseUrl, nonce, scheme.version);
    if (!constantTimeEqual(signature, expected)) continue;
    if (nonceCache !== undefined) {
      if (nonceCache.has(nonce)) return { ok: false, reason: 'replayed' };
      nonceCache.add(nonce);
    }
    return { ok: true, version: scheme.version };
  }
  if (sawSignature) return { ok: false, reason: 'mismatch' };
  return mode === 'optional' ? { ok: true, version: 'none' } : { ok: false, reason: 'missing' };
}

export interface NonceCacheOptions {
  /** How long a nonce is remembered. Default 5 minutes. */
  ttlMs?: number;
  /** Oldest nonces are forgotten beyond this many. Default 10 000. */
  maxSize?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * Remembers recently seen nonces. All entries share one TTL, so insertion order is expiry order
 * and expired entries are swept from the front of the map in O(expired).
 */
export class NonceCache {
  readonly #ttlMs: number;
  readonly #maxSize: number;
  readonly #now: () => number;
  readonly #expiries = new Map<string, number>();

  constructor(options: NonceCacheOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 5 * 60_000;
    this.#maxSize = options.maxSize ?? 10_000;
    this.#now = options.now ?? Date.now;
    if (!(this.#ttlMs > 0) || !Number.isInteger(this.#maxSize) || this.#maxSize < 1) {
      throw new HandoffError('invalid_options', 'NonceCache needs a positive ttlMs and maxSize');
    }
  }

  has(nonce: string): boolean {
    this.#sweep();
    return this.#expiries.has(nonce);
  }

  add(nonce: string): void {
    this.#sweep();
    this.#expiries.delete(nonce);
    this.#expiries.set(nonce, this.#now() + this.#ttlMs);
    while (this.#expiries.size > this.#maxSize) {
      const oldest = this.#expiries.keys().next();
      if (oldest.done) break;
      this.#expiries.delete(oldest.value);
    }
  }

  get size(): number {
    this.#sweep();
    return this.#expiries.size;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [nonce, expiresAt] of this.#expiries) {
      if (expiresAt > now) break;
      this.#expiries.delete(nonce);
    }
  }
}
