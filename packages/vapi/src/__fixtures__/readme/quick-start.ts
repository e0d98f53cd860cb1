import { createHandoff, explicitRequest } from '@handoff/core';
import { createGateway } from '@handoff/gateway';
import { vapiHandler, vapiTool } from '@handoff/vapi';
import { vobizCarrier } from '@handoff/vobiz';
import { VapiClient } from '@vapi-ai/server-sdk';

const handoff = createHandoff({
  transfer: vobizCarrier({ authId: 'MA_XXXXXXXX', authToken: process.env.VOBIZ_AUTH_TOKEN }),
  gatewayUrl: 'https://handoff.example.com',
  destinations: {
    loans: { number: '+919800000001', label: 'Relationship manager' },
    support: { number: '+919800000002', label: 'Senior care' },
  },
  triggers: [explicitRequest()],
});

// Once, at deploy time: the assistant gets the tool, the server messages and live control.
const vapi = new VapiClient({ token: process.env.VAPI_API_KEY ?? '' });
await vapi.assistants.update({
  id: 'your-assistant-id',
  model: {
    provider: 'openai',
    model: 'gpt-4o-mini',
    tools: [vapiTool(handoff, { url: 'https://handoff.example.com/vapi', secret: process.env.VAPI_SECRET })],
  },
  server: {
    url: 'https://handoff.example.com/vapi',
    headers: { 'X-Vapi-Secret': process.env.VAPI_SECRET ?? '' },
  },
  serverMessages: ['conversation-update', 'tool-calls', 'status-update', 'end-of-call-report'],
  monitorPlan: { controlEnabled: true },
});

// The gateway answers Vobiz by dialling the assistant, and takes VAPI's server messages at /vapi.
const gateway = createGateway({
  handoff,
  vobiz: { authToken: process.env.VOBIZ_AUTH_TOKEN ?? '', callerId: '+918000000000' },
  answer: { kind: 'sip', uri: 'sip:sahayak-bank@sip.vapi.ai', platform: 'vapi' },
  platforms: [{ path: '/vapi', handler: vapiHandler(handoff, { secret: process.env.VAPI_SECRET ?? '' }) }],
});
await gateway.listen(8080, '0.0.0.0');
