import { HandoffError } from '@handoff/core';
import type { Redis, RedisOptions } from 'ioredis';

export const DEFAULT_CONNECT_TIMEOUT_MS = 2_000;
export const DEFAULT_COMMAND_TIMEOUT_MS = 5_000;

/**
 * Options for the command connection the store creates itself.
 *
 * The offline queue is off on purpose: a command queued while Redis is away could still run
 * after its caller was told it failed, committing a write nobody is waiting for. Instead an
 * operation waits (bounded) for the connection itself, then sends directly or fails.
 *
 * Commands already sent when the connection drops are resent on reconnect (the ioredis default;
 * without it they are silently dropped and hang until the command timeout). Reads are safe to
 * repeat, and the put script recognises its own write id, so a repeated put is too.
 */
export function commandClientOptions(options: {
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  connectionName: string;
}): RedisOptions {
  return {
    connectTimeout: options.connectTimeoutMs,
    commandTimeout: options.commandTimeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    // Keep reconnecting in the background for as long as the store lives, so it heals by itself.
    retryStrategy: (times) => Math.min(times * 100, 2_000),
    connectionName: options.connectionName,
  };
}

/**
 * Overrides for the subscriber connection. Unlike commands, a SUBSCRIBE may safely wait for
 * Redis to come back, and must be replayed after every reconnect.
 */
export function subscriberOverrides(client: Redis): Partial<RedisOptions> {
  return {
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
    commandTimeout: undefined,
    autoResubscribe: true,
    connectionName: `${client.options.connectionName ?? 'handoff-store'}-sub`,
  };
}

/** `host:port` for messages; never the URL, which may carry a password. */
export function describeTarget(client: Redis): string {
  const { host, port, path } = client.options;
  return path ?? `${host ?? '127.0.0.1'}:${port ?? 6379}`;
}

/**
 * Tracks one connection's health so operations can wait a bounded time for it instead of
 * queueing, and so its 'error' events are always handled (an unhandled one is only logged by
 * ioredis, but it is noise, and the last one explains a later failure).
 */
export class ConnectionWatch {
  lastError: Error | undefined;
  readonly #client: Redis;
  readonly #waiters = new Set<{ resolve: () => void; reject: (error: Error) => void }>();
  readonly #off: () => void;
  #downSince: number | undefined;

  constructor(client: Redis, onError?: (error: Error) => void) {
    this.#client = client;
    if (client.status !== 'ready') this.#downSince = Date.now();
    const handlers = {
      error: (error: Error) => {
        this.lastError = error;
        try {
          onError?.(error);
        } catch {
          // A throwing logger must not turn a connection blip into a crash.
        }
      },
      ready: () => {
        this.#downSince = undefined;
        for (const waiter of this.#waiters) waiter.resolve();
        this.#waiters.clear();
      },
      close: () => {
        this.#downSince ??= Date.now();
      },
      end: () => {
        this.#downSince ??= Date.now();
        this.#rejectAll(this.unavailable('the connection was closed'));
      },
    };
    for (const [event, handler] of Object.entries(handlers)) client.on(event, handler);
    this.#off = () => {
      for (const [event, handler] of Object.entries(handlers)) client.off(event, handler);
    };
  }

  /**
   * Resolves once the connection is ready. A short outage (a failover, a restart) is waited out,
   * but never for longer than `waitMs` since the connection went down: during a long outage
   * every operation fails at once instead of each waiting its own full timeout.
   */
  ready(waitMs: number, options: { reconnecting?: boolean } = {}): Promise<void> {
    const status = this.#client.status;
    // `reconnecting`: the socket died under a 'ready' status; wait for the next 'ready' event.
    if (status === 'ready' && !options.reconnecting) return Promise.resolve();
    if (status === 'end') return Promise.reject(this.unavailable('the connection was closed'));
    if (status === 'wait') this.#client.connect().catch(() => {});
    const remaining = waitMs - (Date.now() - (this.#downSince ?? Date.now()));
    if (remaining <= 0) return Promise.reject(this.unavailable(`no connection for over ${waitMs} ms`));
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(this.unavailable(`could not connect within ${waitMs} ms`));
      }, remaining);
      this.#waiters.add(waiter);
    });
  }

  unavailable(reason: string, cause?: unknown): HandoffError {
    const last = this.lastError ? ` (last connection error: ${this.lastError.message})` : '';
    return new HandoffError(
      'store_unavailable',
      `Redis store at ${describeTarget(this.#client)} is unavailable: ${reason}${last}`,
      cause === undefined && this.lastError === undefined ? undefined : { cause: cause ?? this.lastError },
    );
  }

  dispose(): void {
    this.#off();
    this.#rejectAll(this.unavailable('the store was closed'));
  }

  #rejectAll(error: HandoffError): void {
    for (const waiter of this.#waiters) waiter.reject(error);
    this.#waiters.clear();
  }
}

/**
 * ioredis refused to send because the socket is gone though its status still says ready (the
 * 'close' event has not fired yet). The command never left the process, so it is safe to retry.
 */
export function isUnsent(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("Stream isn't writeable");
}

/** QUIT when it can be sent, otherwise drop the socket: closing must not wait on a dead server. */
export async function closeConnection(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status === 'ready') {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      client.quit().catch(() => {}),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 1_000);
      }),
    ]);
    clearTimeout(timer);
  }
  // After a QUIT this only stops ioredis reconnecting; after a timeout it drops the socket.
  client.disconnect();
}
