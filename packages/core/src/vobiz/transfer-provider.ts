import { HandoffError } from '../errors.js';
import type { TransferProvider, TransferReceipt, TransferRequest } from '../transfer.js';
import type { VobizClient } from './client.js';

export interface VobizTransferProviderOptions {
  client: Pick<VobizClient, 'transferCall' | 'hangupCall'>;
  /** Public base URL of the gateway; a request's own `gatewayUrl` wins. */
  gatewayUrl?: string;
  /**
   * Optional evidence check for transfers whose outcome Vobiz left unknown (5xx, timeout): resolve
   * `true` if the gateway already served this handoff's XML, `false` if it demonstrably did not.
   * See `TransferCallOptions.verify`.
   */
  verify?: (request: TransferRequest) => Promise<boolean>;
}

/** Where Vobiz fetches the `<Dial>` for one handoff. The token is what the gateway checks. */
export function vobizHandoffUrl(gatewayUrl: string, handoffId: string, token: string): string {
  return `${gatewayUrl.replace(/\/+$/, '')}/vobiz/handoff/${encodeURIComponent(handoffId)}?t=${encodeURIComponent(token)}`;
}

/**
 * The Vobiz carrier: moves the caller's A-leg to the gateway's handoff XML with the Transfer API.
 * Throws on failure (a `VobizError`, or `HandoffError('invalid_options')` when no gateway URL is
 * configured); the core turns that into the `failed` outcome.
 */
export function vobizTransferProvider(options: VobizTransferProviderOptions): TransferProvider {
  const { client, verify } = options;
  return {
    name: 'vobiz',
    async transfer(request: TransferRequest): Promise<TransferReceipt> {
      const gatewayUrl = request.gatewayUrl ?? options.gatewayUrl;
      if (gatewayUrl === undefined || gatewayUrl.trim() === '') {
        throw new HandoffError(
          'invalid_options',
          'The Vobiz transfer needs a gateway URL to send the caller to: set `gatewayUrl` on the handoff ' +
            'options or on vobizTransferProvider({ gatewayUrl })',
        );
      }
      const callUuid = request.platformCallId ?? request.callId;
      const check = evidence(request, verify);
      const result = await client.transferCall(callUuid, {
        legs: 'aleg',
        alegUrl: vobizHandoffUrl(gatewayUrl, request.handoffId, request.token),
        alegMethod: 'POST',
        ...(check === undefined ? {} : { verify: check }),
      });
      // The handoff URL carries the token, so the receipt names only the call.
      const detail = result.verified
        ? `Vobiz transfer of ${result.callUuid} confirmed after an unknown-outcome response`
        : `Vobiz accepted the transfer of ${result.callUuid}`;
      return result.apiId === undefined ? { detail } : { requestId: result.apiId, detail };
    },
    async hangup(callId: string): Promise<void> {
      await client.hangupCall(callId);
    },
  };
}

/**
 * What the client asks, once the call is known to be live, before its one retry of a transfer
 * whose outcome was unknown: the core's record (did Vobiz fetch the handoff XML?), then the
 * deployment's own check. Without either, the client retries nothing and the core decides.
 */
function evidence(
  request: TransferRequest,
  verify: VobizTransferProviderOptions['verify'],
): (() => Promise<boolean>) | undefined {
  const acted = request.acted;
  if (acted === undefined) return verify === undefined ? undefined : () => verify(request);
  return async () => (await acted()) || (verify !== undefined && (await verify(request)));
}
