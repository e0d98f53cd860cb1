import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How VAPI authenticates its server messages to you, as configured on the assistant, tool or
 * phone number:
 * - `secret`: the legacy inline `secret`, sent as `X-Vapi-Secret` (also what a Bearer credential
 *   with header `X-Vapi-Secret` and no prefix sends).
 * - `bearer`: a Bearer Token credential (`BearerAuthenticationPlan`): `Authorization: Bearer <token>`
 *   by default, or the header and prefix you chose.
 * - `hmac`: an HMAC credential (`HmacAuthenticationPlan`): a signature over `payloadFormat`, with
 *   the same defaults as VAPI (`x-signature`, `x-timestamp`, `{timestamp}.{body}`, hex).
 */
export type VapiAuth = VapiSecretAuth | VapiBearerAuth | VapiHmacAuth;

export interface VapiSecretAuth {
  type: 'secret';
  secret: string;
  /** Default `x-vapi-secret`. */
  header?: string;
}

export interface VapiBearerAuth {
  type: 'bearer';
  token: string;
  /** Default `authorization`. */
  header?: string;
  /** Whether the value starts with `Bearer `. Default true, as in VAPI. */
  bearerPrefix?: boolean;
}

export interface VapiHmacAuth {
  type: 'hmac';
  /** The credential's `secretKey`. */
  secret: string;
  /** Whether `secret` is base64 (`secretIsBase64`). Default false. */
  secretIsBase64?: boolean;
  /** Default `sha256`. */
  algorithm?: 'sha256' | 'sha512' | 'sha1';
  /** Default `x-signature`. */
  signatureHeader?: string;
  /** Default `x-timestamp`. */
  timestampHeader?: string;
  /** What the signature's value starts with, e.g. `sha256=`. */
  signaturePrefix?: string;
  /** Default `hex`. */
  signatureEncoding?: 'hex' | 'base64';
  /** Whether a timestamp is signed and checked (`includeTimestamp`). Default true. */
  includeTimestamp?: boolean;
  /**
   * `{body}`, `{timestamp}`, `{method}`, `{url}`, `{svix-id}`. Default `{timestamp}.{body}`, or
   * `{body}` without a timestamp.
   */
  payloadFormat?: string;
  /** The header carrying `{svix-id}` (`messageIdHeader`). */
  messageIdHeader?: string;
  /** Oldest (and furthest in the future) a signed timestamp may be. Default 300 s. */
  toleranceSeconds?: number;
  /**
   * The URL VAPI signed for `{url}`: your public URL when a proxy rewrites the one this server
   * sees. Default: the request's URL.
   */
  url?: string;
}

export interface SignedRequest {
  method: string;
  url: string;
  headers: Headers;
  /** The raw body exactly as received: the signature covers these bytes. */
  body: string;
}

/** Compares two secrets in constant time, without leaking their lengths: both are hashed first. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function decodeSignature(value: string, encoding: 'hex' | 'base64'): Buffer | undefined {
  const text = value.trim();
  if (encoding === 'hex') {
    return /^[0-9a-fA-F]+$/u.test(text) && text.length % 2 === 0 ? Buffer.from(text, 'hex') : undefined;
  }
  return /^[A-Za-z0-9+/_-]+={0,2}$/u.test(text) ? Buffer.from(text, 'base64') : undefined;
}

/** A signed timestamp in seconds or milliseconds since the epoch, or ISO 8601. */
function timestampMs(value: string): number | undefined {
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/u.test(trimmed)) {
    const n = Number(trimmed);
    return n > 1e12 ? n : n * 1000;
  }
  const parsed = Date.parse(trimmed);
  return Number.isFinite(parsed) ? parsed : undefined;
}

export function hmacSignature(
  auth: VapiHmacAuth,
  request: Omit<SignedRequest, 'headers'> & {
    timestamp?: string;
    messageId?: string;
  },
): Buffer {
  const includeTimestamp = auth.includeTimestamp !== false;
  const format = auth.payloadFormat ?? (includeTimestamp ? '{timestamp}.{body}' : '{body}');
  // One pass, so a `{timestamp}` inside the body is never substituted.
  const payload = format.replace(/\{(body|timestamp|method|url|svix-id)\}/gu, (_, token: string) => {
    switch (token) {
      case 'body':
        return request.body;
      case 'timestamp':
        return request.timestamp ?? '';
      case 'method':
        return request.method;
      case 'url':
        return auth.url ?? request.url;
      default:
        return request.messageId ?? '';
    }
  });
  const key = auth.secretIsBase64 ? Buffer.from(auth.secret, 'base64') : Buffer.from(auth.secret);
  return createHmac(auth.algorithm ?? 'sha256', key)
    .update(payload)
    .digest();
}

function verifyHmac(auth: VapiHmacAuth, request: SignedRequest, now: number): boolean {
  const header = request.headers.get(auth.signatureHeader ?? 'x-signature');
  if (!header) return false;
  const prefix = auth.signaturePrefix ?? '';
  if (!header.startsWith(prefix)) return false;
  const given = decodeSignature(header.slice(prefix.length), auth.signatureEncoding ?? 'hex');
  if (!given) return false;
  let timestamp: string | undefined;
  if (auth.includeTimestamp !== false) {
    timestamp = request.headers.get(auth.timestampHeader ?? 'x-timestamp') ?? undefined;
    const at = timestamp === undefined ? undefined : timestampMs(timestamp);
    // Without a fresh timestamp a captured request could be replayed for ever.
    if (at === undefined || Math.abs(now - at) > (auth.toleranceSeconds ?? 300) * 1000) return false;
  }
  const messageId = auth.messageIdHeader
    ? (request.headers.get(auth.messageIdHeader) ?? undefined)
    : undefined;
  const expected = hmacSignature(auth, {
    ...request,
    ...(timestamp === undefined ? {} : { timestamp }),
    ...(messageId === undefined ? {} : { messageId }),
  });
  // Digest lengths are public (they follow from the algorithm), so checking them leaks nothing.
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function verifyOne(auth: VapiAuth, request: SignedRequest, now: number): boolean {
  switch (auth.type) {
    case 'secret': {
      const given = request.headers.get(auth.header ?? 'x-vapi-secret');
      return given !== null && sameSecret(given, auth.secret);
    }
    case 'bearer': {
      const given = request.headers.get(auth.header ?? 'authorization');
      if (given === null) return false;
      const prefixed = auth.bearerPrefix !== false;
      const match = prefixed ? /^Bearer\s+(.+)$/iu.exec(given.trim()) : undefined;
      const token = prefixed ? match?.[1] : given.trim();
      return token !== undefined && sameSecret(token, auth.token);
    }
    case 'hmac':
      return verifyHmac(auth, request, now);
    default:
      return false;
  }
}

/**
 * Whether `request` passes any of the configured modes. Every mode is checked (no early exit), so
 * how long a rejection takes says nothing about which mode came closest.
 */
export function verifyVapiRequest(
  modes: readonly VapiAuth[],
  request: SignedRequest,
  now = Date.now(),
): boolean {
  let ok = false;
  for (const mode of modes) ok = verifyOne(mode, request, now) || ok;
  return ok;
}

/** Rejects a configuration that would let every request through, at start-up rather than mid-call. */
export function checkAuthModes(modes: readonly VapiAuth[]): void {
  if (modes.length === 0) {
    throw new TypeError('vapiHandler needs `secret` or `auth`: VAPI server messages must be authenticated');
  }
  for (const mode of modes) {
    const value = mode.type === 'secret' ? mode.secret : mode.type === 'bearer' ? mode.token : mode.secret;
    if (typeof value !== 'string' || value.length < 8) {
      throw new TypeError(
        `vapiHandler: the ${mode.type} credential must be a string of at least 8 characters`,
      );
    }
  }
}
