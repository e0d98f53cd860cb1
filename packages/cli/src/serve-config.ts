import { createGateway, type Gateway } from '@handoff/gateway';
import { loadConfig } from './load-config.js';

type CleanUp = () => void | Promise<void>;

export interface ServeOptions {
  /** Overrides the config's `port` (default 8080); 0 picks a free one. */
  port?: number;
  /** Overrides the config's `host` (default 127.0.0.1). */
  host?: string;
  env?: NodeJS.ProcessEnv;
}

export interface ServedConfig {
  gateway: Gateway;
  url: string;
  /** The config's clean-up, then the gateway, the core and what the loader opened. */
  close(): Promise<void>;
}

/** What `handoff gateway --config <file>` does: load, build the gateway, run `setup`, listen. */
export async function serveConfig(path: string, options: ServeOptions = {}): Promise<ServedConfig> {
  const { config, handoff, platforms, close: closeLoaded } = await loadConfig(path, options.env);
  const gateway = createGateway({ ...config.gateway, handoff, platforms });
  const shutdown = async (cleanUp: CleanUp | undefined) => {
    try {
      await cleanUp?.();
    } finally {
      await gateway.close();
      await handoff.close();
      await closeLoaded();
    }
  };
  let cleanUp: CleanUp | undefined;
  try {
    cleanUp = (await config.setup?.(gateway, handoff)) || undefined;
    const { url } = await gateway.listen(
      options.port ?? config.port ?? 8080,
      options.host ?? config.host ?? '127.0.0.1',
    );
    return { gateway, url, close: () => shutdown(cleanUp) };
  } catch (error) {
    await shutdown(cleanUp);
    throw error;
  }
}
