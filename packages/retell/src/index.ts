import type { PlatformModule } from '@handoff/core';
import { type RetellHandlerOptions, retellHandler } from './handler.js';

export { findCallUuid, restoreCallUuid } from './call-id.js';
export {
  CALL_HEADER,
  type RetellEvent,
  type RetellHandlerOptions,
  retellHandler,
} from './handler.js';
export {
  type RetellAgentInterrupt,
  type RetellLlmRequest,
  type RetellLlmSocket,
  type RetellLlmSocketOptions,
  retellLlmSocket,
} from './llm-socket.js';
export type { RetellCall, RetellWebhookEventName } from './payloads.js';
export { type RetellClientLike, RetellPort } from './port.js';
export { MemoryReplayGuard, type ReplayGuard, StoreReplayGuard } from './replay.js';
export { type RetellCustomTool, type RetellToolOptions, retellTool } from './tool.js';
export { turnsFromCall } from './transcript.js';

/**
 * Lets a gateway config mount Retell by package name:
 * `platforms: [{ path: '/retell', package: '@handoff/retell', options: { apiKey } }]`.
 */
export const handoffPlatform: PlatformModule<RetellHandlerOptions> = {
  name: 'retell',
  handler: (handoff, options) => retellHandler(handoff, options),
};
