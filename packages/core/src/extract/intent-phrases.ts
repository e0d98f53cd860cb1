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
    'kaanp', 'पसीना', 'swelling', 'allergic', 'itching', 'rash', 'hives', 'having a fit', 'fits', 'convulsion',
    'convulsions', 'daura pad', 'mirgi', 'दौरा पड़', 'मिर्गी',
    'seene mein dard', 'seene me dard', 'seene mein * dard', 'chhati mein dard', 'in pain', 'lot of pain', 'so much pain', 'cannot get up', 'can not get up', 'cant get up',
    'pet mein dard', 'pet mein * dard', 'sar dard', 'dard', 'stroke', 'paralysis', 'paralysed',
    'lakwa', 'लकवा', 'slurred', 'drooping', 'cannot speak properly', 'cant speak properly',
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
    // "sim band karwa do", "नंबर बंद कर दीजिए": stopping the SIM or number, longer than the
    // cancellation phrase inside it ("band kar do"), so it outweighs it.
    'sim band kar do', 'number band kar do', 'नंबर बंद कर दो', 'सिम बंद कर दो', 'sim band kar', 'number band kar',
    'नंबर बंद कर', 'सिम बंद कर', 'sim band karwa do', 'number band karwa do',
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
    'cancellation fee', 'cancellation charge', 'cancellation charges', 'late fee', 'processing fee',
    'convenience fee',
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
export const CONDUCT_COMPLAINTS: readonly string[] = [
  'harass', 'harassing', 'harassment', 'harassed', 'threaten', 'threatening', 'threatened', 'dhamka',
  'dhamki', 'misbehave', 'misbehaved', 'misbehaving', 'badtameezi', 'rude', 'shouted', 'abused', 'chillaya',
  'chillate', 'spam calls', 'harassing calls', 'remove my number', 'do not call', 'list se hatao',
  'लिस्ट से हटाइए', 'धमकी', 'बदतमीजी', 'चिल्लाया',
  'gaali', 'गाली', 'abusive', 'abusing', 'bad behaviour', 'bad behavior', 'kaisa behaviour', 'कैसा व्यवहार',
  'insulted', 'insulting',
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
    'consumer court', 'consumer forum', 'court jaunga', 'ombudsman', 'lokpal', 'लोकपाल', 'उपभोक्ता फोरम',
    'legal action', 'sirf bolte ho', 'karte kuch nahi', 'kuch nahi karte',
  ],
};

/**
 * Symptoms a caller also names when booking a visit ("bete ko halka bukhar hai, doctor ka time
 * chahiye", "ghutne mein dard rehta hai"): they count as evidence for medical like any phrase
 * instead of winning outright, so a request for a slot said with them decides, and a later turn
 * that only mentions one does not turn an appointment into an emergency.
 */
// biome-ignore format: a word table reads better packed than one word per line
export const MILD_SYMPTOMS: readonly string[] = [
  'fever', 'bukhar', 'bukhaar', 'बुखार', 'dard', 'दर्द', 'sar dard', 'headache', 'shivering', 'kaanp',
  'itching', 'rash', 'hives', 'swelling', 'symptom', 'symptoms', 'chakkar', 'चक्कर', 'dizzy', 'dizziness',
];
