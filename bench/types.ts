/** One benchmark's result: figures, and the ratio against a baseline measured in the same run. */
export interface BenchResult {
  name: string;
  rows: Array<{ label: string; value: number; unit: string }>;
  /** The headline figure divided by (or compared with) the baseline, as `ratioLabel` says. */
  ratio: number;
  baseline: string;
  target?: string;
  notes?: string;
}
