import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHandoff, type Handoff, HandoffError, type HandoffOptions } from '@handoff/core';
import type { GatewayOptions } from './options.js';

/** What `handoff gateway --config handoff.config.ts` loads: the core, the gateway, where to listen. */
export interface HandoffConfig {
  handoff: Handoff | HandoffOptions;
  gateway: Omit<GatewayOptions, 'handoff'>;
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

/** Loads a config module (TypeScript through tsx, so no build step) and builds the core from it. */
export async function loadConfig(path: string): Promise<{ config: HandoffConfig; handoff: Handoff }> {
  const url = pathToFileURL(resolve(path)).href;
  let mod: { default?: unknown };
  try {
    if (/\.[cm]?ts$/.test(path)) {
      const { tsImport } = await import('tsx/esm/api');
      mod = (await tsImport(url, import.meta.url)) as { default?: unknown };
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
  return { config, handoff };
}
