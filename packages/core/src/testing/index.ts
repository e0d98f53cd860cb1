export { FakeCallPort, type FakeCallPortOptions, type PortEvent } from './fake-call-port.js';
export type { FakeTransferProviderOptions } from './fake-transfer-provider.js';
export { FakeTransferProvider, noopTransferProvider } from './fake-transfer-provider.js';
export {
  type StoreContractOptions,
  type StoreFixture,
  storeContract,
  type TestRunner,
} from './store-contract.js';
