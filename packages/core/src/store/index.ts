export { claimOnce, releaseOnce } from './claim-once.js';
export { KEY_SPACES, type KeySpace, keyId, keyPrefix, storeKey } from './keys.js';
export { MemoryStore, memoryStore } from './memory-store.js';
export type {
  AppendOptions,
  HandoffStore,
  PutOptions,
  StoreChange,
  StoredRecord,
  UpdateOptions,
} from './store.js';
