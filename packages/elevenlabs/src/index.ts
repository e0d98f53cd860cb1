import type { PlatformModule } from '@handoff/core';
import { type ElevenLabsHandlerOptions, elevenLabsHandler, PLATFORM } from './handler.js';

export { callIdFromVariables, restoreCallUuid } from './call-id.js';
export {
  type ElevenLabsEvent,
  type ElevenLabsHandlerOptions,
  elevenLabsHandler,
  PLATFORM,
  SECRET_HEADER,
  SIGNATURE_HEADER,
} from './handler.js';
export type { ElevenLabsWebhook } from './payloads.js';
export { signElevenLabs, verifyElevenLabs } from './signature.js';
export {
  DEFAULT_CALL_VARIABLE,
  type ElevenLabsSchemaProperty,
  type ElevenLabsToolOptions,
  type ElevenLabsWebhookTool,
  elevenLabsTool,
} from './tool.js';
export { turnsFromEntries, turnsFromHistory } from './transcript.js';

/**
 * Lets a gateway config mount ElevenLabs by package name:
 * `platforms: [{ path: '/elevenlabs', package: '@handoff/elevenlabs', options: { secret, webhookSecret } }]`.
 */
export const handoffPlatform: PlatformModule<ElevenLabsHandlerOptions> = {
  name: PLATFORM,
  handler: (handoff, options) => elevenLabsHandler(handoff, options),
};
