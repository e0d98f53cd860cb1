import { type HandoffStore, isHandoffError, MemoryStore, storeKey } from '@handoff/core';
import { type NonceCache, type SignatureVersion, verifyVobizSignature } from '@handoff/core/vobiz';
import type { MiddlewareHandler } from 'hono';
import { HttpError } from './http-errors.js';

export interface SignatureGuardOptions {
  authToken: string;
  parentAuthToken?: string;
  mode: 'require' | 'optional';
  nonceCache: NonceCache;
  store: HandoffStore;
  /** The URL Vobiz was given for this request's path: what it signed. */
  publicUrlFor: (path: string) => string;
  logger?: Pick<Console, 'warn'>;
}

const NONCE_HEADER: Record<SignatureVersion, string> = {
  v3: 'x-vobiz-signature-v3-nonce',
  v2: 'x-vobiz-signature-v2-nonce',
  'ma-v3': 'x-vobiz-signature-ma-v3-nonce',
  'ma-v2': 'x-vobiz-signature-ma-v2-nonce',
};

const NONCE_TTL_MS = 5 * 60_000;

/**
 * Verifies every Vobiz callback before its body is read, so a refused request changes nothing.
 * Vobiz signs the URL it was given (ours is the public one, not whatever a proxy forwarded) and a
 * fresh nonce per delivery attempt, so a nonce seen twice is a replay, never a retry.
 */
export function vobizSignatureGuard(options: SignatureGuardOptions): MiddlewareHandler {
  // The process-local cache is enough for a memory store; a shared store means several
  // instances, where a replay could land on a sibling, so the nonce is claimed there too.
  const shared = !(options.store instanceof MemoryStore);
  return async (c, next) => {
    const url = options.publicUrlFor(c.req.path);
    const result = verifyVobizSignature({
      url,
      headers: c.req.raw.headers,
      authToken: options.authToken,
      ...(options.parentAuthToken ? { parentAuthToken: options.parentAuthToken } : {}),
      nonceCache: options.nonceCache,
      mode: options.mode,
    });
    if (!result.ok) {
      options.logger?.warn(`[handoff] refused a Vobiz callback on ${c.req.path}: signature ${result.reason}`);
      throw new HttpError(403, 'invalid_signature', `Vobiz signature ${result.reason}`);
    }
    if (shared && result.version !== 'none') {
      const nonce = c.req.header(NONCE_HEADER[result.version]);
      if (nonce) await claimNonce(options, nonce, c.req.path);
    }
    await next();
  };
}

async function claimNonce(options: SignatureGuardOptions, nonce: string, path: string): Promise<void> {
  try {
    await options.store.put(storeKey('vobizNonce', nonce), 1, { expectedVersion: 0, ttlMs: NONCE_TTL_MS });
  } catch (error) {
    if (isHandoffError(error, 'store_conflict')) {
      options.logger?.warn(`[handoff] refused a Vobiz callback on ${path}: signature replayed`);
      throw new HttpError(403, 'invalid_signature', 'Vobiz signature replayed');
    }
    throw error;
  }
}
