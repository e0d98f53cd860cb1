import { describe, expect, it } from 'vitest';
import { referTarget } from './sip-refer.js';

describe('referTarget', () => {
  it('carries the handoff pointer as URI headers, escaped, after any the URI already has', () => {
    expect(referTarget('sip:h@pbx;transport=tls', { 'X-Handoff-Id': 'ho1', 'X-T': 'a b' })).toBe(
      'sip:h@pbx;transport=tls?X-Handoff-Id=ho1&X-T=a%20b',
    );
    expect(referTarget('sip:a@b?X-A=1', { 'X-Handoff-Id': 'ho1' })).toBe('sip:a@b?X-A=1&X-Handoff-Id=ho1');
  });

  it('keeps tel: targets as they are and rejects other schemes', () => {
    expect(referTarget('tel:+14155550123', { 'X-Handoff-Id': 'ho1' })).toBe('tel:+14155550123');
    expect(() => referTarget('https://evil', {})).toThrow(/sip:/);
  });
});
