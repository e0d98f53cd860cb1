export {
  type AttachHandoffOptions,
  attachHandoff,
  type Detach,
  livekitPort,
  turnFromMessage,
} from './attach.js';
export * from './call-id.js';
export * from './sip-transfer.js';
export * from './tool.js';
