import { formatInr } from '../extract/amounts.js';
import {
  defaultIntentClassifier,
  defaultIssueClassifier,
  fallbackIntentClassifier,
} from '../extract/keyword-maps.js';
import { describeIssue, humanize, languageLabel } from '../extract/labels.js';
import { nameIn } from '../extract/name.js';
import { clauseTokens, foldText, tokenize, truncateText } from '../extract/text.js';
import { sentimentLabel } from '../sentiment/score.js';
import { SentimentTracker } from '../sentiment/tracker.js';
import { humanRequestIn } from '../triggers/human-request.js';
import type { Extracted, Sentiment, Summary, Turn } from '../types.js';
import { attemptsInTurn } from './attempts.js';
import { CallerDetails } from './details.js';
import { fitSentences, limitWords } from './fit.js';
import { FILLER, VAGUE } from './words.js';

export interface RollingSummaryOptions {
  /** Attempts ("what the AI tried") kept; the most recent win. Default 5. */
  maxFacts?: number;
  /**
   * The caller's running sentiment, when the owner already keeps it from the same turns (the
   * session does): the summary reads it instead of scoring every caller turn a second time.
   */
  sentiment?: { readonly sentimentScore: number };
}

const ONE_LINE_MAX = 120;
/** Characters quoted of the opening issue (and of the issue detail), and of the latest request. */
const OPENING_MAX = 200;
const REQUEST_MAX = 160;
const SPOKEN_MAX_WORDS = 40;
/** Caller turns within which a turn stating the problem replaces a vague opening ("hello, I have a problem"). */
const OPENING_GRACE = 3;

/**
 * A question is a request too: "what documents do I need", "kya kya documents lagenge". It opens
 * with a question word (and goes on), or says a question phrase anywhere.
 */
const QUESTION_FIRST = new Set(
  'what how when where which why can could should is are do does will kya kab kaise kitna kitne kitni kahan kaun kyun क्या कब कैसे कितना कितने कितनी कहां कौन क्यों'.split(
    ' ',
  ),
);
const QUESTION_PHRASES = phrases(['kya kya', 'kab tak', 'kitna time', 'kitne din', 'क्या क्या', 'कब तक']);

/** Words that make a caller turn a request rather than a remark. */
// biome-ignore format: a word table reads better packed than one word per line
const REQUEST_CUES = phrases([
  'want', 'wanted', 'need', 'please', 'pls', 'can you', 'could you', 'would you', 'id like', 'give me', 'help me',
  'transfer', 'refund', 'cancel', 'block', 'send', 'chahiye', 'chahta', 'chahti', 'karo', 'karwao', 'karvao',
  'karaiye', 'kijiye', 'dijiye', 'de do', 'चाहिए', 'करो', 'कराओ', 'कीजिए', 'दीजिए', 'करवाइए', 'दे दो',
]);

interface Phrases {
  words: ReadonlySet<string>;
  /** Two-word phrases: the second words of each first word. */
  pairs: ReadonlyMap<string, ReadonlySet<string>>;
}

function phrases(list: readonly string[]): Phrases {
  const words = new Set<string>();
  const pairs = new Map<string, Set<string>>();
  for (const phrase of list) {
    const [first, second, more] = phrase.split(' ');
    if (more !== undefined || first === undefined) throw new TypeError(`one or two words: ${phrase}`);
    if (second === undefined) words.add(first);
    else pairs.set(first, (pairs.get(first) ?? new Set()).add(second));
  }
  return { words, pairs };
}

/** Whether the tokens say one of the phrases as whole words (a word lookup each, no joined text). */
function saysPhrase(tokens: readonly string[], { words, pairs }: Phrases): boolean {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (words.has(token)) return true;
    const second = pairs.get(token);
    if (second !== undefined && i + 1 < tokens.length && second.has(tokens[i + 1]!)) return true;
  }
  return false;
}

/** A turn that is the caller's own next step: "okay i will upload it tonight", "main kal bhar dunga". */
const OWN_NEXT_STEP = new RegExp(
  '^(?:(?:ok|okay|alright|fine|sure|yes|haan|ji|theek hai|achha|accha|ठीक है|जी|हां|अच्छा) )*' +
    '(?!.* (?:please|pls|kijiye|dijiye|chahiye|कीजिए|दीजिए|चाहिए)(?: |$))' +
    '(?:(?:i will|ill|i shall|i am going to) |(?:main|मैं) (?:.* )?(?:dunga|dungi|karunga|karungi|lunga|lungi|' +
    'bhejunga|bhejungi|दूंगा|दूंगी|करूंगा|करूंगी|लूंगा|लूंगी)(?: |$))',
  'u',
);

/**
 * An extractive summary kept up to date turn by turn: deterministic, offline, constant work per
 * turn. It remembers only the opening issue, the latest request, a few AI attempts and a running
 * sentiment; the rest comes from `extracted` when the summary is read.
 */
export class RollingSummary {
  readonly #maxFacts: number;
  /** Its own tracker, only when no owner's sentiment was given. */
  readonly #sentiment: SentimentTracker | undefined;
  readonly #source: { readonly sentimentScore: number } | undefined;
  #extracted: Extracted = { customer: {}, fields: {}, sentimentTrajectory: [] };
  #opening?: { text: string; vague: boolean; turn: number };
  #callerTurns = 0;
  #latestRequest?: string;
  #latestRequestTurn?: number;
  /** The caller's words that revealed the issue type, when neither the opening nor the latest request has them. */
  #issueDetail?: string;
  #issueDetailTurn?: number;
  readonly #details = new CallerDetails();
  #wantsHuman = false;
  #attempts: string[] = [];
  #attemptKeys = new Set<string>();
  #updatedAt = 0;
  #cached?: Summary;

  constructor(options: RollingSummaryOptions = {}) {
    this.#maxFacts = Math.max(1, Math.floor(options.maxFacts ?? 5));
    this.#source = options.sentiment;
    this.#sentiment = options.sentiment ? undefined : new SentimentTracker();
  }

  add(turn: Turn, extracted: Extracted): void {
    const previousIssue = this.#extracted.issueType;
    this.#extracted = extracted;
    this.#cached = undefined;
    if (!turn.final) return;
    this.#updatedAt = Math.max(this.#updatedAt, turn.endAt ?? turn.at);
    if (turn.role === 'caller') {
      this.#addCaller(turn);
      if (extracted.issueType !== undefined && extracted.issueType !== previousIssue) {
        this.#issueDetail = turn.text;
        this.#issueDetailTurn = turn.index;
      }
    } else for (const attempt of attemptsInTurn(turn.role, turn.text)) this.#addAttempt(attempt);
  }

  /** What the AI already tried, oldest first (for `context.attempts`). */
  attempts(): string[] {
    return [...this.#attempts];
  }

  /**
   * The summary of the call so far. Pass the session's current facts when they may have changed
   * since the last turn (a tool call set the intent): the summary then states those, so the packet,
   * the summary and the whisper never disagree about a fact.
   */
  get(current?: Extracted): Summary {
    if (current !== undefined && current !== this.#extracted) {
      this.#extracted = current;
      this.#cached = undefined;
    }
    this.#cached ??= {
      oneLine: this.#oneLine(),
      spoken: this.#spoken(),
      full: this.#full(),
      source: 'extractive',
      updatedAt: this.#updatedAt,
    };
    return { ...this.#cached };
  }

  #addCaller(turn: Turn): void {
    this.#callerTurns++;
    this.#sentiment?.add(turn);
    const tokens = tokenize(turn.text);
    if (tokens.length === 0) return;
    const folded = foldText(turn.text);
    const asksForHuman = humanRequestIn(turn.text) !== undefined;
    if (asksForHuman) this.#wantsHuman = true;

    const clauses = clauseTokens(folded);
    const hasTopic =
      defaultIntentClassifier.classifyTokens(clauses) !== undefined ||
      defaultIssueClassifier.classifyTokens(clauses) !== undefined ||
      fallbackIntentClassifier.classifyTokens(clauses) !== undefined;
    // The opening issue is the first turn that states the problem; a vague first turn ("I have a
    // question about my account") gives way to the first one that says what it is. Once it is
    // settled, later turns are not weighed for it.
    const open = !this.#opening || (this.#opening.vague && this.#callerTurns <= OPENING_GRACE);
    if (open && isSubstantive(turn.text, tokens)) {
      const vague = !hasTopic && isVague(turn.text, tokens);
      const replaces = this.#opening?.vague === true && !vague;
      if (!this.#opening || replaces) {
        this.#opening = { text: turn.text, vague, turn: turn.index };
        this.#details.setOpening(tokens);
      }
    }
    // No name check here (it is the costly part): a self-introduction adds too few new words.
    if (this.#opening?.turn !== turn.index) {
      this.#details.add(turn.index, turn.text, tokens, this.#extracted.customer.name);
    }
    // The latest request is the latest turn that states the problem or asks for something.
    if (asksForHuman || (tokens.length >= 2 && asksSomething(turn.text, tokens, hasTopic))) {
      this.#latestRequest = turn.text;
      this.#latestRequestTurn = turn.index;
    }
  }

  #addAttempt(attempt: string): void {
    const key = tokenize(attempt).join(' ');
    if (this.#attemptKeys.has(key)) return;
    this.#attempts.push(attempt);
    this.#attemptKeys.add(key);
    if (this.#attempts.length > this.#maxFacts) {
      const dropped = this.#attempts.shift()!;
      this.#attemptKeys.delete(tokenize(dropped).join(' '));
    }
  }

  #score(): number {
    return this.#extracted.sentimentScore ?? this.#source?.sentimentScore ?? this.#sentiment?.score ?? 0;
  }

  /** Derived from the score alone, so the summary never disagrees with the badge or the whisper. */
  #mood(): Sentiment {
    return sentimentLabel(this.#score());
  }

  #oneLine(): string {
    const parts: string[] = [];
    const issue = describeIssue(this.#extracted, { style: 'text' }) ?? this.#opening?.text;
    if (issue) parts.push(issue);
    const mood = this.#mood();
    if (mood === 'negative') parts.push('caller is frustrated');
    if (mood === 'very_negative') parts.push('caller is very upset');
    if (this.#wantsHuman) parts.push('wants a human');
    if (parts.length === 0)
      return this.#callerTurns === 0 ? 'No caller speech yet' : 'Caller has not stated an issue';
    return truncateText(parts.join('; '), ONE_LINE_MAX);
  }

  #spoken(): string {
    const name = this.#extracted.customer.name;
    const who = name ?? 'The caller';
    const issue = describeIssue(this.#extracted, { style: 'speech' });
    const opening = this.#opening
      ? `said: ${limitWords(this.#opening.text, 15).replace(/\.$/, '')}`
      : undefined;
    const sentences = [
      { text: `${who} ${issue ?? opening ?? 'has not said what the call is about yet'}.`, priority: 0 },
    ];
    // The latest attempt the AI reported in words this can retell, newest first.
    let lastAttempt: string | undefined;
    for (let i = this.#attempts.length - 1; i >= 0 && lastAttempt === undefined; i--) {
      lastAttempt = reportedAction(this.#attempts[i]!);
    }
    if (lastAttempt)
      sentences.push({
        text: `The AI already ${limitWords(lastAttempt, 14).replace(/[.!]$/, '')}.`,
        priority: 3,
      });
    const mood = this.#mood();
    if (mood === 'negative') sentences.push({ text: 'They sound frustrated.', priority: 2 });
    if (mood === 'very_negative') sentences.push({ text: 'They are very upset.', priority: 2 });
    if (this.#wantsHuman) sentences.push({ text: 'They asked for a person.', priority: 1 });
    return fitSentences(sentences, SPOKEN_MAX_WORDS);
  }

  #full(): string {
    const x = this.#extracted;
    const sentences: string[] = [];
    const who = [x.customer.name ?? 'name unknown'];
    if (x.customer.accountNumber) who.push(`account ending ${x.customer.accountNumber.slice(-4)}`);
    if (x.customer.verified) who.push('verified');
    if (x.language) who.push(`speaks ${languageLabel(x.language)}`);
    sentences.push(`Caller: ${who.join(', ')}.`);
    // Quoted texts are kept whole and cut here, when read, not on every turn that replaces them.
    const opening = this.#opening && truncateText(this.#opening.text, OPENING_MAX);
    if (opening) sentences.push(`Opening issue: "${opening}"`);
    const detailTurn = this.#issueDetailTurn;
    if (this.#issueDetail && detailTurn !== this.#opening?.turn && detailTurn !== this.#latestRequestTurn) {
      sentences.push(`Issue detail: "${truncateText(this.#issueDetail, OPENING_MAX)}"`);
    }
    const said = this.#details.list(
      new Set([this.#opening?.turn, this.#latestRequestTurn, this.#issueDetailTurn]),
    );
    if (said.length > 0) sentences.push(`Caller also said: ${said.map((d) => `"${d}"`).join('; ')}`);

    const facts: string[] = [];
    if (x.intent) facts.push(`intent ${humanize(x.intent)}`);
    if (x.issueType) facts.push(`issue ${humanize(x.issueType)}`);
    if (x.amounts && x.amounts.length > 0)
      facts.push(`amounts ${x.amounts.slice(0, 5).map(formatInr).join(', ')}`);
    if (facts.length > 0) sentences.push(`Key facts: ${facts.join('; ')}.`);

    if (this.#attempts.length > 0) {
      sentences.push(`AI already tried: ${this.#attempts.map((a) => a.replace(/[.!]+$/u, '')).join('; ')}`);
    }
    if (this.#latestRequest && this.#latestRequestTurn !== this.#opening?.turn) {
      sentences.push(`Latest request: "${truncateText(this.#latestRequest, REQUEST_MAX)}"`);
    }
    if (this.#callerTurns > 0) {
      sentences.push(`Caller sentiment: ${humanize(this.#mood())} (${this.#score().toFixed(2)}).`);
    }
    if (this.#wantsHuman) sentences.push('The caller asked for a human.');
    let full = '';
    for (let i = 0; i < sentences.length; i++) {
      const sentence = sentences[i]!;
      const ended = /[.!?"…]$/u.test(sentence) ? sentence : `${sentence}.`;
      full = i === 0 ? ended : `${full} ${ended}`;
    }
    return full;
  }
}

/**
 * Whether a caller turn asks something of the company: it names a topic, or has a request word or a
 * question. "Okay, I will upload the bill tonight" names a topic but asks for nothing: the caller's
 * own next step does not replace what they asked. Cheapest test first: most turns that name a topic
 * are no next step, and need neither request pattern.
 */
function asksSomething(text: string, tokens: readonly string[], hasTopic: boolean): boolean {
  if (hasTopic && !OWN_NEXT_STEP.test(tokens.join(' '))) return true;
  return (
    saysPhrase(tokens, REQUEST_CUES) ||
    (tokens.length >= 2 && QUESTION_FIRST.has(tokens[0]!)) ||
    saysPhrase(tokens, QUESTION_PHRASES) ||
    text.trim().endsWith('?')
  );
}

function isVague(text: string, tokens: readonly string[]): boolean {
  const name = nameIn(text)?.name;
  const nameWords = new Set(name ? tokenize(name) : []);
  const content = tokens.filter(
    (t) => !FILLER.has(t) && !VAGUE.has(t) && !nameWords.has(t) && !/^\d+$/.test(t),
  );
  return content.length < 2;
}

function isSubstantive(text: string, tokens: readonly string[]): boolean {
  if (tokens.length < 4) return false;
  let content = 0;
  for (let i = 0; i < tokens.length && content < 2; i++) if (!FILLER.has(tokens[i]!)) content++;
  if (content < 2) return false;
  // "My name is Priya Sharma" introduces the caller; it is not the issue.
  return !(tokens.length < 8 && nameIn(text)?.explicit);
}

const REPORTED_ACTION = new RegExp(
  String.raw`^(?:I have|I've|I|We have|We've|We)\s+(?:already\s+|just\s+)?` +
    String.raw`(?<rest>(?:\w+ed|sent|reset|set|put|made|done)\b.*)$`,
  'iu',
);

/**
 * "I've reset your password." → "reset their password": an English agent sentence retold in the
 * third person for the spoken summary. Other phrasings return `undefined` and stay out of it.
 */
function reportedAction(attempt: string): string | undefined {
  const m = REPORTED_ACTION.exec(attempt.trim());
  const rest = m?.groups?.['rest'];
  if (!rest) return undefined;
  return rest.replace(/\byour\b/giu, 'their').replace(/\byou\b/giu, 'them');
}
