export { MemoryStore, memoryStore } from './memory-store.js';
export type { HandoffStore, PutOptions, StoreChange, StoredRecord } from './store.js';
