import { HandoffError } from '@handoff/core';
import { signatureBaseUrl } from '@handoff/vobiz';

/**
 * A request path the URL parser would leave exactly as it is: unreserved characters only, no
 * percent-escape (`%2e` is a dot segment to it), no `.` or `..` segment, and not empty. For these the signed
 * URL is the base joined with the path, with no parse.
 */
const PLAIN_PATH = /^(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9_.~-]*)+$/;

/**
 * The gateway's public address: what Vobiz is given in XML and what it signs. Behind a proxy this
 * is the outside URL, never the address the request arrived on.
 */
export class PublicUrls {
  #base: string | undefined;
  /** Parsed once per base: the signature check reads it on every signed callback. */
  #basePath = '';

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
    this.#basePath = parsed.pathname.replace(/\/+$/, '');
    this.#base = `${parsed.origin}${this.#basePath}`;
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
    return this.#basePath;
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

  /**
   * What Vobiz signed for a request that arrived on `requestPath` (which includes the base path):
   * the public URL, as `signatureBaseUrl` reduces it (`scheme://host/path`). The base was parsed
   * once, in `set`; only a path the parser would change (an escape, a dot segment) is parsed here.
   */
  signedUrl(requestPath: string): string {
    const basePath = this.#basePath;
    const suffix =
      basePath && requestPath.startsWith(basePath) ? requestPath.slice(basePath.length) : requestPath;
    const url = `${this.base}${suffix}`;
    return PLAIN_PATH.test(suffix) ? url : signatureBaseUrl(url);
  }
}
