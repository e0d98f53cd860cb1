import type { PlatformModule } from '@handoff/core';
import { type VapiHandlerOptions, vapiHandler } from './handler.js';

export {
  checkAuthModes,
  hmacSignature,
  type VapiAuth,
  type VapiBearerAuth,
  type VapiHmacAuth,
  type VapiSecretAuth,
  verifyVapiRequest,
} from './auth.js';
export { restoreCallUuid, vobizCallIdOf } from './call-id.js';
export { postControl, VapiCallPort, VapiControlError, type VapiControlOptions } from './control.js';
export { type VapiHandlerOptions, vapiHandler } from './handler.js';
export type { VapiMessageCall } from './options.js';
export { historyTurns, isAiFailure, type VapiCallReport, wordConfidence } from './payload.js';
export { type VapiFunctionTool, type VapiToolOptions, vapiTool } from './tool.js';
export { type VapiControlTransferOptions, vapiControlTransfer, vapiDestination } from './transfer.js';

/** Lets a gateway config mount VAPI by package name: `{ path: '/vapi', package: '@handoff/vapi', options: { secret } }`. */
export const handoffPlatform: PlatformModule<VapiHandlerOptions> = {
  name: 'vapi',
  handler: (handoff, options) => vapiHandler(handoff, options),
};
