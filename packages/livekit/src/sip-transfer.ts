import type { ResolvedDestination, TransferProvider, TransferReceipt, TransferRequest } from '@handoff/core';
import { type PiiPolicy, renderSipHeaders } from '@handoff/core';

/** The one method of `livekit-server-sdk`'s `SipClient` this provider needs. */
export interface SipClientLike {
  transferSipParticipant(
    roomName: string,
    participantIdentity: string,
    transferTo: string,
    opts?: {
      playDialtone?: boolean;
      headers?: Record<string, string>;
      ringingTimeout?: number;
      timeout?: number;
    },
  ): Promise<void>;
}

export interface SipTarget {
  roomName: string;
  participantIdentity: string;
}

export interface LivekitSipTransferOptions {
  sipClient: SipClientLike;
  /** For a provider made per job: the room and the caller's SIP participant. */
  roomName?: string;
  participantIdentity?: string;
  /** Where to REFER the caller. Default: the destination's first SIP URI, else `tel:` its first number. */
  toUri?: (destination: ResolvedDestination) => string;
  playDialtone?: boolean;
  /** PII masking of the `X-VH-*` header values. Default: the core's (everything masked). */
  pii?: PiiPolicy | false;
}

export interface LivekitSipTransferProvider extends TransferProvider {
  /** Binds a call to its room and participant (attachHandoff does this); returns the unbind. */
  bind(callId: string, target: SipTarget): () => void;
}

/**
 * A core `TransferProvider` that moves the caller with LiveKit's SIP REFER
 * (`SipClient.transferSipParticipant`), for deployments that trunk Vobiz into LiveKit directly.
 * The context still travels through the core: desk and webhook as usual, and `X-VH-*` headers on
 * the REFER. The caller leaves the room when the REFER succeeds, which ends the agent session.
 */
export function livekitSipTransferProvider(options: LivekitSipTransferOptions): LivekitSipTransferProvider {
  const targets = new Map<string, SipTarget>();
  return {
    name: 'livekit-sip',
    bind(callId, target) {
      targets.set(callId, target);
      return () => {
        if (targets.get(callId) === target) targets.delete(callId);
      };
    },
    async transfer(request: TransferRequest): Promise<TransferReceipt> {
      const bound = targets.get(request.callId);
      const roomName = bound?.roomName ?? options.roomName;
      const identity = bound?.participantIdentity ?? options.participantIdentity;
      if (!roomName || !identity) {
        throw new Error(`livekit-sip: no room/participant bound for call ${request.callId}`);
      }
      const transferTo = (options.toUri ?? defaultToUri)(request.destination);
      // The SDK applies its own defaults to options left undefined.
      await options.sipClient.transferSipParticipant(roomName, identity, transferTo, {
        headers: renderSipHeaders(request.context, { pii: options.pii }),
        playDialtone: options.playDialtone,
        ringingTimeout: request.destination.ringTimeoutSec,
      });
      return { detail: 'sip-refer' };
    },
  };
}

export function defaultToUri(destination: ResolvedDestination): string {
  const sip = destination.sipUris[0];
  if (sip) return sip.startsWith('sip:') || sip.startsWith('sips:') ? sip : `sip:${sip}`;
  const number = destination.numbers[0];
  if (number) return `tel:${number}`;
  throw new Error(`livekit-sip: destination "${destination.key}" has no SIP URI or number`);
}
