import type { Handoff } from '@handoff/core';

const PREFIX = 'call-ended:';
/** Long enough for every instance to hear of it; the key is only a broadcast. */
const TTL_MS = 60 * 60_000;

/**
 * Vobiz reports a hang-up to one instance, but the call's session may live on another (the one
 * that answered, or one a platform reported turns to). A store write reaches every instance's
 * subscription, so each ends its own copy.
 */
export async function announceCallEnded(handoff: Handoff, callId: string): Promise<void> {
  handoff.session(callId)?.end();
  await handoff.store.put(`${PREFIX}${callId}`, { at: Date.now() }, { ttlMs: TTL_MS });
}

export function endSessionsOnHangup(handoff: Handoff): () => void {
  return handoff.store.subscribe(PREFIX, (change) => {
    handoff.session(change.key.slice(PREFIX.length))?.end();
  });
}
