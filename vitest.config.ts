import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@handoff/source'] },
  ssr: { resolve: { conditions: ['@handoff/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts', 'examples/*/src/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
