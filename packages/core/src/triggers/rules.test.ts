import { describe, expect, it } from 'vitest';
import type { Extracted, Firing, Role, Turn } from '../types.js';
import { keywords } from './keywords.js';
import { lowConfidence } from './low-confidence.js';
import { maxTurns } from './max-turns.js';
import { repetition } from './repetition.js';
import { RuleEngine } from './rule-engine.js';
import { sentimentBelow } from './sentiment-below.js';
import { when } from './when.js';

/** A call driven turn by turn through a `RuleEngine`, the way a session drives it. */
class Call {
  readonly turns: Turn[] = [];
  extracted: Extracted = { customer: {}, fields: {}, sentimentTrajectory: [] };
  sentimentScore = 0;
  readonly engine: RuleEngine;

  constructor(rules: ConstructorParameters<typeof RuleEngine>[0]) {
    this.engine = new RuleEngine(rules);
  }

  say(role: Role, text: string, extra: Partial<Turn> = {}): Firing[] {
    const turn: Turn = {
      index: this.turns.length,
      role,
      text,
      at: 1_000 * this.turns.length,
      final: true,
      ...extra,
    };
    this.turns.push(turn);
    return this.evaluate();
  }

  evaluate(): Firing[] {
    return this.engine.evaluate(
      {
        turn: this.turns.at(-1),
        turns: this.turns,
        extracted: this.extracted,
        sentimentScore: this.sentimentScore,
      },
      42,
    );
  }
}

describe('keywords', () => {
  it('fires once per keyword, case-insensitively, with the keyword as cause', () => {
    const call = new Call([keywords(['chargeback', 'legal notice'])]);
    expect(call.say('caller', 'I will file a CHARGEBACK')).toMatchObject([
      {
        ruleId: 'keywords:chargeback,legal notice',
        kind: 'keyword',
        action: 'suggest',
        evidence: 'I will file a CHARGEBACK',
      },
    ]);
    expect(call.say('caller', 'a chargeback, I said')).toEqual([]);
    expect(call.say('caller', 'and a legal   notice')).toHaveLength(1);
  });

  it('fires for every keyword in one turn', () => {
    const call = new Call([keywords(['chargeback', 'lawyer'])]);
    expect(call.say('caller', 'my lawyer says chargeback')).toHaveLength(2);
  });

  it('matches whole words only, in Devanagari too', () => {
    const call = new Call([keywords({ words: ['card', 'शिकायत'], id: 'kw' })]);
    expect(call.say('caller', 'my cardholder name')).toEqual([]);
    expect(call.say('caller', 'मुझे शिकायतें हैं')).toEqual([]);
    expect(call.say('caller', 'मुझे शिकायत करनी है')).toMatchObject([{ ruleId: 'kw' }]);
  });

  it('only listens to the caller unless told otherwise', () => {
    const call = new Call([keywords(['refund'])]);
    expect(call.say('agent', 'I can help with a refund')).toEqual([]);
    const agentWatch = new Call([keywords({ words: ['refund'], role: 'agent' })]);
    expect(agentWatch.say('agent', 'I can help with a refund')).toHaveLength(1);
  });
});

describe('sentimentBelow', () => {
  it('fires once per descent, re-arming only above threshold + hysteresis', () => {
    const call = new Call([sentimentBelow(-0.6)]);
    call.sentimentScore = -0.3;
    expect(call.say('caller', 'this is not ok')).toEqual([]);
    call.sentimentScore = -0.7;
    const [firing] = call.say('caller', 'this is useless, worst service ever');
    expect(firing).toMatchObject({ kind: 'sentiment', action: 'suggest', turnIndex: 1 });
    expect(firing!.evidence).toBe('this is useless, worst service ever');
    // Hovering around the line does not fire again…
    call.sentimentScore = -0.5;
    expect(call.say('caller', 'hmm')).toEqual([]);
    call.sentimentScore = -0.65;
    expect(call.say('caller', 'still bad')).toEqual([]);
    // …recovering past -0.4 re-arms it.
    call.sentimentScore = -0.3;
    expect(call.say('caller', 'okay fine')).toEqual([]);
    call.sentimentScore = -0.8;
    expect(call.say('caller', 'no, this is ridiculous')).toHaveLength(1);
  });

  it('picks the most negative recent caller turn as evidence', () => {
    const call = new Call([sentimentBelow(-0.5)]);
    call.say('caller', 'this is absolutely pathetic and useless');
    call.say('agent', 'I am sorry, that is terrible');
    call.sentimentScore = -0.6;
    const [firing] = call.say('caller', 'ok whatever');
    expect(firing!.evidence).toBe('this is absolutely pathetic and useless');
    expect(firing!.turnIndex).toBe(0);
  });
});

describe('lowConfidence', () => {
  it('fires after N consecutive misheard caller turns, once per streak', () => {
    const call = new Call([lowConfidence({ below: 0.5, turns: 3 })]);
    expect(call.say('caller', 'uh', { confidence: 0.3 })).toEqual([]);
    call.say('agent', 'Sorry?');
    // A turn without a confidence neither counts nor breaks the streak.
    expect(call.say('caller', 'something')).toEqual([]);
    expect(call.say('caller', 'mm', { confidence: 0.2 })).toEqual([]);
    const fired = call.say('caller', 'hello', { confidence: 0.4 });
    expect(fired).toMatchObject([{ kind: 'low_confidence', turnIndex: 4 }]);
    expect(fired[0]!.evidence).toBe('uh (0.30) / mm (0.20) / hello (0.40)');
    expect(call.say('caller', 'eh', { confidence: 0.1 })).toEqual([]);
    // A clear turn ends the streak; a new streak fires again.
    call.say('caller', 'my account number', { confidence: 0.95 });
    call.say('caller', 'a', { confidence: 0.1 });
    call.say('caller', 'b', { confidence: 0.1 });
    expect(call.say('caller', 'c', { confidence: 0.1 })).toHaveLength(1);
  });

  it('ignores agent confidence', () => {
    const call = new Call([lowConfidence({ below: 0.5, turns: 2 })]);
    call.say('agent', 'x', { confidence: 0.1 });
    expect(call.say('agent', 'y', { confidence: 0.1 })).toEqual([]);
  });
});

describe('repetition', () => {
  it('fires when the caller repeats themselves N times, and again only after moving on', () => {
    const call = new Call([repetition({ turns: 3 })]);
    call.say('caller', 'I want my refund now');
    call.say('agent', 'Could you give me your order number?');
    call.say('caller', 'I want my refund right now');
    call.say('agent', 'I need the order number first.');
    const fired = call.say('caller', 'I want my refund now');
    expect(fired).toMatchObject([
      { kind: 'repetition', turnIndex: 4, reason: 'caller repeated themselves (3 times)' },
    ]);
    call.say('agent', 'Please share the order number.');
    expect(call.say('caller', 'I want my refund now')).toEqual([]);
    call.say('caller', 'okay it is 55321, the order from May');
    call.say('caller', 'can you hear me at all');
    call.say('caller', 'can you hear me at all');
    expect(call.say('caller', 'hello can you hear me at all')).toHaveLength(1);
  });

  it('catches an agent stuck in a loop, separately from the caller', () => {
    const call = new Call([repetition({ turns: 3 })]);
    for (let i = 0; i < 2; i++) {
      call.say('agent', "I'm sorry, I didn't catch that.");
      call.say('caller', `something different number ${i}`);
    }
    expect(call.say('agent', "I'm sorry, I didn't catch that.")).toMatchObject([
      { reason: 'agent is repeating itself (3 times)' },
    ]);
  });

  it('does not count short answers like "yes" as repetition', () => {
    const call = new Call([repetition({ turns: 3 })]);
    for (let i = 0; i < 4; i++) {
      call.say('agent', `question ${i}?`);
      expect(call.say('caller', 'yes')).toEqual([]);
    }
  });

  it('respects the similarity threshold', () => {
    const strict = new Call([repetition({ turns: 2, similarity: 1 })]);
    strict.say('caller', 'I want my refund now');
    expect(strict.say('caller', 'I want my refund right now')).toEqual([]);
    const loose = new Call([repetition({ turns: 2, similarity: 0.6 })]);
    loose.say('caller', 'I want my refund now');
    expect(loose.say('caller', 'I want my refund right now')).toHaveLength(1);
  });
});

describe('maxTurns', () => {
  it('fires once when caller and agent turns reach N, not counting tool turns', () => {
    const call = new Call([maxTurns(4)]);
    call.say('caller', 'a');
    call.say('tool', 'lookup done');
    call.say('agent', 'b');
    expect(call.say('caller', 'c')).toEqual([]);
    expect(call.say('agent', 'd')).toMatchObject([
      { kind: 'max_turns', evidence: '4 turns without resolution' },
    ]);
    expect(call.say('caller', 'e')).toEqual([]);
  });
});

describe('when', () => {
  it('fires when the predicate turns true, a string result as evidence; re-arms after false', () => {
    const rule = when(
      ({ extracted }) => ((extracted.amounts?.[0] ?? 0) > 10_000 ? 'refund above ₹10,000' : false),
      {
        department: 'support',
      },
    );
    expect(rule.action).toBe('transfer');
    const call = new Call([rule]);
    expect(call.say('caller', 'hello')).toEqual([]);
    call.extracted = { ...call.extracted, amounts: [15_000] };
    expect(call.say('caller', 'it was 15,000')).toMatchObject([
      { kind: 'predicate', evidence: 'refund above ₹10,000', department: 'support', turnIndex: 1 },
    ]);
    expect(call.evaluate()).toEqual([]);
    call.extracted = { ...call.extracted, amounts: [500] };
    expect(call.say('caller', 'sorry, 500')).toEqual([]);
    call.extracted = { ...call.extracted, amounts: [20_000] };
    expect(call.say('caller', 'no, 20,000')).toHaveLength(1);
  });

  it('takes evidence from options, else the latest caller turn', () => {
    const fixed = when(() => true, { evidence: 'VIP', id: 'vip' });
    const derived = when(() => true, {
      evidence: ({ extracted }) => `name ${extracted.customer.name}`,
      id: 'named',
    });
    const bare = when(() => true, { id: 'bare' });
    const call = new Call([fixed, derived, bare]);
    call.extracted = { ...call.extracted, customer: { name: 'Priya' } };
    expect(call.say('caller', 'hello there').map((f) => f.evidence)).toEqual([
      'VIP',
      'name Priya',
      'hello there',
    ]);
  });

  it('derives distinct, stable ids for unnamed predicates', () => {
    const a = when(({ sentimentScore }) => sentimentScore < 0);
    const b = when(({ sentimentScore }) => sentimentScore > 0);
    const again = when(({ sentimentScore }) => sentimentScore < 0);
    expect(a.id).not.toBe(b.id);
    expect(a.id).toBe(again.id);
    expect(when(() => true, { reason: 'Refund above ₹10,000' }).id).toBe('when:refund-above-10-000');
  });
});
