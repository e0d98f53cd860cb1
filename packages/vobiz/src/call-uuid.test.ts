import { describe, expect, it } from 'vitest';
import { compactCallUuid, restoreCallUuid } from './call-uuid.js';

const CALL_UUID = '3f2a9c1e-5b7d-4e8f-a0c1-d2e3f4a5b6c7';

describe('call UUIDs on SIP headers', () => {
  it('compacts to the [A-Za-z0-9] Vobiz allows in sipHeaders and restores the dashes', () => {
    const compact = compactCallUuid(CALL_UUID);
    expect(compact).toBe('3f2a9c1e5b7d4e8fa0c1d2e3f4a5b6c7');
    expect(compact).toMatch(/^[A-Za-z0-9]+$/);
    expect(restoreCallUuid(compact)).toBe(CALL_UUID);
  });

  it('keeps the case it was given and trims what a header or template adds around it', () => {
    expect(restoreCallUuid(' 3F2A9C1E5B7D4E8FA0C1D2E3F4A5B6C7 ')).toBe(
      '3F2A9C1E-5B7D-4E8F-A0C1-D2E3F4A5B6C7',
    );
    expect(restoreCallUuid(` ${CALL_UUID} `)).toBe(CALL_UUID);
  });

  it('returns ids of another shape unchanged (trimmed)', () => {
    expect(restoreCallUuid('not-a-uuid')).toBe('not-a-uuid');
    expect(restoreCallUuid('CA123')).toBe('CA123');
    expect(restoreCallUuid('3f2a9c1e5b7d4e8fa0c1d2e3f4a5b6c')).toBe('3f2a9c1e5b7d4e8fa0c1d2e3f4a5b6c');
    expect(restoreCallUuid('zz2a9c1e5b7d4e8fa0c1d2e3f4a5b6c7')).toBe('zz2a9c1e5b7d4e8fa0c1d2e3f4a5b6c7');
  });
});
