import { HandoffError } from '../errors.js';

/**
 * Where a SIP REFER sends the call, with the handoff pointer the PBX reads:
 * `sip:human@pbx` + `{ 'X-Handoff-Id': 'ho1' }` → `sip:human@pbx?X-Handoff-Id=ho1` (RFC 3261 §19.1.1
 * URI headers). A `tel:` URI cannot carry headers, so the pointer is dropped there.
 */
export function referTarget(sipUri: string, headers: Record<string, string>): string {
  if (!/^(sips?|tel):/i.test(sipUri)) {
    throw new HandoffError('invalid_arguments', 'a SIP REFER needs a sip:, sips: or tel: target URI');
  }
  const pairs = Object.entries(headers).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  if (/^tel:/i.test(sipUri) || pairs.length === 0) return sipUri;
  return `${sipUri}${sipUri.includes('?') ? '&' : '?'}${pairs.join('&')}`;
}
