import { defineConfig } from '@handoff/gateway';
import { vobizCarrier } from '@handoff/vobiz';

export default defineConfig({
  handoff: {
    transfer: vobizCarrier(), // VOBIZ_AUTH_ID and VOBIZ_AUTH_TOKEN
    gatewayUrl: 'https://handoff.example.com',
    destinations: { support: { number: '+919800000002', label: 'Senior care' } },
  },
  gateway: {
    vobiz: { authToken: process.env.VOBIZ_AUTH_TOKEN ?? '', callerId: '+918000000000' },
    answer: { kind: 'sip', uri: 'sip:sahayak-bank@sip.vapi.ai', platform: 'vapi' },
    platforms: [{ path: '/vapi', package: '@handoff/vapi', options: { secret: process.env.VAPI_SECRET } }],
  },
});
