/**
 * `npm run reliability`: the whole fault and attack suite, then docs/reliability.md.
 *
 * 1. Starts its own Redis (redis-server on a free loopback port, no persistence) when the binary
 *    is there, so the Redis-backed and two-instance tests never touch a developer's data; stops it
 *    after. Without redis-server those files are reported as not run, never as passed.
 * 2. Runs the fault and attack test files with vitest's JSON reporter: each issue-10 regression
 *    test and the fast-check properties over every parser and entry point, with more runs than
 *    `npm test` gives them (`PROPERTY_RUNS`) and `--expose-gc`, so heap growth is measured.
 * 3. Runs the measured fault scenarios with more calls than the fast subset in `npm test`.
 * 4. Writes the report. Exits non-zero if anything failed.
 *
 * Bounded: a fixed number of calls per scenario, fixed seeds, loopback only.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PropertyFigures } from '../property/figures.js';
import { RedisProcess } from './cluster.js';
import { runFreezeAndPartition } from './freeze-partition.js';
import { runLoad } from './load.js';
import { runProcessLoad, runProcessSoak } from './process-load.js';
import { type ProcessFigures, processHeld, runProcessFaults } from './processes.js';
import { startRedis } from './redis-server.js';
import { type Figures, held, runScenarios } from './scenarios.js';
import { ISSUE_10, SUITE } from './suite.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const CALLS = Number(process.env.RELIABILITY_CALLS ?? 500);
/** Runs per property here; `npm test` gives each 30 (test/property/arbitraries.ts). */
const PROPERTY_RUNS = Number(process.env.RELIABILITY_PROPERTY_RUNS ?? 300);
/** Calls per process-level fault (instance kills use half: each restarts a gateway process). */
const PROCESS_CALLS = Number(process.env.RELIABILITY_PROCESS_CALLS ?? 10);

interface TestResult {
  file: string;
  name: string;
  status: 'passed' | 'failed' | 'skipped' | 'not run';
}

function runVitest(
  files: string[],
  env: NodeJS.ProcessEnv,
): { results: TestResult[]; properties: PropertyFigures[] } {
  if (files.length === 0) return { results: [], properties: [] };
  const dir = mkdtempSync(join(tmpdir(), 'reliability-'));
  const out = join(dir, 'vitest.json');
  const figuresFile = join(dir, 'properties.jsonl');
  spawnSync(
    join(ROOT, 'node_modules/.bin/vitest'),
    ['run', ...files, '--reporter=json', `--outputFile=${out}`],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        ...env,
        PROPERTY_RUNS: String(PROPERTY_RUNS),
        RELIABILITY_FIGURES: figuresFile,
        NODE_OPTIONS: '--expose-gc',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const results: TestResult[] = [];
  let report: {
    testResults?: Array<{ name: string; assertionResults: Array<{ fullName: string; status: string }> }>;
  };
  try {
    report = JSON.parse(readFileSync(out, 'utf8'));
  } catch {
    return {
      results: files.map((file) => ({ file, name: '(the file did not run)', status: 'failed' })),
      properties: [],
    };
  }
  for (const file of report.testResults ?? []) {
    const rel = file.name.startsWith(ROOT) ? file.name.slice(ROOT.length) : file.name;
    for (const a of file.assertionResults) {
      results.push({
        file: rel,
        name: a.fullName,
        status: a.status === 'passed' ? 'passed' : a.status === 'failed' ? 'failed' : 'skipped',
      });
    }
  }
  let properties: PropertyFigures[] = [];
  try {
    properties = readFileSync(figuresFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as PropertyFigures);
  } catch {}
  return { results, properties };
}

function report(input: {
  results: TestResult[];
  figures: Figures[];
  properties: PropertyFigures[];
  processFigures: ProcessFigures[] | undefined;
  blocks: Record<Block, string>;
  redis: string | undefined;
}): string {
  const { results, figures, properties, processFigures, blocks, redis } = input;
  const lines: string[] = [];
  const failed =
    results.filter((r) => r.status === 'failed').length +
    figures.filter((f) => !held(f)).length +
    (processFigures ?? []).filter((f) => !processHeld(f)).length;
  lines.push(
    '# Reliability: faults and attacks',
    '',
    'Written by `npm run reliability` (`test/reliability/run.ts`); do not edit by hand. It runs every',
    'fault and attack test below and the measured fault scenarios, loopback only, with fixed seeds and',
    `bounded loops. Redis: ${redis ? 'its own `redis-server` on a free loopback port, no persistence, stopped after' : '**not available: the Redis-backed files did not run**'}.`,
    '',
    `Result: **${failed === 0 ? 'everything held' : `${failed} failed`}** (${results.filter((r) => r.status === 'passed').length} tests passed, ${figures.length} scenarios and ${processFigures?.length ?? 0} process-level faults measured).`,
    '',
    '## Measured fault scenarios',
    '',
    `Each scenario runs ${CALLS} calls through one or two core instances sharing one store, injects its`,
    'fault, and counts per call what the carrier did: **lost** = no transfer that moved the call',
    'landed; **doubled** = more than one did. The outcome is the handoff record’s final status.',
    '',
    '| fault | what was checked | calls | lost | doubled | final outcome | held | regression test |',
    '| --- | --- | ---: | ---: | ---: | --- | --- | --- |',
  );
  for (const f of figures) {
    const outcomes = Object.entries(f.outcomes)
      .map(([status, n]) => `\`${status}\` ×${n}`)
      .join(', ');
    lines.push(
      `| ${f.fault} | ${f.checked} | ${f.calls} | ${f.lost} | ${f.doubled} | ${outcomes} | ${held(f) ? 'yes' : '**no**'} | [${f.test}](../${f.test}) |`,
    );
  }
  lines.push('', '## Process-level faults', '');
  if (!processFigures) {
    lines.push('**Not run: redis-server is not installed.**');
  } else {
    lines.push(
      'Real processes (`test/reliability/processes.ts`): two gateway processes started as',
      '`handoff gateway --config test/reliability/gateway.config.ts` on one redis-server the suite',
      'starts (no persistence), a balancer in front of them that fails over, the Vobiz sandbox as',
      'the carrier and a fault-injecting proxy in front of its Transfer API. Each call is a real',
      'sandbox call: the caller rings, an AI agent is bridged (SIP), `POST /v1/handoffs` asks for a',
      'human, the human rings 2.5 s, answers, hears the brief, talks 2 s. From the sandbox log:',
      '**lost** = the human was never bridged; **doubled** = the Transfer API acted more than once;',
      '**briefed** = the human heard the brief, not the "notes were lost" line. Transfer requests =',
      "what the proxy saw (faulted ones included). The outcome is the record's status over `/v1`.",
      '',
      '| fault | what was checked | calls | lost | doubled | briefed | Transfer requests | final outcome | held |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    );
    for (const f of processFigures) {
      const outcomes = Object.entries(f.outcomes)
        .map(([status, n]) => `\`${status}\` ×${n}`)
        .join(', ');
      lines.push(
        `| ${f.fault} | ${f.checked}${f.note ? `. ${f.note}` : ''} | ${f.calls} | ${f.lost} | ${f.doubled} | ${f.briefed} | ${f.transferRequests} | ${outcomes} | ${processHeld(f) ? 'yes' : '**no**'} |`,
      );
    }
  }
  lines.push(
    '',
    '## Instance freeze and Redis partition',
    '',
    'Also rewritten alone by `npm run reliability -- --freeze-partition [--calls N]`',
    '(`test/reliability/freeze-partition.ts`; a fast subset runs in `npm test`:',
    '`test/reliability/freeze-partition.test.ts`).',
    '',
    '<!-- freeze-partition -->',
    blocks['freeze-partition'],
    '<!-- /freeze-partition -->',
  );
  lines.push(
    '',
    '## The findings of issue 10',
    '',
    '| item | finding | regression tests | result |',
    '| ---: | --- | --- | --- |',
  );
  for (const f of ISSUE_10) {
    const own = results.filter((r) => f.files.includes(r.file) && f.match.test(r.name));
    const bad = own.filter((r) => r.status !== 'passed').length;
    const state =
      own.length === 0 ? '**not run**' : bad ? `**${bad} of ${own.length} failed**` : `${own.length} passed`;
    lines.push(
      `| ${f.item} | ${f.finding} | ${f.files.map((file) => `[${file}](../${file})`).join(', ')} | ${state} |`,
    );
  }
  lines.push(
    '',
    '## Property-based tests (fast-check)',
    '',
    `Fixed seed ${process.env.PROPERTY_SEED ?? '0x5eed'}, ${PROPERTY_RUNS} runs per property here (30 in \`npm test\`), each`,
    'entry point run twice with the same inputs (`test/property/`). Inputs: fixed attacks (empty,',
    'non-JSON, `null`, arrays, 5,000-deep arrays and objects, 256 KiB strings, lone surrogates, a',
    'BOM, `__proto__`/`constructor`/`prototype` keys) and generated ones: mutations of a valid body',
    '(fields dropped, added, or replaced by wrong types, huge strings, injection strings, numbers',
    'like `112` or SIP URIs), bodies cut short, any JSON, any string. For every entry point: the',
    'answer is normal or a typed 4xx, never a 5xx or a throw; a refused request moves no call and',
    'writes no store key (replay-guard claims aside); replaying the same inputs adds no key; the heap',
    'after the replay (after a full GC) is compared with the heap before it; no prototype is polluted.',
    '',
    '| property | runs | accepted | refused | keys written by refused input | heap growth on replay |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const p of properties) {
    lines.push(
      `| ${p.property} | ${p.runs} | ${p.accepted} | ${p.refused} | ${p.keysFromRefused} | ${p.heapGrowthMiB === undefined ? '–' : `${p.heapGrowthMiB} MiB`} |`,
    );
  }
  lines.push(
    '',
    'Keys written by refused input are non-zero only where a known defect is pinned in',
    '[test/property/known-defects.test.ts](../test/property/known-defects.test.ts) (each is an',
    '`it.fails` test: it passes while the defect is there).',
    '',
    '## Faults and attacks, by test',
    '',
  );
  for (const entry of SUITE) {
    const own = results.filter((r) => r.file === entry.file);
    const passed = own.filter((r) => r.status === 'passed').length;
    const state =
      own.length === 0
        ? 'not run'
        : own.some((r) => r.status === 'failed')
          ? `**${own.filter((r) => r.status === 'failed').length} failed**`
          : `${passed} passed`;
    lines.push(`### [${entry.file}](../${entry.file})`, '', `${entry.covers}. ${state}.`, '');
    for (const r of own)
      lines.push(`- ${r.status === 'passed' ? '✓' : r.status === 'failed' ? '✗' : '–'} ${r.name}`);
    lines.push('');
  }
  lines.push(
    ...blocksSection(blocks),
    '## Not covered here',
    '',
    '- The measured scenarios (above the process-level ones) and `load` run core instances in one',
    '  process; the process-level faults, `--load` and `--soak` run gateway processes.',
    '- The partition cuts one instance from Redis, not an instance from the carrier or the',
    '  balancer from an instance (a frozen instance stands for the latter).',
    '- Redis runs without persistence, so its restart loses the records; with AOF it would not',
    '  (packages/gateway/README.md, "Redis persistence").',
    '',
  );
  return lines.join('\n');
}

/** On-demand results kept in the report between runs: each block is rewritten only by its command. */
const BLOCKS = ['freeze-partition', 'load', 'soak', 'core-load'] as const;
type Block = (typeof BLOCKS)[number];
const DOC = join(ROOT, 'docs/reliability.md');

function readBlocks(): Record<Block, string> {
  let doc = '';
  try {
    doc = readFileSync(DOC, 'utf8');
  } catch {}
  const out = {} as Record<Block, string>;
  for (const block of BLOCKS) {
    const match = new RegExp(`<!-- ${block} -->\\n([\\s\\S]*?)\\n<!-- /${block} -->`).exec(doc);
    out[block] = match?.[1] ?? '_Not run yet._';
  }
  return out;
}

function blocksSection(blocks: Record<Block, string>): string[] {
  return [
    '## Load and soak (on demand, not in `npm test`)',
    '',
    'Each block below is the last result of its command, kept when the rest of this report is',
    'rewritten.',
    '',
    '- `npm run reliability -- --load N [--concurrency C]`: N handoffs through the balancer over two',
    '  gateway processes on one redis-server (the process-level cluster above, no faults); lost,',
    '  doubled, not completed, p50/p99 per phase.',
    '- `npm run reliability -- --soak SECONDS [--concurrency C]`: handoffs end to end over the same two',
    '  gateway processes for the given time (600 = the 10-minute soak), each process sampled from inside',
    '  (heap after a full GC, RSS, open sockets and handles); lost, doubled, p50/p99 per phase, and',
    '  whether memory and handles stayed flat (heap slope over the last 2/3, last vs first quartile).',
    '- `npm run reliability -- load [--calls N] [--concurrency C]`: the same at core level (two core',
    '  instances in one process, fake carrier), for a quick figure.',
    '',
    '### Load, two gateway processes',
    '',
    '<!-- load -->',
    blocks.load,
    '<!-- /load -->',
    '',
    '### Soak',
    '',
    '<!-- soak -->',
    blocks.soak,
    '<!-- /soak -->',
    '',
    '### Core-level load',
    '',
    '<!-- core-load -->',
    blocks['core-load'],
    '<!-- /core-load -->',
    '',
  ];
}

/** Rewrites one on-demand block in the report in place. */
function saveBlock(block: Block, markdown: string): void {
  let doc: string;
  try {
    doc = readFileSync(DOC, 'utf8');
  } catch {
    return;
  }
  const pattern = new RegExp(`(<!-- ${block} -->\\n)[\\s\\S]*?(\\n<!-- /${block} -->)`);
  if (!pattern.test(doc)) {
    console.log(`docs/reliability.md has no ${block} block yet: run \`npm run reliability\` once first`);
    return;
  }
  writeFileSync(
    DOC,
    doc.replace(pattern, (_m, open: string, close: string) => `${open}${markdown}${close}`),
  );
  console.log(`docs/reliability.md: ${block} block updated`);
}

const flag = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  const value = at > 0 ? Number(process.argv[at + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const has = (name: string) => process.argv.includes(name);

if (
  has('--load') ||
  has('--soak') ||
  has('--freeze-partition') ||
  process.argv[2] === 'load' ||
  process.argv[2] === 'soak'
) {
  let result: { ok: boolean; markdown: string };
  let block: Block;
  if (has('--freeze-partition')) {
    if (!RedisProcess.available()) {
      console.log('--freeze-partition needs redis-server');
      process.exit(1);
    }
    block = 'freeze-partition';
    result = await runFreezeAndPartition(Math.min(flag('calls', PROCESS_CALLS), 100), (line) =>
      console.log(line),
    );
  } else if (has('--load')) {
    if (!RedisProcess.available()) {
      console.log('--load needs redis-server');
      process.exit(1);
    }
    block = 'load';
    result = await runProcessLoad({
      calls: Math.min(flag('load', 200), 20_000),
      concurrency: flag('concurrency', 10),
    });
  } else if (has('--soak') || process.argv[2] === 'soak') {
    block = 'soak';
    if (!RedisProcess.available()) {
      console.log('--soak needs redis-server');
      process.exit(1);
    }
    const seconds = has('--soak') ? flag('soak', 600) : flag('minutes', 10) * 60;
    result = await runProcessSoak({
      seconds: Math.min(seconds, 7_200),
      concurrency: flag('concurrency', 10),
      log: (line) => console.log(line),
    });
  } else {
    block = 'core-load';
    result = await runLoad({
      calls: Math.min(flag('calls', 2_000), 100_000),
      concurrency: flag('concurrency', 50),
    });
  }
  console.log(result.markdown);
  saveBlock(block, result.markdown);
  process.exit(result.ok ? 0 : 1);
}

const blocks = readBlocks();
const redis = await startRedis();
let results: TestResult[];
let properties: PropertyFigures[];
try {
  const env = redis ? { HANDOFF_TEST_REDIS_URL: redis.url, REDIS_URL: redis.url } : {};
  ({ results, properties } = runVitest(
    SUITE.filter((s) => !s.redis || redis).map((s) => s.file),
    env,
  ));
} finally {
  await redis?.stop();
}
const figures = await runScenarios(CALLS);
const processFigures = RedisProcess.available()
  ? await runProcessFaults(PROCESS_CALLS, (line) => console.log(line))
  : undefined;
const freezePartition = RedisProcess.available()
  ? await runFreezeAndPartition(PROCESS_CALLS, (line) => console.log(line))
  : undefined;
blocks['freeze-partition'] = freezePartition?.markdown ?? '**Not run: redis-server is not installed.**';
const text = report({ results, figures, properties, processFigures, blocks, redis: redis?.url });
writeFileSync(DOC, text);
const failed =
  results.some((r) => r.status === 'failed') ||
  figures.some((f) => !held(f)) ||
  (processFigures ?? []).some((f) => !processHeld(f)) ||
  freezePartition?.ok === false;
console.log(`docs/reliability.md written: ${failed ? 'FAILURES' : 'everything held'}`);
process.exit(failed ? 1 : 0);
