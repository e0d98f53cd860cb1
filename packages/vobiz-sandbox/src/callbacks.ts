import { sleep } from './clock.js';
import { type SigningKeys, signatureHeaders } from './signature.js';
import type { HttpMethod, SignatureMode } from './types.js';

export type CallbackPurpose =
  | 'answer'
  | 'fallback'
  | 'ring'
  | 'hangup'
  | 'redirect'
  | 'transfer'
  | 'dial_action'
  | 'dial_callback'
  | 'confirm_sound'
  | 'dial_music'
  | 'stream_status'
  | 'record_action'
  | 'record_callback'
  | 'gather_action'
  | 'conference_callback'
  | 'machine_detection'
  | 'bleg_transfer'
  | 'wait_sound';

export interface CallbackRequest {
  purpose: CallbackPurpose;
  url: string;
  method?: string;
  params: Record<string, string>;
}

export interface CallbackAttempt {
  purpose: CallbackPurpose;
  url: string;
  method: HttpMethod;
  event: string | undefined;
  attempt: number;
  status: number | undefined;
  ok: boolean;
  error?: string;
  params: Record<string, string>;
}

export interface CallbackResponse {
  ok: boolean;
  status: number | undefined;
  body: string;
  attempts: number;
  error?: string;
}

export interface CallbackClientConfig {
  signatures: SignatureMode;
  keys: SigningKeys;
  timeoutMs: number;
  retryDelaysMs: readonly number[];
  /** Aborted when the sandbox closes: nothing is sent after that. */
  shutdown: AbortSignal;
}

export function normaliseMethod(method: string | undefined): HttpMethod {
  return method?.toUpperCase() === 'GET' ? 'GET' : 'POST';
}

/**
 * Delivers webhooks the way Vobiz does: form-encoded (or query string for GET), `User-Agent: Vobiz`,
 * signed per attempt, retried on network errors and non-2xx answers.
 */
export class CallbackClient {
  constructor(private readonly config: CallbackClientConfig) {}

  async send(
    req: CallbackRequest,
    onAttempt: (attempt: CallbackAttempt) => void,
    signal?: AbortSignal,
  ): Promise<CallbackResponse> {
    const method = normaliseMethod(req.method);
    const maxAttempts = 1 + this.config.retryDelaysMs.length;
    let last: CallbackResponse = { ok: false, status: undefined, body: '', attempts: 0 };
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (this.config.shutdown.aborted || signal?.aborted) break;
      last = await this.attempt(req, method, attempt);
      onAttempt({
        purpose: req.purpose,
        url: req.url,
        method,
        event: req.params.Event,
        attempt,
        status: last.status,
        ok: last.ok,
        ...(last.error ? { error: last.error } : {}),
        params: req.params,
      });
      if (last.ok) break;
      const delay = this.config.retryDelaysMs[attempt - 1];
      if (delay === undefined) break;
      try {
        await sleep(delay, anySignal(this.config.shutdown, signal));
      } catch {
        break;
      }
    }
    return last;
  }

  private async attempt(
    req: CallbackRequest,
    method: HttpMethod,
    attempt: number,
  ): Promise<CallbackResponse> {
    const form = new URLSearchParams(req.params);
    let target = req.url;
    if (method === 'GET') {
      const u = new URL(req.url);
      for (const [k, v] of form) u.searchParams.append(k, v);
      target = u.toString();
    }
    const headers: Record<string, string> = {
      'User-Agent': 'Vobiz',
      ...signatureHeaders(req.url, this.config.signatures, this.config.keys),
    };
    if (method === 'POST') headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const timeout = AbortSignal.timeout(this.config.timeoutMs);
    try {
      const res = await fetch(target, {
        method,
        headers,
        ...(method === 'POST' ? { body: form.toString() } : {}),
        signal: anySignal(timeout, this.config.shutdown),
        redirect: 'follow',
      });
      const body = await res.text();
      return { ok: res.ok, status: res.status, body, attempts: attempt };
    } catch (err) {
      const error = timeout.aborted ? `timed out after ${this.config.timeoutMs} ms` : describeError(err);
      return { ok: false, status: undefined, body: '', attempts: attempt, error };
    }
  }
}

function anySignal(a: AbortSignal, b: AbortSignal | undefined): AbortSignal {
  return b ? AbortSignal.any([a, b]) : a;
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}

/**
 * Keeps a call's notifications in the order they were raised (DialAnswer before DialConnected,
 * DialHangup before hangup_url...) even when one of them is slow or being retried.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job, job);
    this.tail = result.catch(() => undefined);
    return result;
  }

  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
