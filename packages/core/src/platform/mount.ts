import type { FieldsSchema } from '../fields-schema.js';
import type { Handoff } from '../handoff/handoff.js';

/** A fetch-standard HTTP handler: what webhook platforms' packages export to take their calls. */
export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * What a webhook platform's package exports as `handoffPlatform`, so a gateway mounts it from its
 * config file by package name (`platforms: [{ path: '/retell', package: '@handoff/retell' }]`)
 * without knowing the platform.
 */
export interface PlatformModule<Options = Record<string, unknown>> {
  /** As in the packet's `call.platform`. */
  name: string;
  handler<F extends FieldsSchema>(handoff: Handoff<F>, options: Options): FetchHandler;
}
