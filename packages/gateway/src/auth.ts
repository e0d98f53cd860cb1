import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { HttpError, jsonError } from './http-errors.js';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Whether `candidate` is one of `keys`, in time that depends on neither the candidate nor which
 * key matched: comparing fixed-length digests hides lengths, and every key is always compared.
 */
export function matchesAnyKey(candidate: string, keys: readonly Buffer[]): boolean {
  const given = digest(candidate);
  let match = false;
  for (const key of keys) match = timingSafeEqual(given, key) || match;
  return match;
}

/**
 * `Authorization: Bearer <key>` against the configured API keys, then against `otherBearer`
 * (client tokens), which may throw a 403 for a credential that is valid but not for this route.
 * No keys configured: nothing passes.
 */
export function apiKeyAuth(
  apiKeys: readonly string[] | undefined,
  otherBearer?: (c: Context, bearer: string) => Promise<boolean>,
): MiddlewareHandler {
  const keys = (apiKeys ?? []).filter((key) => key.length > 0).map(digest);
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const bearer = match?.[1];
    const passes =
      keys.length > 0 &&
      bearer !== undefined &&
      (matchesAnyKey(bearer, keys) || (otherBearer !== undefined && (await otherBearer(c, bearer))));
    if (!passes) {
      const response = jsonError(
        new HttpError(401, 'unauthorized', 'A valid API key is required (Authorization: Bearer <key>)'),
      );
      response.headers.set('WWW-Authenticate', 'Bearer realm="handoff"');
      return response;
    }
    await next();
  };
}
