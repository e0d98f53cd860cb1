export * from './bridge.js';
export * from './realtime-codec.js';
export * from './refer.js';
export {
  DEFAULT_BASE_URL,
  DEFAULT_MODEL,
  DEFAULT_TRANSCRIPTION_MODEL,
  sessionConfig,
} from './session-config.js';
