export type { DialLeg, DialLegStatus, StreamControl, WaitForOptions } from './call.js';
export { SandboxCall } from './call.js';
export type { CallbackPurpose } from './callbacks.js';
export { linearToMulaw, mulawToLinear } from './codec.js';
export type {
  CallEvent,
  CallEventMap,
  CallEventOf,
  CallEventType,
  DialStatus,
  StreamEndReason,
  XmlPurpose,
} from './events.js';
export { createVobizSandbox, type VobizSandbox } from './server.js';
export { signedBaseUrl, signV2, signV3 } from './signature.js';
export type {
  CallDirection,
  CallStatus,
  Clock,
  EndpointBehaviour,
  HangupInfo,
  HangupSource,
  HttpMethod,
  InboundCallOptions,
  Party,
  SignatureMode,
  StartShape,
  VobizSandboxOptions,
} from './types.js';
