import {
  createHandoff,
  type Handoff,
  type HandoffOptions,
  type HandoffStatus,
  type PublicHandoffRecord,
} from '@handoff/core';
import { vobizCarrier } from '@handoff/vobiz';
import {
  createVobizSandbox,
  type SandboxCall,
  signV3,
  type VobizSandboxOptions,
} from '@handoff/vobiz-sandbox';
import type { WebSocket } from 'ws';
import { createGateway, type Gateway } from '../gateway.js';
import type { MediaCall } from '../media-tokens.js';
import type { GatewayOptions } from '../options.js';

export const API_KEY = 'test-api-key-0123456789';
export const CALLER = '+919811111111';
export const DID = '+918000000000';

export const DESTINATIONS: HandoffOptions['destinations'] = {
  loans: { number: '+919800000001', label: 'Relationship manager', fallback: 'support' },
  support: { numbers: ['+919800000002'], label: 'Senior care' },
  triage: { sip: 'sip:nurse@pbx.example.com', label: 'Triage nurse' },
};

/** The AI side of the media socket: accepts every call the gateway lets through. */
export class MediaAgent {
  readonly connections: Array<{ socket: WebSocket; call: MediaCall; messages: string[] }> = [];
  readonly #waiters: Array<() => void> = [];

  accept = (socket: WebSocket, call: MediaCall) => {
    const connection = { socket, call, messages: [] as string[] };
    socket.on('message', (data) => connection.messages.push(String(data)));
    this.connections.push(connection);
    for (const wake of this.#waiters.splice(0)) wake();
  };

  async waitFor(count: number, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.connections.length < count) {
      if (Date.now() > deadline)
        throw new Error(`expected ${count} media connections, got ${this.connections.length}`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }
}

export interface StackOptions {
  sandbox?: VobizSandboxOptions;
  handoff?: Partial<HandoffOptions>;
  gateway?: Partial<GatewayOptions>;
}

export interface Stack {
  sandbox: Awaited<ReturnType<typeof createVobizSandbox>>;
  handoff: Handoff;
  gateway: Gateway;
  url: string;
  agent: MediaAgent;
  /** A caller rings the DID: the sandbox fetches /vobiz/answer. */
  call(): SandboxCall;
  close(): Promise<void>;
}

/** Sandbox + handoff (real Vobiz transfer provider against the sandbox) + gateway, on loopback. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const sandbox = await createVobizSandbox({ timeScale: 0.01, ...options.sandbox });
  // No gatewayUrl or publicUrl: the gateway takes the address it listens on, so no port is guessed.
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
    apiKeys: [API_KEY],
    ...options.gateway,
  });
  const { url } = await gateway.listen(0);
  const agent = new MediaAgent();
  gateway.onMedia(agent.accept);
  return {
    sandbox,
    handoff,
    gateway,
    url,
    agent,
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

/** Polls the store until the handoff reaches `status` (events arrive over HTTP, asynchronously). */
export async function waitForStatus(
  handoff: Handoff,
  handoffId: string,
  status: HandoffStatus | HandoffStatus[],
  timeoutMs = 5000,
): Promise<PublicHandoffRecord> {
  const wanted = [status].flat();
  const deadline = Date.now() + timeoutMs;
  let last: PublicHandoffRecord | undefined;
  while (Date.now() < deadline) {
    last = await handoff.get(handoffId);
    if (last && wanted.includes(last.status)) return last;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`handoff ${handoffId} is ${last?.status ?? 'missing'}, expected ${wanted.join(' or ')}`);
}

export async function until<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met in time');
}

let nonce = 10_000_000_000_000_000_000n;

/** Headers Vobiz would send for `url`, with a fresh nonce each time. */
export function signedHeaders(url: string, authToken: string, fixedNonce?: string): Record<string, string> {
  const n = fixedNonce ?? String(++nonce);
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-vobiz-signature-v3': signV3(url, n, authToken),
    'x-vobiz-signature-v3-nonce': n,
  };
}

/** A signed form POST, as Vobiz makes them. */
export function vobizPost(
  url: string,
  authToken: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { ...signedHeaders(url, authToken), ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

export function api(
  url: string,
  path: string,
  init: { method?: string; body?: unknown; key?: string | null } = {},
) {
  const headers: Record<string, string> = {};
  if (init.key !== null) headers.authorization = `Bearer ${init.key ?? API_KEY}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

/** The XML documents the sandbox fetched for a call, by purpose. */
export function fetched(call: SandboxCall, purpose: string): string[] {
  return call.events('xml_fetched').flatMap((e) => (e.purpose === purpose ? [e.body] : []));
}
