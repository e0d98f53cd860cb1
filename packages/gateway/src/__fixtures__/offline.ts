import { createHandoff, explicitRequest, type Handoff, type HandoffOptions } from '@handoff/core';
import { FakeTransferProvider } from '@handoff/core/testing';
import { createGateway, type Gateway } from '../gateway.js';
import type { GatewayOptions } from '../options.js';
import { API_KEY, DESTINATIONS, signedHeaders } from './harness.js';

export const PUBLIC = 'https://gw.example.com';
export const AUTH_TOKEN = 'vobiz-auth-token-for-tests';
export const CALL_UUID = '2ded13fe-4f9b-4958-9bfb-093ea2f29f91';

export interface Offline {
  handoff: Handoff;
  gateway: Gateway;
  carrier: FakeTransferProvider;
  /** A signed Vobiz form POST through `gateway.fetch`, as if it came through a proxy. */
  vobiz(path: string, fields: Record<string, string>, headers?: Record<string, string>): Promise<Response>;
  api(
    path: string,
    init?: { method?: string; body?: unknown; key?: string | null; raw?: string; type?: string },
  ): Promise<Response>;
  /** Starts a handoff for CALL_UUID and returns its id and URL token. */
  transfer(args?: Record<string, unknown>): Promise<{ handoffId: string; token: string }>;
}

/** A gateway over a fake carrier, driven through `fetch` without a socket. */
export function offline(
  options: { handoff?: Partial<HandoffOptions>; gateway?: Partial<GatewayOptions> } = {},
): Offline {
  const carrier = new FakeTransferProvider();
  const handoff = createHandoff({
    transfer: carrier,
    gatewayUrl: PUBLIC,
    destinations: DESTINATIONS,
    capabilities: { backToAi: true },
    triggers: [explicitRequest()],
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
    vobiz(path, fields, headers = {}) {
      const [pathname] = path.split('?');
      return gateway.fetch(
        // The request reaches the gateway on an internal address; Vobiz signed the public one.
        new Request(`http://10.0.0.7:8080${path}`, {
          method: 'POST',
          headers: { ...signedHeaders(`${PUBLIC}${pathname}`, AUTH_TOKEN), ...headers },
          body: new URLSearchParams(fields).toString(),
        }),
      );
    },
    api(path, init = {}) {
      const headers: Record<string, string> = {};
      if (init.key !== null) headers.authorization = `Bearer ${init.key ?? API_KEY}`;
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
    async transfer(args = {}) {
      const session =
        handoff.session(CALL_UUID) ?? handoff.startSession({ callId: CALL_UUID, platform: 'vobiz' });
      session.addTurn({ role: 'caller', text: 'My card ending 4242 was charged twice' });
      const result = await session.transfer({ reason: 'double charge', department: 'loans', ...args });
      const request = carrier.requests.find((r) => r.handoffId === result.handoffId);
      if (!request) throw new Error('the carrier was not asked to transfer');
      return { handoffId: result.handoffId, token: request.token };
    },
  };
}
