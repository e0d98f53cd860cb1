export {
  type AttachHandoffOptions,
  attachHandoff,
  type Detach,
  suggestInstructions,
  turnFromMessage,
} from './attach.js';
export { DEFAULT_CALL_ID_ATTRIBUTES, type ParticipantLike, resolveCallId, restoreUuid } from './call-id.js';
export { defaultSay, type SayFn } from './say.js';
export { errorMessage, failureMessage, isGoing, type SpeakOptions, speakThenTransfer } from './sequence.js';
export {
  defaultToUri,
  type LivekitSipTransferOptions,
  type LivekitSipTransferProvider,
  livekitSipTransferProvider,
  type SipClientLike,
  type SipTarget,
} from './sip-transfer.js';
export { type TransferToHumanOptions, type TransferToolResult, transferToHuman } from './tool.js';
