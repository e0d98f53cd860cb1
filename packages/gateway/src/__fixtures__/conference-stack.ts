import { createHandoff, type Handoff, type HandoffOptions, type HandoffResult } from '@handoff/core';
import { vobizCarrier } from '@handoff/vobiz';
import { createVobizSandbox, type SandboxCall, type VobizSandboxOptions } from '@handoff/vobiz-sandbox';
import { createGateway, type Gateway } from '../gateway.js';
import type { GatewayOptions } from '../options.js';
import { MediaAgent, until } from './harness.js';

// The conference strategy's test stack: a sandbox, a handoff, a gateway with
// `transferStrategy: 'conference'`, and a caller who asks for a person.

export const CALLER = '+919811111111';
export const DID = '+918000000000';
export const LOANS = '+919800000001';
export const SUPPORT = '+919800000002';

export const DESTINATIONS: HandoffOptions['destinations'] = {
  loans: { number: LOANS, label: 'Relationship manager', fallback: 'support' },
  support: { numbers: [SUPPORT], label: 'Senior care' },
};

export interface Stack {
  sandbox: Awaited<ReturnType<typeof createVobizSandbox>>;
  handoff: Handoff;
  gateway: Gateway;
  agent: MediaAgent;
  close(): Promise<void>;
}

export async function start(
  options: {
    sandbox?: VobizSandboxOptions;
    handoff?: Partial<HandoffOptions>;
    gateway?: Partial<GatewayOptions>;
  } = {},
): Promise<Stack> {
  const sandbox = await createVobizSandbox({ timeScale: 0.01, ...options.sandbox });
  const vobiz = { authId: sandbox.authId, authToken: sandbox.authToken, baseUrl: sandbox.baseUrl };
  const handoff = createHandoff({
    transfer: vobizCarrier(vobiz),
    destinations: DESTINATIONS,
    capabilities: { backToAi: true },
    ...options.handoff,
  });
  const gateway = createGateway({
    handoff,
    vobiz: { ...vobiz, callerId: DID },
    answer: { kind: 'stream' },
    transferStrategy: 'conference',
    // Scaled like the sandbox: 60 Vobiz seconds of ringing last 600 ms.
    ringTimeoutSec: 60,
    ...options.gateway,
  });
  await gateway.listen(0);
  const agent = new MediaAgent();
  gateway.onMedia(agent.accept);
  return {
    sandbox,
    handoff,
    gateway,
    agent,
    async close() {
      await gateway.close();
      await sandbox.close();
      await handoff.close();
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A caller talks to the AI, asks for a person; the farewell takes `farewellMs` to play. */
export async function callAndTransfer(
  s: Stack,
  farewellMs: number | 'until-rung' | (() => Promise<unknown>) = 150,
) {
  const call = s.sandbox.placeInboundCall({
    from: CALLER,
    to: DID,
    answerUrl: `${s.gateway.publicUrl}/vobiz/answer`,
    hangupUrl: `${s.gateway.publicUrl}/vobiz/hangup`,
  });
  await call.waitFor('stream_connected');
  const session = s.handoff.session(call.uuid)!;
  session.addTurn({ role: 'caller', text: 'My name is Asha Rao and I want a home loan of 40 lakh rupees' });
  const humansAtFarewellEnd: string[] = [];
  const outbound = () => s.sandbox.calls().filter((c) => c.direction === 'outbound');
  const result: Promise<HandoffResult> = session.transfer(
    {
      reason: 'Caller wants a home loan',
      department: 'loans',
      summary: 'Asha wants a 40 lakh home loan',
      customer: { name: 'Asha Rao' },
    },
    {
      beforeTransfer: async () => {
        // 'until-rung': the farewell plays until the human's phone rings (or 5 s pass), so the
        // order, not the machine's speed, decides what the test sees.
        if (farewellMs === 'until-rung')
          await until(() => outbound().length > 0 || undefined).catch(() => undefined);
        else if (typeof farewellMs === 'function') await farewellMs();
        else await sleep(farewellMs);
        humansAtFarewellEnd.push(...outbound().map((c) => c.to));
      },
    },
  );
  return { call, result, humansAtFarewellEnd };
}

export function human(s: Stack, to: string): Promise<SandboxCall> {
  return s.sandbox.waitForCall({ direction: 'outbound', to, timeoutMs: 5000 });
}
