import { intentConcepts, issueConcepts } from './concepts.js';
import { Lemmatizer, spellingLemma } from './lemmas.js';
import { clauseTokens, tokenize } from './text.js';

/**
 * What the caller wants, by phrase (English, Hinglish, Devanagari). Order is priority: when one
 * utterance matches several ("a refund for a cancelled order"), the earlier key wins, and a later
 * turn can only replace the intent with a higher-priority one. Medical and fraud come first
 * because they change where the call must go. In a phrase, `*` stands for up to three words
 * ("lost my * card" matches "lost my debit card").
 */
// biome-ignore format: a word table reads better packed than one word per line
export const defaultIntents: Readonly<Record<string, readonly string[]>> = {
  medical: [
    'chest pain', 'pain in my chest', 'chest * pain', 'heart attack', 'stomach pain', 'severe pain',
    'cant breathe', 'cannot breathe', 'short of breath', 'breathless', 'difficulty breathing',
    'trouble breathing', 'breathing problem', 'not breathing', 'fever', 'symptom', 'symptoms', 'dizzy',
    'dizziness', 'fainted', 'unconscious', 'collapsed', 'bleeding', 'vomiting', 'throwing up', 'headache',
    'numb', 'numbness', 'seizure', 'allergic reaction', 'wrong medicine', 'overdose', 'ambulance', 'swallowed',
    'poisoning', 'burn', 'burns', 'burnt', 'burned', 'blood pressure', 'jal gaya', 'jal gayi', 'chhale',
    'जल गया', 'जल गई', 'sugar * low', 'sugar * high', 'low sugar', 'sweating', 'shivering', 'pasina',
    'kaanp', 'पसीना', 'swelling', 'allergic', 'itching', 'rash', 'hives',
    'seene mein dard', 'seene me dard', 'seene mein * dard', 'chhati mein dard', 'pet mein dard', 'sar dard',
    'bukhar', 'bukhaar', 'saans', 'chakkar', 'ulti', 'behosh', 'सीने में दर्द', 'सीने में * दर्द', 'दर्द',
    'बुखार', 'सांस', 'चक्कर', 'उल्टी', 'बेहोश', 'एम्बुलेंस',
  ],
  insurance_claim: [
    'claim', 'claims', 'cashless', 'surveyor', 'reimburse', 'reimbursed', 'reimbursement', 'क्लेम',
    'कैशलेस', 'दावा',
  ],
  fraud: [
    'fraud', 'scam', 'unauthorised', 'unauthorized', 'didnt make', 'did not make', 'not done by me',
    'i did not do', 'without my permission', 'without my knowledge', 'someone used my card', 'hacked',
    'sim swap', 'duplicate sim', 'someone else', 'kisi aur ne', 'kisi aur ke naam', 'किसी और के नाम',
    'someone is using', 'shared the otp', 'shared my otp', 'gave the otp', 'otp bata diya', 'otp de diya',
    'bank wala bankar', 'paise nikal gaye', 'ओटीपी बता', 'पैसे निकल', 'निकल गए', 'इस्तेमाल कर रहा',
    'someone logged into', 'logged into my account', 'never ordered', 'did not order', 'didnt order',
    'maine order nahi kiya', 'did not buy', 'didnt buy', 'never bought', 'did not purchase',
    'dhokha', 'dhoka', 'dhokhadhadi', 'maine nahi kiya', 'maine koi payment nahi', 'maine koi transaction nahi',
    'धोखा', 'धोखाधड़ी', 'फ्रॉड', 'मैंने नहीं किया',
  ],
  card_block: [
    'block my card', 'block the card', 'block card', 'block * cards', 'card block karo', 'card block kar do',
    'card block karna', 'card block karwana', 'lost my card',
    'lost my * card', 'card * lost', 'card * stolen', 'stolen card', 'lost card', 'wallet * stolen',
    'purse * stolen', 'card kho gaya', 'card chori', 'card band karo', 'card band kar do', 'purse chori',
    'kept my card', 'card got stuck', 'card is stuck', 'card stuck', 'swallowed my card', 'retained my card',
    'पर्स चोरी', 'कार्ड * ब्लॉक', 'कार्ड खो गया', 'कार्ड चोरी',
  ],
  sim_block: [
    'sim block', 'block my sim', 'block the sim', 'sim band', 'sim * band', 'lost my phone', 'phone * stolen',
    'phone kho gaya', 'phone chori', 'mobile chori', 'mobile kho gaya', 'सिम बंद', 'सिम ब्लॉक',
    'फोन चोरी', 'फोन खो गया', 'मोबाइल चोरी',
  ],
  refund: [
    'refund', 'refunded', 'refunds', 'money back', 'return my money', 'want it back', 'reverse', 'reversal',
    'reversed',
    'chargeback', 'paise wapas', 'paisa wapas', 'paise vapas', 'paisa vapas', 'wapas chahiye',
    'wapas karo', 'wapas do', 'wapas kijiye', 'wapas dilwa', 'रिफंड', 'पैसे वापस', 'वापस चाहिए',
    'वापस दिलवाइए', 'वापस कीजिए',
  ],
  return: [
    'return', 'replace', 'replacement', 'exchange', 'wapas karke', 'वापस करके', 'रिप्लेसमेंट', 'एक्सचेंज',
  ],
  complaint: [
    'complaint', 'complain', 'shikayat', 'harass', 'harassing', 'harassment', 'threaten', 'threatening',
    'dhamka', 'dhamki', 'misbehave', 'misbehaved', 'badtameezi', 'शिकायत', 'धमकी', 'बदतमीजी',
  ],
  loan: [
    'loan', 'loans', 'emi', 'emis', 'home loan', 'interest rate', 'noc', 'foreclose', 'foreclosure', 'finance',
    'instalment', 'installment', 'kisht',
    'prepay', 'karz', 'karza', 'लोन', 'ऋण', 'कर्ज', 'ईएमआई',
  ],
  cancellation: [
    'cancel', 'cancellation', 'unsubscribe', 'terminate', 'disconnect', 'discontinue', 'port my number',
    'port out', 'porting', 'close my account', 'close this account', 'closing my account',
    'closing this account', 'cancel karna', 'band karna', 'band karwana', 'band kar do', 'band karo',
    'connection * band', 'कैंसिल', 'रद्द', 'बंद करना', 'बंद कर दो', 'बंद कीजिए',
    'पोर्ट',
  ],
  account_access: [
    'cant log in', 'cannot log in', 'cant login', 'cannot login', 'unable to login', 'unable to log in',
    'not able to login', 'not able to log in', 'locked out', 'account locked', 'account blocked', 'dormant',
    'inactive', 'unfreeze', 'account frozen', 'account freeze', 'निष्क्रिय', 'wrong pin', 'forgot pin',
    'forgot my pin', 'pin galat', 'naya pin', 'new pin', 'pin reset',
    'forgot password', 'forgot my password', 'reset password', 'reset my password', 'password reset',
    'login nahi', 'लॉगिन नहीं', 'पासवर्ड',
  ],
  billing: [
    'bill', 'billing', 'charged', 'overcharged', 'double charged', 'charged twice', 'invoice', 'deducted',
    'extra charge', 'extra charges', 'charge', 'charges', 'penalty', 'kat gaya', 'kat gaye',
    'kat raha', 'paise kat', 'बिल', 'कट गया', 'कट गए', 'पैसे कट', 'चार्ज', 'शुल्क',
  ],
  technical: [
    'not working', 'doesnt work', 'does not work', 'error', 'crash', 'crashing', 'crashed', 'bug',
    'website down', 'app down', 'no network', 'no signal', 'signal nahi', 'network nahi', 'slow internet',
    'internet', 'broadband', 'wifi', 'router', 'calls keep dropping', 'call drop', 'not activated', 'declined',
    'नेटवर्क * नहीं', 'network * nahi', 'signal * nahi',
    'activate nahi', 'activated nahi', 'call nahi ja', 'call ja rahi', 'no incoming', 'no outgoing',
    'kaam nahi kar',
    'chal nahi raha', 'nahi chal raha', 'slow chal', 'काम नहीं कर', 'नहीं चल रहा', 'नेटवर्क नहीं',
    'सिग्नल नहीं', 'इंटरनेट',
  ],
  delivery: [
    'delivery', 'delivered', 'not delivered', 'parcel', 'courier', 'shipment', 'tracking',
    'order not received', 'order * nahi aaya', 'parcel * nahi', 'is missing',
    'supposed to come', 'supposed to arrive', 'supposed to be delivered',
    'are missing', 'was missing', 'missing item', 'missing from', 'पार्सल', 'डिलीवरी',
    'कूरियर',
  ],
  policy: [
    'renew', 'renewal', 'nominee', 'premium', 'policy', 'covered', 'coverage', 'cover hai', 'रिन्यू',
    'नॉमिनी', 'प्रीमियम', 'नवीनीकरण', 'पॉलिसी',
  ],
  appointment: [
    'appointment', 'consultation', 'reschedule', 'book for', 'checkup', 'check up', 'अपॉइंटमेंट',
  ],
};

/**
 * Complaints about how the caller was treated (harassed, threatened, shouted at) go to a grievance
 * desk whatever the product, so they rank just below medical.
 */
// biome-ignore format: a word table reads better packed than one word per line
const CONDUCT_COMPLAINTS: readonly string[] = [
  'harass', 'harassing', 'harassment', 'harassed', 'threaten', 'threatening', 'threatened', 'dhamka',
  'dhamki', 'misbehave', 'misbehaved', 'misbehaving', 'badtameezi', 'rude', 'shouted', 'abused', 'chillaya',
  'chillate', 'spam calls', 'harassing calls', 'remove my number', 'do not call', 'list se hatao',
  'लिस्ट से हटाइए', 'धमकी', 'बदतमीजी', 'चिल्लाया',
];

/** Keys in priority order; a key may appear twice when some of its phrases rank higher than others. */
export type KeywordTiers = ReadonlyArray<readonly [key: string, phrases: readonly string[]]>;

/** A key's phrases with its concept rules (`concepts.ts`) after them. */
const withConcepts = (
  map: Readonly<Record<string, readonly string[]>>,
  concepts: Readonly<Record<string, readonly string[]>>,
): KeywordTiers => Object.entries(map).map(([key, phrases]) => [key, [...phrases, ...(concepts[key] ?? [])]]);

const INTENT_TIERS: KeywordTiers = [
  ['medical', defaultIntents['medical']!],
  ['complaint', CONDUCT_COMPLAINTS],
  ...withConcepts(defaultIntents, intentConcepts).filter(([key]) => key !== 'medical'),
];

/**
 * Phrases that make a call a complaint only when nothing more specific is said: "bakwas service"
 * on a delivery call is about the delivery.
 */
// biome-ignore format: a word table reads better packed than one word per line
export const fallbackIntents: Readonly<Record<string, readonly string[]>> = {
  complaint: [
    'bekaar service', 'bekar service', 'bakwas service', 'ghatiya service', 'worst service',
    'pathetic service', 'terrible service', 'poor service', 'घटिया सर्विस', 'बेकार सर्विस',
  ],
};

/** What exactly went wrong, finer than the intent. Same priority rule as `defaultIntents`. */
// biome-ignore format: a word table reads better packed than one word per line
export const defaultIssueTypes: Readonly<Record<string, readonly string[]>> = {
  chest_pain: [
    'chest pain', 'pain in my chest', 'chest * pain', 'heart attack', 'seene mein dard', 'seene me dard',
    'seene mein * dard', 'chhati mein dard', 'सीने में दर्द', 'सीने में * दर्द',
  ],
  breathing_difficulty: [
    'cant breathe', 'cannot breathe', 'short of breath', 'breathless', 'difficulty breathing',
    'trouble breathing', 'breathing problem', 'not able to breathe', 'saans lene mein dikkat',
    'saans lene mein takleef', 'saans phool', 'saans nahi aa', 'सांस लेने में', 'सांस फूल',
  ],
  fever: ['fever', 'temperature', 'bukhar', 'bukhaar', 'बुखार'],
  unauthorised_transaction: [
    'unauthorised', 'unauthorized', 'didnt make', 'did not make', 'not done by me', 'i did not do',
    'without my permission', 'without my knowledge', 'someone used my card', 'maine nahi kiya',
    'did not buy', 'didnt buy', 'never bought', 'did not purchase', 'never ordered', 'did not order',
    'maine koi payment nahi', 'maine koi transaction nahi', 'मैंने नहीं किया',
  ],
  lost_or_stolen_card: [
    'lost my card', 'lost my * card', 'card * lost', 'card * stolen', 'stolen card', 'lost card',
    'wallet * stolen', 'purse * stolen', 'card kho gaya', 'card chori', 'purse chori', 'पर्स चोरी',
    'कार्ड खो गया', 'कार्ड चोरी',
  ],
  lost_or_stolen_phone: [
    'lost my phone', 'phone * lost', 'phone * stolen', 'phone kho gaya', 'phone chori', 'mobile chori',
    'mobile kho gaya', 'फोन चोरी', 'फोन खो गया', 'मोबाइल चोरी',
  ],
  claim_rejected: [
    'claim * rejected', 'rejected * claim', 'claim reject', 'claim * reject', 'repudiated',
    'क्लेम * रिजेक्ट', 'क्लेम खारिज', 'क्लेम * ठुकरा', 'claim * thukra',
  ],
  claim_pending: [
    'claim * pending', 'approval * pending', 'waiting for * approval', 'cashless approval',
    'under investigation', 'nobody has called', 'मंजूरी',
  ],
  cancelled_order: [
    'cancelled order', 'canceled order', 'order cancelled', 'order canceled', 'order * cancelled',
    'order * canceled', 'cancelled my order', 'got cancelled', 'cancelled by the seller',
    'order cancel ho gaya', 'ऑर्डर कैंसिल हो गया',
  ],
  double_charge: [
    'charged twice', 'double charged', 'double charge', 'deducted twice', 'debited twice',
    'do baar kat', 'do baar * kat', 'दो बार कट', 'दो बार कटे', 'दो बार * कट', 'twice * deducted',
  ],
  failed_transaction: [
    'transaction failed', 'failed transaction', 'payment failed', 'payment failure', 'money deducted',
    'amount deducted', 'got debited', 'cash didnt come', 'cash did not come', 'paise kat gaye',
    'paisa kat gaya', 'recharge nahi hua', 'पैसे कट गए', 'रिचार्ज नहीं हुआ',
  ],
  incorrect_charge: [
    'annual fee', 'extra charge', 'extra charges', 'wrong charge', 'hidden charges', 'penalty',
    'minimum balance', 'bounce charge', 'charge laga', 'fee laga', 'alag se paise', 'galat bill',
    'chhupe hue charge', 'छुपे हुए चार्ज', 'छिपे हुए चार्ज', 'never asked for', 'did not ask for',
    'sms charges', 'charge kat raha', 'remove * from my bill', 'charged * extra', 'liya hi nahi',
    'correct the bill', 'wrong bill', 'सही बिल', 'galat charge',
    'bill galat', 'गलत चार्ज', 'ज्यादा जोड',
  ],
  late_delivery: [
    'not delivered', 'late delivery', 'delivery delayed', 'delayed delivery', 'order not received',
    'not received my order', 'not received the order', 'not received my parcel', 'not received the parcel',
    'supposed to come', 'supposed to arrive', 'supposed to be delivered',
    'out for delivery', 'order * nahi aaya', 'parcel * nahi', 'mila hi nahi',
    'पार्सल * नहीं आया', 'ऑर्डर * नहीं आया',
  ],
  damaged_product: [
    // Only beside a word for the delivered item (`concepts.ts`): "the accident broke the bumper" is a claim.
  ],
  wrong_item: [
    'wrong item', 'wrong product', 'wrong size', 'wrong colour', 'wrong color', 'bigger size',
    'smaller size', 'galat item', 'galat size', 'गलत साइज', 'गलत रंग', 'रंग का आ गया', 'too small',
    'too big', 'doesnt fit', 'does not fit', 'fit nahi', 'chhota hai', 'chhote hain', 'bada chahiye',
    'छोटा है', 'छोटे हैं', 'बड़ा चाहिए',
  ],
  login_problem: [
    'cant log in', 'cannot log in', 'cant login', 'cannot login', 'unable to login', 'unable to log in',
    'not able to login', 'not able to log in', 'locked out', 'account locked', 'forgot password',
    'forgot my password', 'login nahi', 'लॉगिन नहीं',
  ],
  app_error: [
    'app crash', 'app crashing', 'keeps crashing', 'app not working', 'app * not working', 'error message',
    'error code', 'app down',
  ],
  network_problem: [
    'no network', 'network nahi', 'network problem', 'network issue', 'poor network', 'no signal',
    'weak signal', 'signal nahi', 'calls keep dropping', 'call drop', 'slow internet', 'internet * slow',
    'internet * down', 'broadband * not working', 'wifi * not working', 'roaming * not working',
    'without data', 'no data', 'internet nahi chal', 'internet * dead', 'connection * dead', 'been down', 'नेटवर्क नहीं', 'सिग्नल नहीं', 'नेटवर्क * नहीं',
    'सिग्नल * नहीं', 'network * nahi', 'signal * nahi',
  ],
  loan_application: [
    'apply for a loan', 'apply for a * loan', 'new loan', 'loan apply', 'loan chahiye', 'loan lena',
    'need a loan', 'need a * loan', 'loan of', 'loan application', 'business loan', 'business loans',
    'working capital', 'gold loan', 'top up', 'want to finance', 'finance a', 'loan ke baare mein', 'लोन चाहिए', 'लोन का आवेदन',
  ],
  loan_repayment: [
    'emi', 'repayment', 'foreclose', 'foreclosure', 'prepay', 'prepayment', 'part payment',
    'loan closure', 'close my loan', 'close the loan', 'loan band', 'लोन बंद', 'ईएमआई', 'किस्त',
    'settlement', 'settle', 'one time settlement', 'सेटलमेंट',
  ],
  policy_renewal: ['renew', 'renewal', 'expires', 'expiring', 'रिन्यू', 'नवीनीकरण'],
};

/**
 * What an issue says about the intent: a failed debit is a refund even when the caller never says
 * "refund". Used only when it outranks the intent the caller's words gave.
 */
export const intentOfIssue: Readonly<Record<string, string>> = {
  chest_pain: 'medical',
  breathing_difficulty: 'medical',
  fever: 'medical',
  unauthorised_transaction: 'fraud',
  lost_or_stolen_card: 'card_block',
  lost_or_stolen_phone: 'sim_block',
  claim_rejected: 'insurance_claim',
  claim_pending: 'insurance_claim',
  cancelled_order: 'refund',
  double_charge: 'refund',
  failed_transaction: 'refund',
  incorrect_charge: 'billing',
  late_delivery: 'delivery',
  damaged_product: 'return',
  wrong_item: 'return',
  login_problem: 'account_access',
  app_error: 'technical',
  network_problem: 'technical',
  loan_application: 'loan',
  loan_repayment: 'loan',
  policy_renewal: 'policy',
};

/** Keys whose phrases a plain "no"/"nahi" cancels ("no fever", "बुखार नहीं है"), not only "I don't want". */
const SYMPTOM_KEYS = new Set(['medical', 'chest_pain', 'breathing_difficulty', 'fever']);

/** Where a matched pattern counts: a key's phrase, or one part of an "a & b" rule. */
interface Target {
  key: number;
  /** For one part of an "a & b" rule: the rule's index (else -1) and which part this is. */
  rule: number;
  part: number;
}

/** A word pattern, matched once per position however many phrases and rules share it. */
interface Pattern {
  /** Runs of words, with up to `MAX_GAP` other words allowed between consecutive runs. */
  runs: ReadonlyArray<readonly string[]>;
  /** Evidence the phrase carries: its number of words, so "close my credit card" outweighs "card". */
  weight: number;
  targets: Target[];
}

const MAX_GAP = 3;
/** Clause breaks in the token stream, so a phrase or a negation never reaches across "no, I want…". */
const BREAK = '|';

export interface Classified {
  key: string | undefined;
  score: number;
}
const NOTHING: Classified = Object.freeze({ key: undefined, score: 0 });

export interface ClassifierOptions {
  /**
   * How many leading tiers win whenever one of their phrases is said, in priority order, whatever
   * else the utterance says: a symptom makes the call medical even in a sentence about an
   * appointment. The other tiers are scored (the words of their phrases found), ties going to
   * priority. Default 0.
   */
  pinned?: number;
  /** A lemmatizer over a vocabulary that includes this map's words, shared with other classifiers. */
  lemmatizer?: Lemmatizer;
}

/**
 * A keyword map compiled once into an index from a phrase's first word to the phrases that start
 * with it, so classifying an utterance costs one pass over its words, whatever the number of phrases.
 * Words are matched by lemma (`lemmas.ts`): a phrase names "cancel" or "band kar" once and matches
 * "cancelled", "band karwa dijiye" and "band karo".
 */
export class KeywordClassifier {
  readonly #keys: readonly string[];
  readonly #symptom: readonly boolean[];
  readonly #pinned: readonly boolean[];
  readonly #byFirstWord = new Map<string, Pattern[]>();
  readonly #lemmas: Lemmatizer;
  /** "a & b" rules (every part said somewhere in the utterance, any order): each rule's key and part count. */
  readonly #ruleKeys: number[] = [];
  readonly #ruleParts: number[] = [];

  constructor(
    map: Readonly<Record<string, readonly string[]>> | KeywordTiers,
    options: ClassifierOptions = {},
  ) {
    const tiers: KeywordTiers = Array.isArray(map) ? map : Object.entries(map);
    this.#keys = tiers.map(([key]) => key);
    this.#symptom = this.#keys.map((key) => SYMPTOM_KEYS.has(key));
    this.#pinned = this.#keys.map((_, i) => i < (options.pinned ?? 0));
    // phrase → parts (all needed, "&") → alternatives ("|") → runs ("*") → words.
    const parsed = tiers.map(([, phrases]) =>
      phrases.map((phrase) =>
        phrase
          .split('&')
          .map((part) =>
            part.split('|').map((alt) => alt.split('*').map((run) => tokenize(run).map(spellingLemma))),
          ),
      ),
    );
    this.#lemmas = options.lemmatizer ?? new Lemmatizer(parsed.flat(5));
    const patterns = new Map<string, Pattern>();
    for (const [key, phrases] of parsed.entries()) {
      for (const parts of phrases) {
        const rule = parts.length > 1 ? this.#ruleKeys.push(key) - 1 : -1;
        if (rule !== -1) this.#ruleParts.push(parts.length);
        for (const [part, alternatives] of parts.entries()) {
          for (const alt of alternatives) {
            const runs = alt.map((run) => run.map((w) => this.#lemmas.canonical(w)));
            if (runs.some((run) => run.length === 0)) continue;
            const id = runs.map((run) => run.join(' ')).join(' * ');
            let pattern = patterns.get(id);
            if (!pattern) {
              pattern = { runs, weight: runs.reduce((n, run) => n + run.length, 0), targets: [] };
              patterns.set(id, pattern);
              const first = runs[0]![0]!;
              const list = this.#byFirstWord.get(first) ?? [];
              list.push(pattern);
              this.#byFirstWord.set(first, list);
            }
            pattern.targets.push({ key, rule, part });
          }
        }
      }
    }
  }

  /** The key the folded text most supports, among phrases the caller did not negate. */
  classify(folded: string): string | undefined {
    return this.classifyTokens(clauseTokens(folded));
  }

  /** `classify` over `clauseTokens(text)` computed once and shared between classifiers. */
  classifyTokens(tokens: readonly string[]): string | undefined {
    // The extractor and the summary classify the same turn's (shared, frozen) tokens: answer the
    // second from the first. A frozen array cannot have changed since.
    return this.scoreTokens(tokens).key;
  }

  /**
   * The winning key and its evidence: how many of the caller's words spoke for it (a rule counts
   * its parts), `Infinity` for a pinned key.
   */
  scoreTokens(tokens: readonly string[]): Classified {
    // The extractor and the summary classify the same turn's (shared, frozen) tokens: answer the
    // second from the first. A frozen array cannot have changed since.
    if (tokens === this.#lastTokens) return this.#last;
    const result = this.#classify(tokens);
    if (Object.isFrozen(tokens)) {
      this.#lastTokens = tokens;
      this.#last = result;
    }
    return result;
  }

  #lastTokens: readonly string[] | undefined;
  #last: Classified = NOTHING;

  #classify(tokens: readonly string[]): Classified {
    const lemmas = this.#lemmas.lemmasOf(tokens, BREAK);
    let scores: number[] | undefined;
    // Words already counted for a key: overlapping phrases ("cancel", "cancel karna") count once.
    let covered: number[] | undefined;
    let found: Map<number, number> | undefined;
    let negation: NegationCache | undefined;
    let pinned = Number.POSITIVE_INFINITY;
    for (let i = 0; i < tokens.length; i++) {
      const candidates = this.#byFirstWord.get(lemmas[i]!);
      if (!candidates) continue;
      for (const pattern of candidates) {
        const end = matchAt(lemmas, i, pattern.runs);
        if (end === undefined) continue;
        // Negation differs only between symptom and other keys: worked out once each per match.
        let negated = -1;
        let symptomNegated = -1;
        for (const target of pattern.targets) {
          const key = target.key;
          if (this.#pinned[key] && key >= pinned) continue;
          if (this.#symptom[key]) {
            if (symptomNegated === -1) {
              negation ??= new NegationCache(tokens);
              symptomNegated = negation.negated(i, end, true) ? 1 : 0;
            }
            if (symptomNegated === 1) continue;
          } else {
            if (negated === -1) {
              negation ??= new NegationCache(tokens);
              negated = negation.negated(i, end, false) ? 1 : 0;
            }
            if (negated === 1) continue;
          }
          if (target.rule !== -1) {
            found ??= new Map();
            const bits = (found.get(target.rule) ?? 0) | (1 << target.part);
            found.set(target.rule, bits);
            if (bits !== 2 ** this.#ruleParts[target.rule]! - 1) continue;
            // Every part is now said: the rule counts once (-1 | part stays -1), as many words as parts.
            found.set(target.rule, -1);
          }
          if (this.#pinned[key]) pinned = key;
          else {
            scores ??= new Array<number>(this.#keys.length).fill(0);
            covered ??= new Array<number>(this.#keys.length).fill(0);
            const fresh =
              target.rule !== -1
                ? this.#ruleParts[target.rule]!
                : Math.min(pattern.weight, end - Math.max(i, covered[key]!));
            if (fresh > 0) scores[key]! += fresh;
            // "I want a refund", "paise wapas chahiye": asked for, not only mentioned (once per key).
            if (covered[key] === 0 && asksFor(tokens, i, end)) scores[key]! += 1;
            covered[key] = Math.max(covered[key]!, end);
          }
        }
      }
    }
    if (pinned !== Number.POSITIVE_INFINITY)
      return { key: this.#keys[pinned], score: Number.POSITIVE_INFINITY };
    if (!scores) return NOTHING;
    let best = -1;
    for (let k = 0; k < scores.length; k++)
      if (scores[k]! > 0 && (best === -1 || scores[k]! > scores[best]!)) best = k;
    return best === -1 ? NOTHING : { key: this.#keys[best], score: scores[best]! };
  }

  /** Position of a key in priority order; unknown keys (set by an LLM or a tool) rank last. */
  rank(key: string | undefined): number {
    const i = key === undefined ? -1 : this.#keys.indexOf(key);
    return i === -1 ? Number.POSITIVE_INFINITY : i;
  }

  has(key: string): boolean {
    return this.#keys.includes(key);
  }
}

/** End index (exclusive) when `runs` match at `start`, within one clause. */
function matchAt(
  tokens: readonly string[],
  start: number,
  runs: ReadonlyArray<readonly string[]>,
): number | undefined {
  // Plain index loops: this runs for every candidate phrase at every word of every caller turn.
  let at = start;
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r]!;
    let found = -1;
    const lastStart = r === 0 ? at : Math.min(tokens.length - run.length, at + MAX_GAP);
    for (let from = at; from <= lastStart; from++) {
      if (from > at && tokens[from - 1] === BREAK) break;
      let k = 0;
      while (k < run.length && tokens[from + k] === run[k]) k++;
      if (k === run.length) {
        found = from;
        break;
      }
    }
    if (found === -1) return undefined;
    at = found + run.length;
  }
  return at;
}

const NAHI = new Set(['nahi', 'nahin', 'nhi', 'नहीं', 'नही']);
const WANT = new Set(['chahiye', 'चाहिए']);
const OTHERWISE = new Set(['to', 'toh', 'तो']);
const MAT = new Set(['mat', 'मत']);
const DONE = new Set(['diya', 'दिया']);
const REQUEST_VERB = new Set(['kar', 'कर', 'do', 'दो']);
const STATE = new Set(['ho', 'हो', 'hua', 'हुआ', 'hai', 'है', 'tha', 'था', 'pada', 'पड़ा', 'पडा']);
const WISH_WORD = new Set(['block', 'ब्लॉक', 'band', 'बंद', 'cancel', 'कैंसिल', 'freeze', 'फ्रीज', 'deactivate']);
/** "I don't want a refund", "not a replacement", "no need to cancel". */
const NEGATED_WISH_BEFORE =
  /(?:(?:(?:dont|do not|didnt|did not|never) (?:really )?(?:want|need|ask for|asked for)|no need (?:for|to)|not looking for)(?: \S+){0,2}|(?:^| )not(?: (?:a|an|the|any))?)$/u;
/** "no fever", "not dizzy", "without pain". */
const NEGATED_BEFORE = /(?:^| )(?:no|not|never|without)(?: \S+)?$/u;
const NEGATION_REACH = 7;
/** A window without one of these words cannot match either pattern above: skip the regexes. */
const NEGATION_CUES = new Set(['dont', 'do', 'didnt', 'did', 'never', 'no', 'not', 'without']);

/** Words that make a phrase near them a request: "i want a refund", "please block", "refund chahiye". */
// biome-ignore format: a word table reads better packed than one word per line
const WISH_CUES = new Set([
  'want', 'wanted', 'need', 'please', 'pls', 'kindly', 'like', 'chahiye', 'चाहिए', 'chahta', 'chahti', 'चाहता',
  'चाहती', 'karwana', 'करवाना', 'karna', 'करना',
]);
const WISH_REACH = 4;

/** Whether a wish word sits within a few words of the phrase, in its clause. */
function asksFor(tokens: readonly string[], start: number, end: number): boolean {
  for (let k = start - 1; k >= 0 && k >= start - WISH_REACH && tokens[k] !== BREAK; k--) {
    if (WISH_CUES.has(spellingLemma(tokens[k]!))) return true;
  }
  for (let k = end; k < tokens.length && k < end + WISH_REACH && tokens[k] !== BREAK; k++) {
    if (WISH_CUES.has(spellingLemma(tokens[k]!))) return true;
  }
  return false;
}

/**
 * Whether the caller wished a phrase away ("refund nahi chahiye") or, for symptoms, denied it
 * ("no fever"). What comes before a phrase depends only on where it starts, and many phrases start
 * at the same word, so that half is worked out once per position.
 */
class NegationCache {
  readonly #tokens: readonly string[];
  /** Per start: 0 not yet known, else 1 | WISH (negated wish before) | PLAIN (plain negation before). */
  #before: Uint8Array | undefined;

  constructor(tokens: readonly string[]) {
    this.#tokens = tokens;
  }

  negated(start: number, end: number, symptom: boolean): boolean {
    const tokens = this.#tokens;
    const before = this.#beforeAt(start);
    if (before & WISH_BEFORE) return true;
    const next = tokens[end] === undefined ? undefined : spellingLemma(tokens[end]!);
    if (next !== undefined) {
      const last = spellingLemma(tokens[end - 1]!);
      // "khata band kar diya gaya", "card band karwa dunga": a request verb that reports or threatens.
      if (DONE.has(next) && REQUEST_VERB.has(last)) return true;
      // "card block ho gaya", "connection band hai": a state, not a wish.
      if (STATE.has(next) && WISH_WORD.has(last)) return true;
      if (MAT.has(next)) return true;
    }
    const afterNext = tokens[end + 1] === undefined ? undefined : spellingLemma(tokens[end + 1]!);
    if (next !== undefined && NAHI.has(next) && afterNext !== undefined && WANT.has(afterNext)) return true;
    if (!symptom) return false;
    if (before & PLAIN_BEFORE) return true;
    return next !== undefined && NAHI.has(next) && !(afterNext !== undefined && OTHERWISE.has(afterNext));
  }

  #beforeAt(start: number): number {
    this.#before ??= new Uint8Array(this.#tokens.length);
    const known = this.#before[start]!;
    if (known !== 0) return known;
    const tokens = this.#tokens;
    let from = start;
    while (from > 0 && start - from < NEGATION_REACH && tokens[from - 1] !== BREAK) from--;
    let bits = 1;
    let cue = false;
    for (let k = from; k < start && !cue; k++) cue = NEGATION_CUES.has(tokens[k]!);
    if (cue) {
      const before = tokens.slice(from, start).join(' ');
      if (NEGATED_WISH_BEFORE.test(before)) bits |= WISH_BEFORE;
      if (NEGATED_BEFORE.test(before)) bits |= PLAIN_BEFORE;
    }
    this.#before[start] = bits;
    return bits;
  }
}

const WISH_BEFORE = 2;
const PLAIN_BEFORE = 4;

/**
 * A deployment's phrases on top of the built-ins: phrases for a built-in key are added to it (it
 * keeps its place in the priority order); new keys come first, since a deployment that names its
 * own intent cares about it most.
 */
export function mergeKeywordMaps(
  defaults: Readonly<Record<string, readonly string[]>> | KeywordTiers,
  custom: Readonly<Record<string, readonly string[]>> | undefined,
): KeywordTiers {
  const tiers: KeywordTiers = Array.isArray(defaults) ? defaults : Object.entries(defaults);
  if (!custom) return tiers;
  const known = new Set(tiers.map(([key]) => key));
  const added = new Set<string>();
  const merged: Array<readonly [string, readonly string[]]> = Object.entries(custom).filter(
    ([key]) => !known.has(key),
  );
  for (const [key, phrases] of tiers) {
    // A deployment's phrases for a built-in key join its first (highest) tier.
    const extra = added.has(key) ? [] : (custom[key] ?? []);
    added.add(key);
    merged.push([key, [...phrases, ...extra]]);
  }
  return merged;
}

export const defaultIntentTiers = INTENT_TIERS;
/** Intent tiers that win whenever they are said (medical, conduct complaints): they change where the call must go. */
export const PINNED_INTENT_TIERS = 2;
/** Issue tiers that win whenever they are said: the symptoms. */
export const PINNED_ISSUE_TIERS = 3;

export const defaultIssueTiers: KeywordTiers = withConcepts(defaultIssueTypes, issueConcepts);

/** Every word of the built-in maps, so the built-in classifiers look each turn's words up once. */
const defaultLemmatizer = new Lemmatizer(
  [...INTENT_TIERS, ...defaultIssueTiers, ...Object.entries(fallbackIntents)].flatMap(([, phrases]) =>
    phrases.flatMap((phrase) => tokenize(phrase.replace(/[&|*]/g, ' ')).map(spellingLemma)),
  ),
);

export const defaultIntentClassifier = new KeywordClassifier(INTENT_TIERS, {
  pinned: PINNED_INTENT_TIERS,
  lemmatizer: defaultLemmatizer,
});
export const defaultIssueClassifier = new KeywordClassifier(defaultIssueTiers, {
  pinned: PINNED_ISSUE_TIERS,
  lemmatizer: defaultLemmatizer,
});
export const fallbackIntentClassifier = new KeywordClassifier(fallbackIntents, {
  lemmatizer: defaultLemmatizer,
});
