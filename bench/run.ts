/**
 * Runs every benchmark and prints each figure with its ratio against a baseline measured in the
 * same run: `npm run bench` (or `npm run bench -- core` to pick by name).
 */
import { benchCapacity } from './capacity.js';
import { benchAddTurn, benchSharedAddTurn, benchTransfer } from './core.js';
import { benchGatewayXml, benchTriggerToTransfer } from './gateway.js';
import { benchRealtimeBridge } from './openai-realtime.js';
import { benchRealtimePeer } from './openai-realtime-peer.js';
import { benchSandboxMedia } from './sandbox-media.js';
import type { BenchResult } from './types.js';
import { benchWarmTransfer } from './warm-transfer.js';

// Each gateway a bench starts (children inherit this) would otherwise print its setup notes
// between the figures; LOG_LEVEL=info brings them back.
process.env.LOG_LEVEL ??= 'warn';

const suites: Record<string, () => Promise<BenchResult | BenchResult[]>> = {
  'core:addTurn': benchAddTurn,
  'core:addTurn-shared': benchSharedAddTurn,
  'core:transfer': benchTransfer,
  'sandbox:media': () => benchSandboxMedia(),
  'gateway:xml': benchGatewayXml,
  'gateway:trigger-to-transfer': benchTriggerToTransfer,
  'gateway:warm-transfer': benchWarmTransfer,
  'gateway:capacity': benchCapacity,
  'openai-realtime:bridge': () => benchRealtimeBridge(),
  'openai-realtime-peer': benchRealtimePeer,
};

function format(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toFixed(4);
}

async function main(): Promise<void> {
  const filter = process.argv.slice(2);
  const chosen = Object.entries(suites).filter(
    ([name]) => filter.length === 0 || filter.some((f) => name.includes(f)),
  );
  console.log(`node ${process.version}, ${new Date().toISOString()}\n`);
  for (const [name, run] of chosen) {
    for (const result of [await run()].flat()) print(name, result);
  }
}

function print(name: string, result: BenchResult): void {
  console.log(`## ${name}: ${result.name}`);
  for (const row of result.rows) console.log(`  ${row.label.padEnd(44)} ${format(row.value)} ${row.unit}`);
  console.log(`  ratio vs baseline (${result.baseline}): ${format(result.ratio)}×`);
  if (result.target) console.log(`  target: ${result.target}`);
  if (result.notes) console.log(`  ${result.notes}`);
  console.log('');
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
