/**
 * The whole path without any account: the local Vobiz sandbox rings the gateway, the gateway
 * dials the "Retell agent" over SIP with X-VH-handoffCall, and this script plays Retell's part,
 * posting the signed requests Retell would (webhooks as the caller speaks, then the
 * transfer_to_human custom function). The sandbox's human picks up, hears the whisper, and is
 * bridged to the caller.
 *
 *   npm run dry-run
 */
import { createVobizSandbox } from '@handoff/vobiz-sandbox';
import Retell from 'retell-sdk';
import { createRetellAgent } from './agent.js';

const RETELL_API_KEY = 'key_dry_run_0123456789abcdef';
const CALLER = '+919811111111';
const DID = '+918000000000';
const SUPPORT = '+919800000002';

// Vobiz's timers (rings, <Speak>) run 20× fast; the human picks up after 1.5 s.
const sandbox = await createVobizSandbox({
  timeScale: 0.05,
  endpoints: { [SUPPORT]: { kind: 'answer', afterMs: 1_500 } },
});

// Retell's update-live-call, answered locally: what the core asks Retell's LLM to say.
const retellApi = new Retell({
  apiKey: RETELL_API_KEY,
  baseURL: 'https://api.retell.dry-run.local',
  maxRetries: 0,
  fetch: async (_url, init) => {
    console.log('[retell api] update-live-call', String(init?.body));
    return Response.json({ success: true });
  },
});

const { handoff, gateway } = createRetellAgent({
  vobiz: { authId: sandbox.authId, authToken: sandbox.authToken, baseUrl: sandbox.baseUrl },
  callerId: DID,
  retellSipUri: `sip:${DID}@sip.retellai.com;transport=tcp`,
  retellApiKey: RETELL_API_KEY,
  supportNumber: SUPPORT,
  billingNumber: '+919800000001',
  retellClient: retellApi,
});
const { url } = await gateway.listen(0);
console.log(`Gateway on ${url}; Vobiz sandbox on ${sandbox.url}`);

const call = sandbox.placeInboundCall({
  from: CALLER,
  to: DID,
  answerUrl: `${url}/vobiz/answer`,
  hangupUrl: `${url}/vobiz/hangup`,
});
await call.waitFor('bridged', { match: (e) => e.to.includes('sip.retellai.com') });
// What Retell receives on the INVITE and shows as call.custom_sip_headers (its "X-" stripped).
const header = call.dialLegs[0]?.sipHeaders['X-VH-handoffCall'] ?? '';
console.log(`[vobiz] caller ${CALLER} is talking to the Retell agent; X-VH-handoffCall: ${header}`);

const startedAt = Date.now();
const retellCall = {
  call_type: 'phone_call',
  call_id: 'call_dryrun0000000000000000000001',
  agent_id: 'agent_dry_run',
  call_status: 'ongoing',
  direction: 'inbound',
  from_number: CALLER,
  to_number: DID,
  start_timestamp: startedAt,
  custom_sip_headers: { 'VH-handoffCall': header },
};
const transcript: Array<{
  role: 'agent' | 'user';
  content: string;
  words: Array<{ word: string; start: number; end: number }>;
}> = [];
const say = (role: 'agent' | 'user', content: string) => {
  // Word times are seconds of call audio, as Retell reports them.
  const t = (Date.now() - startedAt) / 1000;
  const words = content.split(' ').map((word, i) => ({ word, start: t + i * 0.3, end: t + (i + 1) * 0.3 }));
  transcript.push({ role, content, words });
};

// Retell signs every request with the API key that has the webhook badge.
async function post(body: unknown): Promise<unknown> {
  const text = JSON.stringify(body);
  const response = await fetch(`${url}/retell`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-retell-signature': await Retell.sign(text, RETELL_API_KEY),
    },
    body: text,
  });
  return response.json();
}

await post({ event: 'call_started', call: retellCall });
say('agent', 'Hello, this is Acme. How can I help you today?');
say('user', 'I was charged twice for my last bill.');
say('agent', 'I am sorry about that. The billing team can refund it for you.');
console.log(
  '[retell] transcript_updated →',
  await post({ event: 'transcript_updated', call: { ...retellCall, transcript_object: transcript } }),
);

console.log('[retell] the LLM calls transfer_to_human; Retell speaks the farewell meanwhile');
const reply = await post({
  name: 'transfer_to_human',
  args: {
    reason: 'double charge on the last bill',
    department: 'billing',
    summary: 'Caller was charged twice for the last bill and wants a refund.',
  },
  call: { ...retellCall, transcript_object: transcript },
});
console.log('[retell] tool result for the LLM:', reply);

await call.waitFor('whisper', { timeoutMs: 30_000 });
console.log('[vobiz] the human heard:', call.whisper.join(' '));
await call.waitFor('bridged', { match: (e) => !e.to.includes('sip.retellai.com'), timeoutMs: 30_000 });
// The bridge is reported back to the gateway by Vobiz's Dial callbacks, a moment later.
let record = await handoff.forCall(call.uuid);
for (let i = 0; i < 50 && record?.status !== 'connected'; i++) {
  await new Promise((resolve) => setTimeout(resolve, 100));
  record = await handoff.forCall(call.uuid);
}
console.log(`[handoff] ${record?.id} is ${record?.status}, to ${record?.destination?.label}`);
console.log('[handoff] transcript carried across:');
for (const turn of record?.context.transcript ?? []) console.log(`  ${turn.role}: ${turn.text}`);

call.hangup('caller');
await call.waitFor('hangup');
await gateway.close();
await sandbox.close();
await handoff.close();
