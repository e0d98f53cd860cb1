import { describe, expect, it } from 'vitest';
import type { Turn } from '../types.js';
import { repetition } from './repetition.js';
import { RuleEngine } from './rule-engine.js';

/** The counts the engine keeps per call must follow turns corrected in place or inserted late. */
describe('repetition through the engine, with its per-call memory', () => {
  const extracted = { customer: {}, fields: {}, sentimentTrajectory: [] };
  const turn = (index: number, role: Turn['role'], text: string): Turn => ({
    index,
    role,
    text,
    at: index * 1_000,
    final: true,
  });

  it('recounts when an earlier turn is corrected in place or a late one is inserted', () => {
    const engine = new RuleEngine([repetition({ turns: 3 })]);
    const turns: Turn[] = [];
    const say = (t: Turn) => {
      turns.push(t);
      return engine.evaluate({ turn: t, turns, extracted, sentimentScore: 0 }, t.at);
    };
    say(turn(0, 'caller', 'I want my refund now'));
    say(turn(1, 'agent', 'Your order number please?'));
    say(turn(2, 'caller', 'where is my parcel today'));
    say(turn(3, 'agent', 'One moment.'));
    // Two alike of three: no repetition yet, and the agent's turn reuses the caller's count.
    expect(say(turn(4, 'caller', 'I want my refund right now'))).toEqual([]);
    expect(say(turn(5, 'agent', 'Checking.'))).toEqual([]);
    // The platform corrects turn 2: now three alike, seen on the next evaluation.
    turns[2]!.text = 'I want my refund now';
    const fired = engine.evaluate({ turn: turns[5], turns, extracted, sentimentScore: 0 }, 5_000);
    expect(fired).toMatchObject([{ kind: 'repetition', reason: 'caller repeated themselves (3 times)' }]);

    const other = new RuleEngine([repetition({ turns: 3 })]);
    const late: Turn[] = [turn(0, 'caller', 'I want my refund now'), turn(1, 'caller', 'hello')];
    other.evaluate({ turn: late[1], turns: late, extracted, sentimentScore: 0 }, 1_000);
    late.push(turn(2, 'caller', 'I want my refund right now'));
    expect(other.evaluate({ turn: late[2], turns: late, extracted, sentimentScore: 0 }, 2_000)).toEqual([]);
    // A final that arrived late lands between the others: the count includes it.
    late.splice(1, 0, turn(1, 'caller', 'I want my refund now!'));
    const after = other.evaluate({ turn: late[1], turns: late, extracted, sentimentScore: 0 }, 3_000);
    expect(after).toMatchObject([{ kind: 'repetition' }]);
  });

  it('counts two turns alike at exactly the similarity asked for, and not one word below it', () => {
    const at = (similarity: number, texts: string[]) => {
      const engine = new RuleEngine([repetition({ turns: 2, similarity, speakers: ['caller'] })]);
      const turns = texts.map((text, i) => turn(i, 'caller', text));
      return engine.evaluate({ turn: turns.at(-1), turns, extracted, sentimentScore: 0 }, 9_000);
    };
    // Four shared words of five distinct: Jaccard 0.8; six of eight below: 0.75.
    const texts = ['one two three four', 'one two three four five'];
    expect(at(0.8, texts)).toMatchObject([{ kind: 'repetition' }]);
    expect(at(0.81, texts)).toEqual([]);
    // The words that differ come first (sorted, "a" and "b" lead): still counted when enough follow.
    expect(at(0.76, ['a w x y z u v', 'b w x y z u v'])).toEqual([]);
    expect(at(0.75, ['a w x y z u v', 'b w x y z u v'])).toMatchObject([{ kind: 'repetition' }]);
  });

  it('gives calls evaluated turn by turn in between each other the firings each has alone', () => {
    // Counts a call drops are refilled for the next count of any call: none may reach another call.
    const lines = [
      ['caller', 'I want my refund now'],
      ['agent', 'Your order number please?'],
      ['caller', 'I want my refund right now'],
      ['agent', 'Your order number please?'],
      ['caller', 'where is my parcel today'],
      ['agent', 'Your order number please?'],
      ['caller', 'I want my refund now please'],
      ['agent', 'One moment.'],
    ] as const;
    const calls = [0, 1, 2, 3].map((shift) => lines.map((_, i) => lines[(i + shift * 2) % lines.length]!));
    const run = (texts: ReadonlyArray<readonly [Turn['role'], string]>) => {
      const engine = new RuleEngine([repetition({ turns: 3 })]);
      const turns: Turn[] = [];
      return {
        next(i: number) {
          turns.push(turn(i, texts[i]![0], texts[i]![1]));
          return engine.evaluate({ turn: turns.at(-1), turns, extracted, sentimentScore: 0 }, i * 1_000);
        },
      };
    };
    const alone = calls.map((texts) => {
      const call = run(texts);
      return texts.map((_, i) => call.next(i));
    });
    const together = calls.map(() => [] as unknown[]);
    const running = calls.map(run);
    for (let i = 0; i < lines.length; i++)
      for (let c = 0; c < calls.length; c++) together[c]!.push(running[c]!.next(i));
    expect(together).toEqual(alone);
    expect(alone.flat(2).length).toBeGreaterThan(0);
  });
});
