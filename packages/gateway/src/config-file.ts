import type { Handoff, HandoffOptions } from '@handoff/core';
import type { GatewayOptions } from './options.js';
import type { PlatformMount, PlatformPackageMount } from './platform-mounts.js';

/**
 * What `handoff gateway --config handoff.config.ts` loads (the loader is in `@handoff/cli`): the
 * core, the gateway, where to listen.
 */
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
