import { createHandoff, explicitRequest } from '@handoff/core';
import { elevenLabsHandler, elevenLabsTool } from '@handoff/elevenlabs';
import { createGateway } from '@handoff/gateway';
import { vobizCarrier } from '@handoff/vobiz';

const handoff = createHandoff({
  transfer: vobizCarrier({ authId: 'MA_XXXXXXXX', authToken: process.env.VOBIZ_AUTH_TOKEN }),
  gatewayUrl: 'https://handoff.example.com',
  destinations: {
    loans: { number: '+919800000001', label: 'Relationship manager' },
    support: { number: '+919800000002', label: 'Senior care' },
  },
  triggers: [explicitRequest()],
});

// Once, at deploy time: the server tool (POST /v1/convai/tools), then add its id to the agent.
// `sec_handoff` is a workspace secret holding HANDOFF_TOOL_SECRET, so the value is not in the agent.
const tool = elevenLabsTool(handoff, {
  url: 'https://handoff.example.com/elevenlabs',
  secret: { secret_id: 'sec_handoff' },
});
await fetch('https://api.elevenlabs.io/v1/convai/tools', {
  method: 'POST',
  headers: { 'xi-api-key': process.env.ELEVENLABS_API_KEY ?? '', 'content-type': 'application/json' },
  body: JSON.stringify({ tool_config: tool }),
});

// The gateway answers Vobiz by dialling the agent's SIP trunk number with X-VH-handoffCall,
// and takes the tool's requests and the post-call webhooks at /elevenlabs.
const gateway = createGateway({
  handoff,
  vobiz: { authToken: process.env.VOBIZ_AUTH_TOKEN ?? '', callerId: '+918000000000' },
  answer: {
    kind: 'sip',
    uri: 'sip:+918000000000@sip.rtc.elevenlabs.io:5060;transport=tcp',
    platform: 'elevenlabs',
  },
  platforms: [
    {
      path: '/elevenlabs',
      handler: elevenLabsHandler(handoff, {
        secret: process.env.HANDOFF_TOOL_SECRET ?? '',
        webhookSecret: process.env.ELEVENLABS_WEBHOOK_SECRET,
      }),
    },
  ],
});
await gateway.listen(8080);
