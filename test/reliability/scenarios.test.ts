/** The fast subset of the measured fault scenarios (`npm run reliability` runs them larger). */
import { describe, expect, it } from 'vitest';
import { held, runScenarios } from './scenarios.js';

describe('fault scenarios, 20 calls each', () => {
  it('loses and doubles nothing, and each call ends in the expected outcome', async () => {
    const figures = await runScenarios(20);
    for (const f of figures) {
      expect({
        id: f.id,
        lost: f.lost,
        doubled: f.doubled,
        outcomes: f.outcomes,
        held: held(f),
      }).toMatchObject({
        lost: 0,
        doubled: 0,
        held: true,
      });
    }
  });
});
