/**
 * A gateway over a fake carrier, driven through `gateway.fetch` without a socket, for the fault
 * and attack suite. Every check here is on behaviour (status codes, typed errors, what the carrier
 * was asked to do, what the store holds), never on timings.
 */
import {
  createHandoff,
  type Handoff,
  type HandoffOptions,
  type HandoffStore,
  MemoryStore,
} from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { createGateway, type Gateway, type GatewayOptions } from '@handoff/gateway';

export const PUBLIC = 'https://gw.example.com';
export const AUTH_TOKEN = 'vobiz-auth-token-for-reliability';
export const API_KEY = 'reliability-api-key-0123456789';

export const DESTINATIONS: HandoffOptions['destinations'] = {
  loans: { number: '+919800000001', label: 'Relationship manager', fallback: 'support' },
  support: { numbers: ['+919800000002'], label: 'Senior care' },
};

export interface Rig {
  handoff: Handoff;
  gateway: Gateway;
  carrier: FakeTransferProvider;
  store: HandoffStore;
  api(
    path: string,
    init?: { method?: string; raw?: string; body?: unknown; type?: string },
  ): Promise<Response>;
  /** A POST to `path` with any body and headers, unsigned unless the headers sign it. */
  post(path: string, body: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export function rig(
  options: {
    store?: HandoffStore;
    handoff?: Partial<HandoffOptions>;
    gateway?: Partial<GatewayOptions>;
  } = {},
): Rig {
  const carrier = new FakeTransferProvider();
  const store = options.store ?? new MemoryStore();
  const handoff = createHandoff({
    transfer: carrier,
    gatewayUrl: PUBLIC,
    destinations: DESTINATIONS,
    store,
    ...options.handoff,
  });
  const gateway = createGateway({
    handoff,
    publicUrl: PUBLIC,
    vobiz: { authToken: AUTH_TOKEN, callerId: '+918000000000' },
    answer: { kind: 'stream' },
    apiKeys: [API_KEY],
    ...options.gateway,
  });
  return {
    handoff,
    gateway,
    carrier,
    store,
    api(path, init = {}) {
      const headers: Record<string, string> = { authorization: `Bearer ${API_KEY}` };
      const body = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
      if (body !== undefined) headers['content-type'] = init.type ?? 'application/json';
      return gateway.fetch(
        new Request(`${PUBLIC}${path}`, {
          method: init.method ?? (body === undefined ? 'GET' : 'POST'),
          headers,
          ...(body === undefined ? {} : { body }),
        }),
      );
    },
    post(path, body, headers = {}) {
      return gateway.fetch(new Request(`${PUBLIC}${path}`, { method: 'POST', headers, body }));
    },
    async close() {
      await gateway.close();
      await handoff.close();
    },
  };
}
