import { createHandoff } from '@handoff/core';
import { ultravoxHandler } from '@handoff/ultravox';
import { vobizCarrier } from '@handoff/vobiz';

const handoff = createHandoff({
  transfer: vobizCarrier({ authId: 'MA_XXXXXXXX', authToken: process.env.VOBIZ_AUTH_TOKEN }),
  destinations: { support: { number: '+919800000002', label: 'Senior care' } },
});

export const handler = ultravoxHandler(handoff, {
  secret: process.env.HANDOFF_TOOL_SECRET ?? '',
  webhookSecret: process.env.ULTRAVOX_WEBHOOK_SECRET,
  // call.ended for a call a person took: Ultravox's summary, with the handoff it belongs to.
  onEvent: async ({ type, handoffId, call }) => {
    if (type === 'call.ended' && handoffId) console.log(handoffId, call?.summary);
  },
});
