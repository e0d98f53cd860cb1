/**
 * The shape issue #9 gave the core and the first two plugins, kept: a facade a newcomer can read,
 * plugins that stay codecs, no cast through `unknown` hiding a generic, no import cycle in the core.
 * Each check reads the source tree, so a change that breaks one fails here, not in a review.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Non-test TypeScript under `dir` (fixtures are test code too). */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__fixtures__' && entry.name !== 'node_modules') out.push(...sources(path));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const lines = (path: string) => readFileSync(path, 'utf8').split('\n').length - 1;
const packageSources = (name: string) => sources(join(root, 'packages', name, 'src'));

describe('the shape of the core and its first plugins', () => {
  it('keeps the Handoff facade at 250 lines or fewer', () => {
    expect(lines(join(root, 'packages/core/src/handoff/handoff.ts'))).toBeLessThanOrEqual(250);
  });

  it('keeps every source file of the LiveKit and OpenAI Realtime plugins at 400 lines or fewer', () => {
    const over = ['livekit', 'openai-realtime']
      .flatMap(packageSources)
      .filter((path) => lines(path) > 400)
      .map((path) => `${relative(root, path)}: ${lines(path)}`);
    expect(over).toEqual([]);
  });

  it('casts nothing through unknown in package source', () => {
    const packages = readdirSync(join(root, 'packages'));
    const casts = packages
      .flatMap((name) => {
        try {
          return packageSources(name);
        } catch {
          return []; // a package without src/
        }
      })
      .filter((path) => /\bas unknown as\b/.test(readFileSync(path, 'utf8')))
      .map((path) => relative(root, path));
    expect(casts).toEqual([]);
  });

  it('has no import cycle inside the core', () => {
    const files = packageSources('core');
    const graph = new Map<string, string[]>();
    for (const file of files) {
      const deps: string[] = [];
      // Static imports and re-exports; `import type` too, since the cycle was one of types and values.
      for (const m of readFileSync(file, 'utf8').matchAll(
        /(?:import|export)[^'"]*?from\s+'(\.{1,2}\/[^']+)'/g,
      )) {
        deps.push(resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
      }
      graph.set(file, deps);
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const path: string[] = [];
    const visit = (file: string) => {
      if (state.get(file) === 'done' || !graph.has(file)) return;
      if (state.get(file) === 'open') {
        cycles.push(
          path
            .slice(path.indexOf(file))
            .concat(file)
            .map((f) => relative(root, f))
            .join(' -> '),
        );
        return;
      }
      state.set(file, 'open');
      path.push(file);
      for (const dep of graph.get(file)!) visit(dep);
      path.pop();
      state.set(file, 'done');
    };
    for (const file of files) visit(file);
    expect(cycles).toEqual([]);
  });
});
