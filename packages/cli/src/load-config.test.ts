import { fileURLToPath } from 'node:url';
import { isHandoffError } from '@handoff/core';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';

const CONFIG = fileURLToPath(new URL('./__fixtures__/handoff.config.ts', import.meta.url));

describe('loadConfig (handoff gateway --config)', () => {
  it('loads a TypeScript config through tsx and builds the core on the memory store without REDIS_URL', async () => {
    const loaded = await loadConfig(CONFIG, {});
    try {
      expect(loaded.config.port).toBe(8181);
      expect(loaded.platforms).toEqual([]);
      await expect(loaded.handoff.get('nope')).resolves.toBeUndefined();
    } finally {
      await loaded.handoff.close();
      await loaded.close();
    }
  });

  it('gives the core the Redis store when REDIS_URL is set', async () => {
    // A Redis nobody listens on: the memory store would answer, the Redis store must refuse.
    const loaded = await loadConfig(CONFIG, { REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const error = await loaded.handoff.get('nope').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isHandoffError(error) && error.code).toBe('store_unavailable');
    } finally {
      await loaded.handoff.close();
      await loaded.close();
    }
  });

  it('names the file when its default export is not a config', async () => {
    const path = fileURLToPath(new URL('./load-config.ts', import.meta.url));
    await expect(loadConfig(path, {})).rejects.toThrow(/must export default defineConfig/);
  });
});
