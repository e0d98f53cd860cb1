import { updateRecord } from '../handoff/records.js';
import { fill, forLanguage } from '../messages.js';
import { maskPii } from '../pii/mask.js';
import type { PiiPolicy } from '../pii/policy.js';
import type { HandoffStore } from '../store/store.js';
import type { ConsultRecord, ConsultTurn, HandoffContext } from '../types.js';
import type { Instruction } from './port.js';

/**
 * A consult, as any platform serves it: before a warm transfer joins the caller, an AI holding the
 * packet talks privately with the human who answered, and reports whether they take the call. The
 * gateway's `ConsultSession` is one.
 */
export interface Consult {
  context: HandoffContext;
  /** The spoken brief the TTS whisper would have been (PII masked): the opening's substance. */
  brief: string;
  /**
   * The language to speak with the human in, when the place running the consult decides it (the
   * gateway's `conference.humanLanguage`, or the rule below, which it applies too).
   */
  language?: string;
  accept(): Promise<void>;
  /** `reason` goes on the attempt, and the ladder moves on. */
  decline(reason: string): Promise<void>;
  /**
   * What was said, for the packet's `consults`: a platform that transcribes the consult reports
   * each final utterance here, the human's (`human`) and its AI's (`ai`). Optional to implement
   * and to call; the place running the consult writes them to the record when it ends.
   */
  addTurn?(turn: { role: ConsultTurn['role']; text: string; at?: number }): void;
}

/** Bounds on what a consult adds to a packet, which travels to every desk and CRM. */
export const CONSULT_LIMITS = { turns: 200, turnChars: 2_000, consults: 20 } as const;

/** A turn as the packet keeps it: trimmed, cut to `CONSULT_LIMITS.turnChars`; undefined when empty. */
export function consultTurn(
  turn: { role: ConsultTurn['role']; text: string; at?: number },
  now = Date.now(),
): ConsultTurn | undefined {
  if (turn.role !== 'human' && turn.role !== 'ai') return undefined;
  const text = String(turn.text ?? '')
    .trim()
    .slice(0, CONSULT_LIMITS.turnChars);
  if (!text) return undefined;
  const at = typeof turn.at === 'number' && Number.isFinite(turn.at) ? turn.at : now;
  return { role: turn.role, text, at };
}

/**
 * Appends a finished consult to the handoff's packet (`context.consults`, oldest first, the newest
 * `CONSULT_LIMITS.consults` kept), in one write: the desk and `handoff.updated` webhooks see it.
 * Resolves to false when there is no such handoff.
 */
export async function recordConsult(
  store: HandoffStore,
  handoffId: string,
  consult: ConsultRecord,
  retentionMs?: number,
): Promise<boolean> {
  const entry: ConsultRecord = { ...consult, turns: consult.turns.slice(0, CONSULT_LIMITS.turns) };
  const written = await updateRecord(
    store,
    handoffId,
    (record) => {
      record.context.consults = [...(record.context.consults ?? []), entry].slice(-CONSULT_LIMITS.consults);
      // `updateRecord` moves it past the version before when this clock reads the same or earlier.
      record.updatedAt = Date.now();
      return record;
    },
    retentionMs,
  );
  return written !== undefined;
}

/**
 * Every line a consult's model is told, per language. Placeholders: `{team}` the destination's
 * label, `{brief}`, `{packet}` (the facts, summary and a transcript excerpt), `{accept}` and
 * `{decline}` the tool names.
 */
export interface ConsultPrompts {
  instructions: string;
  /** Asks the model to speak first. */
  opening: string;
  accept: string;
  decline: string;
  /** `decline_call`'s `reason` argument. */
  reason: string;
}

const en: ConsultPrompts = {
  instructions:
    'You are on a private phone line with a colleague from {team}, before a caller who is waiting on hold is put through to them; the caller cannot hear you. Speak English. Start with this brief, in your own words and short: "{brief}" Then answer their questions from the packet below and nothing else: when it does not say, say you do not know. Never read out whole account or card numbers. When they agree to take the call ("connect me", "put them through", "yes"), call {accept} at once and say nothing more. When they cannot or will not take it, call {decline} with their reason in a few words.\n\nPacket:\n{packet}',
  opening: 'The colleague has picked up. Give the brief now.',
  accept: 'The colleague takes the call: the caller is put through to them.',
  decline: 'The colleague will not take the call now; another colleague is tried.',
  reason: 'Why, in their words, in a few words (busy, wrong team, …).',
};

const hi: ConsultPrompts = {
  instructions:
    'आप {team} के एक सहकर्मी से निजी फ़ोन लाइन पर हैं; होल्ड पर इंतज़ार कर रहे कॉलर को अभी उनसे जोड़ा जाना है, और कॉलर आपको नहीं सुन सकता। हिंदी में बोलिए। इस ब्रीफ़ से शुरू कीजिए, अपने शब्दों में और छोटा: "{brief}" फिर उनके सवालों के जवाब सिर्फ़ नीचे दिए पैकेट से दीजिए: जो उसमें नहीं है, उसके लिए कहिए कि आपको नहीं पता। पूरा खाता या कार्ड नंबर कभी मत पढ़िए। जब वे कॉल लेने को तैयार हों ("जोड़ दीजिए", "हाँ"), तुरंत {accept} कॉल कीजिए और आगे कुछ मत कहिए। जब वे कॉल नहीं ले सकते, उनकी वजह कुछ शब्दों में लेकर {decline} कॉल कीजिए।\n\nपैकेट:\n{packet}',
  opening: 'सहकर्मी ने फ़ोन उठा लिया है। अब ब्रीफ़ दीजिए।',
  accept: 'सहकर्मी कॉल लेते हैं: कॉलर को उनसे जोड़ा जाता है।',
  decline: 'सहकर्मी अभी कॉल नहीं लेंगे; किसी और सहकर्मी को आज़माया जाता है।',
  reason: 'क्यों, उनके अपने कुछ शब्दों में (व्यस्त, गलत टीम, …)।',
};

const hiLatn: ConsultPrompts = {
  instructions:
    'Aap {team} ke ek colleague se private phone line par hain; hold par intezaar kar rahe caller ko abhi unse joda jaana hai, aur caller aapko nahi sun sakta. Hindi mein boliye. Is brief se shuru kijiye, apne shabdon mein aur chhota: "{brief}" Phir unke sawaalon ke jawaab sirf neeche diye packet se dijiye: jo usmein nahi hai, uske liye kahiye ki aapko nahi pata. Poora account ya card number kabhi mat padhiye. Jab woh call lene ko taiyaar hon ("jod dijiye", "haan"), turant {accept} call kijiye aur aage kuch mat kahiye. Jab woh call nahi le sakte, unki wajah kuch shabdon mein lekar {decline} call kijiye.\n\nPacket:\n{packet}',
  opening: 'Colleague ne phone utha liya hai. Ab brief dijiye.',
  accept: 'Colleague call lete hain: caller ko unse joda jaata hai.',
  decline: 'Colleague abhi call nahi lenge; kisi aur colleague ko try kiya jaata hai.',
  reason: 'Kyon, unke apne kuch shabdon mein (busy, galat team, …).',
};

export const CONSULT_PROMPTS: Readonly<Record<string, ConsultPrompts>> = { en, hi, 'hi-Latn': hiLatn };

export const CONSULT_TOOLS = { accept: 'accept_call', decline: 'decline_call' } as const;

/**
 * The language a human taking this caller is spoken to in, unless the deployment fixes one: the
 * caller's (a caller is routed to people who speak their language), else the deployment's, else
 * English. The consult and every line the gateway says on the human's leg follow it.
 */
export function humanLanguage(context: HandoffContext, deployment: { language?: string } = {}): string {
  return context.extracted.language ?? deployment.language ?? 'en';
}

/** Caller and AI turns the packet quotes, newest last, each cut to a sentence or two. */
const EXCERPT_TURNS = 12;
const EXCERPT_CHARS = 300;

/** What a platform configures its consult model with: one instruction, two tools, the cue to speak. */
export interface ConsultPlan {
  language: string;
  instructions: string;
  /** Asks the model to speak first: the human picked up to hear why they were called. */
  opening: Instruction;
  tools: Array<{ name: string; description: string; parameters: Record<string, unknown> }>;
}

/**
 * The consult in the human's language: `language` if given, else the consult's own, else the
 * caller's (the human takes a caller in it), else the deployment's, else English. Free text is
 * masked with the deployment's PII policy, as the whisper is.
 */
export function planConsult(
  consult: Pick<Consult, 'context' | 'brief' | 'language'>,
  deployment: { language?: string; pii?: PiiPolicy | false } = {},
  language = consult.language ?? humanLanguage(consult.context, deployment),
): ConsultPlan {
  const prompts = forLanguage(CONSULT_PROMPTS, language) ?? en;
  const values = {
    team: consult.context.destination?.label ?? '',
    brief: consult.brief,
    packet: packetText(consult.context, deployment.pii),
    ...CONSULT_TOOLS,
  };
  const reason = { type: 'string', description: prompts.reason };
  return {
    language,
    instructions: fill(prompts.instructions, values),
    opening: { text: prompts.opening, purpose: 'consult', respond: true },
    tools: [
      {
        name: CONSULT_TOOLS.accept,
        description: prompts.accept,
        parameters: { type: 'object', properties: {}, additionalProperties: false },
      },
      {
        name: CONSULT_TOOLS.decline,
        description: prompts.decline,
        parameters: { type: 'object', properties: { reason }, required: ['reason'] },
      },
    ],
  };
}

/**
 * Does what a consult tool call means: `accept_call` takes the call, `decline_call` declines with
 * its `reason` (arguments that are not JSON count as the reason itself). `false`: not a consult tool.
 */
export async function decideConsult(consult: Consult, name: string, args: string): Promise<boolean> {
  if (name === CONSULT_TOOLS.accept) await consult.accept();
  else if (name === CONSULT_TOOLS.decline) await consult.decline(declineReason(args));
  else return false;
  return true;
}

function declineReason(args: string): string {
  try {
    const parsed = JSON.parse(args) as { reason?: unknown } | null;
    return typeof parsed?.reason === 'string' && parsed.reason.trim() ? parsed.reason : 'no reason given';
  } catch {
    return args.trim() || 'no reason given';
  }
}

/** The packet as the model reads it: facts, summary, what the AI tried, and the call's last turns. */
function packetText(context: HandoffContext, pii: PiiPolicy | false | undefined): string {
  const mask = (text: string) => maskPii(text, pii);
  const { extracted: x, trigger } = context;
  const account = x.customer.accountNumber;
  const facts: Array<[string, unknown]> = [
    ['Caller', x.customer.name],
    ['Account ending', account ? account.slice(-4) : undefined],
    ['Verified', x.customer.verified],
    ['Intent', x.intent],
    ['Issue', x.issueType],
    ['Amounts', x.amounts?.length ? x.amounts.join(', ') : undefined],
    ['Caller language', x.language],
    ['Mood', x.sentiment],
    ['Urgency', trigger.urgency],
    ['Why the AI handed over', trigger.reason],
    ...Object.entries(x.fields),
    ['Summary', context.summary.full || context.summary.oneLine],
    ['The AI already tried', context.attempts.join('; ') || undefined],
  ];
  const lines = facts
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `${key}: ${mask(typeof value === 'string' ? value : JSON.stringify(value))}`);
  const turns = context.transcript.filter((t) => t.role === 'caller' || t.role === 'agent');
  const excerpt = turns
    .slice(-EXCERPT_TURNS)
    .map((t) => `${t.role === 'caller' ? 'Caller' : 'AI'}: ${mask(t.text.slice(0, EXCERPT_CHARS))}`);
  return [...lines, ...(excerpt.length ? ['Last turns of the call:', ...excerpt] : [])].join('\n');
}
