import { describe, expect, it, vi } from 'vitest';
import { isHandoffError } from '../errors.js';
import type { RuleInput, TriggerRule, Turn } from '../types.js';
import { explicitRequest } from './explicit-request.js';
import { keywords } from './keywords.js';
import { lowConfidence } from './low-confidence.js';
import { maxTurns } from './max-turns.js';
import { repetition } from './repetition.js';
import { RuleEngine } from './rule-engine.js';
import { sentimentBelow } from './sentiment-below.js';
import { when } from './when.js';

const extracted = { customer: {}, fields: {}, sentimentTrajectory: [] };
const turnAt = (index: number, text = 'hello there friend'): Turn => ({
  index,
  role: index % 2 === 0 ? 'caller' : 'agent',
  text,
  at: index * 1000,
  final: true,
  confidence: 0.3,
});
const inputFor = (turns: readonly Turn[]): RuleInput => ({
  turn: turns.at(-1),
  turns,
  extracted,
  sentimentScore: -0.9,
});

describe('RuleEngine', () => {
  it('stamps firings with rule, turn, time and hints', () => {
    const engine = new RuleEngine([keywords({ words: ['fraud'], urgency: 'immediate', department: 'risk' })]);
    const turn = turnAt(4, 'this is fraud');
    expect(engine.evaluate(inputFor([turn]), 1234)).toEqual([
      {
        ruleId: 'keywords:fraud',
        kind: 'keyword',
        action: 'suggest',
        turnIndex: 4,
        evidence: 'this is fraud',
        at: 1234,
        department: 'risk',
        urgency: 'immediate',
        reason: 'said "fraud"',
      },
    ]);
  });

  it('uses turn index -1 when there is no turn', () => {
    const engine = new RuleEngine([when(() => true, { id: 'always' })]);
    expect(
      engine.evaluate({ turn: undefined, turns: [], extracted, sentimentScore: 0 }, 1)[0]!.turnIndex,
    ).toBe(-1);
  });

  it('fires a keyless match once until the rule stops matching', () => {
    let on = true;
    const rule: TriggerRule = {
      id: 'r',
      kind: 'k',
      action: 'suggest',
      evaluate: () => (on ? { evidence: 'x' } : undefined),
    };
    const engine = new RuleEngine([rule]);
    const input = inputFor([turnAt(0)]);
    expect(engine.evaluate(input, 0)).toHaveLength(1);
    expect(engine.evaluate(input, 0)).toHaveLength(0);
    on = false;
    expect(engine.evaluate(input, 0)).toHaveLength(0);
    on = true;
    expect(engine.evaluate(input, 0)).toHaveLength(1);
  });

  it('never fires the same cause key twice', () => {
    let key = 'a';
    const rule: TriggerRule = {
      id: 'r',
      kind: 'k',
      action: 'suggest',
      evaluate: () => ({ evidence: key, causeKey: key }),
    };
    const engine = new RuleEngine([rule]);
    const input = inputFor([turnAt(0)]);
    expect(engine.evaluate(input, 0)).toHaveLength(1);
    expect(engine.evaluate(input, 0)).toHaveLength(0);
    key = 'b';
    expect(engine.evaluate(input, 0)).toHaveLength(1);
    key = 'a';
    expect(engine.evaluate(input, 0)).toHaveLength(0);
  });

  it('rejects two rules with the same id', () => {
    try {
      new RuleEngine([keywords(['x']), keywords(['x'])]);
      expect.unreachable();
    } catch (error) {
      expect(isHandoffError(error, 'invalid_options')).toBe(true);
    }
  });

  it('reports a throwing rule and still runs the others', () => {
    const onError = vi.fn();
    const boom: TriggerRule = {
      id: 'boom',
      kind: 'k',
      action: 'suggest',
      evaluate: () => {
        throw new Error('bad predicate');
      },
    };
    const engine = new RuleEngine([boom, keywords(['help'])], { onError });
    expect(engine.evaluate(inputFor([turnAt(0, 'help')]), 0)).toHaveLength(1);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'bad predicate' }), boom);
  });

  it('snapshots and restores debounce state', () => {
    const engine = new RuleEngine([keywords(['fraud']), explicitRequest()]);
    engine.evaluate(inputFor([turnAt(0, 'fraud! get me a human')]), 0);
    const state = engine.snapshot();
    expect(state).toEqual({
      fired: { 'keywords:fraud': ['fraud'], 'explicit-request': [null] },
      dialogueTurns: 1,
      lastTurnIndex: 0,
    });
    const resumed = new RuleEngine([keywords(['fraud']), explicitRequest()]);
    resumed.restore(JSON.parse(JSON.stringify(state)));
    expect(resumed.evaluate(inputFor([turnAt(2, 'fraud, get me a human')]), 0)).toEqual([]);
    resumed.reset();
    expect(resumed.evaluate(inputFor([turnAt(2, 'fraud, get me a human')]), 0)).toHaveLength(2);
  });

  it('hands rules a bounded tail of the transcript', () => {
    let seen = 0;
    const spy: TriggerRule = {
      id: 'spy',
      kind: 'k',
      action: 'suggest',
      evaluate: ({ turns }) => {
        seen = turns.length;
        return undefined;
      },
    };
    const turns = Array.from({ length: 500 }, (_, i) => turnAt(i));
    new RuleEngine([spy], { tail: 20 }).evaluate(inputFor(turns), 0);
    expect(seen).toBe(20);
  });

  it('costs the same at turn 10,000: every built-in rule reads only a bounded tail', () => {
    const turns = Array.from({ length: 10_000 }, (_, i) => turnAt(i));
    const read = new Set<number>();
    const watched = new Proxy(turns, {
      get(target, property, receiver) {
        if (typeof property === 'string' && /^\d+$/.test(property)) read.add(Number(property));
        return Reflect.get(target, property, receiver);
      },
    });
    const rules = [
      explicitRequest(),
      keywords(['refund']),
      sentimentBelow(-0.5),
      lowConfidence({ below: 0.5, turns: 3 }),
      repetition({ turns: 3 }),
      maxTurns(50),
      when(({ extracted }) => extracted.intent === 'refund'),
    ];
    // Without the engine's tail, straight on the full transcript…
    for (const rule of rules) rule.evaluate(inputFor(watched));
    expect(read.size).toBeLessThanOrEqual(40);
    expect(Math.min(...read)).toBeGreaterThanOrEqual(10_000 - 40);
    // …and through the engine.
    read.clear();
    new RuleEngine(rules).evaluate(inputFor(watched), 0);
    expect(Math.min(...read)).toBeGreaterThanOrEqual(10_000 - 50);
  });
});
