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
 * One process's memory of signatures. Several gateway instances behind one URL each keep their
 * own, so a replay to another instance is caught only by the core's idempotency (no second
 * transfer for a live call); pass a shared `ReplayGuard` to catch it at the door.
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
