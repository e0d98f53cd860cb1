/**
 * Dissatisfaction said without an emotion word: callers who never say "angry" still judge
 * ("yeh theek nahi hai", "this is not right"), dismiss an apology or an offer ("माफ़ी से काम नहीं
 * चलेगा", "sorry is not enough"), ask the outraged rhetorical question ("ye koi tarika hai?", "is
 * this how you treat customers"), recall a broken promise ("pichhli baar bhi yahi kaha tha", "you
 * said the same thing last time"), say nobody listens, are shamed in public ("sabke saamne") or
 * report a patient getting worse. Each class is listed in English, Hinglish and Devanagari; words
 * are matched by lemma, so "bigad rahi" covers "bigad raha".
 * Values sit at the level of a plain complaint (-0.3 to -0.6): one on its own reads "negative",
 * never "very upset". Phrases that also describe a fault rather than the caller's view of it
 * ("the inhaler is not helping", "restarted it, kuch nahi hua") are left out.
 */
// biome-ignore format: a word table reads better packed than one word per line
export const complaintLexicon: Readonly<Record<string, number>> = {
  // Negated acceptability: "theek" and "okay" are neutral, "not okay" is a judgement.
  'theek nahi': -0.45, 'thik nahi': -0.45, 'sahi nahi': -0.45, 'ठीक नहीं': -0.45, 'सही नहीं': -0.45,
  'not okay': -0.45, 'not ok': -0.45, 'not right': -0.45, 'not correct': -0.4, 'not proper': -0.4,
  'isnt right': -0.45, 'isnt okay': -0.45, 'isnt ok': -0.45, 'wasnt right': -0.45, 'isnt fair': -0.6,
  'not good enough': -0.5, 'why should i': -0.35,
  // "Won't do", an apology or an offer turned down.
  'nahi chalega': -0.35, 'नहीं चलेगा': -0.35, 'wont do': -0.35, 'will not do': -0.35,
  // Whole, so the "nahi" in them does not read as negating the apology.
  'sorry se kaam nahi': -0.5, 'maafi se kaam nahi': -0.5, 'माफी से काम नहीं': -0.5, 'सॉरी से काम नहीं': -0.5,
  'sorry se kya': -0.5, 'maafi se kya': -0.5, 'माफी से क्या': -0.5, 'सॉरी से क्या': -0.5, 'sorry is not enough': -0.5,
  'sorry does not': -0.4, 'sorry doesnt': -0.4, 'your sorry': -0.4,
  // The outraged rhetorical question.
  'koi tarika': -0.45, 'koi tareeka': -0.45, 'koi tarike': -0.45, 'कोई तरीका': -0.45,
  'kaisi service': -0.45, 'कैसी सर्विस': -0.45, 'what kind of service': -0.45, 'is this a joke': -0.5,
  'is this how you': -0.4, 'is that how you': -0.4, 'aise koi baat': -0.45, 'ऐसे कोई बात': -0.45,
  'hadd hai': -0.6, 'hadd ho gaya': -0.6, 'had ho gaya': -0.6, 'हद है': -0.6, 'हद हो': -0.6, 'sharam': -0.6,
  'शर्म': -0.6, 'shame on': -0.6, unbelievable: -0.4, shocking: -0.5, shocked: -0.5,
  // A promise broken or the same answer again.
  'yahi kaha': -0.4, 'yahi bola': -0.4, 'यही कहा': -0.4, 'यही बोला': -0.4, 'wahi jawab': -0.4,
  'वही जवाब': -0.4, 'same answer': -0.4, 'same thing last time': -0.4, 'said the same': -0.4,
  'second time': -0.3, 'doosri baar': -0.3, 'dusri baar': -0.3, 'दूसरी बार': -0.3, 'you promised': -0.4, 'wada kiya tha': -0.4, 'वादा किया था': -0.4, bahana: -0.4, bahane: -0.4,
  बहाना: -0.4, बहाने: -0.4, excuses: -0.4,
  // Nobody listens. ("Kuch nahi hua" is left out: after "I restarted it" it reports a result.)
  'koi sunta nahi': -0.5, 'कोई सुनता नहीं': -0.5, 'koi sun nahi': -0.5, 'कोई सुन नहीं': -0.5,
  'nobody listens': -0.5, 'no one listens': -0.5,
  // Fooled, ruined, unable to bear it.
  'ullu bana': -0.6, 'उल्लू बना': -0.6, 'chuna laga': -0.6, 'चूना लगा': -0.6, barbaad: -0.6,
  barbad: -0.6, बर्बाद: -0.6, 'bardasht nahi': -0.6, 'बर्दाश्त नहीं': -0.6, careless: -0.5,
  negligence: -0.6, irresponsible: -0.6, unprofessional: -0.6, lapervahi: -0.6, laparwahi: -0.6,
  // Shouted at, shamed in public.
  chilla: -0.5, चिल्ला: -0.5, 'in front of everyone': -0.4, 'sabke saamne': -0.4, 'sabke samne': -0.4,
  'सबके सामने': -0.4,
  // Done without the caller's say: "बिना पूछे चालू कर दी", "किसी ने पूछा तक नहीं", "you could at
  // least inform the customer", "koi message nahi aaya".
  'bina puche': -0.4, 'bina pooche': -0.4, 'bina bataye': -0.4, 'bina bataaye': -0.4, 'बिना पूछे': -0.4,
  'बिना बताए': -0.4, 'बिना बताये': -0.4, 'without asking': -0.4, 'without telling': -0.4,
  'without informing': -0.4, 'without my consent': -0.5, 'without my permission': -0.5,
  'without any notice': -0.4, 'no intimation': -0.4, 'at least inform': -0.4, 'could at least': -0.4,
  'kam se kam bata': -0.4, 'कम से कम बता': -0.4, 'pucha tak nahi': -0.45, 'poocha tak nahi': -0.45,
  'पूछा तक नहीं': -0.45, 'bataya tak nahi': -0.45, 'बताया तक नहीं': -0.45, 'nobody told me': -0.4,
  'no one told me': -0.4, 'never told me': -0.4, 'kisi ne nahi bataya': -0.4, 'किसी ने नहीं बताया': -0.4,
  'koi message nahi': -0.3, 'कोई मैसेज नहीं': -0.3,
  // Tricked: "this is how you people trap customers", "hidden charges".
  trap: -0.5, trapped: -0.5, fooled: -0.5, fooling: -0.5, misleading: -0.5, 'hidden charge': -0.4,
  'फंसा': -0.5, fansa: -0.5, phansa: -0.5,
  // Refusing to pay what is charged.
  'not paying': -0.4, 'wont pay': -0.4, 'will not pay': -0.4, 'for nothing': -0.3, 'nahi bharunga': -0.4,
  'nahi bharungi': -0.4, 'नहीं भरूंगा': -0.4, 'नहीं भरूंगी': -0.4,
  // It always happens, or this is no way to treat a customer.
  'हर बार': -0.3, 'yahi hota': -0.4, 'यही होता': -0.4, 'always the same': -0.4, 'not how': -0.4,
  'treat a customer': -0.35, 'treat customers': -0.35, 'treat your customers': -0.35,
  // Trust gone: "mujhe bharosa nahi hai ab".
  'bharosa nahi': -0.5, 'भरोसा नहीं': -0.5, 'vishwas nahi': -0.5, 'विश्वास नहीं': -0.5, 'dont trust': -0.5,
  'cant trust': -0.5, 'no trust': -0.5, 'lost faith': -0.5, 'no faith': -0.5,
  // A patient getting worse.
  worse: -0.5, worsening: -0.5, bigad: -0.5, bigda: -0.5, bigadta: -0.5, बिगड: -0.5, बिगडा: -0.5, बिगडता: -0.5,
};
