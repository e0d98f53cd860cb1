export type { FakeTransferProviderOptions } from './fake-transfer-provider.js';
export { FakeTransferProvider, noopTransferProvider } from './fake-transfer-provider.js';
