import type { HandoffStore } from '@handoff/core';

export type BenchStore = HandoffStore & { close(): Promise<void> };

/** A Redis store when one answers quickly, else undefined (the variant is reported as skipped). */
export async function redisStoreIfUp(
  label: string,
): Promise<{ store: BenchStore; url: string; keyPrefix: string } | undefined> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  let module: {
    redisStore?: (options: { url: string; keyPrefix?: string; connectTimeoutMs?: number }) => unknown;
  };
  try {
    module = await import('../packages/redis/src/index.js');
  } catch {
    return undefined;
  }
  if (typeof module.redisStore !== 'function') return undefined;
  const keyPrefix = `handoff:bench:${label}:${process.pid}:`;
  const store = module.redisStore({
    url,
    keyPrefix,
    connectTimeoutMs: 500,
  }) as BenchStore & { ready?: () => Promise<void> };
  try {
    await store.ready?.();
    await store.get('bench:probe');
    return { store, url, keyPrefix };
  } catch {
    await store.close().catch(() => undefined);
    return undefined;
  }
}

/** The URL without credentials, for the report. */
export const safeUrl = (url: string) => url.replace(/\/\/[^@/]*@/, '//');
