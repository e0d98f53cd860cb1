import { defineConfig } from '@handoff/gateway';
import { vobizCarrier } from '@handoff/vobiz';

export default defineConfig({
  handoff: {
    transfer: vobizCarrier({ authId: 'MA_XXXXXXXX', authToken: process.env.VOBIZ_AUTH_TOKEN }),
    destinations: { support: { number: '+919800000002', label: 'Senior care' } },
  },
  gateway: {
    vobiz: { authToken: process.env.VOBIZ_AUTH_TOKEN ?? '', callerId: '+918000000000' },
    answer: { kind: 'stream' },
    platforms: [
      {
        path: '/bolna',
        package: '@handoff/bolna',
        options: {
          secret: process.env.HANDOFF_TOOL_SECRET,
          webhookToken: process.env.BOLNA_WEBHOOK_TOKEN,
          apiKey: process.env.BOLNA_API_KEY,
        },
      },
    ],
  },
});
