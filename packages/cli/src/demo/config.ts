import {
  createHandoff,
  explicitRequest,
  type Handoff,
  type HandoffOptions,
  keywords,
  sentimentBelow,
  when,
} from '@handoff/core';
import { vobizCarrier } from '@handoff/vobiz';
import { z } from 'zod/v4';

/** The demo deployment: three teams, the facts each cares about, and the rules that hand off. */
export const demoFields = z.object({
  loanAmount: z.number(),
  monthlyIncome: z.number(),
  eligibleUpTo: z.number(),
  eligible: z.boolean(),
  symptom: z.string(),
  refundAmount: z.number(),
  orderId: z.string(),
});

const SYMPTOMS = ['chest pain', 'breathless', 'short of breath', 'fainted', 'bleeding', 'seene mein dard'];

export function demoHandoff(options: {
  baseUrl: string;
  authId: string;
  authToken: string;
  gatewayUrl?: string;
}): Handoff {
  const config: HandoffOptions = {
    transfer: vobizCarrier({
      authId: options.authId,
      authToken: options.authToken,
      baseUrl: options.baseUrl,
    }),
    ...(options.gatewayUrl ? { gatewayUrl: options.gatewayUrl } : {}),
    destinations: {
      loans: { number: '+919800000001', label: 'Relationship manager', callerId: '+918000000001' },
      triage: { sip: 'sip:nurse@pbx.example.com', label: 'Triage nurse', callerId: '+918000000002' },
      support: {
        numbers: ['+919800000002', '+919800000003'],
        label: 'Senior care',
        callerId: '+918000000003',
      },
    },
    fields: demoFields,
    triggers: [
      explicitRequest(),
      keywords({
        id: 'symptom',
        words: SYMPTOMS,
        action: 'transfer',
        department: 'triage',
        urgency: 'immediate',
        reason: 'caller reports a symptom',
      }),
      when(({ extracted }) => ((extracted.fields.refundAmount as number | undefined) ?? 0) > 10_000, {
        id: 'refund-above-10k',
        department: 'support',
        urgency: 'high',
        reason: 'refund above ₹10,000',
      }),
      sentimentBelow(-0.6),
    ],
    // Deployment-specific facts: what this business wants on the human's screen.
    extract: (turn, extracted) => {
      const text = turn.text.toLowerCase();
      const symptom = SYMPTOMS.filter((s) => text.includes(s));
      const fields: Record<string, unknown> = {};
      if (symptom.length > 0) fields.symptom = symptom.join(', ');
      const order = /\border\s+(?:no\.?\s*|number\s*)?(\d{4,})/i.exec(turn.text);
      if (order) fields.orderId = order[1];
      if (/refund|cancel|charged|wapas/.test(text) && extracted.amounts?.length) {
        fields.refundAmount = extracted.amounts.at(-1);
      }
      return Object.keys(fields).length > 0 ? fields : undefined;
    },
    capabilities: { backToAi: true },
  };
  return createHandoff(config);
}
