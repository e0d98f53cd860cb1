import { createHandoff } from '@handoff/core';
import { elevenLabsHandler } from '@handoff/elevenlabs';
import { vobizCarrier } from '@handoff/vobiz';

const handoff = createHandoff({
  transfer: vobizCarrier({ authId: 'MA_XXXXXXXX', authToken: process.env.VOBIZ_AUTH_TOKEN }),
  destinations: { support: { number: '+919800000002', label: 'Senior care' } },
});

export const handler = elevenLabsHandler(handoff, {
  secret: process.env.HANDOFF_TOOL_SECRET ?? '',
  webhookSecret: process.env.ELEVENLABS_WEBHOOK_SECRET,
  // The whole conversation, after the call, for the handoff the human took.
  onEvent: async ({ type, handoffId, turns, data }) => {
    if (type !== 'post_call_transcription' || !handoffId) return;
    console.log(handoffId, turns.length, data?.analysis);
  },
});
