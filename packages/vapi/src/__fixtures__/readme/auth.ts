import type { Handoff } from '@handoff/core';
import { vapiHandler } from '@handoff/vapi';

export function handlers(handoff: Handoff) {
  // The legacy inline secret, or a Bearer credential sent as X-Vapi-Secret without the prefix.
  const bySecret = vapiHandler(handoff, { secret: process.env.VAPI_SECRET });
  // A Bearer Token credential: Authorization: Bearer <token>.
  const byBearer = vapiHandler(handoff, { auth: { type: 'bearer', token: process.env.VAPI_TOKEN ?? '' } });
  // An HMAC credential, with the settings you gave it in the dashboard.
  const byHmac = vapiHandler(handoff, {
    auth: {
      type: 'hmac',
      secret: process.env.VAPI_HMAC_SECRET ?? '',
      algorithm: 'sha256',
      signatureHeader: 'x-signature',
      timestampHeader: 'x-timestamp',
      payloadFormat: '{timestamp}.{body}',
      signatureEncoding: 'hex',
    },
  });
  return { bySecret, byBearer, byHmac };
}
