import { defineConfig } from '@handoff/gateway';
import { vobizCarrier } from '@handoff/vobiz';

/**
 * What setup saw and did, on globalThis: the loader imports this file through tsx, a module
 * instance apart from the test's own import.
 */
const seen = { setup: 0, cleanUp: 0, sockets: 0 };
(globalThis as { setupSeen?: typeof seen }).setupSeen = seen;

export default defineConfig({
  handoff: {
    transfer: vobizCarrier({ authId: 'MA_TEST', authToken: 'test-token' }),
    destinations: { support: { number: '+919800000002', label: 'Senior care' } },
  },
  gateway: {
    // Unsigned callbacks, so the test can post an answer callback without Vobiz's signature.
    vobiz: { authToken: 'test-token', callerId: '+918000000000', signatures: 'optional' },
    answer: { kind: 'stream' },
  },
  setup(gateway) {
    seen.setup++;
    gateway.onMedia((socket) => {
      seen.sockets++;
      socket.close(1000, 'test agent');
    });
    return () => {
      seen.cleanUp++;
    };
  },
});
