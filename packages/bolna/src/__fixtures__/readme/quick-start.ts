import { bolnaHandler, bolnaTool } from '@handoff/bolna';
import { createHandoff, explicitRequest } from '@handoff/core';
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

// Once, at deploy time: the function for the agent's task, `tasks[0].tools_config.api_tools`
// (PUT /v2/agent/{agent_id} with the whole agent), spoken farewell in English and Hindi.
const apiTools = bolnaTool(handoff, {
  url: 'https://handoff.example.com/bolna',
  secret: process.env.HANDOFF_TOOL_SECRET ?? '',
  department: 'support',
  languages: ['en', 'hi'],
});
console.log(JSON.stringify(apiTools, null, 2));

// Execution webhooks to the same handler; Bolna sends no headers of yours, so the token rides in the URL.
const agentId = '5bc97541-e320-4d95-a3a5-242cfe45621d';
await fetch(`https://api.bolna.ai/v2/agent/${agentId}`, {
  method: 'PATCH',
  headers: { authorization: `Bearer ${process.env.BOLNA_API_KEY ?? ''}`, 'content-type': 'application/json' },
  body: JSON.stringify({
    agent_config: {
      webhook_url: `https://handoff.example.com/bolna?token=${process.env.BOLNA_WEBHOOK_TOKEN}`,
    },
  }),
});

// Bolna answers the Vobiz number itself; the gateway serves the handoff, the whisper and /bolna.
const gateway = createGateway({
  handoff,
  vobiz: { authToken: process.env.VOBIZ_AUTH_TOKEN ?? '', callerId: '+918000000000' },
  answer: { kind: 'stream' },
  platforms: [
    {
      path: '/bolna',
      handler: bolnaHandler(handoff, {
        secret: process.env.HANDOFF_TOOL_SECRET ?? '',
        webhookToken: process.env.BOLNA_WEBHOOK_TOKEN,
        apiKey: process.env.BOLNA_API_KEY,
      }),
    },
  ],
});
await gateway.listen(8080);
