import { describe, expect, it } from 'vitest';
import { Transcript } from './transcript.js';

describe('Transcript', () => {
  it('merges interims and appends the final in their place', () => {
    const t = new Transcript();
    expect(t.add({ role: 'caller', text: 'I want', final: false, at: 1000 }, 1000).kind).toBe('interim');
    expect(t.add({ role: 'caller', text: 'I want a ref', final: false }, 1200).kind).toBe('interim');
    expect(t.pendingInterims.map((x) => x.text)).toEqual(['I want a ref']);
    const out = t.add({ role: 'caller', text: 'I want a refund' }, 1500);
    expect(out.kind).toBe('appended');
    expect(t.turns.map((x) => [x.text, x.at])).toEqual([['I want a refund', 1000]]);
    expect(t.pendingInterims).toEqual([]);
  });

  it('gives every turn its fields in one order, with or without the optional ones', () => {
    const t = new Transcript();
    t.add({ role: 'caller', text: 'one', at: 1 }, 1);
    t.add({ role: 'agent', text: 'two', at: 2, confidence: 0.5 }, 2);
    t.add(
      { role: 'caller', text: 'three', at: 3, confidence: 0.7, sourceId: 's', endAt: 4, interrupted: true },
      3,
    );
    t.add({ role: 'caller', text: 'four', at: 5, interrupted: false }, 5);
    // Serialised packets and logs carry the keys in this order.
    expect(t.turns.map((turn) => Object.keys(turn))).toEqual([
      ['index', 'role', 'text', 'at', 'final'],
      ['index', 'role', 'text', 'at', 'final', 'confidence'],
      ['index', 'role', 'text', 'at', 'final', 'endAt', 'confidence', 'sourceId', 'interrupted'],
      ['index', 'role', 'text', 'at', 'final', 'interrupted'],
    ]);
    expect(t.turns[1]).toEqual({ index: 1, role: 'agent', text: 'two', at: 2, final: true, confidence: 0.5 });
  });

  it('keys interims by source id so two utterances never merge', () => {
    const t = new Transcript();
    t.add({ role: 'agent', text: 'Hello', final: false, sourceId: 'a' }, 1);
    t.add({ role: 'agent', text: 'Sure', final: false, sourceId: 'b' }, 2);
    expect(t.pendingInterims.map((x) => x.text)).toEqual(['Hello', 'Sure']);
  });

  it('drops duplicates by source id and by same text close in time', () => {
    const t = new Transcript();
    t.add({ role: 'caller', text: 'My account is 1234', sourceId: 'x', at: 10 }, 10);
    expect(t.add({ role: 'caller', text: 'My account is 1234', sourceId: 'x', at: 10 }, 11).kind).toBe(
      'duplicate',
    );
    expect(t.add({ role: 'caller', text: 'my account is 1234!', at: 900 }, 900).kind).toBe('duplicate');
    // The same words much later are a real repetition, and kept.
    expect(t.add({ role: 'caller', text: 'My account is 1234', at: 60_000 }, 60_000).kind).toBe('appended');
    expect(t.length).toBe(2);
  });

  it('tells duplicates by their folded words whatever the case, punctuation or script', () => {
    const t = new Transcript();
    t.add({ role: 'caller', text: 'Hello... is THIS the bank?', at: 0 }, 0);
    expect(t.add({ role: 'caller', text: 'hello is this the bank', at: 500 }, 500).kind).toBe('duplicate');
    // One letter more, or the same start and a different end: a new turn.
    expect(t.add({ role: 'caller', text: 'hello is this the banks', at: 600 }, 600).kind).toBe('appended');
    expect(t.add({ role: 'caller', text: 'Hello, is this the bank manager?', at: 700 }, 700).kind).toBe(
      'appended',
    );
    t.add({ role: 'caller', text: 'Éclair, मेरा ऑर्डर', at: 800 }, 800);
    expect(t.add({ role: 'caller', text: 'éclair मेरा ऑर्डर!', at: 900 }, 900).kind).toBe('duplicate');
    expect(t.add({ role: 'caller', text: 'éclair मेरा बिल', at: 950 }, 950).kind).toBe('appended');
  });

  it('finds a duplicate behind older turns delivered late, and past a turn with no valid time', () => {
    const t = new Transcript();
    t.add({ role: 'caller', text: 'my card was charged twice', at: 10_000 }, 10_000);
    t.add({ role: 'agent', text: 'let me check', at: 12_000 }, 12_000);
    // A late final from long before lands behind both: the re-delivery is still found.
    t.add({ role: 'agent', text: 'hello', at: 1_000 }, 12_500);
    expect(t.add({ role: 'caller', text: 'My card was charged twice.', at: 11_000 }, 13_000).kind).toBe(
      'duplicate',
    );
    const u = new Transcript();
    u.add({ role: 'caller', text: 'refund please', at: 5_000 }, 5_000);
    u.add({ role: 'agent', text: 'one moment', at: Number.NaN }, 5_050);
    u.add({ role: 'agent', text: 'checking', at: 50 }, 5_080);
    expect(u.add({ role: 'caller', text: 'Refund, please!', at: 5_100 }, 5_100).kind).toBe('duplicate');
  });

  it('replaces the text of a re-delivered item with corrected text', () => {
    const t = new Transcript();
    t.add({ role: 'caller', text: 'refund of fifteen', sourceId: 'i1', at: 5 }, 5);
    const out = t.add({ role: 'caller', text: 'refund of 15,000', sourceId: 'i1', at: 5 }, 6);
    expect(out.kind).toBe('replaced');
    expect(t.turns[0]?.text).toBe('refund of 15,000');
  });

  it('keeps turns in time order when a platform delivers late, reindexing the tail', () => {
    const t = new Transcript();
    t.add({ role: 'agent', text: 'How can I help?', at: 1000 }, 1000);
    t.add({ role: 'agent', text: 'Let me check that.', at: 3000 }, 3000);
    const late = t.add({ role: 'caller', text: 'My card is blocked', at: 2000 }, 3500);
    expect(late.kind).toBe('inserted');
    expect(t.turns.map((x) => x.text)).toEqual([
      'How can I help?',
      'My card is blocked',
      'Let me check that.',
    ]);
    expect(t.turns.map((x) => x.index)).toEqual([0, 1, 2]);
  });

  it('keeps arrival order for equal timestamps and ignores empty text', () => {
    const t = new Transcript();
    t.add({ role: 'caller', text: 'one', at: 5 }, 5);
    t.add({ role: 'agent', text: 'two', at: 5 }, 5);
    expect(t.add({ role: 'caller', text: '   ' }, 6).kind).toBe('empty');
    expect(t.turns.map((x) => x.text)).toEqual(['one', 'two']);
  });
});
