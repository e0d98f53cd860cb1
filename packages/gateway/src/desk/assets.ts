import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';

/** Resolved from this module so the same code finds src/desk/public and dist/desk/public. */
const PUBLIC_DIR = new URL('./public/', import.meta.url);

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

export interface Asset {
  body: Uint8Array<ArrayBuffer>;
  type: string;
  etag: string;
}

/**
 * The desk's static files, read once and kept in memory: a handful of small files, and only
 * names that exist in the folder can ever be served, so there is no path to traverse.
 */
export class Assets {
  #loaded: Promise<Map<string, Asset>> | undefined;

  get(name: string): Promise<Asset | undefined> {
    this.#loaded ??= load().catch((error: unknown) => {
      this.#loaded = undefined;
      throw error;
    });
    return this.#loaded.then((assets) => assets.get(name));
  }
}

async function load(): Promise<Map<string, Asset>> {
  const assets = new Map<string, Asset>();
  for (const entry of await readdir(PUBLIC_DIR, { withFileTypes: true })) {
    const type = TYPES[entry.name.split('.').pop() ?? ''];
    if (!entry.isFile() || !type) continue;
    const body = new Uint8Array(await readFile(new URL(entry.name, PUBLIC_DIR)));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`;
    assets.set(entry.name, { body, type, etag });
  }
  return assets;
}
