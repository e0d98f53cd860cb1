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
    'emi', 'kisht', 'kist', 'repayment', 'foreclose', 'foreclosure', 'prepay', 'prepayment', 'part payment',
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
