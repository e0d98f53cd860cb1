/**
 * Runs every benchmark and prints each figure with its ratio against a baseline measured in the
 * same run: `npm run bench` (or `npm run bench -- core` to pick by name).
 */
import { benchAddTurn, benchTransfer } from './core.js';
import type { BenchResult } from './types.js';

const suites: Record<string, () => Promise<BenchResult>> = {
  'core:addTurn': benchAddTurn,
  'core:transfer': benchTransfer,
};

async function loadOptional(): Promise<void> {
  // Benchmarks of packages that may not be built yet are picked up when present.
  try {
    const { benchSandboxMedia } = await import('./sandbox-media.js');
    suites['sandbox:media'] = () => benchSandboxMedia();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
  }
}

function format(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toFixed(4);
}

async function main(): Promise<void> {
  await loadOptional();
  const filter = process.argv.slice(2);
  const chosen = Object.entries(suites).filter(
    ([name]) => filter.length === 0 || filter.some((f) => name.includes(f)),
  );
  console.log(`node ${process.version}, ${new Date().toISOString()}\n`);
  for (const [name, run] of chosen) {
    const result = await run();
    console.log(`## ${name}: ${result.name}`);
    for (const row of result.rows) console.log(`  ${row.label.padEnd(44)} ${format(row.value)} ${row.unit}`);
    console.log(`  ratio vs baseline (${result.baseline}): ${format(result.ratio)}×`);
    if (result.target) console.log(`  target: ${result.target}`);
    if (result.notes) console.log(`  ${result.notes}`);
    console.log('');
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
