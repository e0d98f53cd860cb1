export {
  type AttachHandoffOptions,
  attachHandoff,
  type Detach,
  livekitPort,
  turnFromMessage,
} from './attach.js';
export { DEFAULT_CALL_ID_ATTRIBUTES, type ParticipantLike, resolveCallId, restoreUuid } from './call-id.js';
export {
  defaultToUri,
  type LivekitSipTransferOptions,
  type LivekitSipTransferProvider,
  livekitSipTransferProvider,
  type SipClientLike,
  type SipTarget,
} from './sip-transfer.js';
export { type TransferToHumanOptions, transferToHuman } from './tool.js';
