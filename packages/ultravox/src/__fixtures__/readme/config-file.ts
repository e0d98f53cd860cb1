import { defineConfig } from '@handoff/gateway';
import { vobizCarrier } from '@handoff/vobiz';

export default defineConfig({
  handoff: {
    transfer: vobizCarrier({ authId: 'MA_XXXXXXXX', authToken: process.env.VOBIZ_AUTH_TOKEN }),
    destinations: { support: { number: '+919800000002', label: 'Senior care' } },
  },
  gateway: {
    vobiz: { authToken: process.env.VOBIZ_AUTH_TOKEN ?? '', callerId: '+918000000000' },
    answer: { kind: 'sip', uri: 'sip:agent_a1b2c3d4@your-account.sip.ultravox.ai', platform: 'ultravox' },
    platforms: [
      {
        path: '/ultravox',
        package: '@handoff/ultravox',
        options: {
          secret: process.env.HANDOFF_TOOL_SECRET,
          webhookSecret: process.env.ULTRAVOX_WEBHOOK_SECRET,
        },
      },
    ],
  },
});
