/**
 * A phone agent on OpenAI Realtime: Vobiz answers the call with a `<Stream>` to this gateway, the
 * bridge relays μ-law audio to `gpt-realtime`, and `transfer_to_human` hands the caller to a
 * person with the transcript, summary and facts carried across.
 *
 *   OPENAI_API_KEY=sk-… VOBIZ_AUTH_ID=MA_… VOBIZ_AUTH_TOKEN=… VOBIZ_CALLER_ID=+91… \
 *   HANDOFF_PUBLIC_URL=https://your-tunnel.example.com npm start
 */
import { createHandoff } from '@handoff/core';
import { createGateway } from '@handoff/gateway';
import { createRealtimeBridge } from '@handoff/openai-realtime';
import { vobizCarrier } from '@handoff/vobiz';

function env(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') {
    console.error(`Set ${name} (see README.md).`);
    process.exit(1);
  }
  return value;
}

const vobiz = {
  authId: env('VOBIZ_AUTH_ID'),
  authToken: env('VOBIZ_AUTH_TOKEN'),
  ...(process.env.VOBIZ_BASE_URL ? { baseUrl: process.env.VOBIZ_BASE_URL } : {}),
};
const publicUrl = process.env.HANDOFF_PUBLIC_URL;

const handoff = createHandoff({
  transfer: vobizCarrier(vobiz),
  ...(publicUrl ? { gatewayUrl: publicUrl } : {}),
  destinations: {
    support: { number: env('SUPPORT_NUMBER', '+919800000002'), label: 'Customer support' },
    billing: { number: env('BILLING_NUMBER', '+919800000001'), label: 'Billing team', fallback: 'support' },
  },
  onError: (error, where) => console.error(`[handoff] ${where}:`, error),
});

const gateway = createGateway({
  handoff,
  ...(publicUrl ? { publicUrl } : {}),
  vobiz: {
    authToken: vobiz.authToken,
    authId: vobiz.authId,
    callerId: env('VOBIZ_CALLER_ID'),
    ...(vobiz.baseUrl ? { baseUrl: vobiz.baseUrl } : {}),
  },
  // μ-law 8 kHz in and out: OpenAI's audio/pcmu, so the bridge never transcodes.
  answer: { kind: 'stream', contentType: 'audio/x-mulaw;rate=8000', platform: 'openai-realtime' },
  apiKeys: process.env.HANDOFF_API_KEY ? [process.env.HANDOFF_API_KEY] : [],
});

const bridge = createRealtimeBridge({
  handoff,
  openai: {
    apiKey: env('OPENAI_API_KEY'),
    model: env('OPENAI_REALTIME_MODEL', 'gpt-realtime'),
    voice: env('OPENAI_VOICE', 'marin'),
    instructions: env(
      'AGENT_INSTRUCTIONS',
      'You are the phone assistant of Acme. Be brief and friendly. If the caller asks for a person, ' +
        'or you cannot help, call transfer_to_human with a short reason, the department and a one-sentence summary.',
    ),
  },
  onError: (error, callId) => console.error(`[bridge ${callId}]`, error),
  onCallEnd: (callId, s) =>
    console.log(
      `[bridge ${callId}] stream closed: ${s.transferring ? 'on its way to a human' : 'no handoff'}`,
    ),
});
gateway.onMedia(bridge.handle);

const port = Number(process.env.PORT ?? 8080);
const { url } = await gateway.listen(port, process.env.HOST ?? '127.0.0.1');
console.log(
  `Gateway on ${url}. Vobiz answer URL: ${gateway.publicUrl}/vobiz/answer, hangup URL: ${gateway.publicUrl}/vobiz/hangup`,
);

const stop = async () => {
  bridge.close();
  await gateway.close();
  await handoff.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
