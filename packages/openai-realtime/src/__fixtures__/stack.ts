import { createHandoff, type Handoff, type HandoffOptions } from '@handoff/core';
import { createGateway, type Gateway, type GatewayOptions } from '@handoff/gateway';
import { vobizCarrier } from '@handoff/vobiz';
import { createVobizSandbox, type SandboxCall, type VobizSandboxOptions } from '@handoff/vobiz-sandbox';

export const CALLER = '+919811111111';
export const DID = '+918000000000';

export const DESTINATIONS: HandoffOptions['destinations'] = {
  support: { numbers: ['+919800000002'], label: 'Senior care' },
  loans: { number: '+919800000001', label: 'Relationship manager', fallback: 'support' },
};

export interface Stack {
  sandbox: Awaited<ReturnType<typeof createVobizSandbox>>;
  handoff: Handoff;
  gateway: Gateway;
  url: string;
  call(): SandboxCall;
  close(): Promise<void>;
}

/** Sandbox + handoff core (Vobiz transfer against the sandbox) + gateway, on loopback. */
export async function startStack(
  options: {
    sandbox?: VobizSandboxOptions;
    handoff?: Partial<HandoffOptions>;
    gateway?: Partial<GatewayOptions>;
  } = {},
): Promise<Stack> {
  const sandbox = await createVobizSandbox({ timeScale: 0.01, playbackTimeScale: 0.2, ...options.sandbox });
  const handoff = createHandoff({
    transfer: vobizCarrier({
      authId: sandbox.authId,
      authToken: sandbox.authToken,
      baseUrl: sandbox.baseUrl,
    }),
    destinations: DESTINATIONS,
    capabilities: { backToAi: true },
    ...options.handoff,
  });
  const gateway = createGateway({
    handoff,
    vobiz: { authToken: sandbox.authToken, callerId: DID, authId: sandbox.authId, baseUrl: sandbox.baseUrl },
    answer: { kind: 'stream' },
    apiKeys: ['test-api-key-0123456789'],
    ...options.gateway,
  });
  const { url } = await gateway.listen(0);
  return {
    sandbox,
    handoff,
    gateway,
    url,
    call: () =>
      sandbox.placeInboundCall({
        from: CALLER,
        to: DID,
        answerUrl: `${url}/vobiz/answer`,
        hangupUrl: `${url}/vobiz/hangup`,
      }),
    async close() {
      await gateway.close();
      await sandbox.close();
      await handoff.close();
    },
  };
}

export async function until<T>(probe: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
