import { HandoffError, isHandoffError } from '../errors.js';
import type { HandoffRecord } from '../record.js';
import { LIVE } from '../state/machine.js';
import { storeKey } from '../store/keys.js';
import type { HandoffStore } from '../store/store.js';
import { readRecord } from './records.js';

const CLAIM_ROUNDS = 10;
/** How long a claimed call may go without its handoff record before the claim counts as dead. */
const CLAIM_STALE_MS = 2_000;

interface CallLock {
  handoffId: string;
  /**
   * Until when the instance working the handoff's early phases (farewell, Transfer API request)
   * vouches for it; it renews this while it works. Absent on locks written before leases.
   */
  leaseUntil?: number;
  /** Which run holds the lease: a takeover keeps the handoff id, so the id alone cannot tell. */
  owner?: string;
  /**
   * Set when the handoff finished and the claim was given its retention ttl (`records.ts`): a
   * renewal from the owner still at work then leaves it alone, or it would write the claim back
   * without a ttl and the `call:` key would outlive every retention.
   */
  retired?: true;
}

/** The clock and lease length a claim is taken with. */
export interface ClaimLease {
  now: () => number;
  ms: number;
  owner: string;
}

/**
 * Statuses in which only the claiming instance moves the handoff on: nothing from Vobiz has
 * arrived yet. From `ringing` on, callbacks drive it, and any instance can serve them.
 */
const OWNED: ReadonlySet<HandoffRecord['status']> = new Set(['requested', 'persisted', 'transferring']);

export type Claim =
  | { joined?: undefined; resumed?: undefined }
  | { joined: HandoffRecord; resumed?: undefined }
  /** The live handoff's owner stopped renewing its lease: this instance now carries it on. */
  | { joined?: undefined; resumed: HandoffRecord };

/**
 * Points the call at a new handoff, or joins the live one. This is the idempotency lock across
 * instances: the claim is a versioned write against the lock as it was read, so of two racing
 * instances exactly one wins; the other re-reads, waits for the winner's record to appear (it
 * is written right after the claim) and joins it. A lock whose record never appears belongs to
 * an instance that died mid-claim, and is taken over. So is one whose handoff is still waiting on
 * its owner (no callback yet) after the owner's lease ran out: the owner died between persisting
 * and the Transfer API landing, and without a takeover every later request would join a handoff
 * nobody moves (the caller would never reach a human).
 */
export async function claimCall(
  store: HandoffStore,
  callId: string,
  handoffId: string,
  lease: ClaimLease,
): Promise<Claim> {
  const key = storeKey('callLock', callId);
  // Most calls have never been claimed: try the put-if-absent before reading anything, one round
  // trip instead of two. A conflict means a lock exists, and the rounds below read and judge it.
  try {
    await store.put<CallLock>(
      key,
      { handoffId, leaseUntil: lease.now() + lease.ms, owner: lease.owner },
      { expectedVersion: 0 },
    );
    return {};
  } catch (error) {
    if (!isHandoffError(error, 'store_conflict')) throw error;
  }
  for (let round = 0; round < CLAIM_ROUNDS; round++) {
    const lock = await store.get<CallLock>(key);
    let target = handoffId;
    let resumed: HandoffRecord | undefined;
    if (lock) {
      const record = await awaitRecord(store, lock.value.handoffId);
      if (record && LIVE.has(record.status)) {
        const until = lock.value.leaseUntil;
        if (!OWNED.has(record.status) || until === undefined || until > lease.now())
          return { joined: record };
        target = record.id;
        resumed = record;
      }
    }
    try {
      // Versioned against the lock as read: of two instances taking over, one wins.
      await store.put<CallLock>(
        key,
        { handoffId: target, leaseUntil: lease.now() + lease.ms, owner: lease.owner },
        { expectedVersion: lock?.version ?? 0 },
      );
      return resumed ? { resumed } : {};
    } catch (error) {
      if (!isHandoffError(error, 'store_conflict')) throw error;
    }
  }
  throw new HandoffError(
    'store_conflict',
    `Could not claim call ${callId}: too many concurrent handoff requests`,
  );
}

/** Frees the call for the next request, if it still points at `handoffId`. */
export async function releaseClaim(store: HandoffStore, callId: string, handoffId: string): Promise<void> {
  const key = storeKey('callLock', callId);
  const lock = await store.get<CallLock>(key);
  if (lock?.value.handoffId === handoffId) await store.delete(key);
}

/**
 * The owner vouches for its handoff a while longer, only while the lock still names it as
 * owner (a takeover by another instance is never undone by a late renewal) and the handoff has
 * not finished (its claim then expires with it). The write is versioned against the lock as
 * read, so a retirement that lands in between wins and the renewal re-reads it.
 */
export async function renewLease(store: HandoffStore, callId: string, lease: ClaimLease): Promise<void> {
  await store.update<CallLock>(storeKey('callLock', callId), (lock) =>
    lock?.owner === lease.owner && !lock.retired
      ? { ...lock, leaseUntil: lease.now() + lease.ms }
      : undefined,
  );
}

/** The handoff the call points at, if any. */
export async function claimedHandoff(store: HandoffStore, callId: string): Promise<string | undefined> {
  return (await store.get<CallLock>(storeKey('callLock', callId)))?.value.handoffId;
}

async function awaitRecord(store: HandoffStore, handoffId: string): Promise<HandoffRecord | undefined> {
  const started = Date.now();
  for (;;) {
    const record = await readRecord(store, handoffId);
    if (record) return record;
    if (Date.now() - started > CLAIM_STALE_MS) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 10));
  }
}
