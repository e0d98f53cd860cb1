import type { PlatformModule } from '@handoff/core';
import { type TemplateHandlerOptions, templateHandler } from './handler.js';

export { type TemplateEvent, templateEvent } from './events.js';
export { type TemplateHandlerOptions, templateHandler } from './handler.js';
export { sign, verify } from './signature.js';

/** Lets a gateway config mount this platform by package name. */
export const handoffPlatform: PlatformModule<TemplateHandlerOptions> = {
  name: 'template',
  handler: (handoff, options) => templateHandler(handoff, options),
};
