import { describe, expect, it } from 'vitest';
import type { Turn } from '../types.js';
import { SentimentTracker } from './tracker.js';

let index = 0;
const turn = (text: string, extra: Partial<Turn> = {}): Turn => ({
  index: index++,
  role: 'caller',
  text,
  at: 1_000 + index,
  final: true,
  ...extra,
});

describe('SentimentTracker', () => {
  it('goes strongly negative over a streak of angry turns, but not on one', () => {
    const tracker = new SentimentTracker();
    tracker.add(turn('this is useless'));
    expect(tracker.score).toBeGreaterThan(-0.6);
    tracker.add(turn('ridiculous, worst service ever'));
    tracker.add(turn('I am so angry and frustrated'));
    expect(tracker.score).toBeLessThan(-0.6);
    expect(tracker.label).toBe('very_negative');
  });

  it('ignores agent, tool and interim turns', () => {
    const tracker = new SentimentTracker();
    expect(tracker.add(turn('this is terrible', { role: 'agent' }))).toBe(0);
    expect(tracker.add(turn('terrible', { role: 'tool' }))).toBe(0);
    expect(tracker.add(turn('terrible', { final: false }))).toBe(0);
    expect(tracker.trajectory).toEqual([]);
  });

  it('lets a neutral turn pull back at half the rate of an emotional one', () => {
    const a = new SentimentTracker();
    a.add(turn('useless'));
    const before = a.score;
    a.add(turn('my account number is 12345678'));
    // alpha 0.75 halves to 0.375 for a neutral turn: the score keeps 62.5 %.
    expect(a.score).toBeCloseTo(before * 0.625, 2);
  });

  it('prefers a precomputed turn.sentiment', () => {
    const tracker = new SentimentTracker({ alpha: 1 });
    expect(tracker.add(turn('lovely', { sentiment: -0.9 }))).toBe(-0.9);
  });

  it('keeps a bounded trajectory that always starts with the first point', () => {
    const tracker = new SentimentTracker({ maxPoints: 5 });
    const first = turn('great, thanks');
    tracker.add(first);
    for (let i = 0; i < 20; i++) tracker.add(turn('this is bad'));
    const points = tracker.trajectory;
    expect(points).toHaveLength(5);
    expect(points[0]!.turnIndex).toBe(first.index);
    expect(points.at(-1)!.score).toBe(tracker.score);
    // Newest points are kept in order.
    const indices = points.map((p) => p.turnIndex);
    expect([...indices].sort((x, y) => x - y)).toEqual(indices);
  });

  it('resumes from a stored state', () => {
    const tracker = new SentimentTracker({
      alpha: 0.5,
      score: -0.5,
      trajectory: [{ turnIndex: 3, at: 1, score: -0.5 }],
    });
    tracker.add(turn('angry', { sentiment: -0.7 }));
    expect(tracker.score).toBeCloseTo(-0.6, 3);
    expect(tracker.trajectory).toHaveLength(2);
    tracker.reset();
    expect(tracker.score).toBe(0);
    expect(tracker.trajectory).toEqual([]);
  });
});
