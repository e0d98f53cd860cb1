import { defineConfig } from '@handoff/gateway';
import { vobizCarrier } from '@handoff/vobiz';

export default defineConfig({
  handoff: {
    transfer: vobizCarrier({ authId: 'MA_TEST', authToken: 'test-token' }),
    gatewayUrl: 'http://127.0.0.1:8080',
    destinations: { support: { number: '+919800000002', label: 'Senior care' } },
  },
  gateway: {
    publicUrl: 'http://127.0.0.1:8080',
    vobiz: { authToken: 'test-token', callerId: '+918000000000' },
    answer: { kind: 'stream' },
  },
  port: 8181,
});
