import { type Handoff, keyId, keyPrefix, storeKey } from '@handoff/core';

/** Long enough for every instance to hear of it; the key is only a broadcast. */
const TTL_MS = 60 * 60_000;

/**
 * Vobiz reports a hang-up to one instance, but the call's session may live on another (the one
 * that answered, or one a platform reported turns to). A store write reaches every instance's
 * subscription, so each ends its own copy.
 */
export async function announceCallEnded(handoff: Handoff, callId: string): Promise<void> {
  handoff.session(callId)?.end();
  await handoff.store.put(storeKey('callEnded', callId), { at: Date.now() }, { ttlMs: TTL_MS });
}

export function endSessionsOnHangup(handoff: Handoff): () => void {
  return handoff.store.subscribe(keyPrefix('callEnded'), (change) => {
    const callId = keyId('callEnded', change.key);
    if (callId !== undefined) handoff.session(callId)?.end();
  });
}
