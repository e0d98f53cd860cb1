import { forLanguage } from '../messages.js';

/**
 * Every line the core tells the LLM, beside `messages.ts` (what the caller hears). Placeholders:
 * `{text}` a line to say, `{why}` a rule's reason, `{tool}` the tool name, `{team}` a destination
 * label, `{said}` what the caller was told, `{status}`, `{error}`, `{reason}`.
 */
export interface AgentPrompts {
  /** For speech-to-speech models with no TTS: how to make them voice a line verbatim. */
  sayExactly: string;
  suggest: string;
  transferring: string;
  alreadyTransferring: string;
  afterHours: string;
  notTransferred: string;
  invalidArguments: string;
  callEnded: string;
  error: string;
  /** After a rule-started handoff did not go ahead (no tool call to answer). */
  handoffFailed: string;
  /** The caller is back with the AI after a handoff that did not connect. */
  resumed: string;
  /**
   * A human spoke with the caller and handed them back from the desk: `{team}`, `{by}`,
   * `{minutes}` they had the caller, and their `{note}`.
   */
  handedBack: string;
  /** A supervisor watching the call suggests `{text}`. */
  supervisorHint: string;
  /** A tool call for a tool this deployment does not handle. */
  unknownTool: string;
}

const en: AgentPrompts = {
  sayExactly: 'Say exactly this to the caller, word for word, and nothing else: "{text}"',
  suggest:
    'The caller may need a human ({why}). Offer to transfer them to a person; call {tool} only if they agree.',
  transferring: 'The caller was told "{said}" and is being transferred to {team}. Say nothing more.',
  alreadyTransferring: 'A transfer to {team} is already under way. Say nothing more.',
  afterHours:
    'No human can take the call right now: the team is closed. Tell the caller: "{said}" Offer to arrange a callback.',
  notTransferred:
    'The transfer did not go through ({status}). Tell the caller: "{said}" Ask whether they would like a callback, and keep helping them meanwhile.',
  invalidArguments: '{error}. Fix the arguments and call {tool} again.',
  callEnded: 'The call is no longer active, so it cannot be transferred.',
  error:
    'The transfer is not possible right now. Apologise, and ask the caller whether they would like a callback.',
  handoffFailed:
    'A transfer to a human ({reason}) did not go ahead. The caller was told: "{said}" Keep helping them.',
  resumed:
    'The transfer to a human did not connect ({reason}). The caller was told: "{said}" Continue helping them.',
  handedBack:
    'The caller spoke with {by} ({team}) for {minutes} min, who handed them back to you with this note: "{note}" Greet them again briefly and continue from that note; do not repeat what the human already did.',
  supervisorHint:
    'A supervisor listening to this call suggests: "{text}" Take it into account in your next reply; do not mention the supervisor.',
  unknownTool: 'That tool is not available. Continue helping the caller without it.',
};

const hi: AgentPrompts = {
  sayExactly: 'कॉलर से ठीक यही शब्दशः कहिए, और कुछ नहीं: "{text}"',
  suggest:
    'कॉलर को शायद किसी व्यक्ति की ज़रूरत है ({why})। उन्हें किसी व्यक्ति से जोड़ने की पेशकश कीजिए; {tool} तभी कॉल कीजिए जब वे सहमत हों।',
  transferring: 'कॉलर से कहा गया: "{said}" और उन्हें {team} से जोड़ा जा रहा है। आगे कुछ मत कहिए।',
  alreadyTransferring: '{team} से जोड़ने का काम पहले से चल रहा है। आगे कुछ मत कहिए।',
  afterHours: 'अभी कोई व्यक्ति कॉल नहीं ले सकता: टीम बंद है। कॉलर से कहिए: "{said}" कॉलबैक की पेशकश कीजिए।',
  notTransferred:
    'ट्रांसफ़र नहीं हो पाया ({status})। कॉलर से कहिए: "{said}" पूछिए कि क्या वे कॉलबैक चाहेंगे, और तब तक उनकी मदद करते रहिए।',
  invalidArguments: '{error}। आर्ग्युमेंट ठीक करके {tool} फिर से कॉल कीजिए।',
  callEnded: 'कॉल अब सक्रिय नहीं है, इसलिए ट्रांसफ़र नहीं हो सकता।',
  error: 'अभी ट्रांसफ़र संभव नहीं है। माफ़ी माँगिए, और पूछिए कि क्या कॉलर कॉलबैक चाहेंगे।',
  handoffFailed: 'व्यक्ति से जोड़ने का प्रयास ({reason}) आगे नहीं बढ़ा। कॉलर से कहा गया: "{said}" उनकी मदद करते रहिए।',
  resumed: 'व्यक्ति से कॉल नहीं जुड़ी ({reason})। कॉलर से कहा गया: "{said}" उनकी मदद जारी रखिए।',
  handedBack:
    'कॉलर ने {by} ({team}) से {minutes} मिनट बात की, जिन्होंने यह नोट देकर उन्हें आपको वापस सौंपा: "{note}" संक्षेप में फिर से अभिवादन कीजिए और उसी नोट से आगे बढ़िए; जो व्यक्ति कर चुके हैं उसे मत दोहराइए।',
  supervisorHint:
    'इस कॉल को सुन रहे सुपरवाइज़र का सुझाव: "{text}" अपने अगले जवाब में इसका ध्यान रखिए; सुपरवाइज़र का ज़िक्र मत कीजिए।',
  unknownTool: 'यह टूल उपलब्ध नहीं है। इसके बिना कॉलर की मदद जारी रखिए।',
};

const hiLatn: AgentPrompts = {
  sayExactly: 'Caller se bilkul yahi shabdon mein kahiye, aur kuch nahi: "{text}"',
  suggest:
    'Caller ko shayad kisi insaan ki zaroorat hai ({why}). Unhe kisi vyakti se jodne ki offer kijiye; {tool} tabhi call kijiye jab woh maan jaayein.',
  transferring: 'Caller ko bataya gaya: "{said}" aur unhe {team} se joda ja raha hai. Aage kuch mat kahiye.',
  alreadyTransferring: '{team} se jodne ka kaam pehle se chal raha hai. Aage kuch mat kahiye.',
  afterHours:
    'Abhi koi insaan call nahi le sakta: team band hai. Caller se kahiye: "{said}" Callback ki offer kijiye.',
  notTransferred:
    'Transfer nahi ho paya ({status}). Caller se kahiye: "{said}" Poochhiye ki kya woh callback chahenge, aur tab tak unki madad karte rahiye.',
  invalidArguments: '{error}. Arguments theek karke {tool} phir se call kijiye.',
  callEnded: 'Call ab active nahi hai, isliye transfer nahi ho sakta.',
  error: 'Abhi transfer sambhav nahi hai. Maafi maangiye, aur poochhiye ki kya caller callback chahenge.',
  handoffFailed:
    'Insaan se jodne ki koshish ({reason}) aage nahi badhi. Caller ko bataya gaya: "{said}" Unki madad karte rahiye.',
  resumed: 'Insaan se call nahi judi ({reason}). Caller ko bataya gaya: "{said}" Unki madad jaari rakhiye.',
  handedBack:
    'Caller ne {by} ({team}) se {minutes} min baat ki, jinhone yeh note dekar unhe aapko wapas saunpa: "{note}" Chhota sa greeting dijiye aur usi note se aage badhiye; jo insaan kar chuke hain use mat dohraiye.',
  supervisorHint:
    'Is call ko sun rahe supervisor ka sujhav: "{text}" Apne agle jawab mein iska dhyaan rakhiye; supervisor ka zikr mat kijiye.',
  unknownTool: 'Yeh tool uplabdh nahi hai. Iske bina caller ki madad jaari rakhiye.',
};

export const DEFAULT_PROMPTS: Readonly<Record<string, AgentPrompts>> = { en, hi, 'hi-Latn': hiLatn };

/** The prompt set for a language tag, falling back from `hi-IN` to `hi` and finally English. */
export function promptsFor(
  language: string | undefined,
  overrides?: Partial<Record<string, Partial<AgentPrompts>>>,
): AgentPrompts {
  const tag = language ?? 'en';
  const base = forLanguage(DEFAULT_PROMPTS, tag) ?? en;
  const override = forLanguage(overrides, tag);
  return override ? { ...base, ...override } : base;
}
