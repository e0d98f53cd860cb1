import { describe, expect, it } from 'vitest';
import { DocumentCache } from './vobiz-document-cache.js';

describe('DocumentCache', () => {
  it('answers the same version and attempt, and nothing else', () => {
    const cache = new DocumentCache();
    cache.set('handoff', 'ho1', 3, 1, '<a/>');
    expect(cache.get('handoff', 'ho1', 3, 1)).toBe('<a/>');
    expect(cache.get('handoff', 'ho1', 4, 1)).toBeUndefined();
    expect(cache.get('handoff', 'ho1', 3, 2)).toBeUndefined();
    expect(cache.get('handoff', 'ho2', 3, 1)).toBeUndefined();
    expect(cache.get('whisper', 'ho1', 3, 1)).toBeUndefined();
  });

  it('drops the older version when a newer one is stored, and never the other way round', () => {
    const cache = new DocumentCache();
    cache.set('whisper', 'ho1', 5, 1, '<new/>');
    cache.set('whisper', 'ho1', 4, 1, '<late/>');
    expect(cache.get('whisper', 'ho1', 5, 1)).toBe('<new/>');
    expect(cache.get('whisper', 'ho1', 4, 1)).toBeUndefined();
    cache.set('whisper', 'ho1', 6, 2, '<newer/>');
    expect(cache.get('whisper', 'ho1', 5, 1)).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it('forgets the least recently stored handoff when full', () => {
    const cache = new DocumentCache(2);
    cache.set('handoff', 'a', 1, 1, 'A');
    cache.set('handoff', 'b', 1, 1, 'B');
    cache.set('handoff', 'a', 2, 1, 'A2');
    cache.set('handoff', 'c', 1, 1, 'C');
    expect(cache.size).toBe(2);
    expect(cache.get('handoff', 'b', 1, 1)).toBeUndefined();
    expect(cache.get('handoff', 'a', 2, 1)).toBe('A2');
    expect(cache.get('handoff', 'c', 1, 1)).toBe('C');
  });

  it("forgets both of a settled handoff's documents and no other handoff's", () => {
    const cache = new DocumentCache();
    cache.set('handoff', 'a', 1, 1, 'A');
    cache.set('whisper', 'a', 2, 1, 'Aw');
    cache.set('handoff', 'b', 1, 1, 'B');
    cache.forget('a');
    expect(cache.get('handoff', 'a', 1, 1)).toBeUndefined();
    expect(cache.get('whisper', 'a', 2, 1)).toBeUndefined();
    expect(cache.get('handoff', 'b', 1, 1)).toBe('B');
    expect(cache.size).toBe(1);
  });
});
