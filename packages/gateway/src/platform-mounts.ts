import type { FetchHandler } from '@handoff/core';
import type { Hono } from 'hono';
import { nodeIncoming, readBodyText } from './body.js';
import { HttpError } from './http-errors.js';

/** A webhook platform's handler, mounted at `path` (`/retell` takes `/retell` and `/retell/*`). */
export interface PlatformMount {
  path: string;
  handler: FetchHandler;
}

/** In a config file: a platform package mounted by name, with the options its handler takes. */
export interface PlatformPackageMount {
  path: string;
  package: string;
  options?: Record<string, unknown>;
}

const PATH = /^\/[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~-]+)*$/;
const RESERVED = ['/vobiz', '/v1', '/desk', '/healthz', '/media'];

export function checkMountPath(path: string): string {
  if (typeof path !== 'string' || !PATH.test(path)) {
    throw new HttpError(
      500,
      'invalid_options',
      `Platform mount path ${JSON.stringify(path)} must look like "/retell"`,
    );
  }
  if (RESERVED.some((r) => path === r || path.startsWith(`${r}/`))) {
    throw new HttpError(
      500,
      'invalid_options',
      `Platform mount path ${path} collides with the gateway's own routes`,
    );
  }
  return path;
}

/**
 * Mounts each platform's fetch handler. The body is read here, under the gateway's limit, so a
 * platform handler never buffers an oversize webhook; it gets a fresh `Request` with that body.
 */
export function mountPlatforms(app: Hono, mounts: readonly PlatformMount[], maxBodyBytes: number): void {
  for (const mount of mounts) {
    const path = checkMountPath(mount.path);
    const serve = async (c: { req: { raw: Request }; env: unknown }) => {
      const raw = c.req.raw;
      const hasBody = raw.method !== 'GET' && raw.method !== 'HEAD';
      const body = hasBody ? await readBodyText(raw, maxBodyBytes, nodeIncoming(c.env)) : undefined;
      return mount.handler(
        new Request(raw.url, {
          method: raw.method,
          headers: raw.headers,
          ...(body === undefined ? {} : { body }),
          signal: raw.signal,
        }),
      );
    };
    app.all(path, serve);
    app.all(`${path}/*`, serve);
  }
}
