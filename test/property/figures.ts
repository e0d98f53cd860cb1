/**
 * What each property measured (runs, refused, accepted, heap growth), for docs/reliability.md:
 * `npm run reliability` sets `RELIABILITY_FIGURES` to a file and reads one JSON line per property.
 * Without it nothing is written.
 */
import { appendFileSync } from 'node:fs';

export interface PropertyFigures {
  property: string;
  runs: number;
  refused: number;
  accepted: number;
  /** Heap growth over a second pass of the same inputs, MiB; only with `--expose-gc`. */
  heapGrowthMiB?: number;
  /** Store keys written by refused inputs: must be 0. */
  keysFromRefused: number;
}

export function recordFigures(figures: PropertyFigures): void {
  const file = process.env.RELIABILITY_FIGURES;
  if (file) appendFileSync(file, `${JSON.stringify(figures)}\n`);
}

export interface Tally {
  runs: number;
  refused: number;
  accepted: number;
  keysFromRefused: number;
}

export const tally = (): Tally => ({ runs: 0, refused: 0, accepted: 0, keysFromRefused: 0 });
