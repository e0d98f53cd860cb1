/**
 * Everyday mood words the first lexicons did not list: English mood words as Hindi ASR writes
 * them in Devanagari ("थैंक यू", "वर्स्ट", "अपसेट"), thanks as people type and ASR hears it
 * ("thanku", "thnx"), Hindi and Urdu synonyms ("निराश", "नाखुश", "बेइज्जती", "राहत", "आभारी") and
 * common English words for the same states. Values follow the lexicon they extend: thanks alone is
 * polite (0.25), relief and gratitude are positive, words for being cheated, humiliated or lied to
 * are strongly negative.
 */
// biome-ignore format: a word table reads better packed than one word per line
export const variantLexicon: Readonly<Record<string, number>> = {
  // Thanks, as typed and as heard
  thanku: 0.25, thankyou: 0.25, thanx: 0.25, thnx: 0.25, thx: 0.25, tysm: 0.6, 'थैंक यू': 0.25,
  थैंक्यू: 0.25, थैंक्स: 0.25, 'थैंक यू सो मच': 0.6, dhanyawaad: 0.25, shukriyaa: 0.25,
  meherbani: 0.4, mehrbani: 0.4, मेहरबानी: 0.4, aabhari: 0.6, abhari: 0.6, आभारी: 0.6, grateful: 0.6,
  thankful: 0.5, 'kind of you': 0.5,
  // Romanised spellings ASR and typists use (z heard as j, vowels doubled or dropped)
  naraj: -0.9, naraaj: -0.9, gusa: -0.9, ghussa: -0.9, bakvas: -0.7, bakwass: -0.7, ghatia: -0.8,
  preshaan: -0.6, pershan: -0.6, pareshaani: -0.5, jhuth: -0.7, jhoota: -0.7, bewkoof: -0.7,
  bevkoof: -0.7, phaltu: -0.6, danyavad: 0.25, dhanyvad: 0.25, shukria: 0.25, badhia: 0.7, bdiya: 0.7,
  // Relief and satisfaction
  rahat: 0.5, राहत: 0.5, tasalli: 0.4, तसल्ली: 0.4, sukoon: 0.5, सुकून: 0.5, khushi: 0.5, खुशी: 0.5,
  santusht: 0.5, संतुष्ट: 0.5, lovely: 0.6, superb: 0.8, fabulous: 0.8, 'well done': 0.6,
  गुड: 0.5, नाइस: 0.5, ग्रेट: 0.7, परफेक्ट: 0.7, एक्सीलेंट: 0.8, हेल्पफुल: 0.6, सैटिस्फाइड: 0.6,
  // Disappointment and displeasure
  nirash: -0.6, niraash: -0.6, निराश: -0.6, hatash: -0.6, हताश: -0.6, nakhush: -0.6, नाखुश: -0.6,
  asantusht: -0.6, असंतुष्ट: -0.6, dissatisfied: -0.6, unsatisfied: -0.6, upsetting: -0.6,
  अपसेट: -0.6, डिसअपॉइंट: -0.6, डिसअपॉइंटेड: -0.6, फ्रस्ट्रेट: -0.7, फ्रस्ट्रेटेड: -0.7, इरिटेट: -0.5,
  वर्स्ट: -0.9, बैड: -0.5, पैथेटिक: -0.8, यूज़लेस: -0.8, रिडिक्युलस: -0.7, नॉनसेंस: -0.6,
  nightmare: -0.8, rubbish: -0.7, shameful: -0.7, sharmnaak: -0.7, शर्मनाक: -0.7, pissed: -0.8,
  mess: -0.4, 'messed up': -0.5, jhanjhat: -0.4, झंझट: -0.4, sirdard: -0.4, सिरदर्द: -0.4,
  // Cheated, lied to, humiliated, threatened
  // What happened ("robbed", "mis-sold") describes the problem more than the mood, as "fraud" does.
  robbed: -0.4, robbery: -0.4, 'daylight robbery': -0.8, looted: -0.8, misled: -0.3, missold: -0.3,
  'mis sold': -0.3, lied: -0.6,
  lying: -0.6, liar: -0.7, 'false promise': -0.6, jhootha: -0.7, झूठा: -0.7, फ्रॉड: -0.3, चीटिंग: -0.8,
  blackmail: -0.7, ब्लैकमेल: -0.7, beizzati: -0.7, beizzti: -0.7, बेइज्जती: -0.7, apmaan: -0.7,
  अपमान: -0.7, insult: -0.6, बदतमीज: -0.7, badtameez: -0.7, zabardasti: -0.5, ज़बरदस्ती: -0.5,
  dhamka: -0.7, धमका: -0.7, 'tang kar': -0.6, 'तंग कर': -0.6, हैरेसमेंट: -0.8, हैरेस: -0.8,
  gundagardi: -0.8, गुंडागर्दी: -0.8, मज़ाक: -0.4, mazak: -0.4,
  // Helpless
  bebas: -0.6, बेबस: -0.6, lachaar: -0.6, lachar: -0.6, लाचार: -0.6, begging: -0.5,
};
