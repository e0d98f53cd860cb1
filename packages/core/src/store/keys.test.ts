import { describe, expect, it } from 'vitest';
import { KEY_SPACES, keyId, keyPrefix, storeKey } from './keys.js';

describe('store key spaces', () => {
  it('never lets one space list or subscribe to another', () => {
    const prefixes = Object.values(KEY_SPACES).map((space) => space.prefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    for (const a of prefixes) {
      for (const b of prefixes) if (a !== b) expect(b.startsWith(a), `${b} inside ${a}`).toBe(false);
    }
  });

  it('builds keys and reads their ids back only in their own space', () => {
    expect(storeKey('webhookClaim', 'ho1', 3, 'abc')).toBe('webhook-claim:ho1:3:abc');
    expect(keyId('callEnded', storeKey('callEnded', 'uuid-1'))).toBe('uuid-1');
    expect(keyId('callLock', storeKey('callEnded', 'uuid-1'))).toBeUndefined();
    expect(storeKey('handoff', 'x').startsWith(keyPrefix('handoff'))).toBe(true);
  });
});
