import { isHandoffError } from '../errors.js';
import { type KeySpace, storeKey } from './keys.js';
import type { HandoffStore } from './store.js';

/**
 * Put-if-absent with a time to live: `true` for the first caller to claim `id` in `space` within
 * `ttlMs`, on any instance sharing the store; `false` while that claim stands. A replayed signed
 * request, a second delivery of one event, two platform calls after one SIP dial: each is one
 * winner and everyone else told so, without a lock to release on the happy path.
 */
export async function claimOnce(
  store: HandoffStore,
  space: KeySpace,
  id: string,
  ttlMs: number,
  value: unknown = 1,
): Promise<boolean> {
  try {
    await store.put(storeKey(space, id), value, { expectedVersion: 0, ttlMs });
    return true;
  } catch (error) {
    if (isHandoffError(error, 'store_conflict')) return false;
    throw error;
  }
}

/** Gives a claim up, so the next `claimOnce` of `id` wins (a request that failed on our side). */
export async function releaseOnce(store: HandoffStore, space: KeySpace, id: string): Promise<void> {
  await store.delete(storeKey(space, id));
}
