/**
 * Concept words for orders and goods: what was ordered, whether it came, and what was wrong with it.
 * Syntax and matching: `concepts.ts`.
 */

const any = (...words: string[]) => words.join('|');

// biome-ignore format: packed word table
export const DELIVERABLE = any(
  'order', 'parcel', 'package', 'courier', 'shipment', 'saman', 'samaan', 'product', 'ऑर्डर', 'पार्सल',
  'कूरियर', 'सामान', 'card', 'कार्ड', 'cheque book', 'chequebook', 'kit',
);
/** Goods that reached the caller (so "broken" is about a delivered item, not an accident). */
// biome-ignore format: packed word table
export const ARRIVAL = any(
  'came', 'arrived', 'received', 'delivered', 'deliver', 'opened', 'open', 'unboxed', 'mila', 'aaya', 'khola',
  'आया', 'मिला', 'खोला', 'box', 'packet', 'piece', 'product', 'item', 'order', 'saman', 'सामान', 'ऑर्डर',
  'ordered', 'bought', 'purchased',
);
// biome-ignore format: packed word table
export const NOT_YET = any(
  'not received', 'not arrived', 'hasnt arrived', 'has not arrived', 'not come', 'hasnt come', 'has not come',
  'not delivered', 'still not', 'nahi aaya', 'nahi mila', 'nahi pahuncha', 'abhi tak nahi', 'नहीं आया',
  'नहीं मिला', 'नहीं पहुंचा', 'अभी तक नहीं', 'delayed', 'where is my', 'kahan hai', 'कहां है', 'kab aayega',
  'कब आएगा', 'kab milega', 'कब मिलेगा', 'in transit', 'still showing', 'not yet', 'stuck in', 'no delivery',
  'never arrived', 'never delivered', 'never got', 'didnt get', 'did not get', 'havent got',
  'marked * delivered', 'shows delivered', 'showing delivered', 'delivered dikha', 'supposed to reach',
  'should have reached', 'should have come', 'still nothing', 'nothing yet', 'was due', 'aana tha', 'आना था',
  'pahunchna tha', 'पहुंचना था', 'kab tak aayega', 'kab * aayega', 'kab tak milega', 'date badal',
  'date change', 'rescheduled', 'postponed', 'कब तक आएगा',
);
// biome-ignore format: packed word table
export const DAMAGED = any(
  'damaged', 'broken', 'cracked', 'crack', 'defective', 'faulty', 'dent', 'scratch', 'scratches', 'leaking',
  'leak', 'torn', 'phata', 'फटा', 'toota', 'tuta', 'टूटा', 'टूट', 'kharab', 'खराब', 'dead on arrival',
  'not turning on', 'doesnt turn on', 'chalu nahi', 'चालू नहीं', 'shattered', 'smashed', 'rotten', 'spoilt',
  'spoiled', 'kharab nikla', 'toot', 'tut', 'no display', 'lines on the screen', 'screen par line',
  'screen pe line', 'line aa', 'not cooling', 'not heating', 'noise', 'awaaz aa', 'tear', 'ripped', 'hole in',
  'stain', 'stained', 'chipped', 'daag', 'छेद', 'दाग',
);
// biome-ignore format: packed word table
export const WRONG_ITEM = any(
  'wrong item', 'wrong product', 'different product', 'different item', 'not what i ordered', 'galat saman',
  'galat product', 'गलत सामान', 'दूसरा सामान', 'different colour', 'different color', 'different size',
  'size chhota', 'size bada', 'कुछ और भेज', 'kuch aur bhej', 'something else', 'photo wali nahi',
  'photo jaisa nahi', 'photo jaisi nahi', 'not as shown', 'not as described', 'not like the picture',
  'not like the photo', 'different from the picture', 'bilkul alag', 'फोटो जैसा नहीं', 'फोटो वाली नहीं',
  'बिल्कुल अलग',
);
// biome-ignore format: packed word table
export const RETURN_WISH = any(
  'return', 'replace', 'replacement', 'exchange', 'send it back', 'lauta', 'वापस कर', 'लौटा', 'एक्सचेंज',
  'रिप्लेसमेंट', 'pick it up',
);
/** "Change" is a return only beside a damaged or wrong item ("badal do", "बदल दीजिए"). */
// biome-ignore format: packed word table
export const SWAP = any(
  'badal', 'badalna', 'बदल', 'change', 'swap', 'working one', 'new one', 'another one', 'right one',
  'correct one', 'fresh one', 'naya wala', 'naya bhej', 'dusra bhej', 'नया भेज', 'दूसरा भेज', 'send a new',
  'send another',
);
/** An item that does not work, said of something just bought. */
// biome-ignore format: packed word table
export const DEFUNCT = any(
  'dead', 'not working', 'doesnt work', 'does not work', 'stopped working', 'does not start', 'doesnt start',
  'wont start', 'not starting', 'not switching on', 'wont turn on', 'does not turn on', 'start nahi',
  'on nahi', 'chal nahi', 'chalta nahi', 'kaam nahi kar', 'काम नहीं कर', 'चल नहीं', 'चालू नहीं', 'chalu nahi',
  'बंद पड़ा', 'band pada',
);
/** Something just delivered or bought. */
// biome-ignore format: packed word table
export const JUST_ARRIVED = any(
  'received', 'delivered', 'arrived', 'unboxed', 'brand new', 'just bought', 'bought', 'purchased', 'ordered',
  'kharida', 'kharidi', 'mangaya', 'mangwaya', 'खरीदा', 'खरीदी', 'मंगाया', 'delivery', 'days of use',
  'within a week', 'within two days', 'after two days', 'after one day', 'after a week', 'din mein hi',
  'दिन में ही', 'first use', 'pehli baar',
);
/** What the caller ordered. */
// biome-ignore format: packed word table
export const ORDERED = any(
  'ordered', 'order kiya', 'mangaya', 'mangwaya', 'मंगाया', 'मंगवाया', 'ऑर्डर किया', 'i bought',
  'i purchased', 'मंगाई', 'मंगवाई', 'mangayi', 'mangwayi',
);
/** Something else sent in its place. */
// biome-ignore format: packed word table
export const SENT_OTHER = any(
  'some other', 'sent another', 'sent a different', 'sent me another', 'sent me a different', 'different one',
  'different book', 'instead of', 'not the one', 'not what i', 'kuch aur', 'dusra', 'doosra', 'koi aur',
  'कुछ और', 'दूसरा', 'कोई और', 'की जगह', 'ki jagah', 'ke badle',
);
/** How a wrong item differs. */
// biome-ignore format: packed word table
export const SIZE_OR_COLOUR = any(
  'size', 'small', 'medium', 'large', 'xl', 'xxl', 'colour', 'color', 'rang', 'रंग', 'साइज',
);
/** What came instead. */
// biome-ignore format: packed word table
export const WAS_SENT = any(
  'bhej diya', 'bheja', 'sent', 'sent me', 'delivered', 'came', 'aa gaya', 'भेज दिया', 'भेजा', 'आ गया',
);
