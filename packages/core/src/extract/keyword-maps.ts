import { phrasesRegex } from './text.js';

/**
 * What the caller wants, by phrase (English, Hinglish, Devanagari). Order is priority: when one
 * utterance matches several ("a refund for a cancelled order"), the earlier key wins, and a later
 * turn can only replace the intent with a higher-priority one. Medical and fraud come first
 * because they change where the call must go.
 */
// biome-ignore format: a word table reads better packed than one word per line
export const defaultIntents: Readonly<Record<string, readonly string[]>> = {
  medical: [
    'chest pain', 'stomach pain', 'severe pain', 'cant breathe', 'cannot breathe', 'short of breath',
    'breathless', 'difficulty breathing', 'breathing problem', 'fever', 'symptom', 'symptoms', 'dizzy',
    'dizziness', 'fainted', 'unconscious', 'bleeding', 'vomiting', 'headache', 'seene mein dard',
    'pet mein dard', 'bukhar', 'saans', 'chakkar', 'ulti', 'सीने में दर्द', 'दर्द', 'बुखार', 'सांस', 'चक्कर',
    'उल्टी',
  ],
  fraud: [
    'fraud', 'scam', 'unauthorised', 'unauthorized', 'didnt make this transaction',
    'did not make this transaction',
    'not done by me', 'hacked', 'dhokha', 'dhokhadhadi', 'maine nahi kiya', 'धोखा', 'धोखाधड़ी', 'फ्रॉड',
  ],
  card_block: [
    'block my card', 'block the card', 'block card', 'card block', 'lost my card', 'card lost', 'card stolen',
    'stolen card', 'card was stolen', 'card got stolen', 'card is stolen', 'card was lost', 'card is lost',
    'lost card', 'card kho gaya', 'card chori', 'card band karo', 'कार्ड ब्लॉक', 'कार्ड खो गया',
  ],
  refund: [
    'refund', 'money back', 'return my money', 'reimburse', 'reimbursement', 'paise wapas', 'paisa wapas',
    'paise vapas', 'paisa vapas', 'रिफंड', 'पैसे वापस',
  ],
  loan: [
    'loan', 'emi', 'home loan', 'personal loan', 'interest rate', 'karz', 'karza', 'लोन', 'ऋण', 'कर्ज',
  ],
  cancellation: [
    'cancel', 'cancellation', 'unsubscribe', 'terminate', 'close my account', 'cancel karna', 'band karna',
    'band karwana', 'कैंसिल', 'रद्द', 'बंद करना',
  ],
  account_access: [
    'cant log in', 'cannot log in', 'cant login', 'cannot login', 'unable to login', 'unable to log in',
    'locked out', 'account locked', 'account blocked', 'forgot password', 'forgot my password',
    'reset password', 'reset my password', 'password reset', 'login nahi', 'लॉगिन नहीं',
  ],
  billing: [
    'bill', 'billing', 'charged', 'overcharged', 'double charged', 'charged twice', 'invoice', 'deducted',
    'extra charge', 'kat gaya', 'kat gaye', 'paise kat', 'बिल', 'कट गया', 'कट गए', 'पैसे कट',
  ],
  technical: [
    'not working', 'doesnt work', 'does not work', 'error', 'crash', 'crashing', 'crashed', 'bug',
    'website down', 'app down', 'kaam nahi kar', 'chal nahi raha', 'nahi chal raha', 'काम नहीं कर',
    'नहीं चल रहा',
  ],
  delivery: [
    'delivery', 'not delivered', 'parcel', 'courier', 'shipment', 'tracking', 'order not received',
    'डिलीवरी',
  ],
  complaint: ['complaint', 'complain', 'shikayat', 'शिकायत'],
};

/** What exactly went wrong, finer than the intent. Same priority rule as `defaultIntents`. */
// biome-ignore format: a word table reads better packed than one word per line
export const defaultIssueTypes: Readonly<Record<string, readonly string[]>> = {
  chest_pain: ['chest pain', 'seene mein dard', 'सीने में दर्द'],
  breathing_difficulty: [
    'cant breathe', 'cannot breathe', 'short of breath', 'breathless', 'difficulty breathing',
    'breathing problem', 'saans', 'सांस',
  ],
  fever: ['fever', 'bukhar', 'बुखार'],
  unauthorised_transaction: [
    'unauthorised transaction', 'unauthorized transaction', 'didnt make this transaction',
    'did not make this transaction', 'not done by me', 'maine nahi kiya',
  ],
  lost_or_stolen_card: [
    'lost my card', 'card lost', 'card stolen', 'stolen card', 'card was stolen', 'card got stolen',
    'card is stolen',
    'card was lost', 'card is lost', 'lost card', 'card kho gaya', 'card chori', 'कार्ड खो गया',
  ],
  double_charge: ['charged twice', 'double charged', 'double charge', 'deducted twice', 'do baar kat'],
  failed_transaction: [
    'transaction failed', 'failed transaction', 'payment failed', 'payment failure', 'money deducted',
    'amount deducted', 'paise kat gaye', 'paisa kat gaya', 'पैसे कट गए',
  ],
  cancelled_order: [
    'cancelled order', 'canceled order', 'order cancelled', 'order canceled', 'order was cancelled',
    'order was canceled', 'cancelled my order', 'order cancel',
  ],
  late_delivery: [
    'not delivered', 'late delivery', 'delivery delayed', 'delayed delivery', 'order not received',
  ],
  login_problem: [
    'cant log in', 'cannot log in', 'cant login', 'cannot login', 'unable to login', 'unable to log in',
    'locked out', 'forgot password', 'forgot my password', 'login nahi', 'लॉगिन नहीं',
  ],
  app_error: ['app crash', 'app crashing', 'app not working', 'error message', 'error code', 'app down'],
  loan_application: [
    'apply for a loan', 'new loan', 'loan apply', 'loan chahiye', 'loan lena', 'need a loan',
  ],
  loan_repayment: ['emi', 'repayment', 'foreclose', 'foreclosure', 'prepay', 'prepayment'],
};

/** A keyword map compiled once: one regex per key, keys in priority order. */
export class KeywordClassifier {
  readonly #entries: ReadonlyArray<{ key: string; pattern: RegExp }>;

  constructor(map: Readonly<Record<string, readonly string[]>>) {
    this.#entries = Object.entries(map).map(([key, phrases]) => ({
      key,
      pattern: phrasesRegex(phrases, 'u'),
    }));
  }

  /** The highest-priority key whose phrases occur in the folded text. */
  classify(folded: string): string | undefined {
    for (const { key, pattern } of this.#entries) if (pattern.test(folded)) return key;
    return undefined;
  }

  /** Position of a key in priority order; unknown keys (set by an LLM or a tool) rank last. */
  rank(key: string | undefined): number {
    const i = this.#entries.findIndex((e) => e.key === key);
    return i === -1 ? Number.POSITIVE_INFINITY : i;
  }

  has(key: string): boolean {
    return this.#entries.some((e) => e.key === key);
  }
}

/**
 * A deployment's phrases on top of the built-ins: phrases for a built-in key are added to it (it
 * keeps its place in the priority order); new keys come first, since a deployment that names its
 * own intent cares about it most.
 */
export function mergeKeywordMaps(
  defaults: Readonly<Record<string, readonly string[]>>,
  custom: Readonly<Record<string, readonly string[]>> | undefined,
): Record<string, readonly string[]> {
  if (!custom) return { ...defaults };
  const merged: Record<string, readonly string[]> = {};
  for (const [key, phrases] of Object.entries(custom)) if (!(key in defaults)) merged[key] = phrases;
  for (const [key, phrases] of Object.entries(defaults)) merged[key] = [...phrases, ...(custom[key] ?? [])];
  return merged;
}

export const defaultIntentClassifier = new KeywordClassifier(defaultIntents);
export const defaultIssueClassifier = new KeywordClassifier(defaultIssueTypes);
