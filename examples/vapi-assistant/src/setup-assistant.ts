/**
 * Once: gives your VAPI assistant the transfer_to_human tool, the server messages the handler
 * reads, and live call control (the core speaks the farewell through it).
 *
 *   VAPI_API_KEY=… VAPI_ASSISTANT_ID=… VAPI_SECRET=… HANDOFF_PUBLIC_URL=https://… npm run setup-assistant
 */
import { createHandoff } from '@handoff/core';
import { vapiTool } from '@handoff/vapi';
import { VapiClient } from '@vapi-ai/server-sdk';
import { deployment } from './deployment.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`Set ${name} (see examples/vapi-assistant/README.md)`);
  return value;
};

const serverUrl = `${env('HANDOFF_PUBLIC_URL')}/vapi`;
const secret = env('VAPI_SECRET');
// The tool's schema and description come from the same deployment the gateway runs.
const handoff = createHandoff({ transfer: { name: 'none', transfer: async () => ({}) }, ...deployment() });
const vapi = new VapiClient({ token: env('VAPI_API_KEY') });
const assistant = await vapi.assistants.get({ id: env('VAPI_ASSISTANT_ID') });
const model = assistant.model;
if (model?.provider !== 'openai') throw new Error('This script expects an OpenAI model on the assistant');
await vapi.assistants.update({
  id: assistant.id,
  model: {
    ...model,
    tools: [
      ...(model.tools ?? []).filter(
        (t) => !(t.type === 'function' && t.function?.name === handoff.tool.name),
      ),
      vapiTool(handoff, { url: serverUrl, secret }),
    ],
  },
  server: { url: serverUrl, headers: { 'X-Vapi-Secret': secret } },
  serverMessages: ['conversation-update', 'tool-calls', 'status-update', 'end-of-call-report'],
  monitorPlan: { ...assistant.monitorPlan, controlEnabled: true },
});
await handoff.close();
console.log(`Assistant ${assistant.id}: transfer_to_human → ${serverUrl}`);
