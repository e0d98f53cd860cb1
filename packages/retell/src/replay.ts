import { claimOnce, type HandoffStore, releaseOnce } from '@handoff/core';

/**
 * Remembers signatures already accepted. A Retell signature covers the body and a millisecond
 * timestamp that `verify` accepts for five minutes either side, so an accepted signature seen
 * again within that window is the same request replayed, whoever sends it.
 */
export interface ReplayGuard {
  /** `true` the first time `signature` is seen within `ttlMs`; `false` for a replay. */
  claim(signature: string, ttlMs: number): boolean | Promise<boolean>;
  /** Forget `signature`, so Retell's retry of a request that failed on our side is processed. */
  release(signature: string): void | Promise<void>;
}

/**
 * Signatures kept in the handoff's store (the default): every instance sharing the store refuses
 * a signature another one accepted, and each entry expires with the signature's window.
 */
export class StoreReplayGuard implements ReplayGuard {
  readonly #store: HandoffStore;

  constructor(store: HandoffStore) {
    this.#store = store;
  }

  claim(signature: string, ttlMs: number): Promise<boolean> {
    return claimOnce(this.#store, 'platformReplay', `retell:${signature}`, ttlMs);
  }

  release(signature: string): Promise<void> {
    return releaseOnce(this.#store, 'platformReplay', `retell:${signature}`);
  }
}

/**
 * One process's memory of signatures, for a handler with no shared store in mind: a replay to
 * another instance is then caught only by the core's idempotency (no second transfer for a live
 * call).
 */
export class MemoryReplayGuard implements ReplayGuard {
  readonly #seen = new Map<string, number>();
  readonly #maxEntries: number;

  constructor(options: { maxEntries?: number } = {}) {
    this.#maxEntries = options.maxEntries ?? 100_000;
  }

  claim(signature: string, ttlMs: number): boolean {
    const now = Date.now();
    const expiresAt = this.#seen.get(signature);
    if (expiresAt !== undefined && expiresAt > now) return false;
    this.#seen.delete(signature);
    this.#seen.set(signature, now + ttlMs);
    this.#sweep(now);
    return true;
  }

  release(signature: string): void {
    this.#seen.delete(signature);
  }

  get size(): number {
    return this.#seen.size;
  }

  #sweep(now: number): void {
    // Insertion order is expiry order (one ttl), so expired entries sit at the front.
    for (const [key, expiresAt] of this.#seen) {
      if (expiresAt > now && this.#seen.size <= this.#maxEntries) break;
      this.#seen.delete(key);
    }
  }
}
