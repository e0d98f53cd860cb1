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
}

/**
 * Points the call at a new handoff, or joins the live one. This is the idempotency lock across
 * instances: the claim is a versioned write against the lock as it was read, so of two racing
 * instances exactly one wins; the other re-reads, waits for the winner's record to appear (it
 * is written right after the claim) and joins it. A lock whose record never appears belongs to
 * an instance that died mid-claim, and is taken over.
 */
export async function claimCall(
  store: HandoffStore,
  callId: string,
  handoffId: string,
): Promise<{ joined?: HandoffRecord }> {
  const key = storeKey('callLock', callId);
  for (let round = 0; round < CLAIM_ROUNDS; round++) {
    const lock = await store.get<CallLock>(key);
    if (lock) {
      const record = await awaitRecord(store, lock.value.handoffId);
      if (record && LIVE.has(record.status)) return { joined: record };
    }
    try {
      await store.put<CallLock>(key, { handoffId }, { expectedVersion: lock?.version ?? 0 });
      return {};
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
