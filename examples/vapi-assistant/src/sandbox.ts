/**
 * The whole flow on this machine, no accounts: the local Vobiz sandbox rings the gateway, the
 * gateway dials "VAPI" over SIP, and a stand-in for VAPI sends the server messages a real assistant
 * would (the conversation, then its transfer_to_human tool call) and takes the live-control
 * requests. The core says the farewell, moves the Vobiz call, the human hears the whisper.
 *
 *   npm run sandbox -w handoff-example-vapi-assistant
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createHandoff } from '@handoff/core';
import { createGateway } from '@handoff/gateway';
import { vapiHandler, vapiTool } from '@handoff/vapi';
import { vobizCarrier } from '@handoff/vobiz';
import { createVobizSandbox } from '@handoff/vobiz-sandbox';
import type { Vapi } from '@vapi-ai/server-sdk';
import { deployment } from './deployment.ts';

const VAPI_SIP_URI = 'sip:sahayak-bank@sip.vapi.ai';
const SECRET = 'sandbox-vapi-secret';
const CALLER = '+919811111111';
const DID = '+918000000000';
const SUPPORT = '+919800000002';

export interface SandboxRun {
  handoffId: string;
  status: string;
  farewell: string | undefined;
  whisper: string[];
  toolResult: Vapi.ToolCallResult | undefined;
}

/** Stands in for VAPI's live call control: records what the core asks VAPI to do on the call. */
async function liveControl() {
  const received: Array<{ type: string; content?: string }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    received,
    url: (callId: string) => `http://127.0.0.1:${port}/${callId}/control`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function runSandbox(log: (line: string) => void = console.log): Promise<SandboxRun> {
  const sandbox = await createVobizSandbox({
    timeScale: 0.05,
    endpoints: {
      [VAPI_SIP_URI]: { kind: 'answer', afterMs: 50 },
      [SUPPORT]: { kind: 'answer', afterMs: 300 },
    },
  });
  const handoff = createHandoff({
    transfer: vobizCarrier({
      authId: sandbox.authId,
      authToken: sandbox.authToken,
      baseUrl: sandbox.baseUrl,
    }),
    ...deployment(),
    // The stand-in VAPI voices nothing: keep the wait for the farewell's estimated length short.
    sayTimeoutMs: 1_500,
  });
  const gateway = createGateway({
    handoff,
    vobiz: { authToken: sandbox.authToken, authId: sandbox.authId, baseUrl: sandbox.baseUrl, callerId: DID },
    answer: { kind: 'sip', uri: VAPI_SIP_URI, platform: 'vapi' },
    platforms: [{ path: '/vapi', handler: vapiHandler(handoff, { secret: SECRET }) }],
  });
  const control = await liveControl();
  try {
    const { url } = await gateway.listen(0);
    const call = sandbox.placeInboundCall({
      from: CALLER,
      to: DID,
      answerUrl: `${url}/vobiz/answer`,
      hangupUrl: `${url}/vobiz/hangup`,
    });
    log(`Vobiz: ${CALLER} rings ${DID} (call ${call.uuid})`);
    const invite = await call.waitFor('dial_ringing', { timeoutMs: 5_000 });
    log(`Vobiz: dials ${invite.to} with X-VH-handoffCall: ${invite.sipHeaders['X-VH-handoffCall']}`);
    await call.waitFor('dial_answered', { timeoutMs: 5_000 });

    // What VAPI sends for this call: its id, the SIP header it received, its control URL.
    const vapiCallId = randomUUID();
    const started = Date.now();
    const vapiCall = {
      id: vapiCallId,
      orgId: 'sandbox-org',
      type: 'inboundPhoneCall',
      createdAt: new Date(started).toISOString(),
      updatedAt: new Date(started).toISOString(),
      startedAt: new Date(started).toISOString(),
      phoneCallProviderDetails: {
        sip: { headers: { 'X-VH-handoffCall': invite.sipHeaders['X-VH-handoffCall'] } },
      },
      monitor: { controlUrl: control.url(vapiCallId) },
      customer: { number: CALLER },
    };
    const send = async (message: Record<string, unknown>) => {
      const response = await fetch(`${url}/vapi`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-vapi-secret': SECRET },
        body: JSON.stringify({ message: { ...message, call: vapiCall, timestamp: Date.now() } }),
      });
      return (await response.json()) as Vapi.ServerMessageResponseToolCalls;
    };
    const lines: Array<['user' | 'bot', string]> = [
      ['bot', 'Namaste, Sahayak Bank. How can I help you today?'],
      ['user', 'I was charged 15,000 rupees twice for one purchase and I want it back.'],
      ['bot', 'I am sorry about that. Let me get someone from our team to sort it out.'],
    ];
    const messages = lines.map(([role, text], i) => ({
      role,
      message: text,
      time: started + i * 4_000,
      endTime: started + i * 4_000 + 3_000,
      secondsFromStart: i * 4,
    }));
    for (let i = 1; i <= messages.length; i++) {
      log(`VAPI: ${lines[i - 1]![0]}: ${lines[i - 1]![1]}`);
      await send({
        type: 'conversation-update',
        messages: messages.slice(0, i),
        messagesOpenAIFormatted: [],
      });
    }
    const toolCall = {
      id: 'call_sandbox_1',
      type: 'function',
      function: {
        name: 'transfer_to_human',
        arguments: JSON.stringify({
          reason: 'Double charge of ₹15,000',
          department: 'support',
          summary: 'Caller was charged ₹15,000 twice for one purchase and wants the duplicate refunded.',
        }),
      },
    };
    const tool = vapiTool(handoff, { url: `${url}/vapi`, secret: SECRET });
    log('VAPI: the model calls transfer_to_human');
    const answer = await send({
      type: 'tool-calls',
      toolCallList: [toolCall],
      toolWithToolCallList: [{ ...tool, toolCall }],
      artifact: { messages },
    });
    const farewell = control.received.find((m) => m.type === 'say')?.content;
    log(`VAPI live control: say "${farewell}"`);
    log(`VAPI ← tool result: ${JSON.stringify(answer.results?.[0])}`);

    await call.waitFor('bridged', { timeoutMs: 10_000, match: (e) => e.to === SUPPORT });
    const whisper = [...call.whisper];
    log(`Human (${SUPPORT}) hears: ${whisper.join(' ')}`);
    // Vobiz reports the bridge to the gateway by callback: the record follows a moment later.
    let record = await handoff.forCall(call.uuid);
    for (let i = 0; i < 100 && record?.status !== 'connected'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      record = await handoff.forCall(call.uuid);
    }
    log(`Handoff ${record?.id}: ${record?.status}, to ${record?.destination?.label}`);
    // VAPI's leg ends now that the caller has moved.
    await send({ type: 'status-update', status: 'ended', endedReason: 'customer-ended-call' });
    return {
      handoffId: record?.id ?? '',
      status: record?.status ?? 'missing',
      farewell,
      whisper,
      toolResult: answer.results?.[0],
    };
  } finally {
    await gateway.close();
    await control.close();
    await sandbox.close();
    await handoff.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runSandbox();
