/**
 * Helpers for tests on a real Redis (this package's, the gateway's, and yours): the server's
 * address, a namespace per run so parallel runs never see each other's keys, and clean-up.
 * `HANDOFF_TEST_REDIS_URL` (else `REDIS_URL`, else 127.0.0.1:6379) says where; `HANDOFF_SKIP_REDIS=1`
 * is the only way to skip, since a Redis that is simply down must fail a run loudly.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { escapeGlob } from './envelope.js';

export const TEST_REDIS_URL =
  process.env.HANDOFF_TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Only an explicit opt-out skips: a Redis that is simply down must fail the run, loudly. */
export const skipRedis = process.env.HANDOFF_SKIP_REDIS === '1';

export function uniquePrefix(label: string): string {
  return `handoff:test:${label}:${process.pid}:${randomBytes(4).toString('hex')}:`;
}

function rawClient(): Redis {
  return new Redis(TEST_REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
}

export async function assertRedisUp(): Promise<void> {
  const client = rawClient();
  let cause: unknown;
  client.on('error', (error) => {
    cause ??= error;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(
      `These tests need a real Redis at ${TEST_REDIS_URL} and it did not answer (${String(cause ?? error)}). ` +
        'Start one (e.g. `redis-server`), point HANDOFF_TEST_REDIS_URL at one, or set HANDOFF_SKIP_REDIS=1.',
    );
  } finally {
    client.disconnect();
  }
}

/** Runs `fn` with a short-lived plain connection, for inspecting what the store wrote. */
export async function withRawClient<T>(fn: (client: Redis) => Promise<T>): Promise<T> {
  const client = rawClient();
  client.on('error', () => {});
  try {
    await client.connect();
    return await fn(client);
  } finally {
    client.disconnect();
  }
}

export async function dropPrefix(prefix: string): Promise<void> {
  await withRawClient(async (client) => {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${escapeGlob(prefix)}*`, 'COUNT', 500);
      if (keys.length > 0) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  });
}

export async function waitFor(
  condition: () => boolean,
  timeoutMs = 3_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
