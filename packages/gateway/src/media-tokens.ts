import { randomBytes } from 'node:crypto';
import { type FailureOutcome, type HandoffStore, isHandoffError, storeKey } from '@handoff/core';

/** What a media socket learns from the token in its URL. */
export interface MediaCall {
  token: string;
  /** The Vobiz `CallUUID`, which is also the core's call id. */
  callId: string;
  platform: string;
  from?: string;
  to?: string;
  /** Set when the call comes back to the AI after a handoff did not connect. */
  handoffId?: string;
  /** Why it came back (`busy`, `no_answer`, …, or `handed_back` by a human from the desk). */
  resumeReason?: FailureOutcome | 'handed_back';
  /** What the caller was just told, so the AI picks up from there. */
  sayToCaller?: string;
  createdAt: number;
}

export const DEFAULT_MEDIA_TOKEN_TTL_MS = 4 * 60 * 60_000;

const tokenKey = (token: string) => storeKey('media', token);
const callKey = (callId: string) => storeKey('mediaCall', callId);
const resumeKey = (handoffId: string) => storeKey('mediaResume', handoffId);

/**
 * The secret in each `<Stream>` URL. Vobiz puts no auth on the WebSocket upgrade, so the URL
 * path is the credential (Vobiz's own reference apps do the same). Tokens live in the store so a
 * socket landing on another instance still finds its call, and the same call (or the same
 * resumed handoff) always gets the same token, so a retried callback returns identical XML.
 */
export class MediaTokens {
  constructor(
    private readonly store: HandoffStore,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The token for a call's first stream. */
  forCall(call: Omit<MediaCall, 'token' | 'createdAt'>): Promise<string> {
    return this.#mint(callKey(call.callId), call);
  }

  /** The token for the stream a call returns to when its handoff did not connect. */
  forResume(handoffId: string, call: Omit<MediaCall, 'token' | 'createdAt' | 'handoffId'>): Promise<string> {
    return this.#mint(resumeKey(handoffId), { ...call, handoffId });
  }

  async resolve(token: string): Promise<MediaCall | undefined> {
    if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
    return (await this.store.get<MediaCall>(tokenKey(token)))?.value;
  }

  /** Drops a finished call's tokens, so its URLs stop working at once. */
  async forget(callId: string, handoffId?: string): Promise<void> {
    const keys = [callKey(callId), ...(handoffId ? [resumeKey(handoffId)] : [])];
    for (const key of keys) {
      const pointer = await this.store.get<{ token: string }>(key);
      if (!pointer) continue;
      await this.store.delete(tokenKey(pointer.value.token));
      await this.store.delete(key);
    }
  }

  async #mint(pointerKey: string, call: Omit<MediaCall, 'token' | 'createdAt'>): Promise<string> {
    const existing = await this.store.get<{ token: string }>(pointerKey);
    if (existing) return existing.value.token;
    const token = randomBytes(24).toString('base64url');
    try {
      await this.store.put(pointerKey, { token }, { expectedVersion: 0, ttlMs: this.ttlMs });
    } catch (error) {
      // A concurrent retry of the same callback won: use its token.
      if (!isHandoffError(error, 'store_conflict')) throw error;
      const winner = await this.store.get<{ token: string }>(pointerKey);
      if (winner) return winner.value.token;
      throw error;
    }
    const record: MediaCall = { ...definedOnly(call), token, createdAt: this.now() };
    await this.store.put(tokenKey(token), record, { ttlMs: this.ttlMs });
    return token;
  }
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
