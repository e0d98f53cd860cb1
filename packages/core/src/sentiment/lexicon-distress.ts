/**
 * Valences for the caller's state beyond anger at the company: fear and distress (crying, panic,
 * "डर लग रहा है"), hardship ("naukri chali gayi"), pleading ("kuch kijiye"), impatience with a
 * problem that persists ("still no", "abhi tak nahi") and escalation (police, injustice, "had
 * enough"). A caller in tears is as far from neutral as an angry one. Words are matched by lemma
 * (`extract/lemmas.ts`), so one form covers the rest: "ro raha" matches "ro rahi" and "ro rahe",
 * "worried" covers "worries", "panic" covers "panicking".
 */
// biome-ignore format: a word table reads better packed than one word per line
export const distressLexicon: Readonly<Record<string, number>> = {
  // Fear and distress, English
  worry: -0.4, worried: -0.5, worrying: -0.5, scared: -0.6, scary: -0.5, afraid: -0.5, fear: -0.5,
  frightened: -0.6, terrified: -0.8, panic: -0.6, panicked: -0.6, panicking: -0.7, nervous: -0.4,
  'i am crying': -1, 'im crying': -1, 'in tears': -1, helpless: -0.7, devastated: -0.9, heartbroken: -0.8,
  shaking: -0.5, 'freaking out': -0.7, emergency: -0.4, 'lost everything': -0.9, 'all my savings': -0.6,
  'life savings': -0.6, 'lost my job': -0.6,
  // Fear and distress, Hinglish (lemmas: "raha" also covers "rahi", "rahe"; "gaya" covers "gayi").
  // Crying counts in the first person: "wo ro rahi hai" is the patient, not the caller.
  'ro raha hoon': -1, 'ro raha hun': -1, 'main ro raha': -1, 'rona aa': -0.8, 'dar lag': -0.5, 'darr lag': -0.5, darr: -0.5,
  ghabra: -0.5, 'ghabra raha': -0.6, ghabrahat: -0.5, bechain: -0.5, 'tension ho': -0.5,
  'tension mein': -0.5, tensed: -0.5, 'neend nahi': -0.5, majboor: -0.5, 'naukri chali': -0.6,
  'naukri chhut': -0.6, 'job chali': -0.6,
  bachaiye: -0.5, 'mera sab kuch': -0.3, 'मेरा सब कुछ': -0.3,
  behosh: -0.5, 'hosh mein nahi': -0.6, 'hosh nahi': -0.6, mohlat: -0.3,
  // Fear and distress, Devanagari
  'रो रहा हूं': -1, 'रो रहा हूँ': -1, 'मैं रो रहा': -1, 'रोना आ': -0.8, 'डर लग': -0.5, घबराहट: -0.5, 'घबरा रहा': -0.6, बेचैन: -0.5,
  टेंशन: -0.5, मजबूर: -0.5, 'नौकरी चली': -0.6, 'नौकरी छूट': -0.6,
  बचाइए: -0.5, बेहोश: -0.5, 'होश में नहीं': -0.6, मोहलत: -0.3,
  // Worn out by a problem that persists
  'thak gaya': -0.6, 'thak chuka': -0.6, 'थक गया': -0.6, 'थक चुका': -0.6, 'had enough': -0.7,
  'enough of': -0.5, 'still no': -0.3, 'still have no': -0.3, 'still dont have': -0.3, 'it has been': -0.15, 'still not': -0.3, 'still waiting': -0.4, 'nothing has moved': -0.4,
  'no response': -0.3, 'koi jawab nahi': -0.3, 'कोई जवाब नहीं': -0.3, 'no update': -0.3, 'for weeks': -0.3, 'for days': -0.3, 'for hours': -0.3,
  'abhi tak nahi': -0.3, 'ab tak nahi': -0.3, 'अभी तक नहीं': -0.3, 'अब तक नहीं': -0.3,
  // Impatience: days gone by, promises repeated, money lost waiting
  'din ho gaya': -0.2, 'hafte ho gaya': -0.2, 'mahina ho gaya': -0.2, 'दिन हो गया': -0.2, 'हफ्ते हो गया': -0.2,
  'karte kuch nahi': -0.4, 'kuch nahi karte': -0.4, 'sirf bolte': -0.3,
  'fifth time': -0.3, 'many times': -0.3, 'kai baar': -0.3, 'कई बार': -0.3, 'har din': -0.3, 'roz roz': -0.4, 'every day': -0.3, 'every time': -0.3, 'हर दिन': -0.3, 'रोज रोज': -0.4,
  nuksaan: -0.4, nuksan: -0.4, नुकसान: -0.4, 'losing money': -0.4, 'keep calling': -0.3,
  // Treatment of the caller
  harass: -0.8, harassment: -0.8, harassing: -0.8, harassed: -0.8, torture: -0.9, threatening: -0.7,
  threatened: -0.7, abused: -0.8, misbehaved: -0.7, badtameezi: -0.7, dhamki: -0.7, धमकी: -0.7, बदतमीजी: -0.7,
  gaali: -0.7, गाली: -0.7, abusive: -0.8, shouted: -0.5, chillaya: -0.5, चिल्लाया: -0.5,
  // Pleading: "भगवान के लिए जल्दी", "for god's sake". A plain "jaldi bhejiye" is a request, and
  // fear said beside it ("jaldi bhejiye, bahut dar lag raha hai") already carries the mood.
  'for gods sake': -0.5, 'bhagwan ke liye': -0.5, 'भगवान के लिए': -0.5,
  // Relief at the close: "chalo achha hua", "bhagwan ka shukar hai", "phew", "that really helps",
  // "that is fair", "aapne jaldi kar diya"; distress in the past tense is over ("tension ho gayi
  // thi", "bahut dinon se pareshan tha"), so it counts a little for the caller's relief.
  'achha hua': 0.5, 'accha hua': 0.5, 'acha hua': 0.5, 'अच्छा हुआ': 0.5, 'shukar hai': 0.6,
  'shukr hai': 0.6, 'shukar': 0.5, 'शुक्र है': 0.6, phew: 0.4, 'that helps': 0.4, 'really helps': 0.5,
  'helped a lot': 0.5, 'that is fair': 0.35, 'thats fair': 0.35, 'fair enough': 0.3, 'sahi hai': 0.2,
  'सही है': 0.2, 'jaldi kar diya': 0.4, 'जल्दी कर दिया': 0.4, 'tension ho gaya tha': 0.1,
  'tension ho gaya thi': 0.1, 'pareshan tha': 0.1, 'pareshan thi': 0.1, 'परेशान था': 0.1, 'परेशान थी': 0.1,
  'tension thi': 0.1, 'टेंशन थी': 0.1, 'dar gaya tha': 0.1, 'dar gaya thi': 0.1,
  // Put right
  'thanks a ton': 0.6, 'saved my day': 0.7, 'saved me': 0.5, lifesaver: 0.7,
  'fixed it': 0.4, 'got fixed': 0.4, 'you fixed': 0.4, 'theek ho gaya': 0.4, 'ठीक हो गया': 0.4,
  // Injustice, accusation and escalation
  injustice: -0.8, unfair: -0.6, anyay: -0.8, अन्याय: -0.8, 'not acceptable': -0.8,
  'not fair': -0.6, 'galat hai': -0.45, 'गलत है': -0.45, 'go to the police': -0.6,
  'going to the police': -0.6, 'police mein': -0.5, 'पुलिस में': -0.5, 'action lo': -0.4,
  'action lijiye': -0.4, 'take action': -0.4, 'action taken': -0.4, 'strict action': -0.5,
  // Things as they stand now, after a turn for the better.
  'ab theek': 0.3, 'अब ठीक': 0.3, 'fine now': 0.3, 'better now': 0.4, 'works now': 0.4,
  'consumer forum': -0.6, rbi: -0.3, आरबीआई: -0.3, 'shikayat karunga': -0.5, 'शिकायत करूंगा': -0.5,
};

/** Words that strengthen what follows them, beyond "very": "sarasar loot", "seedha dhokha". */
export const distressIntensifiers: readonly string[] = [
  'sarasar',
  'सरासर',
  'seedha',
  'seedhi',
  'सीधा',
  'सीधी',
  'so so',
  'really really',
];
