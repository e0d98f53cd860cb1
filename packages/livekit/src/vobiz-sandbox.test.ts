import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CallPort, createHandoff } from '@handoff/core';
import { vobizCarrier } from '@handoff/vobiz';
import { createVobizSandbox } from '@handoff/vobiz-sandbox';
import { initializeLogger, voice } from '@livekit/agents';
import { afterEach, describe, expect, it } from 'vitest';
import { attachHandoff } from './attach.js';
import { transferToHuman } from './tool.js';

initializeLogger({ pretty: false, level: 'error' });

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * A stand-in for the gateway's two XML routes: the answer URL keeps the caller on the line (as the
 * gateway's `<Stream>` would), and the handoff URL dials the human. Enough for the Transfer API path.
 */
async function miniGateway(): Promise<{ url: string; fetched: string[]; server: Server }> {
  const fetched: string[] = [];
  const server = createServer((req, res) => {
    fetched.push(req.url ?? '');
    res.setHeader('content-type', 'application/xml');
    if (req.url?.startsWith('/vobiz/handoff/')) {
      res.end('<?xml version="1.0"?><Response><Dial><Number>+919800000001</Number></Dial></Response>');
      return;
    }
    res.end('<?xml version="1.0"?><Response><Wait length="300"/></Response>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${port}`, fetched, server };
}

describe('Vobiz Transfer API path against the sandbox', () => {
  it('transfers the live call only after the farewell, and the human is bridged', async () => {
    const sandbox = await createVobizSandbox({
      timeScale: 1,
      endpoints: { '+919800000001': { kind: 'answer', afterMs: 50 } },
    });
    cleanups.push(() => sandbox.close());
    const gateway = await miniGateway();
    const call = sandbox.placeInboundCall({
      from: '+919811111111',
      to: '+918000000000',
      answerUrl: `${gateway.url}/vobiz/answer`,
    });
    await call.waitFor('xml_fetched', { timeoutMs: 5_000 });

    const handoff = createHandoff({
      transfer: vobizCarrier({
        authId: sandbox.authId,
        authToken: sandbox.authToken,
        baseUrl: sandbox.baseUrl,
      }),
      gatewayUrl: gateway.url,
      destinations: { billing: { label: 'Billing', number: '+919800000001' } },
    });
    const fake = new voice.testing.FakeLLM([
      {
        input: 'I need a person for my refund',
        toolCalls: [{ name: 'transfer_to_human', args: { reason: 'refund', department: 'billing' } }],
      },
    ]);
    let farewellDoneAt = 0;
    const say: CallPort['say'] = async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(call.events('transfer')).toHaveLength(0);
      farewellDoneAt = Date.now();
    };
    const agentSession = new voice.AgentSession({ llm: fake, vad: null, turnDetection: 'manual' });
    // As it arrives from LiveKit SIP: the X-VH-HandoffCall header, mapped to an attribute, dashes stripped.
    const detach = attachHandoff(agentSession, handoff, {
      participant: {
        identity: 'sip_caller',
        attributes: { 'sip.h.x-vh-handoffcall': call.uuid.replace(/-/g, '') },
      },
      port: { say },
    });
    expect(detach.call.callId).toBe(call.uuid);
    await agentSession.start({
      agent: new voice.Agent({
        instructions: 't',
        tools: { transfer_to_human: transferToHuman(handoff) },
      }),
    });
    cleanups.push(() => agentSession.close());

    await agentSession.run({ userInput: 'I need a person for my refund' }).wait();

    const transfer = await call.waitFor('transfer', { timeoutMs: 5_000 });
    expect(farewellDoneAt).toBeGreaterThan(0);
    expect(transfer.at).toBeGreaterThanOrEqual(farewellDoneAt);
    await call.waitFor('bridged', { timeoutMs: 5_000 });
    expect(gateway.fetched.some((u) => u.startsWith('/vobiz/handoff/'))).toBe(true);
    expect(detach.call.turns.map((t) => t.text)).toEqual(['I need a person for my refund']);
  });
});
