import {
  type PiiPolicy,
  type ResolvedDestination,
  renderSipHeaders,
  renderWhisper,
  type TransferProvider,
  type TransferReceipt,
  type TransferRequest,
} from '@handoff/core';
import type { Vapi } from '@vapi-ai/server-sdk';
import { controlUrlFor, postControl, VapiControlError, type VapiControlOptions } from './control.js';

export interface VapiControlTransferOptions extends VapiControlOptions {
  /**
   * Have VAPI speak the core's whisper to the human before bridging (`warm-transfer-say-message`).
   * VAPI documents its warm modes for Twilio telephony; elsewhere leave this off and the human
   * gets the context from the desk, the CRM webhook and the `X-VH-*` SIP headers. Default false.
   */
  whisper?: boolean;
  /** PII masking of the whisper and `X-VH-*` header values. Default: the core's (everything masked). */
  pii?: PiiPolicy | false;
  /**
   * The control URL of a call this process has not seen a server message for (e.g. from VAPI's
   * `GET /call/{id}` → `monitor.controlUrl`). Default: none, and such a transfer fails.
   */
  controlUrl?: (request: TransferRequest) => string | undefined | Promise<string | undefined>;
}

/**
 * A core carrier that moves the caller with VAPI's live call control (`POST controlUrl`
 * `{ type: 'transfer', destination }`), for VAPI-native numbers where there is no Vobiz call to
 * transfer. The destination comes from the core's routing (the LLM never names a number); a SIP
 * destination carries the handoff pointer as `X-VH-*` headers; the context reaches the desk and the
 * CRM webhook through the store as on any carrier. The core has already played the farewell, so
 * VAPI is asked to say nothing more to the caller.
 */
export function vapiControlTransfer(options: VapiControlTransferOptions = {}): TransferProvider {
  return {
    name: 'vapi-live-control',
    async transfer(request: TransferRequest): Promise<TransferReceipt> {
      const url =
        controlUrlFor(request.platformCallId, request.callId) ?? (await options.controlUrl?.(request));
      if (!url) throw new VapiControlError(`no VAPI control URL known for call ${request.callId}`);
      const destination = vapiDestination(request, options);
      await postControl(url, { type: 'transfer', destination }, options);
      return { detail: `vapi-live-control:${destination.type}` };
    },
    async hangup(callId: string): Promise<void> {
      const url = controlUrlFor(callId);
      if (!url) throw new VapiControlError(`no VAPI control URL known for call ${callId}`);
      await postControl(url, { type: 'end-call' }, options);
    },
  };
}

/** The core's resolved destination as VAPI's transfer destination: a SIP URI first, else a number. */
export function vapiDestination(
  request: TransferRequest,
  options: Pick<VapiControlTransferOptions, 'whisper' | 'pii'> = {},
): Vapi.ClientInboundMessageTransferDestination {
  const target: ResolvedDestination = request.destination;
  const pii = options.pii === undefined ? {} : { pii: options.pii };
  const transferPlan: Vapi.TransferPlan | undefined = options.whisper
    ? { mode: 'warm-transfer-say-message', message: renderWhisper(request.context, pii) }
    : undefined;
  const common = {
    // '' keeps VAPI silent: the caller already heard the core's farewell.
    message: '',
    ...(target.callerId ? { callerId: target.callerId } : {}),
    ...(transferPlan ? { transferPlan } : {}),
  };
  const sip = target.sipUris[0];
  if (sip) {
    return {
      type: 'sip',
      sipUri: sip.startsWith('sip:') || sip.startsWith('sips:') ? sip : `sip:${sip}`,
      sipHeaders: renderSipHeaders(request.context, pii),
      ...common,
    };
  }
  const number = target.numbers[0];
  if (!number) throw new VapiControlError(`destination "${target.key}" has no number or SIP URI`);
  return { type: 'number', number, ...common };
}
