import {
  explicitRequest,
  type HandoffOptions,
  keywords,
  lowConfidence,
  sentimentBelow,
  when,
} from '@handoff/core';
import { z } from 'zod';

/** The one deployment every platform runs in the suite: the seed's teams and rules. */
export const NUMBERS = {
  loans: '+919800000001',
  support: '+919800000002',
  triage: '+919800000005',
  night: '+919800000009',
} as const;

const SYMPTOMS = ['chest pain', 'breathless', 'seene mein dard'];

export const fields = z.object({ loanAmount: z.number(), refundAmount: z.number(), symptom: z.string() });

export function deployment(): Omit<HandoffOptions<typeof fields>, 'vobiz' | 'transfer'> {
  return {
    destinations: {
      loans: { number: NUMBERS.loans, label: 'Relationship manager', fallback: 'support' },
      support: { number: NUMBERS.support, label: 'Senior care' },
      triage: { number: NUMBERS.triage, label: 'Triage nurse' },
      // Open one hour a week, so it is closed whenever the suite runs but for that hour.
      night: {
        number: NUMBERS.night,
        label: 'Night desk',
        timeZone: 'Asia/Kolkata',
        hours: { days: { 7: ['03:00-03:01'] } },
      },
    },
    // A request that names no team goes to senior care.
    routing: [{ when: { match: (input) => input.department === undefined }, to: 'support' }],
    fields,
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
      sentimentBelow(-0.5, { action: 'transfer', department: 'support', id: 'angry' }),
      lowConfidence({ below: 0.5, turns: 3, action: 'transfer', department: 'support', id: 'misheard' }),
    ],
    extract: (turn, extracted) => {
      const text = turn.text.toLowerCase();
      const found: Record<string, unknown> = {};
      const symptom = SYMPTOMS.filter((s) => text.includes(s));
      if (symptom.length > 0) found.symptom = symptom.join(', ');
      if (/refund|charged|wapas/.test(text) && extracted.amounts?.length)
        found.refundAmount = extracted.amounts.at(-1);
      return Object.keys(found).length > 0 ? found : undefined;
    },
    afterHours: 'back_to_ai',
    fallback: ['next_destination', 'callback', 'hangup'],
    capabilities: { backToAi: true },
    sayTimeoutMs: 8_000,
    // Short lines: platforms that cannot report playout wait for an estimate of each one.
    messages: { en: { transferring: 'Connecting you to our {label} now.' } },
  };
}
