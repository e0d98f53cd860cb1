/**
 * Concept words for money and cards: what was taken, what never arrived, what was charged wrongly,
 * and who did it.
 * Syntax and matching: `concepts.ts`.
 */

const any = (...words: string[]) => words.join('|');

// biome-ignore format: packed word table
export const CARD = any(
  'card', 'debit card', 'credit card', 'atm card', 'कार्ड',
);
// biome-ignore format: packed word table
export const LOST = any(
  'lost', 'lose', 'misplaced', 'stolen', 'snatched', 'pickpocketed', 'pickpocket', 'theft', 'robbed', 'kho',
  'gum', 'chori', 'chheen', 'gir gaya', 'खो', 'गुम', 'चोरी', 'छीन', 'गिर गया', 'can not find', 'cant find',
  'cannot find', 'chura', 'चुरा', 'uda liya', 'le bhaga', 'le gaya koi', 'someone took', 'not with me',
  'left it at', 'left it in', 'left my card', 'left my phone', 'missing', 'nahi mil raha', 'नहीं मिल रहा',
  'maar liya', 'pocket maar', 'jeb kat', 'जेब कट', 'मार लिया',
);
// biome-ignore format: packed word table
export const BLOCK = any(
  'block', 'hotlist', 'freeze', 'deactivate', 'band kar', 'ब्लॉक', 'बंद कर', 'फ्रीज', 'stop',
);
// biome-ignore format: packed word table
export const PHONE = any(
  'phone', 'mobile', 'handset', 'sim', 'फोन', 'मोबाइल', 'सिम',
);
// biome-ignore format: packed word table
export const MONEY = any(
  'paise', 'money', 'amount', 'rupees', 'rs', 'cash', 'funds', 'balance', 'rupaye', 'rupay', 'rakam',
  'payment', 'रुपये', 'रुपए', 'पैसे', 'राशि', 'रकम', 'पेमेंट', 'extra', 'the difference', 'excess amount',
  'extra amount', 'baaki', 'बाकी',
);
/** Money leaving the caller's account. */
// biome-ignore format: packed word table
export const TAKEN = any(
  'debited', 'deduct', 'kat', 'कट', 'taken', 'took', 'gone', 'chala gaya', 'nikal gaya', 'le liya',
  'withdrawn', 'चला गया', 'निकल गया', 'ले लिया', 'got debited', 'cut from', 'cut', 'kaat', 'nikal', 'निकल',
  'gone from', 'left my account', 'went out', 'debit hua', 'debit ho', 'went from', 'went out of',
  'deducted from', 'left the account', 'निकाल', 'nikaal', 'paise gaya', 'paisa gaya', 'rupaye gaya',
  'पैसे गया', 'withdrawal', 'withdrawals',
);
/** Money or goods that did not arrive where they should. */
// biome-ignore format: packed word table
export const NOT_ARRIVED = any(
  'not credited', 'not received', 'didnt receive', 'did not receive', 'havent received', 'have not received',
  'never received', 'not reached', 'didnt reach', 'did not reach', 'not reflecting', 'not reflected',
  'not showing', 'nahi aaya', 'nahi mila', 'nahi pahuncha', 'nahi dikh', 'credit nahi', 'नहीं आया',
  'नहीं मिला', 'नहीं पहुंचा', 'नहीं दिख', 'didnt come', 'did not come', 'not come out', 'nahi nikla',
  'नहीं निकला', 'didnt get', 'did not get', 'havent got', 'have not got', 'not got', 'never got',
  'not getting', 'never reached', 'never came', 'did not go through', 'didnt go through', 'not gone through',
  'shows unpaid', 'showing unpaid', 'still unpaid', 'shows pending', 'not updated', 'cash nahi', 'no * came',
  'no * received', 'nothing came', 'nothing received', 'no confirmation', 'not confirmed', 'booking failed',
  'kuch nahi aaya', 'कुछ नहीं आया', 'activate nahi', 'not activated', 'plan activate nahi', 'एक्टिवेट नहीं',
  'nahi gaya', 'नहीं गया',
);
// biome-ignore format: packed word table
export const TRANSFER = any(
  'transaction', 'transfer', 'neft', 'imps', 'rtgs', 'upi', 'recharge', 'payment', 'deposit', 'withdrawal',
  'ट्रांजैक्शन', 'ट्रांसफर', 'रिचार्ज', 'पेमेंट',
);
// biome-ignore format: packed word table
export const FAILED = any(
  'failed', 'fail', 'failure', 'stuck', 'pending', 'atak', 'अटक', 'फेल', 'declined', 'unsuccessful',
  'not credited', 'nahi pahuncha', 'नहीं पहुंचा',
);
// biome-ignore format: packed word table
export const TWICE = any(
  'twice', 'double', 'two times', 'do baar', 'दो बार', 'dobara', 'दोबारा', 'same payment again',
);
// biome-ignore format: packed word table
export const BACK = any(
  'wapas', 'lauta', 'back', 'return', 'reverse', 'वापस', 'लौटा',
);
// biome-ignore format: packed word table
export const CHARGE = any(
  'charge', 'bill', 'fee', 'fees', 'amount', 'deduct', 'debited', 'kat', 'premium', 'emi', 'tax', 'gst',
  'बिल', 'चार्ज', 'शुल्क', 'कट', 'billed', 'charged',
);
// biome-ignore format: packed word table
export const WRONG = any(
  'wrong', 'galat', 'गलत', 'extra', 'excess', 'zyada', 'jyada', 'ज्यादा', 'more than', 'higher than',
  'hidden', 'never asked', 'did not ask', 'didnt ask', 'without asking', 'without telling', 'bina bataye',
  'bina puche', 'बिना बताए', 'बिना पूछे', 'supposed to be', 'should be', 'hona chahiye', 'होना चाहिए',
  'never subscribed', 'never opted', 'not opted', 'did not opt', 'maine liya hi nahi', 'मैंने लिया ही नहीं',
  'kabhi nahi liya', 'कभी नहीं लिया', 'kabhi koi', 'कभी कोई', 'never done', 'not done', 'was never',
  'never happened', 'never used', 'not used', 'didnt use', 'did not use', 'never took', 'kiya nahi',
  'hua nahi', 'use nahi kiya', 'इस्तेमाल नहीं', 'nahi liya', 'नहीं लिया', 'liya nahi', 'for nothing',
  'too much', 'itna zyada', 'इतना ज्यादा', 'not my fault', 'meri galti nahi', 'मेरी गलती नहीं',
  'paid on time', 'time pe bhara', 'time par bhara', 'waive', 'waiver', 'reverse the charge',
);
// biome-ignore format: packed word table
export const SCAM = any(
  'fraud', 'scam', 'scammer', 'phishing', 'cheated', 'cheat', 'thag', 'thagi', 'ठग', 'ठगी', 'dhokha', 'धोखा',
  'fraudster', 'hacked', 'hack', 'हैक', 'nakli', 'नकली', 'counterfeit', 'fake product', 'fake item',
  'fake call', 'fake link', 'pretending to be', 'posing as', 'anydesk', 'teamviewer', 'screen share',
  'remote access', 'clicked a link', 'clicked on a link', 'link par click', 'link pe click', 'लिंक पर क्लिक',
  'cloned', 'clone', 'skimmed', 'skimming', 'skimmer',
);
// biome-ignore format: packed word table
export const NOT_ME = any(
  'not me', 'i did not', 'i didnt', 'i never', 'maine nahi', 'मैंने नहीं', 'maine kabhi', 'मैंने कभी',
  'without my', 'bina mere', 'बिना मेरे', 'no idea', 'pata nahi', 'पता नहीं', 'someone else used',
  'kisi aur ne', 'किसी और ने', 'unknown', 'anjaan', 'अनजान', 'maine kuch nahi', 'maine koi * nahi',
  'मैंने कुछ नहीं', 'मैंने कोई * नहीं', 'i did nothing', 'i didnt do anything', 'i did not do anything',
  'not done by me', 'not by me', 'i have not', 'i havent', 'never heard of', 'dont recognise',
  'dont recognize', 'do not recognise', 'do not recognize', 'not recognised', 'not recognized', 'not mine',
  'jaanta nahi', 'pehchanta nahi', 'नहीं पहचानता', 'maine kisi ko', 'kisi ko kuch nahi', 'didnt share',
  'did not share', 'never shared', 'no otp', 'without otp', 'otp nahi aaya', 'ओटीपी नहीं आया',
  'मैंने किसी को',
);
/** Secrets a caller is talked into giving away. */
// biome-ignore format: packed word table
export const CREDENTIAL = any(
  'otp', 'code', 'pin', 'cvv', 'password', 'card details', 'card number', 'bank details', 'ओटीपी', 'पिन',
  'कोड', 'पासवर्ड',
);
/** Giving a secret to someone: "i gave him the code", "otp bata diya". */
// biome-ignore format: packed word table
export const SHARED = any(
  'gave', 'shared', 'told him', 'told her', 'told them', 'read out', 'entered', 'typed', 'bata diya',
  'bataya', 'de diya', 'share kar', 'share kiya', 'बता दिया', 'बताया', 'दे दिया', 'शेयर',
);
/** Someone who claimed to be the bank. */
// biome-ignore format: packed word table
export const IMPERSONATOR = any(
  'saying he is from', 'saying she is from', 'said he was from', 'said she was from', 'claiming to be',
  'claimed to be', 'pretending', 'posing as', 'from your kyc', 'kyc department', 'bank se bol',
  'bank se hoon', 'bank wala ban', 'बैंक से बोल', 'customer care ban',
);
/** A parcel opened to find stones or nothing: a seller's fraud, not a wrong item. */
// biome-ignore format: packed word table
export const SWAPPED_CONTENTS = any(
  'patthar', 'pathar', 'stone', 'stones', 'brick', 'bricks', 'eent', 'empty box', 'khali box', 'khali dabba',
  'box was empty', 'box khali', 'पत्थर', 'ईंट', 'खाली डिब्बा', 'डिब्बा खाली', 'soap bar', 'sabun',
);
/** Extras billed on top of a plan or account. */
// biome-ignore format: packed word table
export const ADDON = any(
  'pack', 'add on', 'addon', 'vas', 'caller tune', 'subscription', 'service', 'membership', 'insurance',
  'bima', 'बीमा', 'scheme', 'sms alert', 'alerts', 'plan', 'पैक', 'सर्विस', 'सेवा',
);
/** Never chosen by the caller. */
// biome-ignore format: packed word table
export const UNASKED = any(
  'never asked', 'did not ask', 'didnt ask', 'not opted', 'never opted', 'did not opt', 'never subscribed',
  'didnt subscribe', 'did not subscribe', 'without asking', 'without my consent', 'without telling',
  'bina puche', 'bina bataye', 'बिना पूछे', 'बिना बताए', 'nahi liya', 'liya nahi', 'नहीं लिया',
  'kabhi nahi liya', 'कभी नहीं लिया', 'activate nahi kiya', 'never activated',
);
/** What the bill should have been: "my plan is only 599". */
// biome-ignore format: packed word table
export const PLAN_PRICE = any(
  'plan is only', 'plan is just', 'plan to sirf', 'plan sirf', 'sirf * ka plan', 'only * plan', 'usually pay',
  'normally pay', 'usually comes', 'normally comes', 'hamesha * aata', 'har mahine * aata', 'itna bill',
  'so high', 'too high', 'itna zyada', 'इतना ज्यादा', 'इतना बिल', 'प्लान सिर्फ', 'सिर्फ * का प्लान',
);
/** Billed for a service that does not run: "connection band hai, phir bhi bill". */
// biome-ignore format: packed word table
export const STILL_BILLED = any(
  'phir bhi', 'फिर भी', 'even though', 'despite', 'still charging', 'still billing', 'still charged',
  'still sending', 'still deducting', 'still getting billed',
);
/** Said of a bill already in question: "ye sarasar loot hai". */
// biome-ignore format: packed word table
export const OVERCHARGED = any(
  'loot', 'लूट', 'ripoff', 'rip off', 'cheating', 'overcharging', 'looting', 'chori', 'चोरी',
);
/** Messages that bait a caller: "update kyc through this link or your account is blocked". */
// biome-ignore format: packed word table
export const PHISHING_BAIT = any(
  'kyc', 'lottery', 'prize', 'you have won', 'suspicious', 'is this real', 'is this genuine', 'asli hai',
  'sach mein', 'will be blocked', 'block ho jayega', 'ब्लॉक हो जाएगा', 'लॉटरी', 'इनाम',
);
/** Where the bait came. */
// biome-ignore format: packed word table
export const MESSAGE = any(
  'link', 'sms', 'message', 'whatsapp', 'email', 'mail', 'call', 'लिंक', 'मैसेज',
);
/** Counterfeit goods. */
// biome-ignore format: packed word table
export const FAKE = any(
  'fake', 'nakli', 'duplicate', 'not original', 'first copy', 'replica', 'copy maal', 'नकली', 'डुप्लीकेट',
);
/** A card an ATM kept. */
// biome-ignore format: packed word table
export const ATM_KEPT = any(
  'fans gaya', 'fas gaya', 'phans gaya', 'फंस गया', 'फँस गया', 'stuck in the atm', 'atm kept', 'kept my card',
  'swallowed', 'retained', 'never came out', 'bahar nahi aaya', 'बाहर नहीं आया', 'atm ne rakh', 'एटीएम ने रख',
  'reh gaya', 'rah gaya', 'atm mein', 'एटीएम में', 'रह गया', 'left in the atm',
);
/** Someone asking the caller for a secret. */
// biome-ignore format: packed word table
export const ASKED_FOR = any(
  'asking for', 'asked for', 'asked me for', 'asking me for', 'maang', 'maanga', 'mang raha', 'mangne',
  'मांग', 'मांगा',
);
/** A secret in someone else's hands. */
// biome-ignore format: packed word table
export const LEAKED = any(
  'someone has', 'somebody has', 'leaked', 'leak', 'misuse', 'misusing', 'compromised', 'kisi ke paas',
  'किसी के पास',
);
