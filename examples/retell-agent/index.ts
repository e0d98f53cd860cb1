/**
 * A Retell agent on a Vobiz number, handing callers to humans with the conversation carried
 * across. See README.md for the Retell dashboard and Vobiz SIP steps.
 *
 *   RETELL_API_KEY=key_… VOBIZ_AUTH_ID=MA_… VOBIZ_AUTH_TOKEN=… VOBIZ_CALLER_ID=+91… \
 *   HANDOFF_PUBLIC_URL=https://your-tunnel.example.com npm start
 */
import { retellTool } from '@handoff/retell';
import { createRetellAgent } from './agent.js';

function env(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') {
    console.error(`Set ${name} (see README.md).`);
    process.exit(1);
  }
  return value;
}

const callerId = env('VOBIZ_CALLER_ID');
const publicUrl = process.env.HANDOFF_PUBLIC_URL;
const { handoff, gateway } = createRetellAgent({
  vobiz: {
    authId: env('VOBIZ_AUTH_ID'),
    authToken: env('VOBIZ_AUTH_TOKEN'),
    ...(process.env.VOBIZ_BASE_URL ? { baseUrl: process.env.VOBIZ_BASE_URL } : {}),
  },
  callerId,
  retellSipUri: env('RETELL_SIP_URI', `sip:${callerId}@sip.retellai.com;transport=tcp`),
  retellApiKey: env('RETELL_API_KEY'),
  ...(publicUrl ? { publicUrl } : {}),
  supportNumber: env('SUPPORT_NUMBER', '+919800000002'),
  billingNumber: env('BILLING_NUMBER', '+919800000001'),
  onEvent: (event) => {
    if (event.event === 'call_analyzed') {
      console.log(
        `[retell] ${event.callId} analysed (handoff ${event.handoffId ?? 'none'}):`,
        event.call?.call_analysis,
      );
    }
  },
});

const { url } = await gateway.listen(Number(process.env.PORT ?? 8080), process.env.HOST ?? '127.0.0.1');
const base = gateway.publicUrl;
console.log(`Gateway on ${url}.`);
console.log(`  Vobiz answer URL  ${base}/vobiz/answer   hangup URL  ${base}/vobiz/hangup`);
console.log(`  Retell webhook and custom function URL  ${base}/retell`);
console.log('\nThe transfer_to_human custom function for your Retell LLM (general_tools):');
console.log(JSON.stringify(retellTool(handoff, { url: `${base}/retell` }), null, 2));

const stop = async () => {
  await gateway.close();
  await handoff.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
