import { EventEmitter } from 'node:events';
import type { Dispatcher } from 'undici';
import { request } from 'undici';
import { VobizError, vobizErrorFromResponse } from './errors.js';
import {
  isRetryableIdempotent,
  isRetryableNonIdempotent,
  type RetryPolicy,
  retryDelayMs,
  sleep,
  wasNeverSent,
} from './retry.js';

export type Retry = 'idempotent' | 'non-idempotent' | 'none';

export interface SendOptions {
  body?: Record<string, unknown>;
  retry: Retry;
  /** Human description for error messages. */
  what: string;
}

export interface RawResponse {
  status: number;
  text: string;
}

/** What `VobizClient` validated from its options. */
export interface TransportSettings {
  baseUrl: string;
  authId: string;
  authToken: string;
  userAgent: string;
  timeoutMs: number;
  retry: RetryPolicy;
  dispatcher: Dispatcher | undefined;
}

/** A request as error messages name it; only built when one fails. */
function described(what: string, method: string, path: string): string {
  return `${what} (${method} ${path})`;
}

/**
 * The HTTP side of `VobizClient`: one logical request becomes attempts with backoff and a typed
 * error. It alone holds the auth token, and every text that may echo it goes through `#redact`.
 */
export class VobizTransport {
  readonly #baseUrl: string;
  readonly #authToken: string;
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #dispatcher: Dispatcher | undefined;
  /** The same on every request (a transfer is on a live call's critical path): built once. */
  readonly #headers: { bare: Readonly<Record<string, string>>; json: Readonly<Record<string, string>> };

  constructor(settings: TransportSettings) {
    this.#baseUrl = settings.baseUrl;
    this.#authToken = settings.authToken;
    this.#timeoutMs = settings.timeoutMs;
    this.#retry = settings.retry;
    this.#dispatcher = settings.dispatcher;
    const bare = Object.freeze({
      'X-Auth-ID': settings.authId,
      'X-Auth-Token': settings.authToken,
      'User-Agent': settings.userAgent,
      Accept: 'application/json',
    });
    this.#headers = { bare, json: Object.freeze({ ...bare, 'Content-Type': 'application/json' }) };
  }

  /** One logical request: attempts, backoff, and the final typed error. */
  async send(method: 'GET' | 'POST' | 'DELETE', path: string, options: SendOptions): Promise<RawResponse> {
    const maxRetries = options.retry === 'none' ? 0 : this.#retry.retries;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#attempt(method, path, options);
      } catch (error) {
        if (!(error instanceof VobizError)) throw error;
        const retryable =
          options.retry === 'idempotent' ? isRetryableIdempotent(error) : isRetryableNonIdempotent(error);
        if (!retryable || attempt >= maxRetries) throw error;
        const delay = retryDelayMs(attempt, this.#retry, error.retryAfter);
        if (delay === undefined) throw error;
        await sleep(delay);
      }
    }
  }

  async #attempt(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    options: SendOptions,
  ): Promise<RawResponse> {
    const nonIdempotent = options.retry !== 'idempotent';
    const headers = options.body === undefined ? this.#headers.bare : this.#headers.json;

    // The request's abort signal is an EventEmitter, which undici takes as well as an AbortSignal:
    // an AbortController (an EventTarget) cost each request about 2 KiB, and only the timeout
    // ever aborts.
    const abort = new EventEmitter();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.emit('abort');
    }, this.#timeoutMs);
    try {
      const init: Parameters<typeof request>[1] & object = {
        method,
        headers,
        body: options.body === undefined ? null : JSON.stringify(options.body),
        signal: abort,
      };
      if (this.#dispatcher !== undefined) init.dispatcher = this.#dispatcher;
      const response = await request(`${this.#baseUrl}${path}`, init);
      const text = await response.body.text();
      if (response.statusCode >= 200 && response.statusCode < 300) {
        return { status: response.statusCode, text };
      }
      throw vobizErrorFromResponse(
        { status: response.statusCode, headers: response.headers, text },
        {
          context: described(options.what, method, path),
          redact: (value) => this.#redact(value),
          outcomeUnknown: nonIdempotent && response.statusCode >= 500,
        },
      );
    } catch (error) {
      if (error instanceof VobizError) throw error;
      if (timedOut) {
        throw new VobizError({
          status: 0,
          code: 'timeout',
          message: `Vobiz ${described(options.what, method, path)} timed out after ${this.#timeoutMs} ms`,
          outcomeUnknown: nonIdempotent,
          cause: error,
        });
      }
      const networkError = new VobizError({
        status: 0,
        code: 'network',
        message: `Vobiz ${described(options.what, method, path)} failed: ${this.#redact(error instanceof Error ? error.message : String(error))}`,
        cause: error,
      });
      if (!nonIdempotent || wasNeverSent(networkError)) throw networkError;
      throw new VobizError({
        status: 0,
        code: 'network',
        message: networkError.message,
        outcomeUnknown: true,
        cause: error,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  #redact(text: string): string {
    return text.replaceAll(this.#authToken, '[redacted]');
  }
}
