import type { TransferRequest } from '@handoff/core';
import { HandoffError } from '@handoff/core';
import { describe, expect, it } from 'vitest';
import { vobizCarrier } from './carrier.js';
import type { TransferCallOptions, TransferCallResult } from './client.js';
import { VobizError } from './errors.js';

function fakeClient(result: Partial<TransferCallResult> = {}) {
  const calls: Array<{ method: string; callUuid: string; options?: TransferCallOptions }> = [];
  return {
    calls,
    async transferCall(callUuid: string, options: TransferCallOptions): Promise<TransferCallResult> {
      calls.push({ method: 'transferCall', callUuid, options });
      return { apiId: 'api-9', message: 'call transferred', callUuid, ...result };
    },
    async hangupCall(callUuid: string) {
      calls.push({ method: 'hangupCall', callUuid });
      return { alreadyEnded: false };
    },
  };
}

function request(overrides: Partial<TransferRequest> = {}): TransferRequest {
  return {
    handoffId: 'ho_1',
    callId: 'core-call',
    token: 'tok/en+1',
    destination: { key: 'loans', label: 'Loans', numbers: ['+919800000001'], sipUris: [], open: true },
    context: {} as TransferRequest['context'],
    ...overrides,
  };
}

describe('vobizCarrier', () => {
  it('transfers the A-leg to the gateway handoff URL', async () => {
    const client = fakeClient();
    const provider = vobizCarrier({ client, gatewayUrl: 'https://gw.example/' });
    const receipt = await provider.transfer(request({ platformCallId: 'vobiz-uuid' }));
    expect(provider.name).toBe('vobiz');
    expect(client.calls[0]).toEqual({
      method: 'transferCall',
      callUuid: 'vobiz-uuid',
      options: {
        legs: 'aleg',
        alegUrl: 'https://gw.example/vobiz/handoff/ho_1?t=tok%2Fen%2B1',
        alegMethod: 'POST',
      },
    });
    expect(receipt.requestId).toBe('api-9');
    expect(receipt.detail).not.toContain('tok');
  });

  it('falls back to callId and prefers the request gatewayUrl', async () => {
    const client = fakeClient();
    await vobizCarrier({ client, gatewayUrl: 'https://option.example' }).transfer(
      request({ gatewayUrl: 'https://request.example' }),
    );
    expect(client.calls[0]?.callUuid).toBe('core-call');
    expect(client.calls[0]?.options?.alegUrl).toMatch(
      /^https:\/\/request\.example\/vobiz\/handoff\/ho_1\?t=/,
    );
  });

  it('throws a clear error when no gateway URL is configured', async () => {
    const client = fakeClient();
    await expect(vobizCarrier({ client }).transfer(request())).rejects.toThrow(HandoffError);
    await expect(vobizCarrier({ client }).transfer(request())).rejects.toThrow(/gatewayUrl/);
    expect(client.calls).toHaveLength(0);
  });

  it('passes verify through with the request', async () => {
    const client = fakeClient();
    const seen: string[] = [];
    await vobizCarrier({
      client,
      gatewayUrl: 'https://gw.example',
      verify: async (req) => {
        seen.push(req.handoffId);
        return false;
      },
    }).transfer(request());
    expect(await client.calls[0]?.options?.verify?.()).toBe(false);
    expect(seen).toEqual(['ho_1']);
  });

  it('propagates Vobiz errors so the core can run the fallback ladder', async () => {
    const client = {
      ...fakeClient(),
      transferCall: async () => {
        throw new VobizError({ status: 404, code: 'not_found', message: 'call not in progress' });
      },
    };
    await expect(
      vobizCarrier({ client, gatewayUrl: 'https://gw.example' }).transfer(request()),
    ).rejects.toBeInstanceOf(VobizError);
  });

  it('hangs up through the client', async () => {
    const client = fakeClient();
    await vobizCarrier({ client }).hangup?.('c-1');
    expect(client.calls).toEqual([{ method: 'hangupCall', callUuid: 'c-1' }]);
  });
});

describe('vobizCarrier without a client', () => {
  it('checks the credentials when it is built, naming each missing variable', () => {
    expect(() => vobizCarrier({ env: {} })).toThrow(HandoffError);
    expect(() => vobizCarrier({ env: {} })).toThrow(/VOBIZ_AUTH_ID and VOBIZ_AUTH_TOKEN/);
    expect(() => vobizCarrier({ authId: 'MA_1', env: {} })).toThrow(/VOBIZ_AUTH_TOKEN/);
  });

  it('builds a client from options over the environment and sends the transfer with it', async () => {
    const { createServer } = await import('node:http');
    const seen: Array<{ method?: string; url?: string; auth?: string }> = [];
    const server = createServer((req, res) => {
      seen.push({ method: req.method, url: req.url, auth: req.headers['x-auth-id'] as string | undefined });
      req.resume();
      req.on('end', () => {
        res.writeHead(202, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ api_id: 'api-1', message: 'call transferred', call_uuid: 'uuid-1' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const carrier = vobizCarrier({
        authId: 'MA_OPT',
        env: {
          VOBIZ_AUTH_ID: 'MA_ENV',
          VOBIZ_AUTH_TOKEN: 'secret',
          VOBIZ_BASE_URL: `http://127.0.0.1:${port}/api/v1`,
        },
        gatewayUrl: 'https://gw.example',
      });
      const receipt = await carrier.transfer(request({ callId: 'uuid-1' }));
      expect(receipt.requestId).toBe('api-1');
      expect(seen).toEqual([{ method: 'POST', url: '/api/v1/Account/MA_OPT/Call/uuid-1/', auth: 'MA_OPT' }]);
    } finally {
      server.close();
    }
  });
});
