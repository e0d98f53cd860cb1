import type { Handoff, HandoffOptions } from '@handoff/core';
import type { Gateway } from './gateway.js';
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
  /**
   * Runs once the gateway exists, before it listens: attach what this deployment serves on it,
   * e.g. an AI on the media socket (`gateway.onMedia(bridge.handle)`). May return a clean-up
   * that runs at shutdown, before the gateway closes.
   */
  setup?: (
    gateway: Gateway,
    handoff: Handoff,
  ) => void | (() => void | Promise<void>) | Promise<void | (() => void | Promise<void>)>;
}

/** Types a config file's default export. */
export function defineConfig(config: HandoffConfig): HandoffConfig {
  return config;
}
