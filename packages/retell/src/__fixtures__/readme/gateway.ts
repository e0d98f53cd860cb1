import { createHandoff, explicitRequest } from '@handoff/core';
import { createGateway } from '@handoff/gateway';
import { retellHandler, retellTool } from '@handoff/retell';
import { vobizCarrier } from '@handoff/vobiz';
import Retell from 'retell-sdk';

const handoff = createHandoff({
  transfer: vobizCarrier({ authId: 'MA_XXXXXXXX', authToken: process.env.VOBIZ_AUTH_TOKEN }),
  gatewayUrl: 'https://handoff.example.com',
  destinations: {
    loans: { number: '+919800000001', label: 'Relationship manager' },
    support: { number: '+919800000002', label: 'Senior care' },
  },
  triggers: [explicitRequest()],
});

// Once, at deploy time: give the Retell LLM the tool. The LLM sees team names, never a number.
const retell = new Retell({ apiKey: process.env.RETELL_API_KEY ?? '' });
await retell.llm.update('llm_234sdertfsdsfsdf', {
  general_tools: [retellTool(handoff, { url: 'https://handoff.example.com/retell', department: 'support' })],
});

// The gateway answers Vobiz by dialling Retell, and takes Retell's requests at /retell.
const gateway = createGateway({
  handoff,
  vobiz: { authToken: process.env.VOBIZ_AUTH_TOKEN ?? '', callerId: '+918000000000' },
  answer: { kind: 'sip', uri: 'sip:+918000000000@sip.retellai.com;transport=tcp', platform: 'retell' },
  platforms: [{ path: '/retell', handler: retellHandler(handoff, { apiKey: process.env.RETELL_API_KEY }) }],
});
await gateway.listen(8080);
