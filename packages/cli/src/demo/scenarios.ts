import type { TransferArgs } from '@handoff/core';

export interface ScriptLine {
  role: 'caller' | 'agent';
  text: string;
}

/** One scripted call: what is said, and how the handoff starts (the LLM's tool call, or a rule). */
export interface Scenario {
  key: string;
  title: string;
  /** The DID the caller dials; the demo tells scenarios apart by it. */
  to: string;
  from: string;
  lines: ScriptLine[];
  /** The `transfer_to_human` call the scripted "LLM" makes after the last line, if any. */
  toolCall?: TransferArgs;
  /** What starts the handoff, for the printout. */
  trigger: string;
}

export const SCENARIOS: readonly Scenario[] = [
  {
    key: 'loan',
    title: 'Loan applicant qualifies → relationship manager',
    to: '+918000000001',
    from: '+919811000001',
    lines: [
      { role: 'agent', text: 'Welcome to Sahayak Bank. How can I help you today?' },
      { role: 'caller', text: 'Hi, I would like to apply for a home loan for a flat in Pune.' },
      { role: 'agent', text: 'Happy to help. May I have your name and your monthly income?' },
      {
        role: 'caller',
        text: 'My name is Rahul Mehta. I earn 1.2 lakh a month and my account number is 50100234567.',
      },
      { role: 'agent', text: 'Thank you Rahul. How much would you like to borrow?' },
      { role: 'caller', text: 'Around 45 lakh, over twenty years.' },
      {
        role: 'agent',
        text: 'I have checked your eligibility: with that income you qualify for up to 48 lakh.',
      },
    ],
    toolCall: {
      reason: 'Qualified home-loan applicant',
      department: 'loans',
      intent: 'home_loan',
      summary:
        'Rahul Mehta wants a 45 lakh home loan over 20 years; income 1.2 lakh/month; eligible up to 48 lakh.',
      customer: { name: 'Rahul Mehta', accountNumber: '50100234567' },
      fields: { loanAmount: 4_500_000, monthlyIncome: 120_000, eligibleUpTo: 4_800_000, eligible: true },
      sentiment: 'positive',
    },
    trigger: 'LLM tool call transfer_to_human(department: loans)',
  },
  {
    key: 'triage',
    title: 'Patient mentions a symptom → triage nurse, immediately',
    to: '+918000000002',
    from: '+919811000002',
    lines: [
      { role: 'agent', text: 'Namaste, City Care clinic. How may I help you?' },
      { role: 'caller', text: 'Hello, I wanted to move my check-up appointment to next week.' },
      { role: 'agent', text: 'Of course. Can I have your name please?' },
      {
        role: 'caller',
        text: 'This is Anita Desai. Actually since this morning I have chest pain and feel breathless.',
      },
    ],
    trigger: 'keyword rule (symptom) with action transfer, urgency immediate',
  },
  {
    key: 'refund',
    title: 'Refund above ₹10,000 → senior care (when() rule)',
    to: '+918000000003',
    from: '+919811000003',
    lines: [
      { role: 'agent', text: 'Hello, this is ShopKart support. How can I help?' },
      { role: 'caller', text: 'My order 88812 was cancelled but the money was still taken from my account.' },
      { role: 'agent', text: 'I am sorry about that. How much were you charged?' },
      { role: 'caller', text: 'Rs 15,000. Mujhe refund chahiye, jaldi please.' },
    ],
    trigger: 'when(refundAmount > 10,000) rule',
  },
];

export function scenarioFor(to: string | undefined): Scenario | undefined {
  const digits = (to ?? '').replace(/\D/g, '');
  return SCENARIOS.find((s) => s.to.replace(/\D/g, '') === digits);
}
