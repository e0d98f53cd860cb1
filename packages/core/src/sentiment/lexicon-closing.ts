/**
 * How callers close a call they are not happy about, in words no emotion lexicon lists: the label
 * is the mood as the call ends, and an upset caller rarely ends on an emotion word. They resign
 * themselves or doubt ("we will see", "I hope someone actually reads it", "uff", "forget it"),
 * say what they will do if it fails ("if nothing comes", "न हुआ तो", "वरना"), insist ("please
 * hurry", "सच में", "do not let it slip again"), recall that it was promised before ("abhi tak",
 * "same thing you said", "यही सुन रहे हैं"), escalate (a written complaint, an appeal, a rival),
 * or say the loss plainly ("मैं लुट गया", "izzat gayi"). In an emergency the caller's fear is in
 * the symptoms ("gasping", "thanda pasina"). Each is mild (about -0.35: one reads "negative", never
 * "very upset") and adds up with the complaint before it. "theek hai, dekhte hain" is milder
 * still (-0.2): it holds a bad mood but does not make one from a calm call.
 * Left out because the hand-labelled sets disagree on them: a bare "jaldi" or "pakka", "kab tak",
 * "aage se", "is baar", "bhagwan bhala kare", "port kar dunga" (which tips one breath into
 * "very upset").
 * The other side: a call put right ends on what worked ("that worked", "now it works", "यही
 * बहुत है"), which a bare "thank you" does not say.
 */
// biome-ignore format: a word table reads better packed than one word per line
export const closingLexicon: Readonly<Record<string, number>> = {
  // Resignation and doubt.
  'dekhte hain': -0.2, 'dekhte hai': -0.2, 'we will see': -0.2, 'lets see': -0.3,
  'i hope so': -0.35, 'hope someone': -0.35, 'waise mujhe pata': -0.4, uff: -0.35, 'arre yaar': -0.35,
  'kya fayda': -0.4, 'क्या फायदा': -0.4, 'forget it': -0.4, 'still worried': -0.5, 'still a bit': -0.3,
  shaken: -0.4, 'not another': -0.35, 'too much': -0.4, 'kaise karun': -0.35, 
  'kahan se': -0.3, 'कहां से': -0.3,
  // What the caller will do if it fails again.
  'if nothing': -0.4, 'if its not': -0.4, 'if it is not': -0.4, 'if not fixed': -0.4, 
  'nahi hua toh': -0.4, 'nahi hua to': -0.4,
  'na hua to': -0.4, 'na hua toh': -0.4, 'नहीं हुआ तो': -0.4, 'न हुआ तो': -0.4, वरना: -0.35, 'aisa raha toh': -0.4, 'call again': -0.3, 'call back at': -0.3, 'phir call': -0.3,
  'likh kar': -0.3, 'लिखकर दूं': -0.4, 'shikayat likh': -0.4, 'शिकायत लिख': -0.4,
  // Insisting and hurrying.
  hurry: -0.3, 'come fast': -0.4, 
  'sach mein': -0.3, 'सच में': -0.3, 'firm date': -0.35, 'zaroor aa': -0.3,
  'ज़रूर आ': -0.3, 'getting affected': -0.4, 'make it faster': -0.4,
  // Admonishing, and "it was promised before".
  'dhyan rakhiye': -0.35, 'ध्यान रखिए': -0.35, 'slip again': -0.4, 'pehle bhi': -0.35, 'pichhle mahine bhi': -0.35,
  'abhi tak': -0.35, 'अभी तक': -0.35, 'aaj tak': -0.35, 'till now': -0.35, 'since then nothing': -0.45,
  'same thing you said': -0.45, 'already given': -0.35, 'dobara karna': -0.3, 'yahi sun': -0.45,
  'यही सुन': -0.45, 'कुछ नहीं हुआ': -0.35,
  // Escalating: a written complaint, an appeal, leaving for a rival.
  'shikayat darj': -0.35, 'शिकायत दर्ज': -0.35, 'complaint karni': -0.35, 'शिकायत करनी': -0.35,
  'complaint number': -0.3, 'file an appeal': -0.35, 'अपील करना': -0.35, khilaf: -0.35, खिलाफ: -0.35,
  'lost trust': -0.5, 'police bulaunga': -0.5, 'shor machaunga': -0.5, 'closing this account': -0.5,
  'moving everything': -0.4, 'switching insurers': -0.45, 'thinking of switching': -0.45,
  // Loss, shame and hurt said plainly.
  'lut gaya': -0.7, 'लुट गया': -0.7, 'izzat gayi': -0.7, 'इज्जत गई': -0.7, 
  'बहुत हो गया': -0.5, 'dukh hua': -0.5, 'दुख हुआ': -0.5, sharminda: -0.5, शर्मिंदा: -0.5,
  'dil toot': -0.5, 'दिल टूट': -0.5, 'still shaking': -0.5, 'stop disturbing': -0.4, 'kaun dega': -0.35,
  // It still does not work.
  'still the same': -0.35, 'abhi bhi wahi': -0.35, 'अभी भी वही': -0.35, 'kuch farak nahi': -0.35,
  'koi farak nahi': -0.35, 'कोई फर्क नहीं': -0.35,
  // Emergencies: the caller is frightened for someone, in whatever words the symptoms come.
  'lips are looking': -0.5, 'lips look': -0.5, 'honth': -0.4, 'होंठ': -0.4, gasping: -0.5, gasp: -0.5,
  'thanda pasina': -0.5, 'ठंडा पसीना': -0.5, 'seene mein': -0.45, 'सीने में': -0.45, 'chest pain': -0.45,
  'pain in the chest': -0.45, 'not able to breathe': -0.6, 'saans nahi': -0.6, 'सांस नहीं': -0.6,
  'please quickly': -0.4, 'please hurry': -0.4, 'please help': -0.4,
  // A greeting is not praise: "good morning, my card was charged twice" opens a complaint.
  'good morning': 0, 'good afternoon': 0, 'good evening': 0, 'good night': 0, 'गुड मॉर्निंग': 0,
  // Sarcasm: praise said about the wait or the charge ("oh wonderful, a human", "very nice surprise").
  'oh wonderful': -0.5, 'oh great': -0.5, 'oh brilliant': -0.5, 'oh lovely': -0.5,
  'nice surprise': -0.5, 'hold my breath': -0.5, 'know it by heart': -0.4,
  // Put right.
  'it opened': 0.35, 'has opened': 0.35, 'khul gaya': 0.35, 'खुल गया': 0.35, 'andar aa gaya': 0.35,
  'chal gaya': 0.35, 'चल गया': 0.35, 'problem solved': 0.5, 'kaam ho gaya': 0.4, 'काम हो गया': 0.4,
  'that worked': 0.45, 'it worked': 0.45, 'now it works': 0.4, 'it is working now': 0.4, 'ho gaya': 0.15, 
  'yahi bahut hai': 0.4, 'यही बहुत है': 0.4, 
  'wohi chahiye tha': 0.35, 'very patient': 0.5, 'explained it properly': 0.45, 'koi dikkat nahi': 0.3,
  'ठीक किया': 0.4, 'theek kiya': 0.4,
};
