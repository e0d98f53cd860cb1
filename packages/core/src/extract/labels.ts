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
};

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
  const amount = extracted.amounts?.[0];
  const speech = options.style === 'speech';
  const wording = intent ? INTENT_WORDING[intent] : undefined;

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
