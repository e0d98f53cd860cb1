import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HandoffError } from './errors.js';
import { turnInputSchema, validTurn } from './session.js';
import type { TurnInput } from './types.js';

/** Values each field might be sent as, good and bad: the hand-written check must agree with the schema. */
const anything = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(0, 1, 0.5, -1, 1.0001, 1e15, Number.NaN, Number.POSITIVE_INFINITY, -0),
  fc.double(),
  fc.string({ maxLength: 8 }),
  fc.constantFrom('caller', 'agent', 'tool', 'system', 'user', ''),
  fc.constant('x'.repeat(20_000)),
  fc.constant('x'.repeat(20_001)),
  fc.constant('s'.repeat(257)),
  fc.array(fc.integer(), { maxLength: 2 }),
);

const turnLike = fc.record(
  {
    role: anything,
    text: anything,
    at: anything,
    endAt: anything,
    confidence: anything,
    final: anything,
    sourceId: anything,
    interrupted: anything,
    extra: anything,
  },
  { requiredKeys: [] },
);

function schemaSays(input: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  const parsed = turnInputSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: withoutUndefined(parsed.data) };
  return { ok: false, message: `Invalid turn: ${parsed.error.issues[0]?.message ?? 'bad input'}` };
}

function validTurnSays(input: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: withoutUndefined(validTurn(input as TurnInput)) };
  } catch (error) {
    expect(error).toBeInstanceOf(HandoffError);
    expect((error as HandoffError).code).toBe('invalid_arguments');
    return { ok: false, message: (error as Error).message };
  }
}

function withoutUndefined(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

describe('validTurn (the per-turn check)', () => {
  it('accepts, copies and refuses exactly what the turn schema does, with its message', () => {
    fc.assert(
      fc.property(fc.oneof(turnLike, anything), (input) => {
        expect(validTurnSays(input)).toEqual(schemaSays(input));
      }),
      { numRuns: 2_000 },
    );
  });

  it('returns a copy without unknown keys, so the caller changing its object changes nothing', () => {
    const input = { role: 'caller', text: 'hello', confidence: 0.4, extra: 1 } as TurnInput;
    const turn = validTurn(input);
    expect(turn).toEqual({ role: 'caller', text: 'hello', confidence: 0.4 });
    input.text = 'changed';
    expect(turn.text).toBe('hello');
  });
});

describe('validTurn key order', () => {
  const KEYS = ['role', 'text', 'at', 'endAt', 'confidence', 'final', 'sourceId', 'interrupted'] as const;
  const validTurnLike = fc.record(
    {
      extra: fc.constant(1),
      interrupted: fc.boolean(),
      sourceId: fc.string({ maxLength: 4 }),
      final: fc.boolean(),
      confidence: fc.double({ min: 0, max: 1, noNaN: true }),
      endAt: fc.nat(),
      at: fc.nat(),
      text: fc.string({ maxLength: 8 }),
      role: fc.constantFrom('caller', 'agent', 'tool', 'system'),
    },
    { requiredKeys: ['role', 'text'] },
  );

  // The turn is written to the log as it is made, and the packet and eval output follow its keys:
  // every shape (one literal or built a key at a time) keeps the schema's order, whatever the input's.
  it('gives the schema order and only the keys sent, whatever order they came in', () => {
    fc.assert(
      fc.property(validTurnLike, (input) => {
        const expected = KEYS.filter((k) => (input as Record<string, unknown>)[k] !== undefined);
        expect(Object.keys(validTurn(input as TurnInput))).toEqual(expected);
      }),
      { numRuns: 1_000 },
    );
  });
});
