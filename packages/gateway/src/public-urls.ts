import { HandoffError } from '@handoff/core';

/**
 * The gateway's public address: what Vobiz is given in XML and what it signs. Behind a proxy this
 * is the outside URL, never the address the request arrived on.
 */
export class PublicUrls {
  #base: string | undefined;

  constructor(base?: string) {
    if (base !== undefined) this.set(base);
  }

  /** Set once from options, or by `listen()` when no public URL was configured. */
  set(base: string): void {
    let parsed: URL;
    try {
      parsed = new URL(base);
    } catch {
      throw new HandoffError(
        'invalid_options',
        `publicUrl must be an absolute http(s) URL; got ${JSON.stringify(base)}`,
      );
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new HandoffError('invalid_options', 'publicUrl must use http or https');
    }
    this.#base = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
  }

  get configured(): boolean {
    return this.#base !== undefined;
  }

  /** `https://host/prefix`, no trailing slash. */
  get base(): string {
    if (this.#base === undefined) {
      throw new HandoffError(
        'invalid_options',
        'The gateway has no publicUrl yet: pass one or call listen() first',
      );
    }
    return this.#base;
  }

  /** The path prefix routes live under (`/handoff` for `https://host/handoff`), or ''. */
  get basePath(): string {
    return this.#base === undefined ? '' : new URL(this.#base).pathname.replace(/\/+$/, '');
  }

  /** An absolute URL for a gateway path; the XML builder escapes the `&`. */
  http(path: string, query?: Record<string, string>): string {
    const search = query ? `?${new URLSearchParams(query).toString()}` : '';
    return `${this.base}${path}${search}`;
  }

  /** The same, as a WebSocket URL: `wss://` for an https gateway, `ws://` for a plain one. */
  ws(path: string): string {
    return this.http(path).replace(/^http/, 'ws');
  }

  /** The URL Vobiz signed for a request that arrived on `requestPath` (which includes the base path). */
  signedUrl(requestPath: string): string {
    const basePath = this.basePath;
    const suffix =
      basePath && requestPath.startsWith(basePath) ? requestPath.slice(basePath.length) : requestPath;
    return `${this.base}${suffix}`;
  }
}
