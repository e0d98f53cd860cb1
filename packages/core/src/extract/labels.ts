import type { Extracted } from '../types.js';
import { formatInr, speakInr } from './amounts.js';

interface IntentWording {
  /** Noun phrase for lists and headers: "refund". */
  noun: string;
  /** Verb phrase for speech, subject omitted: "wants a refund". */
  spoken: string;
  /** How an amount attaches: "refund of ₹15,000" vs "billing problem involving ₹2,000". */
  amount: 'of' | 'involving';
}

const INTENT_WORDING: Readonly<Record<string, IntentWording>> = {
  refund: { noun: 'refund', spoken: 'wants a refund', amount: 'of' },
  loan: { noun: 'loan enquiry', spoken: 'is asking about a loan', amount: 'of' },
  card_block: { noun: 'card block', spoken: 'wants to block a card', amount: 'involving' },
  cancellation: { noun: 'cancellation', spoken: 'wants to cancel', amount: 'involving' },
  account_access: {
    noun: 'account access problem',
    spoken: 'cannot get into their account',
    amount: 'involving',
  },
  billing: { noun: 'billing problem', spoken: 'has a billing problem', amount: 'involving' },
  technical: { noun: 'technical problem', spoken: 'has a technical problem', amount: 'involving' },
  medical: { noun: 'medical concern', spoken: 'reports a medical concern', amount: 'involving' },
  complaint: { noun: 'complaint', spoken: 'has a complaint', amount: 'involving' },
  fraud: { noun: 'suspected fraud', spoken: 'reports possible fraud', amount: 'involving' },
  delivery: { noun: 'delivery problem', spoken: 'has a delivery problem', amount: 'involving' },
  sim_block: { noun: 'SIM block', spoken: 'wants to block a SIM', amount: 'involving' },
  insurance_claim: { noun: 'insurance claim', spoken: 'is calling about an insurance claim', amount: 'of' },
  return: { noun: 'return or exchange', spoken: 'wants to return or exchange an item', amount: 'of' },
  policy: { noun: 'policy service', spoken: 'is calling about their policy', amount: 'involving' },
  appointment: { noun: 'appointment', spoken: 'wants an appointment', amount: 'involving' },
};

/** How an issue type continues the intent phrase: "refund … for a cancelled order". */
const ISSUE_WORDING: Readonly<Record<string, string>> = {
  chest_pain: 'with chest pain',
  breathing_difficulty: 'with difficulty breathing',
  fever: 'with fever',
  unauthorised_transaction: 'for an unauthorised transaction',
  lost_or_stolen_card: 'for a lost or stolen card',
  double_charge: 'for a double charge',
  failed_transaction: 'for a failed transaction',
  cancelled_order: 'for a cancelled order',
  late_delivery: 'for an order not delivered',
  login_problem: 'with a login problem',
  app_error: 'with an app error',
  loan_application: 'for a new loan',
  loan_repayment: 'about repayment',
  lost_or_stolen_phone: 'for a lost or stolen phone',
  claim_rejected: 'for a rejected claim',
  claim_pending: 'for a claim still pending',
  incorrect_charge: 'for a wrong charge',
  damaged_product: 'for a damaged item',
  wrong_item: 'for a wrong item',
  network_problem: 'with a network problem',
  policy_renewal: 'for a renewal',
};

/** Labels a person reads on the desk, in tickets and in the summary; other keys are humanized. */
const LABELS: Readonly<Record<string, string>> = {
  account_access: 'Account access',
  app_error: 'App error',
  card_block: 'Card block',
  sim_block: 'SIM block',
  insurance_claim: 'Insurance claim',
  unauthorised_transaction: 'Unauthorised transaction',
  lost_or_stolen_card: 'Lost or stolen card',
  lost_or_stolen_phone: 'Lost or stolen phone',
  return: 'Return or exchange',
  policy: 'Policy service',
  very_negative: 'Very negative',
};

/** Language codes as a person reads them; the caller's own name for it follows in brackets. */
const LANGUAGE_LABELS: Readonly<Record<string, string>> = {
  en: 'English',
  hi: 'Hindi (हिन्दी)',
  'hi-Latn': 'Hinglish (Hindi in Latin script)',
};

/** "home_loan" → "Home loan", "card_block" → "Card block": never a raw key in front of a person. */
export function labelFor(key: string): string {
  const known = LABELS[key];
  if (known) return known;
  const words = humanize(key);
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "hi-Latn" → "Hinglish (Hindi in Latin script)"; an unknown code is shown as given. */
export function languageLabel(code: string): string {
  return LANGUAGE_LABELS[code] ?? code;
}

/** "home_loan" → "loan": an LLM's finer key often ends in one of ours. */
function lastWord(key: string): string {
  return humanize(key).split(' ').pop() ?? key;
}

/** "card_block" → "card block". */
export function humanize(key: string): string {
  return key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
}

export interface DescribeOptions {
  /**
   * `text`: "Refund of ₹15,000 for a cancelled order".
   * `speech`: "wants a refund of 15,000 rupees for a cancelled order".
   */
  style: 'text' | 'speech';
}

/**
 * The caller's issue in one phrase, from intent, the first amount and the issue type; `undefined`
 * when none of them is known.
 */
export function describeIssue(
  extracted: Pick<Extracted, 'intent' | 'issueType' | 'amounts'>,
  options: DescribeOptions,
): string | undefined {
  const { intent, issueType } = extracted;
  // The amount at stake is usually the largest one said: a loan of 45 lakh, not the 1.2 lakh income.
  const amount = extracted.amounts?.length ? Math.max(...extracted.amounts) : undefined;
  const speech = options.style === 'speech';
  const wording = intent ? (INTENT_WORDING[intent] ?? INTENT_WORDING[lastWord(intent)]) : undefined;

  if (!intent && !issueType) {
    if (amount === undefined) return undefined;
    return speech ? `mentioned ${speakInr(amount)}` : `Amount ${formatInr(amount)}`;
  }
  const topic = humanize((intent ?? issueType)!);
  let phrase = wording
    ? speech
      ? wording.spoken
      : wording.noun
    : speech
      ? `is calling about ${topic}`
      : topic;

  if (amount !== undefined) {
    const money = speech ? speakInr(amount) : formatInr(amount);
    phrase += ` ${wording?.amount ?? 'involving'} ${money}`;
  }
  if (intent && issueType && humanize(issueType) !== humanize(intent)) {
    phrase += ` ${ISSUE_WORDING[issueType] ?? `(${humanize(issueType)})`}`;
  }
  return speech ? phrase : phrase.charAt(0).toUpperCase() + phrase.slice(1);
}
