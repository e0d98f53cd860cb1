import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Every TypeScript block of the README is a file in __fixtures__/readme, which `tsc -p packages/bolna`
// type-checks against the real core and gateway: a snippet that drifts from the API fails there.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const dir = new URL('./__fixtures__/readme/', import.meta.url);
const snippets = readdirSync(dir).map((name) => readFileSync(new URL(name, dir), 'utf8').trim());
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/gu)].map((m) => m[1]!.trim());

describe('README', () => {
  it('has its TypeScript snippets', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });
  it.each(blocks.map((block, i) => [i + 1, block] as const))(
    'snippet %i is a type-checked file',
    (_, block) => {
      expect(snippets).toContain(block);
    },
  );
});
