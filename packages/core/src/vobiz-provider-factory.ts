import { HandoffError } from './errors.js';
import type { HandoffOptions } from './handoff-types.js';
import type { TransferProvider } from './transfer.js';
import { VobizClient } from './vobiz/client.js';
import { vobizTransferProvider } from './vobiz/transfer-provider.js';

/** The default carrier: Vobiz, with credentials from options or the environment. */
export function createVobizProviderFromOptions(options: HandoffOptions): TransferProvider {
  const authId = options.vobiz?.authId ?? process.env.VOBIZ_AUTH_ID;
  const authToken = options.vobiz?.authToken ?? process.env.VOBIZ_AUTH_TOKEN;
  if (!authId || !authToken) {
    const missing = [!authId && 'VOBIZ_AUTH_ID', !authToken && 'VOBIZ_AUTH_TOKEN']
      .filter(Boolean)
      .join(' and ');
    throw new HandoffError(
      'invalid_options',
      `createHandoff needs Vobiz credentials: pass \`vobiz: { authId, authToken }\` or set ${missing} ` +
        '(or pass a `transfer` provider of your own)',
    );
  }
  const baseUrl = options.vobiz?.baseUrl ?? process.env.VOBIZ_BASE_URL;
  const client = new VobizClient({
    authId,
    authToken,
    ...(baseUrl ? { baseUrl } : {}),
    ...(options.vobiz?.timeoutMs ? { timeoutMs: options.vobiz.timeoutMs } : {}),
  });
  return vobizTransferProvider({ client, ...(options.gatewayUrl ? { gatewayUrl: options.gatewayUrl } : {}) });
}
