import { type Handoff, HandoffError } from '@handoff/core';
import type { VobizClient } from '@handoff/vobiz';
import { type ConferenceClient, ConferenceTransfers } from './conference-carrier.js';
import {
  authorizeConsult,
  type ConsultHandler,
  type ConsultTicket,
  consultSession,
} from './conference-consult.js';
import { ConferenceLegs } from './conference-state.js';
import type { XmlSettings } from './handoff-xml.js';
import type { GatewayOptions } from './options.js';
import type { UpgradeRouter } from './upgrades.js';

type AnyClient = Pick<VobizClient, 'makeCall'> & Partial<Pick<VobizClient, 'transferCall' | 'hangupCall'>>;

function isConferenceClient(client: AnyClient): client is ConferenceClient {
  return typeof client.transferCall === 'function' && typeof client.hangupCall === 'function';
}

/** The conference strategy when `transferStrategy: 'conference'`, checked up front; otherwise nothing. */
export function conferenceFor(
  options: GatewayOptions,
  parts: {
    handoff: Handoff;
    client: AnyClient | undefined;
    xml: XmlSettings;
    logger?: GatewayOptions['logger'];
  },
): ConferenceTransfers | undefined {
  if ((options.transferStrategy ?? 'dial') === 'dial') return undefined;
  if (options.transferStrategy !== 'conference') {
    throw new HandoffError('invalid_options', '`transferStrategy` is "dial" or "conference"');
  }
  const { client } = parts;
  if (!client || !isConferenceClient(client)) {
    throw new HandoffError(
      'invalid_options',
      'transferStrategy "conference" places and moves calls: it needs vobiz.authId (or a vobiz.client with makeCall, transferCall and hangupCall)',
    );
  }
  if (!options.vobiz.callerId) {
    throw new HandoffError(
      'invalid_options',
      'transferStrategy "conference" needs vobiz.callerId: the DID the human’s call comes from',
    );
  }
  const settings = options.conference ?? {};
  // A consult is a conversation: the caller's bounded wait leaves room for it.
  const maxWaitSec =
    settings.maxWaitSec ?? parts.xml.ringTimeoutSec + (settings.consult === 'stream' ? 120 : 30);
  if (!(maxWaitSec > 0))
    throw new HandoffError('invalid_options', '`conference.maxWaitSec` must be positive');
  if (settings.consult !== undefined && !['none', 'keys', 'stream'].includes(settings.consult)) {
    throw new HandoffError('invalid_options', '`conference.consult` is "none", "keys" or "stream"');
  }
  const amdTime = settings.machineDetectionTimeMs;
  if (amdTime !== undefined && !(Number.isInteger(amdTime) && amdTime >= 2000 && amdTime <= 10000)) {
    throw new HandoffError(
      'invalid_options',
      '`conference.machineDetectionTimeMs` is 2000–10000 (Vobiz’s range)',
    );
  }
  return new ConferenceTransfers({
    handoff: parts.handoff,
    client,
    legs: new ConferenceLegs(parts.handoff.store),
    xml: parts.xml,
    callerId: options.vobiz.callerId,
    maxWaitSec,
    machineDetection: settings.machineDetection ?? true,
    consult: settings.consult ?? 'none',
    ...(settings.humanLanguage ? { humanLanguage: settings.humanLanguage } : {}),
    ...(amdTime === undefined ? {} : { machineDetectionTimeMs: amdTime }),
    ...(parts.logger ? { logger: parts.logger } : {}),
  });
}

/**
 * `gateway.onConsult(handler)`: consult sockets at `/consult/<handoff>/<attempt>/<token>`, checked
 * before the handshake, each handed over as a session with the packet and accept/decline.
 */
export function registerConsult(
  conference: ConferenceTransfers | undefined,
  handoff: Handoff,
  upgrades: UpgradeRouter,
  handler: ConsultHandler,
): () => void {
  if (!conference) {
    throw new HandoffError('invalid_options', 'gateway.onConsult needs transferStrategy "conference"');
  }
  const undoAgent = conference.useConsultAgent();
  const undoRoute = upgrades.add<ConsultTicket>(
    '/consult/',
    (socket, _request, ticket) => handler(socket, consultSession(ticket, socket, conference.legs, handoff)),
    {
      authorize: (_request, rest) =>
        authorizeConsult(handoff, conference.legs, rest, (context) => conference.humanLanguage(context)),
    },
  );
  return () => {
    undoAgent();
    undoRoute();
  };
}
