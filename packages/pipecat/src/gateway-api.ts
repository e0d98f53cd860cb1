import type { Instruction, SpokenLine, ToolReply, TurnInput } from '@handoff/core';

/** What the core asks a `/v1` platform to do, as the gateway returns it (`actions`). */
export type GatewayAction =
  | ({ type: 'say'; lineId: string; ack?: string } & SpokenLine)
  | ({ type: 'instruct' } & Instruction);

export interface TurnsResponse {
  actions?: GatewayAction[];
}

export interface HandoffResponse {
  /** `persisted` (202) when the farewell is queued and the call moves once it has played. */
  status?: string;
  reply?: ToolReply;
  actions?: GatewayAction[];
}

/** A `/v1` request the gateway refused, with its status and machine-readable code. */
export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The gateway's `/v1` API as this plugin uses it, over the runtime's own `fetch`, so the same
 * code runs in a browser and in Node. The bearer is a client token scoped to one call (or, on a
 * server, an API key); it is sent only to the gateway and never logged.
 */
export class GatewayApi {
  readonly #base: string;
  readonly #origin: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;

  constructor(gatewayUrl: string, token: string, fetchImpl?: typeof fetch) {
    // A page may name its own origin's gateway by path alone.
    const url = new URL(gatewayUrl, (globalThis as { location?: { href: string } }).location?.href);
    this.#base = url.href.replace(/\/+$/u, '');
    this.#origin = url.origin;
    this.#token = token;
    // Bound: a browser's fetch throws "Illegal invocation" when called as a method of another object.
    this.#fetch = fetchImpl ?? globalThis.fetch.bind(globalThis);
  }

  turns(callId: string, turns: TurnInput[], platform: string): Promise<TurnsResponse> {
    return this.#post(`/v1/calls/${encodeURIComponent(callId)}/turns`, { platform, playout: 'ack', turns });
  }

  handoff(body: Record<string, unknown>): Promise<HandoffResponse> {
    return this.#post('/v1/handoffs', body);
  }

  aiUnavailable(callId: string, detail: string, platform: string): Promise<unknown> {
    return this.#post(`/v1/calls/${encodeURIComponent(callId)}/ai-unavailable`, { detail, platform });
  }

  end(callId: string): Promise<unknown> {
    return this.#post(`/v1/calls/${encodeURIComponent(callId)}/end`, {});
  }

  /** `ack` is the path the gateway gave with the line (its base path included). */
  played(ack: string): Promise<unknown> {
    return this.#send(new URL(ack, this.#origin).href, {});
  }

  #post<T>(path: string, body: unknown): Promise<T> {
    return this.#send(`${this.#base}${path}`, body) as Promise<T>;
  }

  async #send(url: string, body: unknown): Promise<unknown> {
    const response = await this.#fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.#token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status === 204) return {};
    const text = await response.text();
    const parsed = parseJson(text);
    if (!response.ok) {
      const error = (parsed as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
      throw new GatewayError(
        response.status,
        typeof error?.code === 'string' ? error.code : 'http_error',
        typeof error?.message === 'string' ? error.message : `gateway answered ${response.status}`,
      );
    }
    return parsed ?? {};
  }
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
