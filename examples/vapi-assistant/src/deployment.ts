import { explicitRequest, type HandoffOptions, keywords, sentimentBelow } from '@handoff/core';

/** Where the teams ring, and the rules that hand a caller over without the LLM asking. */
export function deployment(env: NodeJS.ProcessEnv = process.env): Omit<HandoffOptions, 'vobiz' | 'transfer'> {
  return {
    destinations: {
      loans: {
        number: env.LOANS_NUMBER ?? '+919800000001',
        label: 'Relationship manager',
        fallback: 'support',
      },
      support: { number: env.SUPPORT_NUMBER ?? '+919800000002', label: 'Senior care' },
    },
    // A caller who does not name a team goes to Senior care.
    routing: [{ when: { department: undefined }, to: 'support' }],
    triggers: [
      explicitRequest(),
      keywords({ words: ['chargeback', 'consumer court'], action: 'suggest' }),
      sentimentBelow(-0.6, { action: 'transfer', department: 'support' }),
    ],
    capabilities: { backToAi: true },
    onError: (error, where) =>
      console.error(`[handoff] ${where}:`, error instanceof Error ? error.message : error),
  };
}
