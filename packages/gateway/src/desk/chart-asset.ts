import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Asset } from './assets.js';

let loaded: Promise<Asset> | undefined;

/**
 * Chart.js's UMD build, served from the gateway (no CDN, no build step): found beside the
 * package's main file, since the package exports no `dist/chart.umd.js` subpath.
 */
export function chartAsset(): Promise<Asset> {
  loaded ??= (async () => {
    const main = createRequire(import.meta.url).resolve('chart.js');
    const body = new Uint8Array(await readFile(join(dirname(main), 'chart.umd.js')));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`;
    return { body, type: 'text/javascript; charset=utf-8', etag };
  })().catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}
