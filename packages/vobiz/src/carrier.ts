import type { TransferProvider, TransferReceipt, TransferRequest } from '@handoff/core';
import { HandoffError } from '@handoff/core';
import type { TransferCallOptions, VobizClient } from './client.js';
import { createVobizClientFromEnv } from './env.js';

export interface VobizCarrierOptions {
  /** Default `VOBIZ_AUTH_ID`. Ignored when `client` is given. */
  authId?: string;
  /** Default `VOBIZ_AUTH_TOKEN`. Ignored when `client` is given. */
  authToken?: string;
  /** Default `VOBIZ_BASE_URL`, else Vobiz's production API. */
  baseUrl?: string;
  /** Per-request timeout of the client the carrier builds. */
  timeoutMs?: number;
  /** A client of your own (a proxy, a fake in tests) instead of the credentials above. */
  client?: Pick<VobizClient, 'transferCall' | 'hangupCall'>;
  /** Public base URL of the gateway; the handoff's own `gatewayUrl` (on each request) wins. */
  gatewayUrl?: string;
  /**
   * Optional evidence check for transfers whose outcome Vobiz left unknown (5xx, timeout): resolve
   * `true` if the gateway already served this handoff's XML, `false` if it demonstrably did not.
   * See `TransferCallOptions.verify`.
   */
  verify?: (request: TransferRequest) => Promise<boolean>;
  /** Where missing credentials are read from. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Where Vobiz fetches the `<Dial>` for one handoff. The token is what the gateway checks. */
export function vobizHandoffUrl(gatewayUrl: string, handoffId: string, token: string): string {
  return `${gatewayUrl.replace(/\/+$/, '')}/vobiz/handoff/${encodeURIComponent(handoffId)}?t=${encodeURIComponent(token)}`;
}

/**
 * The Vobiz carrier for `createHandoff({ transfer: vobizCarrier() })`: moves the caller's A-leg to
 * the gateway's handoff XML with the Transfer API. Credentials are checked here, at construction
 * (`HandoffError('invalid_options')` naming each missing variable), not on the first call. A
 * transfer throws on failure (a `VobizError`, or `HandoffError('invalid_options')` when no gateway
 * URL is configured); the core turns that into the `failed` outcome.
 */
export function vobizCarrier(options: VobizCarrierOptions = {}): TransferProvider {
  const { verify } = options;
  const client = options.client ?? clientFrom(options);
  return {
    name: 'vobiz',
    async transfer(request: TransferRequest): Promise<TransferReceipt> {
      const gatewayUrl = request.gatewayUrl ?? options.gatewayUrl;
      if (gatewayUrl === undefined || gatewayUrl.trim() === '') {
        throw new HandoffError(
          'invalid_options',
          'The Vobiz transfer needs a gateway URL to send the caller to: set `gatewayUrl` on the handoff ' +
            'options or on vobizCarrier({ gatewayUrl })',
        );
      }
      const callUuid = request.platformCallId ?? request.callId;
      const check = evidence(request, verify);
      const transfer: TransferCallOptions = {
        legs: 'aleg',
        alegUrl: vobizHandoffUrl(gatewayUrl, request.handoffId, request.token),
        alegMethod: 'POST',
      };
      if (check !== undefined) transfer.verify = check;
      const result = await client.transferCall(callUuid, transfer);
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
  verify: VobizCarrierOptions['verify'],
): (() => Promise<boolean>) | undefined {
  const acted = request.acted;
  if (acted === undefined) return verify === undefined ? undefined : () => verify(request);
  return async () => (await acted()) || (verify !== undefined && (await verify(request)));
}

function clientFrom(options: VobizCarrierOptions): VobizClient {
  const { authId, authToken, baseUrl, timeoutMs, env } = options;
  return createVobizClientFromEnv({
    ...(authId === undefined ? {} : { authId }),
    ...(authToken === undefined ? {} : { authToken }),
    ...(baseUrl === undefined ? {} : { baseUrl }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(env === undefined ? {} : { env }),
  });
}
