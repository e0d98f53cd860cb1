import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createHandoff,
  type Handoff,
  HandoffError,
  type HandoffOptions,
  type PlatformModule,
} from '@handoff/core';
import type { HandoffConfig, PlatformMount, PlatformPackageMount } from '@handoff/gateway';
import { createStoreFromEnv } from '@handoff/redis';

export interface LoadedConfig {
  config: HandoffConfig;
  handoff: Handoff;
  platforms: PlatformMount[];
  /** Closes what the loader opened itself (the Redis store made from `REDIS_URL`), not the core. */
  close(): Promise<void>;
}

function isHandoff(value: Handoff | HandoffOptions): value is Handoff {
  return typeof (value as Handoff).startSession === 'function';
}

/** Imports `specifier` the way the config file itself would, so its own node_modules resolve. */
async function importFrom(specifier: string, parentUrl: string): Promise<Record<string, unknown>> {
  const { tsImport } = await import('tsx/esm/api');
  return (await tsImport(specifier, parentUrl)) as Record<string, unknown>;
}

/**
 * Turns `{ path, package, options }` entries into handlers: the package's `handoffPlatform`
 * builds one for this core. A missing package or export fails at start-up, naming which.
 */
async function resolvePlatforms(
  entries: Array<PlatformMount | PlatformPackageMount>,
  handoff: Handoff,
  parentUrl: string,
): Promise<PlatformMount[]> {
  const mounts: PlatformMount[] = [];
  for (const entry of entries) {
    if ('handler' in entry && typeof entry.handler === 'function') {
      mounts.push(entry);
      continue;
    }
    const name = (entry as PlatformPackageMount).package;
    if (typeof name !== 'string' || name === '') {
      throw new HandoffError(
        'invalid_options',
        `platforms entry at ${entry.path} needs \`handler\` or \`package\``,
      );
    }
    let mod: Record<string, unknown>;
    try {
      mod = await importFrom(name, parentUrl);
    } catch (cause) {
      throw new HandoffError(
        'invalid_options',
        `Could not load platform package ${name}: ${(cause as Error).message}`,
        {
          cause,
        },
      );
    }
    const platform = mod.handoffPlatform as PlatformModule | undefined;
    if (!platform || typeof platform.handler !== 'function') {
      throw new HandoffError('invalid_options', `${name} does not export \`handoffPlatform\``);
    }
    mounts.push({
      path: entry.path,
      handler: platform.handler(handoff, (entry as PlatformPackageMount).options ?? {}),
    });
  }
  return mounts;
}

/**
 * Loads a config module (TypeScript through tsx, so no build step) and builds the core from it.
 * When the config gives core options without a `store` and `REDIS_URL` is set, the core gets the
 * Redis store (`@handoff/redis`), so several gateways share one deployment.
 */
export async function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env): Promise<LoadedConfig> {
  const url = pathToFileURL(resolve(path)).href;
  let mod: { default?: unknown };
  try {
    if (/\.[cm]?ts$/.test(path)) {
      mod = await importFrom(url, import.meta.url);
    } else {
      mod = (await import(url)) as { default?: unknown };
    }
  } catch (cause) {
    throw new HandoffError('invalid_options', `Could not load config ${path}: ${(cause as Error).message}`, {
      cause,
    });
  }
  let config = mod.default as HandoffConfig | (() => HandoffConfig | Promise<HandoffConfig>) | undefined;
  if (typeof config === 'function') config = await config();
  if (!config || typeof config !== 'object' || !config.handoff || !config.gateway) {
    throw new HandoffError(
      'invalid_options',
      `${path} must export default defineConfig({ handoff, gateway }) (see the @handoff/cli README)`,
    );
  }
  // Options without a `store` get the Redis store when REDIS_URL is set (else the core's memory store).
  const store = isHandoff(config.handoff) || config.handoff.store ? undefined : createStoreFromEnv(env);
  const options = config.handoff as HandoffOptions;
  const handoff = isHandoff(config.handoff)
    ? config.handoff
    : createHandoff(store ? { ...options, store } : options);
  const close = async () => {
    await store?.close();
  };
  try {
    const platforms = await resolvePlatforms(config.gateway.platforms ?? [], handoff, url);
    return { config, handoff, platforms, close };
  } catch (error) {
    await close();
    throw error;
  }
}
