import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The packaging test: what a user gets from npm, outside this repository. Every public package is
 * packed (`npm pack`), the tarballs are installed into a fresh app in a temporary directory (no
 * workspace, no `@handoff/source` condition, `npm install --prefer-offline`, so this machine's npm
 * cache serves what it has and the registry the rest), each README's TypeScript blocks are
 * compiled there under strict TypeScript (`nodenext`), and a script imports every package. A second
 * app runs the core and the Vobiz carrier on zod 3.25 with a zod 3 `fields` schema (zod is a peer, `^3.25.0 || ^4.0.0`).
 *
 * Needs the packages built (`npm test` builds first). Skips, saying so, only when npm is missing.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const npmAvailable = spawnSync('npm', ['--version'], { encoding: 'utf8' }).status === 0;

interface Manifest {
  name: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const packages = readdirSync(join(ROOT, 'packages'))
  .map((dir) => ({ dir, path: join(ROOT, 'packages', dir) }))
  .filter(({ path }) => existsSync(join(path, 'package.json')))
  .map((entry) => ({
    ...entry,
    manifest: JSON.parse(readFileSync(join(entry.path, 'package.json'), 'utf8')) as Manifest,
  }))
  .filter(({ manifest }) => !manifest.private);

/** The version this repository installed, so the app gets what the packages were tested with. */
function installedVersion(name: string): string {
  const manifest = join(ROOT, 'node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) exited ${result.status}\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

/**
 * Type errors under `skipLibCheck: false` that are known and not hidden: each must still fail (the
 * test checks) and leaves this list when fixed.
 * - `@livekit/agents` 1.9's .d.ts import `json-schema` without depending on `@types/json-schema`.
 */
const KNOWN_DTS_DEFECTS = [/@livekit\/agents\/dist\/.*'json-schema'/u];

/**
 * The ```ts blocks of a README that are whole modules (they start with their imports), each
 * compiled as its own file. A block that does not start with an import is an excerpt that leans on
 * the blocks around it; ```ts signature marks an outline, not code.
 */
function snippets(readme: string): { modules: string[]; excerpts: number } {
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/gu)].map((m) => m[1] ?? '');
  const modules = blocks.filter((code) => /^import\s/u.test(code.replace(/^(\s*\/\/.*\n)*/u, '')));
  return { modules, excerpts: blocks.length - modules.length };
}

describe.skipIf(!npmAvailable)('packaging: the packed packages, installed into a fresh app', () => {
  let work: string;
  let app: string;
  let tarballs: string;
  let packed: Array<{ name: string; filename: string; size: number; unpackedSize: number }>;

  beforeAll(() => {
    for (const { dir, path } of packages) {
      if (!existsSync(join(path, 'dist'))) {
        throw new Error(`packages/${dir} is not built: run \`npm run build\` first (npm test does)`);
      }
    }
    work = mkdtempSync(join(tmpdir(), 'handoff-packaging-'));
    tarballs = join(work, 'tarballs');
    mkdirSync(tarballs);
    packed = JSON.parse(
      run(
        'npm',
        [
          'pack',
          '--json',
          '--pack-destination',
          tarballs,
          ...packages.flatMap(({ dir }) => ['-w', `packages/${dir}`]),
        ],
        ROOT,
      ),
    ) as typeof packed;

    app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(
      join(app, 'package.json'),
      `${JSON.stringify({ name: 'handoff-packaging-app', private: true, type: 'module' }, null, 2)}\n`,
    );
    // Peers that are not ours, at the versions this repository installed.
    const peers = new Set<string>();
    for (const { manifest } of packages) {
      for (const peer of Object.keys(manifest.peerDependencies ?? {})) {
        if (!peer.startsWith('@handoff/')) peers.add(peer);
      }
    }
    peers.add('zod');
    const specs = [
      ...packed.map((p) => join(tarballs, p.filename)),
      ...[...peers].sort().map((name) => `${name}@${installedVersion(name)}`),
      `typescript@${installedVersion('typescript')}`,
      `@types/node@${installedVersion('@types/node')}`,
    ];
    run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--loglevel=error',
        ...specs,
      ],
      app,
    );
  }, 600_000);

  afterAll(() => {
    if (work && !process.env.HANDOFF_KEEP_PACKAGING_APP) rmSync(work, { recursive: true, force: true });
  });

  it('packs every public package', () => {
    const names = packages.map(({ manifest }) => manifest.name).sort();
    for (const name of [
      '@handoff/core',
      '@handoff/vobiz',
      '@handoff/gateway',
      '@handoff/redis',
      '@handoff/cli',
      '@handoff/livekit',
      '@handoff/openai-realtime',
      '@handoff/retell',
      '@handoff/vapi',
      '@handoff/pipecat',
      '@handoff/elevenlabs',
      '@handoff/ultravox',
      '@handoff/bolna',
    ]) {
      expect(names).toContain(name);
      expect(existsSync(join(app, 'node_modules', name, 'package.json'))).toBe(true);
    }
  });

  /** Compiles `dir` of the app under strict TypeScript; returns tsc's output, '' when clean. */
  function compile(dir: string): string {
    const config = join(app, `tsconfig.${dir}.json`);
    writeFileSync(
      config,
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2023', 'DOM'],
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noEmit: true,
          // The packages' .d.ts too: a type they import from a package they do not depend on fails here.
          skipLibCheck: false,
          types: ['node'],
        },
        include: [dir],
      }),
    );
    const tsc = spawnSync(process.execPath, [join(app, 'node_modules/typescript/bin/tsc'), '-p', config], {
      cwd: app,
      encoding: 'utf8',
    });
    return tsc.stdout + tsc.stderr;
  }

  function writeSnippets(dir: string): Set<string> {
    mkdirSync(join(app, dir), { recursive: true });
    const written = new Set<string>();
    for (const { dir: name, path } of packages) {
      const readme = join(path, 'README.md');
      if (!existsSync(readme)) continue;
      snippets(readFileSync(readme, 'utf8')).modules.forEach((code, i) => {
        writeFileSync(join(app, dir, `${name}-${i + 1}.ts`), `${code}\nexport {};\n`);
        written.add(name);
      });
    }
    return written;
  }

  it("compiles every README's TypeScript under strict, nodenext, with the packages' own .d.ts checked", () => {
    const written = writeSnippets('snippets');
    for (const { dir: name } of packages)
      expect(written, `${name} README has a whole module`).toContain(name);
    // One diagnostic per entry (tsc indents its continuation lines).
    const diagnostics = compile('snippets')
      .split(/\n(?=\S)/u)
      .filter((d) => d.trim() !== '');
    const unknown = diagnostics.filter((d) => !KNOWN_DTS_DEFECTS.some((known) => known.test(d)));
    expect(unknown.join('\n')).toBe('');
    for (const known of KNOWN_DTS_DEFECTS) {
      // Once one is fixed, take it off KNOWN_DTS_DEFECTS so the assertion above guards it.
      expect(
        diagnostics.some((d) => known.test(d)),
        `still failing: ${known}`,
      ).toBe(true);
    }
  }, 180_000);

  it('passes publint and are-the-types-wrong (ESM-only profile), every tarball', () => {
    const bin = (name: string) => join(ROOT, 'node_modules/.bin', name);
    const failures: string[] = [];
    for (const { name, filename } of packed) {
      const tgz = join(tarballs, filename);
      const lint = spawnSync(bin('publint'), ['run', tgz, '--strict'], { encoding: 'utf8' });
      if (lint.status !== 0) failures.push(`publint ${name}:\n${lint.stdout}${lint.stderr}`);
      const attw = spawnSync(bin('attw'), [tgz, '--profile', 'esm-only', '--format', 'ascii', '--no-color'], {
        encoding: 'utf8',
      });
      if (attw.status !== 0) failures.push(`attw ${name}:\n${attw.stdout}${attw.stderr}`);
    }
    expect(failures.join('\n')).toBe('');
  }, 300_000);

  it('ships a LICENSE, license and repository fields, and no source map pointing at files not shipped', () => {
    for (const { manifest } of packages) {
      const dir = join(app, 'node_modules', manifest.name);
      const installed = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest & {
        license?: string;
        repository?: { url?: string; directory?: string };
      };
      expect(installed.license, manifest.name).toBe('MIT');
      expect(installed.repository?.url, manifest.name).toMatch(/^git\+https:\/\//);
      expect(existsSync(join(dir, 'LICENSE')), `${manifest.name} LICENSE`).toBe(true);
      for (const range of Object.values({ ...installed.dependencies, ...installed.peerDependencies })) {
        expect(range, `${manifest.name}: internal dependencies are ranges`).not.toMatch(/^\d/);
      }
      for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
        if (!file.endsWith('.map')) continue;
        const map = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { sources?: string[] };
        for (const source of map.sources ?? []) {
          expect(existsSync(join(dir, file, '..', source)), `${manifest.name}/${file} → ${source}`).toBe(
            true,
          );
        }
      }
    }
  });

  it('measures what each package costs to install (printed for the root README)', () => {
    // Unpacked bytes of the package, and with every runtime dependency it pulls in that the app
    // would not otherwise have (peers and other @handoff packages excluded), as installed here.
    const sizeOf = (dir: string): number =>
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0);
    const manifestOf = (dir: string) =>
      JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest & { name: string };
    const locate = (name: string, from: string): string | undefined => {
      for (let dir = from; dir.startsWith(app); dir = join(dir, '..')) {
        const candidate = join(dir, 'node_modules', name);
        if (existsSync(join(candidate, 'package.json'))) return candidate;
        if (dir === app) break;
      }
      return undefined;
    };
    const rows: string[] = [];
    for (const { name, unpackedSize } of packed) {
      const root = join(app, 'node_modules', name);
      const seen = new Set<string>();
      const queue = Object.keys(manifestOf(root).dependencies ?? {})
        .filter((dep) => !dep.startsWith('@handoff/'))
        .map((dep) => [dep, root] as const);
      let deps = 0;
      while (queue.length > 0) {
        const [dep, from] = queue.shift() as readonly [string, string];
        const dir = locate(dep, from);
        if (dir === undefined || seen.has(dir)) continue;
        seen.add(dir);
        deps += sizeOf(dir);
        for (const next of Object.keys(manifestOf(dir).dependencies ?? {})) queue.push([next, dir]);
      }
      expect(unpackedSize, name).toBeGreaterThan(0);
      const kb = (bytes: number) => `${Math.round(bytes / 1024)} kB`;
      rows.push(`| \`${name}\` | ${kb(unpackedSize)} | ${kb(unpackedSize + deps)} |`);
    }
    console.log(
      ['| package | unpacked | with its dependencies |', '| --- | --- | --- |', ...rows.sort()].join('\n'),
    );
  });

  it('imports every package, and the gateway loads neither the sandbox nor tsx', () => {
    const names = packages.map(({ manifest }) => manifest.name);
    writeFileSync(
      join(app, 'smoke.mjs'),
      `const names = ${JSON.stringify(names)};
const out = {};
for (const name of names) out[name] = Object.keys(await import(name)).length;
console.log(JSON.stringify(out));
`,
    );
    const counts = JSON.parse(run(process.execPath, ['smoke.mjs'], app)) as Record<string, number>;
    for (const name of names) expect(counts[name], name).toBeGreaterThan(0);

    // A resolve hook that refuses the sandbox and tsx: importing the gateway must not need them.
    writeFileSync(
      join(app, 'refuse.mjs'),
      `export async function resolve(specifier, context, next) {
  if (/vobiz-sandbox|^tsx(\\/|$)/.test(specifier)) throw new Error('loaded ' + specifier);
  return next(specifier, context);
}
`,
    );
    writeFileSync(
      join(app, 'register.mjs'),
      "import { register } from 'node:module';\nregister('./refuse.mjs', import.meta.url);\n",
    );
    const gateway = run(
      process.execPath,
      [
        '--import',
        './register.mjs',
        '--input-type=module',
        '-e',
        "await import('@handoff/gateway'); console.log('ok')",
      ],
      app,
    );
    expect(gateway.trim()).toBe('ok');
    const manifest = JSON.parse(
      readFileSync(join(app, 'node_modules/@handoff/gateway/package.json'), 'utf8'),
    ) as Manifest;
    expect(Object.keys(manifest.dependencies ?? {})).not.toContain('@handoff/vobiz-sandbox');
    expect(Object.keys(manifest.dependencies ?? {})).not.toContain('tsx');
  }, 60_000);

  it('runs the core and @handoff/vobiz on zod 3.25, with a zod 3 `fields` schema', () => {
    const zod3 = join(work, 'zod3');
    mkdirSync(zod3);
    writeFileSync(
      join(zod3, 'package.json'),
      JSON.stringify({ name: 'zod3-app', private: true, type: 'module' }),
    );
    const tarball = (name: string) =>
      join(
        work,
        'tarballs',
        readdirSync(join(work, 'tarballs')).find((f) => f.startsWith(`handoff-${name}-`)) ?? 'missing',
      );
    run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--loglevel=error',
        tarball('core'),
        tarball('vobiz'),
        'zod@~3.25.0',
        `typescript@${installedVersion('typescript')}`,
        `@types/node@${installedVersion('@types/node')}`,
      ],
      zod3,
    );
    const version = (
      JSON.parse(readFileSync(join(zod3, 'node_modules/zod/package.json'), 'utf8')) as { version: string }
    ).version;
    expect(version).toMatch(/^3\.25\./);
    writeFileSync(
      join(zod3, 'main.ts'),
      `import { createHandoff } from '@handoff/core';
import { vobizCarrier } from '@handoff/vobiz';
import { z } from 'zod';

const handoff = createHandoff({
  transfer: vobizCarrier({ authId: 'MA_X', authToken: 'token' }),
  gatewayUrl: 'https://handoff.example.com',
  destinations: { support: { number: '+919800000002', label: 'Senior care' } },
  fields: z.object({ loanAmount: z.number().min(1), plan: z.enum(['basic', 'gold']) }),
});
const session = handoff.startSession({ callId: 'call-1', platform: 'test' });
session.update({ fields: { plan: 'gold' } });
let refused = '';
try {
  session.update({ fields: { plan: 'platinum' } });
} catch (error) {
  refused = (error as { code?: string }).code ?? String(error);
}
const parameters = handoff.tool.parameters as { properties: { fields: { properties: object } } };
console.log(JSON.stringify({ fields: session.extracted.fields, refused, tool: Object.keys(parameters.properties.fields.properties) }));
await handoff.close();
`,
    );
    writeFileSync(
      join(zod3, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'nodenext',
          strict: true,
          outDir: 'out',
          types: ['node'],
          skipLibCheck: true,
        },
        files: ['main.ts'],
      }),
    );
    run(process.execPath, [join(zod3, 'node_modules/typescript/bin/tsc'), '-p', zod3], zod3);
    const result = JSON.parse(run(process.execPath, [join(zod3, 'out/main.js')], zod3)) as unknown;
    expect(result).toEqual({
      fields: { plan: 'gold' },
      refused: 'invalid_arguments',
      tool: ['loanAmount', 'plan'],
    });
  }, 300_000);

  it('runs the handoff CLI from the installed bin', () => {
    const help = execFileSync(join(app, 'node_modules/.bin/handoff'), ['--help'], { encoding: 'utf8' });
    expect(help).toMatch(/handoff demo/);
  });
});
