import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createHandoff,
  type Handoff,
  HandoffError,
  type HandoffOptions,
  type PlatformModule,
} from '@handoff/core';
import type { GatewayOptions } from './options.js';
import type { PlatformMount, PlatformPackageMount } from './platform-mounts.js';

/** What `handoff gateway --config handoff.config.ts` loads: the core, the gateway, where to listen. */
export interface HandoffConfig {
  handoff: Handoff | HandoffOptions;
  gateway: Omit<GatewayOptions, 'handoff' | 'platforms'> & {
    /** Webhook platforms: a handler, or a package that exports `handoffPlatform` and its options. */
    platforms?: Array<PlatformMount | PlatformPackageMount>;
  };
  port?: number;
  host?: string;
}

/** Types a config file's default export. */
export function defineConfig(config: HandoffConfig): HandoffConfig {
  return config;
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

/** Loads a config module (TypeScript through tsx, so no build step) and builds the core from it. */
export async function loadConfig(
  path: string,
): Promise<{ config: HandoffConfig; handoff: Handoff; platforms: PlatformMount[] }> {
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
      `${path} must export default defineConfig({ handoff, gateway }) (see @handoff/gateway README)`,
    );
  }
  const handoff = isHandoff(config.handoff) ? config.handoff : createHandoff(config.handoff);
  const platforms = await resolvePlatforms(config.gateway.platforms ?? [], handoff, url);
  return { config, handoff, platforms };
}
