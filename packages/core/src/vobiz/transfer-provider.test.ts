import { describe, expect, it } from 'vitest';
import { HandoffError } from '../errors.js';
import type { TransferRequest } from '../transfer.js';
import type { TransferCallOptions, TransferCallResult } from './client.js';
import { VobizError } from './errors.js';
import { vobizTransferProvider } from './transfer-provider.js';

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

describe('vobizTransferProvider', () => {
  it('transfers the A-leg to the gateway handoff URL', async () => {
    const client = fakeClient();
    const provider = vobizTransferProvider({ client, gatewayUrl: 'https://gw.example/' });
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
    await vobizTransferProvider({ client, gatewayUrl: 'https://option.example' }).transfer(
      request({ gatewayUrl: 'https://request.example' }),
    );
    expect(client.calls[0]?.callUuid).toBe('core-call');
    expect(client.calls[0]?.options?.alegUrl).toMatch(
      /^https:\/\/request\.example\/vobiz\/handoff\/ho_1\?t=/,
    );
  });

  it('throws a clear error when no gateway URL is configured', async () => {
    const client = fakeClient();
    await expect(vobizTransferProvider({ client }).transfer(request())).rejects.toThrow(HandoffError);
    await expect(vobizTransferProvider({ client }).transfer(request())).rejects.toThrow(/gatewayUrl/);
    expect(client.calls).toHaveLength(0);
  });

  it('passes verify through with the request', async () => {
    const client = fakeClient();
    const seen: string[] = [];
    await vobizTransferProvider({
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
      vobizTransferProvider({ client, gatewayUrl: 'https://gw.example' }).transfer(request()),
    ).rejects.toBeInstanceOf(VobizError);
  });

  it('hangs up through the client', async () => {
    const client = fakeClient();
    await vobizTransferProvider({ client }).hangup?.('c-1');
    expect(client.calls).toEqual([{ method: 'hangupCall', callUuid: 'c-1' }]);
  });
});
