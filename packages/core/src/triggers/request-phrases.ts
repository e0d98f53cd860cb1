/**
 * How callers ask for a person, per language, as data. Patterns are regex sources matched against
 * the folded utterance: lowercase, apostrophes dropped ("don't" → "dont"), nukta removed, words
 * separated by single spaces and `|` standing for a clause break. `{name}` expands to the
 * alternation of `vocab[name]`.
 */
export interface RequestLanguage {
  lang: string;
  vocab: Readonly<Record<string, readonly string[]>>;
  /** A match of any of these is a request, unless a negation cue sits next to it. */
  patterns: readonly string[];
  /** Requests phrased through a negation ("I don't want to talk to a bot"): never negated. */
  affirmingNegations?: readonly string[];
  /** Regex source tested against the same-clause text just before a match, anchored at its end. */
  negationBefore?: string;
  /** Regex source tested against the same-clause text just after a match, anchored at its start. */
  negationAfter?: string;
}

// biome-ignore format: a word table reads better packed than one word per line
const ENGLISH_HUMAN = [
  'human', 'humans', 'human being', 'person', 'people', 'someone', 'somebody', 'anyone', 'anybody', 'agent',
  'agents', 'representative', 'rep', 'operator', 'executive', 'manager', 'supervisor', 'staff', 'advisor',
  'adviser', 'specialist', 'officer', 'team member', 'customer care', 'customer service', 'customer support',
  'customer care executive', 'customer service agent', 'customer service representative', 'support agent',
  'support team', 'human agent', 'live agent', 'real person',
];

// biome-ignore format: a word table reads better packed than one word per line
export const englishRequests: RequestLanguage = {
  lang: 'en',
  vocab: {
    human: ENGLISH_HUMAN,
    det: [
      'a', 'an', 'the', 'some', 'your', 'any', 'one', 'real', 'actual', 'live', 'proper', 'another', 'other',
      'senior',
    ],
    talk: ['talk', 'speak', 'chat'],
    bot: ['bot', 'robot', 'machine', 'computer', 'ai', 'automated system', 'recording', 'voice bot'],
  },
  patterns: [
    '{talk} (?:to|with) (?:{det} ){0,3}{human}',
    'transfer (?:me|my call|this call|the call)',
    '(?:connect|put) (?:me|my call|this call)(?: through)? (?:to|with) (?:{det} ){0,3}{human}',
    '(?:get|give|find|bring) me (?:{det} ){0,3}{human}',
    '(?:want|need|(?:would|id) like|prefer|request|demand)' +
      '(?: to (?:{talk}|be transferred|be connected))?(?: (?:to|with|for))? (?:{det} ){0,3}{human}',
    '(?:want|need|(?:would|id) like) to be (?:transferred|connected|escalated)',
    'escalate (?:this |it |my (?:call|complaint|issue) )?to (?:{det} ){0,3}{human}',
    'is there (?:{det} ){0,2}{human} (?:i|we) can {talk}',
    // A one-word plea: "Agent!", "operator", "human please".
    '^(?:please )?(?:{det} ){0,2}(?:human|person|agent|representative|operator|manager|supervisor|' +
      'customer care|real person|live agent)(?: please| now| please now)?$',
  ],
  affirmingNegations: [
    '(?:dont|do not) want to {talk} (?:to|with) (?:a |an |this |the |your )?{bot}',
    '(?:im|i am) (?:not|done) (?:talking|speaking) (?:to|with) (?:a |an |this |the |your )?{bot}',
    '(?:stop|enough)(?: with)? (?:this|the|your) {bot}',
  ],
  // "I don't (really) want…", "never", "without"; a bare "no" only right before the match
  // ("no need for an agent"), since "no I want a human" answers the agent's question and then asks.
  negationBefore:
    '(?:(?:^| )(?:dont|do not|didnt|did not|doesnt|does not|wont|will not|wouldnt|would not|never|not|nor|' +
    'without)' +
    '(?: (?:really|even|actually|necessarily|ever|want|wanna|need|have|to|i|think|at all)){0,4}|(?:^| )no)$',
};

// biome-ignore format: a word table reads better packed than one word per line
export const hindiRequests: RequestLanguage = {
  lang: 'hi',
  vocab: {
    human: [
      'इंसान', 'इन्सान', 'आदमी', 'व्यक्ति', 'एजेंट', 'एजेन्ट', 'मैनेजर', 'अधिकारी', 'कर्मचारी', 'प्रतिनिधि',
      'सुपरवाइजर', 'कस्टमर केयर', 'कस्टमर केयर वाले', 'कस्टमर सर्विस', 'किसी', 'कोई', 'ऑपरेटर',
    ],
    det: ['असली', 'किसी', 'कोई', 'सही', 'एक', 'आपके', 'अपने', 'सीनियर'],
    bot: ['रोबोट', 'मशीन', 'बॉट', 'कंप्यूटर'],
  },
  patterns: [
    '(?:{det} )?{human} (?:से|को) (?:मेरी |हमारी |अभी )?बात (?:कर|करा|करवा)\\S*',
    '(?:{det} )?{human} (?:को )?(?:बुलाओ|बुलाइए|बुलाइये|बुलाएं|बुला दो|बुला दीजिए)',
    '(?:{det} )?{human} (?:चाहिए|की जरूरत|से मिलाओ|से मिलवाइए|से मिलवाओ|से कनेक्ट|पर ट्रांसफर|को ट्रांसफर)',
  ],
  affirmingNegations: ['{bot} से (?:बात )?नहीं (?:करनी|करना|करूंगा|करूंगी)'],
  // "…बात नहीं करनी", "एजेंट की ज़रूरत नहीं"; but "नहीं तो" means "otherwise".
  negationAfter: '^(?: \\S+)? (?:नहीं|नही|मत)(?! तो(?: |$))',
};

// biome-ignore format: a word table reads better packed than one word per line
export const hinglishRequests: RequestLanguage = {
  lang: 'hi-Latn',
  vocab: {
    human: [
      'insaan', 'insan', 'inshaan', 'insaann', 'aadmi', 'admi', 'banda', 'bande', 'vyakti', 'agent',
      'executive',
      'manager', 'officer', 'adhikari', 'supervisor', 'representative', 'operator', 'person', 'human',
      'staff',
      'customer care', 'customer care wale', 'customer care wala', 'customer care waale',
      'customer care waala',
      'customer service', 'customer support', 'call center wale', 'kisi', 'koi',
    ],
    det: ['kisi', 'koi', 'asli', 'sahi', 'ek', 'aapke', 'apke', 'real', 'actual', 'live', 'senior', 'dusre'],
    bot: ['bot', 'robot', 'machine', 'computer'],
  },
  patterns: [
    '(?:{det} )?{human} (?:se|sey|say|ko) (?:meri |hamari |humari |mujhe |abhi )?' +
      '(?:baat|bat|baath) (?:kar|kr)\\S*',
    '(?:{det} )?{human} (?:ko )?(?:bulao|bulaao|bulaiye|bulaaiye|bula do|bulwao|bhejo)',
    '(?:{det} )?{human} (?:chahiye|chaiye|chahie|ki (?:zarurat|jarurat|zaroorat|jaroorat))',
    '(?:{det} )?{human} (?:se|ko|pe|par) (?:connect|transfer|forward) (?:kar|kr)\\S*',
  ],
  affirmingNegations: ['{bot} (?:se )?(?:baat )?(?:nahi|nahin|nhi) (?:karni|karna|karunga|karungi)'],
  // "…baat nahi karni", "insaan ki zarurat nahi"; "nahi to" means "otherwise", and a trailing "na"
  // is a polite tag ("baat karao na"), not a negation.
  negationAfter: '^(?: \\S+)? (?:nahi|nahin|nai|nhi|mat)(?! (?:to|toh)(?: |$))',
};

export const defaultRequestLanguages: readonly RequestLanguage[] = [
  englishRequests,
  hindiRequests,
  hinglishRequests,
];
