/**
 * What a Retell deployment runs: the core with its teams and rules, and the gateway that answers
 * Vobiz by dialling the Retell agent over SIP and takes Retell's signed requests at `/retell`.
 * `index.ts` runs it for real; `dry-run.ts` runs it against the local Vobiz sandbox.
 */
import { createHandoff, explicitRequest, type Handoff, keywords, sentimentBelow } from '@handoff/core';
import { createGateway, type Gateway } from '@handoff/gateway';
import { type RetellClientLike, type RetellEvent, retellHandler } from '@handoff/retell';
import { vobizCarrier } from '@handoff/vobiz';

export interface AgentConfig {
  vobiz: { authId: string; authToken: string; baseUrl?: string };
  /** A DID the Vobiz account owns: the caller ID on every `<Dial>`. */
  callerId: string;
  /** Where Vobiz reaches the Retell agent: the number imported into Retell, at Retell's SIP server. */
  retellSipUri: string;
  /** The Retell API key with the webhook badge. */
  retellApiKey: string;
  /** The https URL Vobiz and Retell reach this gateway at; default: the address it listens on. */
  publicUrl?: string;
  supportNumber: string;
  billingNumber: string;
  /** Stands in for Retell's update-live-call in the dry run. */
  retellClient?: RetellClientLike;
  onEvent?: (event: RetellEvent) => void;
}

export function createRetellAgent(config: AgentConfig): { handoff: Handoff; gateway: Gateway } {
  const handoff = createHandoff({
    transfer: vobizCarrier(config.vobiz),
    ...(config.publicUrl ? { gatewayUrl: config.publicUrl } : {}),
    destinations: {
      support: { number: config.supportNumber, label: 'Customer support' },
      billing: { number: config.billingNumber, label: 'Billing team', fallback: 'support' },
    },
    triggers: [explicitRequest(), keywords(['chargeback', 'fraud']), sentimentBelow(-0.6)],
    // Retell speaks one fixed line whichever team the model picks, so it names none.
    messages: {
      en: { transferring: 'Let me connect you with the right person now. Please stay on the line.' },
    },
    onError: (error, where) =>
      console.error(`[handoff] ${where}:`, error instanceof Error ? error.message : error),
  });
  const gateway = createGateway({
    handoff,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    vobiz: {
      authToken: config.vobiz.authToken,
      authId: config.vobiz.authId,
      callerId: config.callerId,
      ...(config.vobiz.baseUrl ? { baseUrl: config.vobiz.baseUrl } : {}),
    },
    // `<Dial sipHeaders="handoffCall=…"><User>retellSipUri</User></Dial>`: Retell gets X-VH-handoffCall.
    answer: { kind: 'sip', uri: config.retellSipUri, platform: 'retell' },
    platforms: [
      {
        path: '/retell',
        handler: retellHandler(handoff, {
          apiKey: config.retellApiKey,
          ...(config.retellClient ? { client: config.retellClient } : {}),
          ...(config.onEvent ? { onEvent: config.onEvent } : {}),
        }),
      },
    ],
    // Retell's call objects carry the transcript with word timings: larger than Vobiz's forms.
    maxBodyBytes: 4 * 1024 * 1024,
  });
  return { handoff, gateway };
}
