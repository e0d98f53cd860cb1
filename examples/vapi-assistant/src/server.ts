/**
 * The deployment: the gateway answers your Vobiz number by dialling the VAPI assistant over SIP,
 * and takes the assistant's server messages at /vapi. When the assistant calls transfer_to_human
 * (or a rule fires), the core says the farewell through VAPI's live control and moves the Vobiz
 * call to a human, who hears a whisper and sees the packet on the desk.
 *
 *   VOBIZ_AUTH_ID=MA_… VOBIZ_AUTH_TOKEN=… VOBIZ_CALLER_ID=+91… HANDOFF_PUBLIC_URL=https://… \
 *   VAPI_SIP_URI=sip:<name>@sip.vapi.ai VAPI_SECRET=… npm start
 */
import { createHandoff } from '@handoff/core';
import { createGateway } from '@handoff/gateway';
import { createStoreFromEnv } from '@handoff/redis';
import { vapiHandler } from '@handoff/vapi';
import { vobizCarrier } from '@handoff/vobiz';
import { deployment } from './deployment.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`Set ${name} (see examples/vapi-assistant/README.md)`);
  return value;
};

const publicUrl = env('HANDOFF_PUBLIC_URL');
const store = createStoreFromEnv();
const handoff = createHandoff({
  // VOBIZ_AUTH_ID, VOBIZ_AUTH_TOKEN (and VOBIZ_BASE_URL if set), checked here at start-up.
  transfer: vobizCarrier(),
  gatewayUrl: publicUrl,
  ...(store ? { store } : {}),
  ...deployment(),
});

const gateway = createGateway({
  handoff,
  publicUrl,
  vobiz: { authToken: env('VOBIZ_AUTH_TOKEN'), callerId: env('VOBIZ_CALLER_ID') },
  // Vobiz dials the assistant with the call's UUID in X-VH-handoffCall.
  answer: { kind: 'sip', uri: env('VAPI_SIP_URI'), platform: 'vapi' },
  platforms: [
    {
      path: '/vapi',
      handler: vapiHandler(handoff, {
        secret: env('VAPI_SECRET'),
        ...(process.env.VAPI_PUBLIC_KEY ? { controlToken: process.env.VAPI_PUBLIC_KEY } : {}),
        onReport: (report) =>
          console.log(
            `[vapi] call ${report.callId} ended (${report.endedReason}); handoff ${report.handoffId ?? '-'}`,
          ),
      }),
    },
  ],
  deskToken: process.env.HANDOFF_DESK_TOKEN ?? 'change-me',
});

const { url } = await gateway.listen(Number(process.env.PORT ?? 8080), '0.0.0.0');
console.log(`Gateway on ${url}; VAPI server URL ${publicUrl}/vapi; desk ${publicUrl}/desk/`);
