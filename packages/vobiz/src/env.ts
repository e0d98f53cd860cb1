import { HandoffError } from '@handoff/core';
import { VobizClient, type VobizClientOptions } from './client.js';

export interface VobizClientFromEnvOptions extends Partial<VobizClientOptions> {
  /** Defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Builds a client from `VOBIZ_AUTH_ID`, `VOBIZ_AUTH_TOKEN` and optional `VOBIZ_BASE_URL`. Explicit
 * options win over the environment. Missing credentials throw `HandoffError('invalid_options')`
 * naming every missing variable, so a misconfigured deploy fails at boot rather than mid-call.
 */
export function createVobizClientFromEnv(options: VobizClientFromEnvOptions = {}): VobizClient {
  const { env = process.env, ...overrides } = options;
  const read = (name: string) => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const authId = overrides.authId ?? read('VOBIZ_AUTH_ID');
  const authToken = overrides.authToken ?? read('VOBIZ_AUTH_TOKEN');
  const missing = [
    ...(authId === undefined ? ['VOBIZ_AUTH_ID'] : []),
    ...(authToken === undefined ? ['VOBIZ_AUTH_TOKEN'] : []),
  ];
  if (authId === undefined || authToken === undefined) {
    throw new HandoffError('invalid_options', `Vobiz credentials missing: set ${missing.join(' and ')}`, {
      issues: missing.map((name) => ({ path: name, message: 'environment variable is not set' })),
    });
  }
  const baseUrl = overrides.baseUrl ?? read('VOBIZ_BASE_URL');
  return new VobizClient({ ...overrides, authId, authToken, ...(baseUrl === undefined ? {} : { baseUrl }) });
}
