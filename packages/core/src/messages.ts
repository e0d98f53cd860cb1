import type { FailureOutcome } from './types.js';

/** Lines the AI or the gateway says to the caller. `{label}` is the destination's label. */
export interface CallerMessages {
  transferring: string;
  /**
   * The farewell without a team's name, for platforms whose line is fixed before the core routes
   * (a tool's "say while running" message).
   */
  transferringAny: string;
  afterHours: string;
  backToAi: Record<FailureOutcome | 'default', string>;
  voicemail: string;
  callback: string;
  hangup: string;
  unavailable: string;
}

const en: CallerMessages = {
  transferring: 'Let me connect you with our {label} now. Please stay on the line.',
  transferringAny: 'Let me connect you with someone who can help. Please stay on the line.',
  afterHours: 'Our {label} team is not available right now.',
  backToAi: {
    default: 'I could not reach our {label} team just now, but I can keep helping you.',
    no_answer: 'Our {label} team did not pick up just now, but I can keep helping you.',
    busy: 'Our {label} team is busy with other callers right now, but I can keep helping you.',
    declined: 'Our {label} team could not take the call just now, but I can keep helping you.',
    voicemail: 'Our {label} team did not pick up just now, but I can keep helping you.',
    failed: 'I could not connect the call just now, but I can keep helping you.',
    rejected: 'I cannot connect you to a person right now, but I can keep helping you.',
    caller_hung_up: '',
  },
  voicemail: 'Nobody is free right now. Please leave a message after the tone and we will call you back.',
  callback: 'Nobody is free right now. We will call you back on this number as soon as someone is available.',
  hangup: 'Sorry, nobody is available to take your call right now. Please call again later. Goodbye.',
  unavailable: 'Sorry, I cannot transfer you right now.',
};

const hi: CallerMessages = {
  transferring: 'मैं आपको अभी हमारी {label} टीम से जोड़ रही हूँ। कृपया लाइन पर बने रहें।',
  transferringAny: 'मैं आपको अभी किसी ऐसे व्यक्ति से जोड़ रही हूँ जो मदद कर सके। कृपया लाइन पर बने रहें।',
  afterHours: 'हमारी {label} टीम अभी उपलब्ध नहीं है।',
  backToAi: {
    default: 'अभी {label} टीम से संपर्क नहीं हो पाया, लेकिन मैं आपकी मदद करती रहूँगी।',
    no_answer: 'अभी {label} टीम ने फ़ोन नहीं उठाया, लेकिन मैं आपकी मदद करती रहूँगी।',
    busy: 'अभी {label} टीम दूसरे कॉलर्स के साथ व्यस्त है, लेकिन मैं आपकी मदद करती रहूँगी।',
    declined: 'अभी {label} टीम कॉल नहीं ले पाई, लेकिन मैं आपकी मदद करती रहूँगी।',
    voicemail: 'अभी {label} टीम ने फ़ोन नहीं उठाया, लेकिन मैं आपकी मदद करती रहूँगी।',
    failed: 'अभी कॉल जोड़ी नहीं जा सकी, लेकिन मैं आपकी मदद करती रहूँगी।',
    rejected: 'अभी मैं आपको किसी व्यक्ति से नहीं जोड़ सकती, लेकिन मैं आपकी मदद करती रहूँगी।',
    caller_hung_up: '',
  },
  voicemail: 'अभी कोई उपलब्ध नहीं है। कृपया बीप के बाद अपना संदेश छोड़ें, हम आपको वापस कॉल करेंगे।',
  callback: 'अभी कोई उपलब्ध नहीं है। जैसे ही कोई उपलब्ध होगा, हम आपको इसी नंबर पर कॉल करेंगे।',
  hangup: 'माफ़ कीजिए, अभी कोई भी आपकी कॉल लेने के लिए उपलब्ध नहीं है। कृपया बाद में कॉल करें। धन्यवाद।',
  unavailable: 'माफ़ कीजिए, अभी मैं आपको ट्रांसफ़र नहीं कर सकती।',
};

const hiLatn: CallerMessages = {
  transferring: 'Main aapko abhi hamari {label} team se jod rahi hoon. Kripya line par bane rahiye.',
  transferringAny:
    'Main aapko abhi kisi aise vyakti se jod rahi hoon jo madad kar sake. Kripya line par bane rahiye.',
  afterHours: 'Hamari {label} team abhi uplabdh nahi hai.',
  backToAi: {
    default: 'Abhi {label} team se sampark nahi ho paya, lekin main aapki madad karti rahungi.',
    no_answer: 'Abhi {label} team ne phone nahi uthaya, lekin main aapki madad karti rahungi.',
    busy: 'Abhi {label} team doosre callers ke saath vyast hai, lekin main aapki madad karti rahungi.',
    declined: 'Abhi {label} team call nahi le payi, lekin main aapki madad karti rahungi.',
    voicemail: 'Abhi {label} team ne phone nahi uthaya, lekin main aapki madad karti rahungi.',
    failed: 'Abhi call jodi nahi ja saki, lekin main aapki madad karti rahungi.',
    rejected: 'Abhi main aapko kisi vyakti se nahi jod sakti, lekin main aapki madad karti rahungi.',
    caller_hung_up: '',
  },
  voicemail: 'Abhi koi uplabdh nahi hai. Kripya beep ke baad apna sandesh chhodiye, hum aapko call karenge.',
  callback: 'Abhi koi uplabdh nahi hai. Jaise hi koi uplabdh hoga, hum aapko isi number par call karenge.',
  hangup: 'Maaf kijiye, abhi koi bhi aapki call lene ke liye uplabdh nahi hai. Kripya baad mein call karein.',
  unavailable: 'Maaf kijiye, abhi main aapko transfer nahi kar sakti.',
};

export const DEFAULT_MESSAGES: Readonly<Record<string, CallerMessages>> = { en, hi, 'hi-Latn': hiLatn };

/** The message set for a language tag, falling back from `hi-IN` to `hi` and finally English. */
export function messagesFor(
  language: string | undefined,
  overrides?: Partial<Record<string, Partial<CallerMessages>>>,
): CallerMessages {
  const tag = language ?? 'en';
  const base = forLanguage(DEFAULT_MESSAGES, tag) ?? en;
  const override = forLanguage(overrides, tag);
  return override ? { ...base, ...override, backToAi: { ...base.backToAi, ...override.backToAi } } : base;
}

/** The entry for a language tag in a per-language table, `hi-IN` falling back to `hi`; undefined when neither is there. */
export function forLanguage<T>(
  table: Readonly<Partial<Record<string, T>>> | undefined,
  tag: string,
): T | undefined {
  return table?.[tag] ?? table?.[tag.split('-')[0] ?? ''];
}

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * Lines the gateway says to the human on a conference warm transfer's own leg (issue 17), before
 * they are joined to the caller. The keys prompt must say what `conference.consult: 'keys'` reads:
 * 1 takes the call, 2 is busy, 3 is another team's.
 */
export interface HumanMessages {
  /** After the brief, in consult mode with keys. */
  consultPrompt: string;
  /** The caller left (or the ladder moved on) before the human was joined. */
  callerGone: string;
  /** Another phone of the same team took the call first. */
  taken: string;
  /** The human declined; said before their call ends. */
  declined: string;
}

const humanEn: HumanMessages = {
  consultPrompt:
    'Press 1 to take the call. Press 2 if you cannot take it now, or 3 if it is for another team.',
  callerGone: 'The caller is no longer on the line. Thank you.',
  taken: 'A colleague has taken this call. Thank you.',
  declined: 'Thank you. We will find someone else.',
};

const humanHi: HumanMessages = {
  consultPrompt:
    'कॉल लेने के लिए 1 दबाइए। अभी नहीं ले सकते तो 2 दबाइए, और अगर यह किसी दूसरी टीम के लिए है तो 3 दबाइए।',
  callerGone: 'कॉलर अब लाइन पर नहीं हैं। धन्यवाद।',
  taken: 'यह कॉल किसी सहकर्मी ने ले ली है। धन्यवाद।',
  declined: 'धन्यवाद। हम किसी और को ढूँढ लेंगे।',
};

const humanHiLatn: HumanMessages = {
  consultPrompt:
    'Call lene ke liye 1 dabaiye. Abhi nahi le sakte to 2 dabaiye, aur agar yeh kisi doosri team ke liye hai to 3 dabaiye.',
  callerGone: 'Caller ab line par nahi hain. Dhanyavaad.',
  taken: 'Yeh call kisi colleague ne le li hai. Dhanyavaad.',
  declined: 'Dhanyavaad. Hum kisi aur ko dhoondh lenge.',
};

export const DEFAULT_HUMAN_MESSAGES: Readonly<Record<string, HumanMessages>> = {
  en: humanEn,
  hi: humanHi,
  'hi-Latn': humanHiLatn,
};

/** The human's lines for a language tag, falling back as `messagesFor` does (`hi-IN` → `hi` → English). */
export function humanMessagesFor(
  language: string | undefined,
  overrides?: Partial<Record<string, Partial<HumanMessages>>>,
): HumanMessages {
  const tag = language ?? 'en';
  const base = forLanguage(DEFAULT_HUMAN_MESSAGES, tag) ?? humanEn;
  const override = forLanguage(overrides, tag);
  return override ? { ...base, ...override } : base;
}
