import { afterEach, beforeEach, describe, it } from 'vitest';
import { storeContract } from '../testing/store-contract.js';
import { MemoryStore } from './memory-store.js';

storeContract({ describe, it, beforeEach, afterEach }, 'MemoryStore', () => {
  const store = new MemoryStore();
  return { a: store, b: store, cleanup: () => store.close() };
});
