import { bolnaHandler } from '@handoff/bolna';
import { createHandoff } from '@handoff/core';
import { vobizCarrier } from '@handoff/vobiz';

const handoff = createHandoff({
  transfer: vobizCarrier({ authId: 'MA_XXXXXXXX', authToken: process.env.VOBIZ_AUTH_TOKEN }),
  destinations: { support: { number: '+919800000002', label: 'Senior care' } },
});

export const handler = bolnaHandler(handoff, {
  secret: process.env.HANDOFF_TOOL_SECRET ?? '',
  webhookToken: process.env.BOLNA_WEBHOOK_TOKEN,
  // The transcript Bolna assembles once the call is over, for the handoff the human took.
  onEvent: async ({ type, status, handoffId, turns }) => {
    if (type === 'execution' && status === 'completed' && handoffId) console.log(handoffId, turns.length);
  },
});
