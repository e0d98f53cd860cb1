import {
  createHandoff,
  explicitRequest,
  type Handoff,
  type HandoffStatus,
  type PublicHandoffRecord,
} from '@handoff/core';
import { createGateway, type Gateway } from '@handoff/gateway';
import { vobizCarrier } from '@handoff/vobiz';
import { createVobizSandbox, type SandboxCall, type VobizSandbox } from '@handoff/vobiz-sandbox';
import { LogLevel, logger } from '@pipecat-ai/client-js';

export const API_KEY = 'pipecat-test-api-key-0123456789';
export const CALLER = '+919811111111';
export const DID = '+918000000000';
export const LOANS = '+919800000001';
export const SUPPORT = '+919800000002';
export const CUSTOMER = '+919822222222';

// The client logs every RTVI message at debug level.
logger.setLevel(LogLevel.WARN);

export interface Stack {
  sandbox: VobizSandbox;
  handoff: Handoff;
  gateway: Gateway;
  url: string;
  /** A live inbound call the gateway answered with `<Stream>` (its media socket stays idle). */
  call(): Promise<SandboxCall>;
  /** `POST /v1/client-tokens` with the API key. */
  token(
    body: Record<string, unknown>,
  ): Promise<{ token: string; id: string; callId: string; callbackNumber?: string }>;
  close(): Promise<void>;
}

/** Sandbox Vobiz + the core + the gateway on loopback, as a deployment runs them. */
export async function startStack(): Promise<Stack> {
  const sandbox = await createVobizSandbox({
    timeScale: 0.01,
    playbackTimeScale: 0.02,
    defaultEndpoint: { kind: 'answer', afterMs: 20 },
  });
  const handoff = createHandoff({
    transfer: vobizCarrier({
      authId: sandbox.authId,
      authToken: sandbox.authToken,
      baseUrl: sandbox.baseUrl,
    }),
    destinations: {
      loans: { number: LOANS, label: 'Relationship manager', fallback: 'support' },
      support: { number: SUPPORT, label: 'Senior care' },
    },
    routing: [{ when: { match: (input) => input.department === undefined }, to: 'support' }],
    triggers: [explicitRequest()],
    capabilities: { backToAi: true },
    sayTimeoutMs: 8_000,
    messages: { en: { transferring: 'Connecting you to our {label} now.' } },
  });
  const gateway = createGateway({
    handoff,
    vobiz: { authToken: sandbox.authToken, callerId: DID, authId: sandbox.authId, baseUrl: sandbox.baseUrl },
    answer: { kind: 'stream', platform: 'pipecat' },
    apiKeys: [API_KEY],
  });
  const { url } = await gateway.listen(0, '127.0.0.1');
  return {
    sandbox,
    handoff,
    gateway,
    url,
    async call() {
      const media = new Promise<void>((resolve) => {
        const off = gateway.onMedia(() => {
          off();
          resolve();
        });
      });
      const call = sandbox.placeInboundCall({
        from: CALLER,
        to: DID,
        answerUrl: `${url}/vobiz/answer`,
        hangupUrl: `${url}/vobiz/hangup`,
      });
      await media;
      return call;
    },
    async token(body) {
      const response = await fetch(`${url}/v1/client-tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.status !== 201)
        throw new Error(`client token: ${response.status} ${await response.text()}`);
      return (await response.json()) as Awaited<ReturnType<Stack['token']>>;
    },
    async close() {
      await gateway.close();
      await sandbox.close();
      await handoff.close();
    },
  };
}

export async function until<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 8_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function handoffFor(
  handoff: Handoff,
  callId: string,
  status: HandoffStatus,
): Promise<PublicHandoffRecord> {
  return until(async () => {
    const record = await handoff.forCall(callId);
    return record?.status === status ? record : undefined;
  }, `handoff of ${callId} ${status}`);
}
