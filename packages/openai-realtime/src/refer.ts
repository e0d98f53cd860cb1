import { HandoffError, referTarget } from '@handoff/core';

export interface ReferCallOptions {
  apiKey: string;
  /** The OpenAI Realtime SIP call id (from the `realtime.call.incoming` webhook). */
  callId: string;
  /** Where the human is: `sip:human@pbx.example.com;transport=tls` or `tel:+14155550123`. */
  sipUri: string;
  /** The handoff to point the PBX at; carried as the `X-Handoff-Id` URI header. */
  handoffId: string;
  /** Extra URI headers for the Refer-To target (`X-Handoff-Token`, …). */
  headers?: Record<string, string>;
  /** `https://api.openai.com/v1` unless a proxy or a test server stands in. */
  baseUrl?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * OpenAI's SIP connector path (Vobiz trunks the call straight to OpenAI): a blind SIP REFER,
 * `POST /v1/realtime/calls/{call_id}/refer`. OpenAI leaves the call; the PBX reads the pointer.
 */
export async function referCall(options: ReferCallOptions): Promise<{ targetUri: string }> {
  if (!options.callId) throw new HandoffError('invalid_arguments', 'referCall needs the OpenAI call id');
  const base = (options.baseUrl ?? 'https://api.openai.com/v1').replace(/\/+$/, '');
  const targetUri = referTarget(options.sipUri, { 'X-Handoff-Id': options.handoffId, ...options.headers });
  const url = `${base}/realtime/calls/${encodeURIComponent(options.callId)}/refer`;
  const response = await (options.fetch ?? fetch)(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ target_uri: targetUri }),
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw new HandoffError(
      'transfer_failed',
      `OpenAI refer failed with ${response.status}: ${text.slice(0, 200)}`,
    );
  }
  return { targetUri };
}
