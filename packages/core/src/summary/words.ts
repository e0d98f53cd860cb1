import { tokenize } from '../extract/text.js';

/** Words that say a call has a problem without saying what it is ("I have a question about my account"). */
// biome-ignore format: a word table reads better packed than one word per line
export const VAGUE: ReadonlySet<string> = new Set(
  [
    'my', 'name', 'naam', 'mera', 'meri', 'mere', 'account', 'number', 'customer', 'id', 'have', 'has', 'had',
    'problem', 'issue', 'query', 'question', 'doubt', 'help', 'calling', 'call', 'called', 'regarding',
    'about', 'need', 'want', 'wanted', 'some', 'something', 'small', 'one', 'ask', 'speak', 'talk', 'to',
    'with', 'baat', 'karni', 'karna', 'ek', 'sawal', 'madad', 'chahiye', 'mujhe', 'tha', 'and', 'for',
    'your', 'that', 'of', 'in', 'on', 'also', 'just', 'khata', 'kuch', 'puchna', 'hoon', 'ho', 'se',
    'ke', 'ka', 'ki', 'baare', 'mein', 'wanna', 'would', 'like', 'know', 'मेरा', 'मेरी', 'नाम', 'है',
    'मुझे', 'एक', 'सवाल', 'बात', 'करनी', 'खाता', 'नंबर', 'समस्या', 'मदद', 'चाहिए',
  ].map((w) => tokenize(w).join(' ')),
);

/** Turns made only of these are pleasantries, not the issue. */
// biome-ignore format: a word table reads better packed than one word per line
export const FILLER: ReadonlySet<string> = new Set(
  [
    'hello', 'hi', 'hey', 'namaste', 'namaskar', 'haan', 'han', 'ji', 'yes', 'yeah', 'no', 'ok', 'okay',
    'hmm',
    'sir', 'madam', 'maam', 'good', 'morning', 'afternoon', 'evening', 'thank', 'thanks', 'you', 'so', 'um',
    'uh',
    'please', 'the', 'a', 'is', 'this', 'it', 'am', 'i', 'are', 'there', 'hain', 'hai', 'can', 'hear', 'me',
    'हां', 'जी', 'नमस्ते', 'हेलो', 'हैलो',
    // Thanks and goodbyes, which a short answer may be made of alone ("thank you so much", "god bless").
    'much', 'god', 'bless', 'welcome', 'bye', 'goodbye', 'shukriya', 'dhanyavaad', 'dhanyawad', 'dhanyavad',
    'धन्यवाद', 'शुक्रिया',
  ].map((w) => tokenize(w).join(' ')),
);

/** Words that carry no fact of their own: function words of English, Hinglish and Hindi. */
// biome-ignore format: a word table reads better packed than one word per line
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  [
    'and', 'or', 'but', 'the', 'an', 'of', 'at', 'by', 'from', 'was', 'were', 'be', 'been', 'did', 'does',
    'not', 'its', 'we', 'our', 'us', 'they', 'them', 'their', 'he', 'she', 'his', 'her', 'him', 'what',
    'which', 'who', 'will', 'would', 'should', 'could', 'there', 'then', 'than', 'now', 'very', 'all',
    'any', 'only', 'even', 'still', 'already', 'okay', 'yes', 'right', 'sure', 'alright', 'well', 'like',
    'aap', 'aapka', 'aapki', 'aapke', 'aapne', 'ko', 'ne', 'par', 'pe', 'aur', 'ya', 'toh', 'bhi', 'hi',
    'nahi', 'na', 'kya', 'ye', 'yeh', 'wo', 'woh', 'is', 'us', 'unka', 'unki', 'unke', 'unhone', 'maine',
    'main', 'hum', 'hamara', 'hamari', 'tha', 'thi', 'the', 'ho', 'hua', 'hui', 'raha', 'rahi', 'rahe',
    'gaya', 'gayi', 'gaye', 'kar', 'kiya', 'diya', 'koi', 'abhi', 'bas', 'phir', 'fir', 'lekin', 'kuch',
    'bahut', 'bhai', 'bhaiya', 'sir', 'ji', 'bol', 'bola', 'bolta', 'boli', 'here', 'speaking', 'this',
    'है', 'हैं', 'था', 'थे', 'थी', 'मैं', 'मैंने', 'मेरे', 'आप', 'आपका', 'आपकी', 'आपके', 'आपने', 'को',
    'से', 'ने', 'का', 'की', 'के', 'में', 'पर', 'और', 'या', 'तो', 'भी', 'ही', 'नहीं', 'क्या', 'ये', 'यह',
    'वो', 'वह', 'हो', 'हुआ', 'हुई', 'रहा', 'रही', 'रहे', 'गया', 'गई', 'गए', 'कर', 'किया', 'दिया', 'कोई',
    'अभी', 'बस', 'फिर', 'लेकिन', 'कुछ', 'बहुत', 'उनका', 'उनकी', 'उन्होंने', 'हम', 'हमारा', 'हमारी', 'बोल',
  ].map((w) => tokenize(w).join(' ')),
);

/** Numbers said in words: an account number read digit by digit is not a fact a summary quotes. */
// biome-ignore format: a word table reads better packed than one word per line
export const NUMBER_WORDS: ReadonlySet<string> = new Set(
  [
    'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven',
    'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty',
    'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety', 'hundred', 'thousand', 'lakh',
    'lakhs', 'crore', 'crores', 'double', 'triple', 'oh', 'shunya', 'shoonya', 'sifar', 'ek', 'do', 'teen',
    'char', 'chaar', 'paanch', 'panch', 'chhe', 'chhah', 'che', 'saat', 'aath', 'nau', 'das', 'gyarah',
    'barah', 'baarah', 'bees', 'tees', 'chalis', 'chaalis', 'chaalees', 'pachas', 'pachaas', 'saath',
    'sattar', 'assi', 'nabbe', 'sau', 'hazaar', 'hazar', 'dedh', 'dhai', 'saadhe', 'sava', 'paune', 'rupaye',
    'rupees', 'rs', 'शून्य', 'एक', 'दो', 'तीन', 'चार', 'पांच', 'छह', 'छः', 'सात', 'आठ', 'नौ', 'दस', 'बीस',
    'तीस', 'चालीस', 'पचास', 'सौ', 'हज़ार', 'लाख', 'करोड़', 'डेढ़', 'ढाई', 'साढ़े', 'रुपये', 'रुपए',
  ].map((w) => tokenize(w).join(' ')),
);
