import type { z } from 'zod';
import { HandoffEngine } from './engine.js';
import type { HandoffOptions } from './handoff-types.js';

export type Handoff<Fields extends z.ZodObject = z.ZodObject> = HandoffEngine<Fields>;

/**
 * Creates the handoff core for one deployment: destinations, fields, triggers, routing, store and
 * carrier. Plugins take the returned object; the gateway serves it.
 */
export function createHandoff<Fields extends z.ZodObject = z.ZodObject>(
  options: HandoffOptions<Fields>,
): Handoff<Fields> {
  return new HandoffEngine(options);
}
