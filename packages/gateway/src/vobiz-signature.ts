import { type HandoffStore, isHandoffError, storeKey } from '@handoff/core';
import { type NonceCache, type SignatureVersion, verifyVobizSignature } from '@handoff/vobiz';
import type { MiddlewareHandler } from 'hono';
import { HttpError } from './http-errors.js';
import { logSafe } from './log-safe.js';

export interface SignatureGuardOptions {
  authToken: string;
  parentAuthToken?: string;
  mode: 'require' | 'optional';
  nonceCache: NonceCache;
  store: HandoffStore;
  /**
   * What Vobiz signed for this request's path: the public URL it was given, reduced as
   * `signatureBaseUrl` does (`PublicUrls.signedUrl`, which parses its base once, not per callback).
   */
  publicUrlFor: (path: string) => string;
  /** How long a seen nonce is refused again. Default `DEFAULT_REPLAY_WINDOW_MS`. */
  replayWindowMs?: number;
  logger?: Pick<Console, 'warn'>;
}

const NONCE_HEADER: Record<SignatureVersion, string> = {
  v3: 'x-vobiz-signature-v3-nonce',
  v2: 'x-vobiz-signature-v2-nonce',
  'ma-v3': 'x-vobiz-signature-ma-v3-nonce',
  'ma-v2': 'x-vobiz-signature-ma-v2-nonce',
};

const NONCE_HEADERS = Object.values(NONCE_HEADER);

/**
 * Vobiz signs no timestamp, so a captured callback stays valid forever: the only bound is how
 * long its nonce is remembered. This covers the longest call Vobiz runs by default (`time_limit`
 * 14,400 s) plus its callback retries: past it, every handoff the callback could name has ended,
 * and the core's state machine ignores a late event. Counted in the store by time alone, never by
 * number, so a burst of genuine callbacks cannot push an old nonce out.
 */
export const DEFAULT_REPLAY_WINDOW_MS = 4 * 60 * 60_000 + 15 * 60_000;

/**
 * Verifies every Vobiz callback before its body is read, so a refused request changes nothing.
 * Vobiz signs the URL it was given (ours is the public one, not whatever a proxy forwarded) and a
 * fresh nonce per delivery attempt, so a nonce seen twice is a replay, never a retry.
 */
export function vobizSignatureGuard(options: SignatureGuardOptions): MiddlewareHandler {
  return signatureMiddleware(vobizSignatureCheck(options));
}

/** Where a request's headers are read from: a Fetch `Headers`, or a getter over Node's. */
export interface HeaderGetter {
  get(name: string): string | null;
}

/** Throws the 403 for a callback that is not Vobiz's (or a replay); resolves when it is. */
export type SignatureCheck = (path: string, headers: HeaderGetter) => Promise<void>;

/**
 * The check itself, free of any framework: the Hono middleware and the Node fast path for
 * `/vobiz/*` both run this one.
 */
export function vobizSignatureCheck(options: SignatureGuardOptions): SignatureCheck {
  // The process-local cache answers a replay to the same instance without a store round trip,
  // but it forgets the oldest nonces when full; the store (shared with sibling instances, and
  // swept by time) is what holds every nonce for the whole window.
  // Without any signature a callback is judged by the mode alone: no URL to build and parse.
  const unsignedOk = options.mode === 'optional' && options.authToken !== '';
  return async (path, headers) => {
    if (unsignedOk && !carriesSignature(headers)) return;
    const url = options.publicUrlFor(path);
    const result = verifyVobizSignature({
      url,
      // Already `scheme://host/path`: verified as is, with no URL parse per callback.
      baseUrl: url,
      headers,
      authToken: options.authToken,
      ...(options.parentAuthToken ? { parentAuthToken: options.parentAuthToken } : {}),
      nonceCache: options.nonceCache,
      mode: options.mode,
    });
    if (!result.ok) {
      options.logger?.warn(
        { path: logSafe(path), reason: result.reason },
        '[handoff] refused a Vobiz callback: bad signature',
      );
      throw new HttpError(403, 'invalid_signature', `Vobiz signature ${result.reason}`);
    }
    if (result.version !== 'none') {
      const nonce = headers.get(NONCE_HEADER[result.version]);
      if (nonce) await claimNonce(options, nonce, path);
    }
  };
}

/** Whether any scheme has both its signature and its nonce, as `verifyVobizSignature` reads them. */
function carriesSignature(headers: HeaderGetter): boolean {
  for (const nonceHeader of NONCE_HEADERS) {
    if (headers.get(nonceHeader.slice(0, -'-nonce'.length))?.trim() && headers.get(nonceHeader)?.trim()) {
      return true;
    }
  }
  return false;
}

/** The check as Hono middleware, before the routes read the body. */
export function signatureMiddleware(check: SignatureCheck): MiddlewareHandler {
  return async (c, next) => {
    await check(c.req.path, c.req.raw.headers);
    await next();
  };
}

async function claimNonce(options: SignatureGuardOptions, nonce: string, path: string): Promise<void> {
  try {
    await options.store.put(storeKey('vobizNonce', nonce), 1, {
      expectedVersion: 0,
      ttlMs: options.replayWindowMs ?? DEFAULT_REPLAY_WINDOW_MS,
    });
  } catch (error) {
    if (isHandoffError(error, 'store_conflict')) {
      options.logger?.warn(
        { path: logSafe(path), reason: 'replayed' },
        '[handoff] refused a Vobiz callback: bad signature',
      );
      throw new HttpError(403, 'invalid_signature', 'Vobiz signature replayed');
    }
    throw error;
  }
}
