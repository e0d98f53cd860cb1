/**
 * Concept words for accounts, subscriptions, apps and the network: closing, getting in, and things
 * that do not work.
 * Syntax and matching: `concepts.ts`.
 */

const any = (...words: string[]) => words.join('|');

// biome-ignore format: packed word table
export const CLOSE = any(
  'close', 'closing', 'shut', 'cancel', 'disconnect', 'terminate', 'discontinue', 'deactivate', 'surrender',
  'stop', 'radd', 'band kar', 'बंद कर', 'रद्द', 'बंद करवा',
);
// biome-ignore format: packed word table
export const SERVICE = any(
  'account', 'card', 'policy', 'plan', 'subscription', 'connection', 'service', 'membership', 'booking',
  'sim', 'number', 'khata', 'locker', 'खाता', 'पॉलिसी', 'प्लान', 'कनेक्शन', 'कार्ड', 'सिम', 'अकाउंट',
  'सब्सक्रिप्शन', 'broadband', 'dth', 'auto debit', 'autopay', 'mandate', 'standing instruction',
);
// biome-ignore format: packed word table
export const ACCESS = any(
  'login', 'log in', 'sign in', 'password', 'pin', 'mpin', 'net banking', 'netbanking', 'internet banking',
  'लॉगिन', 'पासवर्ड', 'पिन', 'get into', 'access', 'user id', 'userid', 'username', 'log into',
);
// biome-ignore format: packed word table
export const ACCESS_FAIL = any(
  'cant', 'cannot', 'unable', 'not able', 'nahi ho', 'नहीं हो', 'forgot', 'bhool', 'भूल', 'reset', 'wrong',
  'galat', 'गलत', 'expired', 'locked', 'blocked', 'not accepting', 'invalid', 'nahi khul', 'नहीं खुल',
  'can not', 'incorrect', 'not working', 'not accepted',
);
// biome-ignore format: packed word table
export const REACTIVATE = any(
  'reactivate', 'activate', 'unfreeze', 'unblock', 'chalu kar', 'चालू कर', 'dormant', 'inactive', 'frozen',
  'निष्क्रिय',
);
// biome-ignore format: packed word table
export const ACCOUNT = any(
  'account', 'khata', 'खाता', 'अकाउंट',
);
// biome-ignore format: packed word table
export const APP = any(
  'app', 'application', 'website', 'site', 'portal', 'ऐप', 'वेबसाइट',
);
// biome-ignore format: packed word table
export const BROKEN = any(
  'not working', 'error', 'crash', 'crashing', 'hang', 'hanging', 'not opening', 'not loading', 'blank',
  'kaam nahi', 'nahi chal', 'nahi khul', 'khul nahi', 'काम नहीं', 'नहीं चल', 'नहीं खुल', 'खुल नहीं',
  'band ho ja', 'बंद हो जा', 'down',
);
// biome-ignore format: packed word table
export const NETWORK = any(
  'network', 'signal', 'internet', 'data', 'wifi', 'broadband', 'net', 'range', 'tower', 'speed', 'नेटवर्क',
  'सिग्नल', 'इंटरनेट', 'नेट', 'bars', 'signal bar', 'reception', 'network coverage', 'mobile coverage',
  'towers', '4g', '5g', '3g', 'volte', 'mobile data', 'hotspot',
);
// biome-ignore format: packed word table
export const NETWORK_BAD = any(
  'not working', 'weak', 'slow', 'poor', 'bad', 'kharab', 'खराब', 'gayab', 'गायब', 'down', 'dead', 'no',
  'gone', 'disconnect', 'disconnecting', 'dropping', 'buffering', 'kam', 'कम', 'nahi aa', 'नहीं आ',
  'nahi chal', 'नहीं चल', 'problem', 'issue', 'dikkat', 'दिक्कत', 'samasya', 'समस्या', 'zero', 'nil',
  'one bar', 'single bar', 'barely', 'hardly', 'not there', 'nahi aata', 'नहीं आता', 'nahi milta',
  'नहीं मिलता', 'band hai', 'band pada', 'se band', 'बंद है', 'बंद पड़ा', 'से बंद', 'not connected',
  'no connection', 'out of service', 'cut', 'cut out', 'going off', 'goes off', 'fluctuating', 'fluctuate',
  'unstable', 'intermittent', 'keeps going', 'aata jata', 'aa ja raha', 'stopped working', 'stopped',
);
// biome-ignore format: packed word table
export const CALL_BAD = any(
  'call drop', 'calls drop', 'call cut', 'call kat', 'कॉल कट', 'awaaz kat', 'आवाज कट', 'awaaz nahi',
  'आवाज नहीं', 'awaaz saaf nahi', 'आवाज साफ नहीं', 'साफ नहीं', 'saaf nahi', 'call nahi lag', 'कॉल नहीं लग',
  'call connect nahi', 'calls not connecting', 'call not connecting', 'cannot hear', 'cant hear',
  'voice breaking', 'voice cuts', 'no service', 'emergency calls only', 'sos only', 'no network',
);
/** Having to move to get signal: "i have to stand on the balcony to make a call". */
// biome-ignore format: packed word table
export const GO_OUT_TO_CALL = any(
  'balcony', 'terrace', 'rooftop', 'go outside', 'step outside', 'stand outside', 'go out', 'chhat par',
  'chhat pe', 'bahar jana', 'bahar jaana', 'छत पर', 'बाहर जाना', 'बाहर जाकर',
);
/** Calling or being online. */
// biome-ignore format: packed word table
export const TO_CALL = any(
  'call', 'calls', 'make a call', 'talk', 'baat', 'signal', 'network', 'phone', 'कॉल', 'बात', 'नेटवर्क',
  'internet', 'data',
);
/** Leaving for a competitor. */
// biome-ignore format: packed word table
export const MOVE_AWAY = any(
  'moving', 'move', 'switch', 'switching', 'shift', 'shifting', 'port', 'porting', 'change', 'changing',
  'badal', 'le ja', 'jaa raha', 'ja raha', 'बदल', 'पोर्ट',
);
/** Another company. */
// biome-ignore format: packed word table
export const OTHER_PROVIDER = any(
  'another operator', 'other operator', 'different operator', 'another network', 'other network',
  'different network', 'another company', 'other company', 'another provider', 'another bank', 'other bank',
  'dusre operator', 'doosre operator', 'dusri company', 'doosri company', 'dusre network', 'दूसरे ऑपरेटर',
  'दूसरी कंपनी', 'airtel', 'jio', 'bsnl', 'vodafone', 'competitor',
);
/** Asking for what lets a number leave. */
// biome-ignore format: packed word table
export const PORTING = any(
  'upc', 'porting code', 'port code', 'unique porting', 'mnp', 'port out', 'port my number', 'पोर्टिंग',
);
/** The company's own mistake or neglect: a complaint whatever the product. */
// biome-ignore format: packed word table
export const COMPANY_MISTAKE = any(
  'itni badi galti', 'badi galti', 'aapki galti', 'aap logon ki galti', 'your mistake', 'your error',
  'your fault', 'negligence', 'negligent', 'careless', 'carelessness', 'laparwahi', 'lapparwahi', 'लापरवाही',
  'आपकी गलती', 'बड़ी गलती', 'इतनी बड़ी गलती',
);
/** Staff who do not answer or help. */
// biome-ignore format: packed word table
export const NOBODY_HELPS = any(
  'nobody * telling', 'no one * telling', 'nobody * helping', 'no one * helping', 'nobody listens',
  'no one listens', 'nobody * bothered', 'no one * bothered', 'koi * nahi bata', 'koi sunta nahi',
  'koi nahi sunta', 'koi dhyan nahi', 'कोई नहीं सुनता', 'कोई * नहीं बता', 'कोई ध्यान नहीं', 'nobody * solved',
  'no one * solved', 'nobody * resolved', 'no one * resolved', 'still not resolved', 'koi solve nahi',
  'hal nahi', 'हल नहीं', 'phone nahi uthata', 'koi nahi uthata', 'nobody picks up', 'no one picks up',
  'nobody answers', 'no one answers', 'फोन नहीं उठाता', 'कोई नहीं उठाता',
);
/** Why a caller closes rather than blocks. */
// biome-ignore format: packed word table
export const CLOSE_REASON = any(
  'annual fee', 'joining fee', 'not using', 'dont use', 'do not use', 'barely use', 'no longer need',
  'dont need', 'permanently', 'hamesha ke liye', 'istemal nahi', 'use nahi karta', 'zarurat nahi',
  'जरूरत नहीं', 'हमेशा के लिए',
);
