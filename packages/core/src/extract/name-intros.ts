/**
 * Self-introductions without "my name is": "main Rakesh bol raha hoon", "namaste, main Geeta.",
 * "Rohan here", "pankaj tiwari this side", "मैं अनिल कुमार बोल रहा हूँ", "this is mohan my father…".
 * ASR drops case, so a name cannot be told by its capital letter: every word of a candidate must
 * be a word that is not everyday English, Hinglish or Hindi ("main theek hoon", "main bank se bol
 * raha hoon" and "here is my account number" name nobody). Each pattern reads one turn, anchored
 * at its start or at a fixed phrase, so the cost per turn stays flat.
 */

// biome-ignore format: a word table reads better packed than one word per line
const ENGLISH = [
  'a', 'an', 'the', 'my', 'your', 'our', 'his', 'her', 'their', 'this', 'that', 'it', 'is', 'was', 'be',
  'am', 'are', 'i', 'im', 'me', 'we', 'you', 'he', 'she', 'they', 'not', 'no', 'so', 'very', 'really',
  'just', 'also', 'still', 'too', 'quite', 'about', 'regarding', 'for', 'from', 'with', 'in', 'on', 'at',
  'to', 'of', 'and', 'or', 'but', 'how', 'what', 'why', 'when', 'where', 'who', 'which', 'again', 'now',
  'here', 'there', 'calling', 'call', 'done', 'fine', 'okay', 'ok', 'sure', 'sorry', 'ready', 'unable',
  'able', 'bad', 'good', 'great', 'well', 'better', 'worse', 'terrible', 'urgent', 'serious', 'same',
  'wrong', 'right', 'all', 'any', 'some', 'every', 'everything', 'nothing', 'something', 'anything',
  'everyone', 'someone', 'anyone', 'nobody', 'somebody', 'one', 'hindi', 'english', 'new', 'old', 'customer',
  'account', 'card', 'number', 'phone', 'sir', 'madam', 'maam', 'please', 'thanks', 'thank', 'hello', 'hi',
  'hey', 'yes', 'yeah', 'happy', 'angry', 'upset', 'scared', 'worried', 'tired', 'sick', 'ill', 'fed',
  'busy', 'late', 'home', 'outside', 'inside', 'alone', 'hungry', 'pregnant', 'retired', 'single',
  'married', 'senior', 'student', 'back', 'out', 'away', 'calm', 'patient', 'aware', 'glad', 'sad', 'mad',
  'afraid', 'desperate', 'helpless', 'hopeless', 'broke', 'poor', 'alive', 'lost', 'stuck', 'free', 'ready',
  'problem', 'issue', 'thing', 'point', 'reason', 'concern', 'road', 'gate', 'branch', 'office', 'menu',
  'line', 'door', 'page', 'screen', 'balance', 'power', 'supply', 'meter', 'app', 'course', 'worst', 'best',
  'actually', 'basically', 'exactly', 'seriously', 'honestly', 'first', 'second', 'third', 'last', 'only',
  'speaking', 'side', 'morning', 'evening', 'afternoon', 'night', 'today', 'tomorrow', 'yesterday',
  'important', 'over', 'blind', 'deaf', 'zero', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight',
  'nine', 'ten', 'eleven', 'twelve', 'fifteen', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy',
  'eighty', 'ninety', 'hundred', 'thousand', 'lakh', 'street', 'market', 'city', 'station', 'hall',
  'building', 'location', 'address', 'been', 'gone', 'true', 'down', 'off', 'monday', 'tuesday',
  'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'weekend', 'week', 'month', 'year', 'time',
  // What a support call is about: "it's internet problem", "it's fraud.", "it's airtel broadband".
  'bill', 'payment', 'refund', 'order', 'delivery', 'parcel', 'package', 'loan', 'emi', 'policy', 'claim',
  'premium', 'insurance', 'network', 'internet', 'broadband', 'wifi', 'sim', 'signal', 'recharge', 'plan',
  'upi', 'otp', 'money', 'amount', 'charge', 'charges', 'fee', 'fees', 'transaction', 'transfer', 'debit',
  'credit', 'cash', 'atm', 'kyc', 'fraud', 'scam', 'doctor', 'appointment', 'report', 'test', 'emergency',
  'almost', 'double', 'pending', 'urgent',
];

// biome-ignore format: a word table reads better packed than one word per line
const HINGLISH = [
  'main', 'mai', 'mein', 'me', 'se', 'ka', 'ki', 'ke', 'ko', 'pe', 'par', 'ne', 'bhi', 'to', 'toh', 'hi',
  'na', 'nahi', 'nahin', 'abhi', 'ab', 'phir', 'fir', 'sach', 'sahi', 'galat', 'jhooth', 'kab', 'kya',
  'kaun', 'kyun', 'kyon', 'kaise', 'kitni', 'kitna', 'kitne', 'baar', 'aap', 'aapko', 'aapse', 'tum',
  'unka', 'unki', 'unke', 'uska', 'uski', 'uske', 'iska', 'iski', 'mera', 'meri', 'mere', 'apna', 'apni',
  'apne', 'yeh', 'ye', 'woh', 'wo', 'wahi', 'yahi', 'yahan', 'wahan', 'kuch', 'sab', 'seedha', 'seedhe',
  'clear', 'theek', 'thik', 'pareshan', 'ghar', 'bank', 'dukaan', 'hospital', 'bahut', 'bohot', 'zyada',
  'kaafi', 'ekdum', 'bilkul', 'accha', 'achha', 'acha', 'haan', 'han', 'ji', 'bas', 'sirf', 'khud', 'pehle',
  'baad', 'aaj', 'kal', 'subah', 'shaam', 'raat', 'dobara', 'mobile', 'beta', 'beti', 'bhai', 'behen',
  'bahan', 'wife', 'husband', 'pati', 'patni', 'papa', 'mummy', 'maa', 'mother', 'father', 'son',
  'daughter', 'brother', 'sister', 'dost', 'friend', 'uncle', 'aunty', 'grahak', 'khush', 'dukhi', 'naraz',
  'gussa', 'bimaar', 'bimar', 'thaka', 'thaki', 'tension', 'taiyaar', 'wapas', 'jaldi', 'der', 'shukriya',
  'dhanyavaad', 'namaste', 'namaskar', 'pareshani', 'dikkat', 'complaint', 'shikayat', 'bhaiya', 'didi',
  'hoon', 'hu', 'hun', 'hain', 'hai', 'h', 'tha', 'thi', 'raha', 'rahi', 'rahe', 'bol', 'baat', 'kar',
  'keh', 'kah', 'yaar', 'arey', 'are', 'arre', 'matlab', 'waise', 'vaise', 'aise', 'waha', 'yaha', 'udhar',
  'idhar', 'andar', 'bahar', 'company', 'customer', 'care', 'service', 'aapka', 'aapki', 'aapke', 'hamara',
  'humara', 'hum', 'maine', 'unhone',
  // Verb forms that follow "main" in "main intezaar karta hoon", "main pak gaya hoon".
  'karta', 'karti', 'karte', 'gaya', 'gayi', 'gaye', 'sakta', 'sakti', 'chuka', 'chuki', 'hua', 'hui',
  'wala', 'wali', 'pak', 'thak', 'intezaar', 'intezar', 'pata', 'jaanta', 'jaanti', 'janta', 'janti',
];

// biome-ignore format: a word table reads better packed than one word per line
const HINDI = [
  'मैं', 'से', 'का', 'की', 'के', 'को', 'में', 'पे', 'पर', 'ने', 'भी', 'तो', 'ही', 'ना', 'नहीं', 'अभी', 'अब',
  'फिर', 'सच', 'सही', 'गलत', 'ग़लत', 'झूठ', 'कब', 'क्या', 'कौन', 'क्यों', 'कैसे', 'कितनी', 'कितना', 'बार',
  'आप', 'आपको', 'आपसे', 'उनका', 'उनकी', 'उसका', 'उसकी', 'मेरा', 'मेरी', 'मेरे', 'अपना', 'अपनी', 'यह', 'ये',
  'वह', 'वो', 'वही', 'यही', 'यहाँ', 'यहां', 'वहाँ', 'वहां', 'कुछ', 'सब', 'सीधा', 'ठीक', 'परेशान', 'घर', 'बैंक',
  'ऑफिस', 'बहुत', 'ज़्यादा', 'ज्यादा', 'बिल्कुल', 'हाँ', 'हां', 'जी', 'बस', 'सिर्फ़', 'सिर्फ', 'खुद', 'ख़ुद',
  'पहले', 'बाद', 'आज', 'कल', 'फ़ोन', 'फोन', 'बेटा', 'बेटी', 'भाई', 'बहन', 'पत्नी', 'पति', 'पापा', 'मम्मी', 'माँ',
  'पिता', 'दोस्त', 'ग्राहक', 'खुश', 'ख़ुश', 'दुखी', 'नाराज़', 'नाराज', 'बीमार', 'हूँ', 'हूं', 'है', 'हैं', 'था',
  'थी', 'रहा', 'रही', 'रहे', 'बोल', 'बात', 'कर', 'नमस्ते', 'नमस्कार', 'कंपनी', 'दुकान', 'अस्पताल',
];

const NOT_A_NAME = new Set([...ENGLISH, ...HINGLISH, ...HINDI]);

/** Word shapes that are not names: "main exhausted.", "calling here", "this is outrageous", "haan ji bataiye". */
const WORD_SHAPE_NOT_NAME = /(?:ing|ed|ly|ous|ble|ful|ive|ic|tion|ment|ness|iye|iyega)$/;
/** Names of that shape: "Mohammed", "Sayyed", "Ahmed", "Javed", "Rasheed", "Zahed". */
const NAME_SHAPE = /(?:mmed|yyed|hmed|aved|[hswr]eed|ahed|ajed)$/;

// Greetings, fillers ("umm", "so") and words for the agent ("bhai", "didi") open a turn before the
// name: "haan bhai sonu bol raha hoon", "hi good morning umm this is priya nair".
const GREETING = String.raw`(?:(?:hi|hello|hey|haan|han|haanji|ji|yes|yeah|ok|okay|accha|achha|namaste|namaskar|namaskaar|pranam|sir|madam|ma'?am|bhai|bhaiya|didi|behenji|boss|good\s+(?:morning|afternoon|evening)|morning|afternoon|evening|u+m+|u+h+|h+m+|er+|oh|so|well|नमस्ते|नमस्कार|प्रणाम|हाँ|हां|जी|हेलो|हैलो|भाई|भैया|दीदी)[\s,.!।]+)*`;
const WORDS = String.raw`[\p{L}\p{M}]+(?:\s+[\p{L}\p{M}]+){0,2}?`;
const RELATION =
  '(?:son|daughter|wife|husband|brother|sister|father|mother|nephew|niece|grandson|granddaughter|son-in-law|daughter-in-law|friend|neighbou?r|beta|beti|bhai|behen|bahan|pati|patni|bahu|damaad|pota|poti|dost)';
/** A name ends its clause: punctuation, the end, or a new clause ("and", "i", "my"). */
const CLAUSE_END = String.raw`(?=\s*$|\s*[,.;!?।]|\s+(?:and|i|my|here|speaking|calling|aur|mera|meri)\b)`;

/**
 * Words a pattern cannot match without, scanned first: most turns introduce nobody, and one
 * literal scan without the Unicode and case-folding flags costs a fraction of the patterns it spares.
 */
const SPEAKING_CUE = /bol|baat|बोल|बात/i;
const RELATION_CUE =
  /son|daughter|wife|husband|brother|sister|father|mother|nephew|niece|friend|neighbo|beta|beti|bhai|beh[ae]n|bahan|pati|patni|bahu|damaad|pot[ai]|dost/i;

const SPEAKING_INTROS: readonly RegExp[] = [
  // "main Rakesh Yadav bol raha hoon", "ji main sneha baat kar rahi hoon", "main Sharma ji bol raha hoon"
  new RegExp(
    String.raw`(?:^|[\s,.!?])(?:main|mai)\s+(?<name>${WORDS})\s+(?:bol|baat\s+kar)\s+(?:raha|rahi|rahe)\s+(?:hoon|hun|hu|h|hai|hain)\b`,
    'iu',
  ),
  /(?:^|[\s,.!?।])मैं\s+(?<name>[\p{L}\p{M}]+(?:\s+[\p{L}\p{M}]+){0,2}?)\s+(?:बोल|बात\s+कर)\s+(?:रहा|रही|रहे)\s+(?:हूँ|हूं|हू|है|हैं)/u,
  // "haan bhai sonu bol raha hoon": at the start of the turn, "main" may go unsaid; only the first
  // person ("hoon") counts, so "papa bol rahe hain" names nobody.
  new RegExp(
    String.raw`^${GREETING}(?<name>${WORDS})\s+(?:bol|baat\s+kar)\s+(?:raha|rahi)\s+(?:hoon|hun|hu|h)\b`,
    'iu',
  ),
  new RegExp(
    String.raw`^${GREETING}(?<name>[\p{L}\p{M}]+(?:\s+[\p{L}\p{M}]+){0,2}?)\s+(?:बोल|बात\s+कर)\s+(?:रहा|रही)\s+(?:हूँ|हूं|हू)`,
    'u',
  ),
];

const RELATION_INTROS: readonly RegExp[] = [
  // "I am her son, Abhijit", "main unki beti hoon, priya": a relative calling gives their own name
  // after the relation; the name must close the clause.
  new RegExp(
    String.raw`(?:^|[\s,.!?])(?:i\s+am|i'?m)\s+(?:his|her|their|the\s+patient'?s|the\s+customer'?s)\s+${RELATION}\s*,?\s+(?<name>${WORDS})${CLAUSE_END}`,
    'iu',
  ),
  new RegExp(
    String.raw`(?:^|[\s,.!?])(?:main|mai)\s+(?:unka|unki|unke|inka|inki|inke|uska|uski|iska|iski)\s+${RELATION}\s+(?:hoon|hun|hu)\s*,?\s+(?<name>${WORDS})${CLAUSE_END}`,
    'iu',
  ),
];

/** Hindi relatives: "मैं उनका बेटा हूँ, अनिल शर्मा", "मैं उसका बड़ा भाई राकेश बोल रहा हूँ". */
const HINDI_RELATION = '(?:बेटा|बेटी|भाई|बहन|पति|पत्नी|बहू|दामाद|पोता|पोती|दोस्त|भतीजा|भांजा|भाँजा)';
const HINDI_RELATIVE = String.raw`मैं\s+(?:उनका|उनकी|उनके|उसका|उसकी|इनका|इनकी)\s+(?:(?:बड़ा|बड़ी|छोटा|छोटी|बडा|बडी)\s+)?${HINDI_RELATION}`;
const HINDI_RELATION_INTROS: readonly RegExp[] = [
  new RegExp(
    String.raw`${HINDI_RELATIVE}\s+(?:हूँ|हूं|हू)\s*,?\s+(?<name>${WORDS})(?=\s*$|\s*[,.;!?।]|\s+(?:और|मेरा|मेरी)\s)`,
    'u',
  ),
  new RegExp(
    String.raw`${HINDI_RELATIVE}\s+(?<name>${WORDS})\s+(?:बोल|बात\s+कर)\s+(?:रहा|रही)\s+(?:हूँ|हूं|हू)`,
    'u',
  ),
];

/**
 * A name closing its clause after "i am", "main … hoon" or "naam" anywhere in the turn: "can i pay
 * it today, i am gaurav bhatia", "main bhavna desai hoon", "naam likh lo, Vivek Arora", "dus baje,
 * naam Farida Sheikh", "naam gurmeet hai", "नाम राम प्रसाद यादव". "wife ka naam sudha" is someone
 * else's ("ka naam" does not open a clause); every word must not be an everyday word.
 */
const NAME_WORDS = String.raw`[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)?(?:\s+[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)?){0,2}?`;
const CLAUSE_CUE = /\bi\s+am\b|\bi'?m\b|main|mai\b|naam|नाम/i;
const CLAUSE_INTROS: readonly RegExp[] = [
  new RegExp(
    String.raw`(?:^|[,.;!?]\s*|\s(?:and|aur)\s+)(?:i\s+am|i'?m)\s+(?<name>${NAME_WORDS})\s*(?:$|[.!?])`,
    'iu',
  ),
  /(?:^|[,.;!?]\s*)(?:main|mai)\s+(?<name>[\p{L}\p{M}]+\s+[\p{L}\p{M}]+)\s+(?:hoon|hun|hu)(?=\s*$|\s*[,.;!?])/iu,
  new RegExp(
    String.raw`(?:^|[,.;!?।]\s*)(?:naam|नाम)\s+(?:(?:likh\s+lo|likhiye|likho|likh\s+lijiye|लिख\s+लीजिए|लिखिए)\s*,?\s*)?(?<name>${NAME_WORDS})(?:\s+(?:hai|है))?(?=\s*$|\s*[,.;!?।])`,
    'iu',
  ),
];

/** Anchored at the start of the turn, so each tries one position. */
const OPENING_INTROS: readonly RegExp[] = [
  // "namaste, main Sunil Bansal. mera claim…": the name alone is the whole clause.
  new RegExp(String.raw`^${GREETING}(?:main|mai|मैं)\s+(?<name>${WORDS})\s*(?:[,.;!?।]|$)`, 'iu'),
  // "Morning. Rohan here.", "pankaj tiwari here order kiye…", "rahul this side", "Anita speaking"
  new RegExp(String.raw`^${GREETING}(?<name>${WORDS})\s+(?:here|this\s+side|speaking)(?=$|[\s,.;!?])`, 'iu'),
  // "myself Rahul Sharma, calling about…"
  new RegExp(String.raw`^${GREETING}myself\s+(?<name>${WORDS})(?=$|[\s,.;!?])`, 'iu'),
];

/**
 * ASR writes "this is mohan my father was…": one lower-case word after "this is" / "I'm" at the start
 * is a name only when a clause boundary or a new clause ("my", "and", "i") follows it.
 */
const ONE_WORD_INTRO = new RegExp(
  String.raw`^${GREETING}(?:this\s+is|it'?s|it\s+is|i\s+am|i'?m)\s+(?<title>(?:mr|mrs|ms|dr)\.?\s+)?(?<name>\p{L}{2,})(?=\s*$|\s*[,.;!?]|\s+(?:my|and|i|from|here|speaking|calling|ji)\b)`,
  'iu',
);

/** An everyday English, Hinglish or Hindi word, which no introduction names. */
export function isEverydayWord(word: string): boolean {
  return NOT_A_NAME.has(word.toLowerCase());
}

/** A name the caller gives for themselves without "my name is", title-cased when ASR lower-cased it. */
export function selfIntroduction(text: string): string | undefined {
  const trimmed = text.trim().replace(/[\u2019]/g, "'");
  const said =
    (SPEAKING_CUE.test(trimmed) ? firstName(SPEAKING_INTROS, trimmed) : undefined) ??
    (RELATION_CUE.test(trimmed) ? firstName(RELATION_INTROS, trimmed) : undefined) ??
    (trimmed.includes('मैं') ? firstName(HINDI_RELATION_INTROS, trimmed) : undefined) ??
    openingName(trimmed) ??
    (CLAUSE_CUE.test(trimmed) ? firstName(CLAUSE_INTROS, trimmed) : undefined);
  if (said) return said;
  const one = ONE_WORD_INTRO.exec(trimmed)?.groups;
  const name = nameFromWords(one?.['name']);
  // "It's Mrs. Iyer.": the title is how the caller said it, kept as said.
  const title = one?.['title'];
  return name && title ? `${titleCase(title.trim().replace(/\.?$/, '.'))} ${name}` : name;
}

/**
 * A word each of `OPENING_INTROS` cannot match without, with its flags (so case folding agrees):
 * most turns say none, and the scan costs less than the pattern's greetings loop.
 */
const OPENING_CUES: readonly RegExp[] = [/mai|मैं/iu, /here|side|speaking/iu, /myself/iu];

function openingName(text: string): string | undefined {
  for (let i = 0; i < OPENING_INTROS.length; i++) {
    if (!OPENING_CUES[i]!.test(text)) continue;
    const name = nameFromWords(OPENING_INTROS[i]!.exec(text)?.groups?.['name']);
    if (name) return name;
  }
  return undefined;
}

function firstName(patterns: readonly RegExp[], text: string): string | undefined {
  for (const pattern of patterns) {
    const name = nameFromWords(pattern.exec(text)?.groups?.['name']);
    if (name) return name;
  }
  return undefined;
}

/** The words as a name, title-cased, or nothing when any is an everyday word ("main bank se"). */
export function nameFromWords(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const words = raw.split(/\s+/u);
  // "Sharma ji" is Sharma; a "ji" inside ("Sharma ji ka beta") means the name is someone else's.
  if (words.length > 1 && /^(?:ji|जी)$/iu.test(words.at(-1) ?? '')) words.pop();
  for (const word of words) {
    const lower = word.toLowerCase();
    if (lower.length < 2 || NOT_A_NAME.has(lower)) return undefined;
    // "this is HDFC": a word in capitals is an acronym, a bank or a product, not a person.
    if (/^[A-Z]{2,}$/.test(word)) return undefined;
    if (/^[a-z]+$/.test(lower) && WORD_SHAPE_NOT_NAME.test(lower) && !NAME_SHAPE.test(lower))
      return undefined;
  }
  return words.map(titleCase).join(' ');
}

/** A name word as written for a person: ASR's lower case capitalised, anything else as said. */
export function titleCase(word: string): string {
  return /^[a-z]/.test(word) ? word.charAt(0).toUpperCase() + word.slice(1) : word;
}
