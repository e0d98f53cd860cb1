import type { PlatformModule } from '@handoff/core';
import { type BolnaHandlerOptions, bolnaHandler, PLATFORM } from './handler.js';

export { restoreCallUuid } from './call-id.js';
export { type BolnaEvent, type BolnaHandlerOptions, bolnaHandler, PLATFORM, TOKEN_PARAM } from './handler.js';
export { type BolnaExecution, withoutMarkers } from './payloads.js';
export {
  type BolnaApiTools,
  type BolnaFunction,
  type BolnaFunctionParams,
  type BolnaToolOptions,
  bolnaTool,
} from './tool.js';
export { turnsFromTranscript } from './transcript.js';

/**
 * Lets a gateway config mount Bolna by package name:
 * `platforms: [{ path: '/bolna', package: '@handoff/bolna', options: { secret, webhookToken } }]`.
 */
export const handoffPlatform: PlatformModule<BolnaHandlerOptions> = {
  name: PLATFORM,
  handler: (handoff, options) => bolnaHandler(handoff, options),
};
