import { describe, expect, it } from 'vitest';
import { attemptsInTurn } from './attempts.js';

describe('attemptsInTurn', () => {
  it('takes a sentence whose subject is among its first four words and acts within five words of it', () => {
    expect(attemptsInTurn('agent', 'I checked.')).toEqual(['I checked.']);
    expect(attemptsInTurn('agent', 'Okay so now I have checked it.')).toEqual([
      'Okay so now I have checked it.',
    ]);
    // The subject is the fifth word.
    expect(attemptsInTurn('agent', 'Okay so well now I have checked it.')).toEqual([]);
    // The first subject ("I") is six words before the action; a later "we" does not count.
    expect(attemptsInTurn('agent', 'I would like to say that we checked it.')).toEqual([]);
    // No subject at all, in a sentence shorter than four words.
    expect(attemptsInTurn('agent', 'Checked it. I see.')).toEqual([]);
  });

  it('takes help sent on its way without a subject, and nothing from a caller', () => {
    expect(attemptsInTurn('agent', 'An ambulance is on the way. Stay calm.')).toEqual([
      'An ambulance is on the way.',
    ]);
    expect(attemptsInTurn('caller', 'I checked it.')).toEqual([]);
  });
});
