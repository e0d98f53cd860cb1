import { createHandoff, type Handoff, type HandoffOptions } from '@handoff/core';
import { createGateway, type Gateway, type MediaCall, type PlatformMount } from '@handoff/gateway';
import { vobizCarrier } from '@handoff/vobiz';
import { createVobizSandbox, type EndpointBehaviour, type VobizSandbox } from '@handoff/vobiz-sandbox';
import type { WebSocket } from 'ws';
import { deployment } from './deployment.js';
import type { DriverContext } from './driver.js';

export const API_KEY = 'contract-suite-key-0123456789';
export const CALLER = '+919811111111';
export const DID = '+918000000000';

export interface RunStack {
  ctx: DriverContext;
  close(): Promise<void>;
}

/**
 * One live call for one scenario on one platform: a Vobiz sandbox whose phones behave as the
 * scenario says, the core with the suite's deployment, the gateway answering with `<Stream>`.
 */
export async function startRun(options: {
  endpoints?: Record<string, EndpointBehaviour>;
  handoff?: Partial<HandoffOptions>;
  platforms?: (handoff: Handoff) => PlatformMount[];
}): Promise<RunStack> {
  const sandbox: VobizSandbox = await createVobizSandbox({
    timeScale: 0.01,
    // A farewell's audio plays at 50× speed: the order of events is what the suite checks.
    playbackTimeScale: 0.02,
    defaultEndpoint: { kind: 'answer', afterMs: 20 },
    ...(options.endpoints ? { endpoints: options.endpoints } : {}),
  });
  const handoff: Handoff = createHandoff({
    transfer: vobizCarrier({
      authId: sandbox.authId,
      authToken: sandbox.authToken,
      baseUrl: sandbox.baseUrl,
    }),
    ...deployment(),
    ...options.handoff,
  } as HandoffOptions);
  const gateway: Gateway = createGateway({
    handoff,
    vobiz: { authToken: sandbox.authToken, callerId: DID, authId: sandbox.authId, baseUrl: sandbox.baseUrl },
    answer: { kind: 'stream' },
    apiKeys: [API_KEY],
    ...(options.platforms ? { platforms: options.platforms(handoff) } : {}),
  });
  const { url } = await gateway.listen(0);
  const media = new Promise<{ socket: WebSocket; call: MediaCall }>((resolve) => {
    gateway.onMedia((socket, call) => resolve({ socket, call }));
  });
  const sandboxCall = sandbox.placeInboundCall({
    from: CALLER,
    to: DID,
    answerUrl: `${url}/vobiz/answer`,
    hangupUrl: `${url}/vobiz/hangup`,
  });
  const connected = await media;
  return {
    ctx: {
      handoff,
      gateway,
      gatewayUrl: url,
      apiKey: API_KEY,
      sandbox,
      call: { callId: sandboxCall.uuid, from: CALLER, to: DID, sandboxCall, media: connected },
    },
    async close() {
      await gateway.close();
      await sandbox.close();
      await handoff.close();
    },
  };
}
