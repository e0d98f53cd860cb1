export * from './bridge.js';
export * from './realtime-codec.js';
export * from './refer.js';
