import type { TransferProvider, TransferReceipt, TransferRequest } from '../transfer.js';

export interface FakeTransferProviderOptions {
  /** Throw this from `transfer` (or build an error per request). */
  fail?: Error | ((request: TransferRequest) => Error | undefined);
  /** Resolve `transfer` only after this long, to simulate a slow carrier. */
  delayMs?: number;
}

/**
 * A carrier for tests: records every request instead of moving a call, so a test can assert that
 * a transfer happened exactly once, with which destination and context.
 */
export class FakeTransferProvider implements TransferProvider {
  readonly name = 'fake';
  readonly requests: TransferRequest[] = [];
  /** `Date.now()` when each request arrived, in order. */
  readonly requestTimes: number[] = [];
  readonly hangups: string[] = [];
  #options: FakeTransferProviderOptions;
  #waiters: Array<{ count: number; resolve: () => void }> = [];

  constructor(options: FakeTransferProviderOptions = {}) {
    this.#options = options;
  }

  configure(options: FakeTransferProviderOptions): void {
    this.#options = options;
  }

  async transfer(request: TransferRequest): Promise<TransferReceipt> {
    this.requests.push(request);
    this.requestTimes.push(Date.now());
    for (const waiter of this.#waiters.filter((w) => this.requests.length >= w.count)) waiter.resolve();
    if (this.#options.delayMs) await new Promise((resolve) => setTimeout(resolve, this.#options.delayMs));
    const fail = typeof this.#options.fail === 'function' ? this.#options.fail(request) : this.#options.fail;
    if (fail) throw fail;
    return { requestId: `fake-${this.requests.length}` };
  }

  async hangup(callId: string): Promise<void> {
    this.hangups.push(callId);
  }

  /** Resolves once `count` transfers have been requested. */
  waitForRequests(count = 1): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ count, resolve }));
  }
}

/** A carrier that does nothing, for benchmarks measuring the core alone. */
export function noopTransferProvider(): TransferProvider {
  return { name: 'noop', transfer: async () => ({}) };
}
