import { createHandoff, explicitRequest } from '@handoff/core';
import { createGateway } from '@handoff/gateway';
import { ultravoxHandler, ultravoxTool } from '@handoff/ultravox';
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

// Once, at deploy time: the tool in the agent's call template (PATCH /api/agents/{agent_id}).
// Keep the agent's other selected tools in the same list: PATCH replaces it.
const agentId = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
await fetch(`https://api.ultravox.ai/api/agents/${agentId}`, {
  method: 'PATCH',
  headers: { 'X-API-Key': process.env.ULTRAVOX_API_KEY ?? '', 'content-type': 'application/json' },
  body: JSON.stringify({
    callTemplate: {
      selectedTools: [
        ultravoxTool(handoff, {
          url: 'https://handoff.example.com/ultravox',
          secret: process.env.HANDOFF_TOOL_SECRET ?? '',
        }),
      ],
    },
  }),
});

// The gateway answers Vobiz by dialling the agent's SIP address with X-VH-handoffCall, and takes
// the tool's requests and the account webhooks at /ultravox.
const gateway = createGateway({
  handoff,
  vobiz: { authToken: process.env.VOBIZ_AUTH_TOKEN ?? '', callerId: '+918000000000' },
  answer: { kind: 'sip', uri: `sip:agent_${agentId}@your-account.sip.ultravox.ai`, platform: 'ultravox' },
  platforms: [
    {
      path: '/ultravox',
      handler: ultravoxHandler(handoff, {
        secret: process.env.HANDOFF_TOOL_SECRET ?? '',
        webhookSecret: process.env.ULTRAVOX_WEBHOOK_SECRET,
      }),
    },
  ],
});
await gateway.listen(8080);
