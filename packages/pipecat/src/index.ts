export {
  type AttachHandoffOptions,
  attachHandoff,
  type PipecatHandoff,
  type PipecatPort,
  TRANSFER_FUNCTION,
} from './attach.js';
export { createPipecatClient } from './client.js';
export { type GatewayAction, GatewayError } from './gateway-api.js';
