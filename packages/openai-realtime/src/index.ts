export {
  type BridgeCall,
  type CallSummary,
  createRealtimeBridge,
  DEFAULT_BASE_URL,
  DEFAULT_MODEL,
  DEFAULT_TRANSCRIPTION_MODEL,
  type RealtimeBridge,
  type RealtimeBridgeOptions,
  type RealtimeErrorEvent,
  type RealtimeServerEvent,
  sessionConfig,
} from './bridge.js';
export { type ReferCallOptions, referCall, referTarget } from './refer.js';
