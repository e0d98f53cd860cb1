import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-util.js';

function sameSecret(a: string, b: string): boolean {
  // Hash first so the comparison is constant-time regardless of length.
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** Vobiz authenticates with two headers on every request; there is no Basic auth. */
export function checkCredentials(req: IncomingMessage, authId: string, authToken: string): void {
  const id = req.headers['x-auth-id'];
  const token = req.headers['x-auth-token'];
  if (typeof id !== 'string' || typeof token !== 'string') {
    throw new HttpError(401, 'UNAUTHORIZED', 'Missing X-Auth-ID or X-Auth-Token header');
  }
  const idOk = sameSecret(id, authId);
  const tokenOk = sameSecret(token, authToken);
  if (!idOk || !tokenOk) throw new HttpError(401, 'UNAUTHORIZED', 'Invalid authentication credentials');
}

/** Path casing and trailing slashes are part of Vobiz's routing: a near miss is a 401, not a 404. */
export function wrongPathShape(): HttpError {
  return new HttpError(
    401,
    'UNAUTHORIZED',
    'Authentication failed for this path. Call APIs use /Account/{auth_id}/Call/... (PascalCase) with a trailing slash.',
  );
}

export function authIdMismatch(): HttpError {
  return new HttpError(401, 'UNAUTHORIZED', 'The auth_id in the path does not match X-Auth-ID');
}
