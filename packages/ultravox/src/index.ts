import type { PlatformModule } from '@handoff/core';
import { PLATFORM, type UltravoxHandlerOptions, ultravoxHandler } from './handler.js';

export { callIdFromContext, restoreCallUuid } from './call-id.js';
export {
  PLATFORM,
  REACTION_HEADER,
  SECRET_HEADER,
  type UltravoxEvent,
  type UltravoxHandlerOptions,
  ultravoxHandler,
} from './handler.js';
export type { UltravoxWebhook } from './payloads.js';
export { signUltravoxWebhook, verifyUltravoxWebhook } from './signature.js';
export {
  DEFAULT_CALL_VARIABLE,
  type UltravoxSelectedTool,
  type UltravoxToolDefinition,
  type UltravoxToolOptions,
  ultravoxTool,
} from './tool.js';
export { turnsFromHistory, turnsFromMessages } from './transcript.js';

/**
 * Lets a gateway config mount Ultravox by package name:
 * `platforms: [{ path: '/ultravox', package: '@handoff/ultravox', options: { secret, webhookSecret } }]`.
 */
export const handoffPlatform: PlatformModule<UltravoxHandlerOptions> = {
  name: PLATFORM,
  handler: (handoff, options) => ultravoxHandler(handoff, options),
};
