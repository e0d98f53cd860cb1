import { defineConfig } from '@handoff/gateway';
import { vobizCarrier } from '@handoff/vobiz';

export default defineConfig({
  handoff: {
    transfer: vobizCarrier({ authId: 'MA_XXXXXXXX', authToken: process.env.VOBIZ_AUTH_TOKEN }),
    destinations: { support: { number: '+919800000002', label: 'Senior care' } },
  },
  gateway: {
    vobiz: { authToken: process.env.VOBIZ_AUTH_TOKEN ?? '', callerId: '+918000000000' },
    answer: { kind: 'sip', uri: 'sip:+918000000000@sip.retellai.com;transport=tcp', platform: 'retell' },
    platforms: [
      { path: '/retell', package: '@handoff/retell', options: { apiKey: process.env.RETELL_API_KEY } },
    ],
  },
});
