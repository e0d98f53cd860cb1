/**
 * The shared vocabulary of the core. Plugins translate their platform's events into these shapes;
 * everything that decides (rules, routing, the state machine) speaks only these.
 */

export type Role = 'caller' | 'agent' | 'tool' | 'system';

/** What a plugin hands to `session.addTurn`. */
export interface TurnInput {
  role: Role;
  text: string;
  /** Start of the utterance, ms since epoch. Defaults to the time of receipt. */
  at?: number;
  /** End of the utterance, ms since epoch. */
  endAt?: number;
  /** ASR confidence in [0, 1], when the platform reports one. */
  confidence?: number;
  /** `false` for an interim (partial) transcript. Defaults to `true`. */
  final?: boolean;
  /** A platform id for the utterance (item id, message id) used to merge interims and drop duplicates. */
  sourceId?: string;
  /** The agent's speech was cut off by the caller. */
  interrupted?: boolean;
}

/** A turn as the core keeps it. */
export interface Turn {
  /** Position in time order, 0-based. Stable once assigned only for turns that arrived in order. */
  index: number;
  role: Role;
  text: string;
  at: number;
  endAt?: number;
  confidence?: number;
  final: boolean;
  sourceId?: string;
  interrupted?: boolean;
  /** Per-turn sentiment in [-1, 1] (lexicon-based) for caller turns. */
  sentiment?: number;
}

export type Sentiment = 'positive' | 'neutral' | 'negative' | 'very_negative';

export interface SentimentPoint {
  turnIndex: number;
  at: number;
  /** Running score in [-1, 1]. */
  score: number;
}

/** Facts the AI gathered. Built-ins plus the deployment's own `fields`. */
export interface Extracted<F extends Record<string, unknown> = Record<string, unknown>> {
  intent?: string;
  issueType?: string;
  sentiment?: Sentiment;
  sentimentScore?: number;
  sentimentTrajectory: SentimentPoint[];
  customer: { name?: string; accountNumber?: string; verified?: boolean };
  language?: string;
  /** Money amounts mentioned by the caller, in the order heard (major units, e.g. rupees). */
  amounts?: number[];
  fields: Partial<F>;
}

export type RuleAction = 'transfer' | 'suggest';

/** A rule fired: which rule, on which turn, and the words that made it fire. */
export interface Firing {
  ruleId: string;
  kind: string;
  action: RuleAction;
  turnIndex: number;
  evidence: string;
  at: number;
  /** Optional routing hints a rule may carry (e.g. a symptom rule sends to triage). */
  department?: string;
  urgency?: Urgency;
  reason?: string;
}

/** What a rule sees when it is evaluated after a turn (or a field update). */
export interface RuleInput {
  /** The turn just added (or the last turn, for field updates). */
  turn: Turn | undefined;
  /** Turns in time order. Rules must only look at a bounded tail so cost is independent of call length. */
  turns: readonly Turn[];
  extracted: Extracted;
  /** Running sentiment score in [-1, 1]. */
  sentimentScore: number;
  language?: string;
}

export interface TriggerRule {
  id: string;
  kind: string;
  action: RuleAction;
  /** Returns evidence when the rule fires on this input. Debounce is applied by the core per rule id. */
  evaluate(input: RuleInput): RuleMatch | undefined;
  /**
   * How close the rule is to firing when it does not, for supervisors watching the call: omit it,
   * or return `undefined` when the call is nowhere near.
   */
  nearMiss?(input: RuleInput): NearMiss | undefined;
}

/** A rule that almost fired: `closeness` in [0, 1) (1 would fire), and why, in words. */
export interface NearMiss {
  closeness: number;
  why: string;
}

export interface RuleMatch {
  evidence: string;
  turnIndex?: number;
  department?: string;
  urgency?: Urgency;
  reason?: string;
  /**
   * A key naming the cause: the same rule does not fire twice for the same key
   * (e.g. the same keyword), while a new cause fires again.
   */
  causeKey?: string;
}

export type Urgency = 'low' | 'normal' | 'high' | 'immediate';

export interface Summary {
  /** One line, for lists and SIP headers. */
  oneLine: string;
  /** A few sentences meant to be spoken (whisper). */
  spoken: string;
  /** The full extractive summary. */
  full: string;
  /**
   * Which summary this is, so the record says what the human read: the built-in extractive one,
   * a deployment's LLM summarizer's, or the agent's own words from its tool call.
   */
  source: 'extractive' | 'llm' | 'agent';
  /** The model that wrote it, when `source` is `'llm'` (e.g. `gpt-4o-mini-2024-07-18`). */
  model?: string;
  updatedAt: number;
}

export type HandoffStatus =
  | 'requested'
  | 'persisted'
  | 'transferring'
  | 'ringing'
  | 'connected'
  | 'completed'
  | 'no_answer'
  | 'busy'
  | 'failed'
  | 'caller_hung_up'
  | 'declined'
  | 'voicemail'
  | 'rejected';

/** `voicemail`: a machine (voicemail or an IVR) answered the human's phone, so nobody was briefed. */
export type FailureOutcome =
  | 'no_answer'
  | 'busy'
  | 'failed'
  | 'caller_hung_up'
  | 'declined'
  | 'voicemail'
  | 'rejected';

export interface Timings {
  triggeredAt?: number;
  persistedAt?: number;
  transferRequestedAt?: number;
  ringingAt?: number;
  answeredAt?: number;
  bridgedAt?: number;
  endedAt?: number;
}

export interface DestinationHours {
  /** ISO weekday numbers 1 (Mon) … 7 (Sun) mapped to `HH:MM-HH:MM` windows, e.g. `{ 1: ['09:00-18:00'] }`. */
  days?: Partial<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, string[]>>;
  /** Shorthand: the same window every listed weekday. */
  open?: string;
  close?: string;
  weekdays?: Array<1 | 2 | 3 | 4 | 5 | 6 | 7>;
}

export interface Destination {
  number?: string;
  numbers?: string[];
  sip?: string | string[];
  label: string;
  /** IANA time zone the hours are in, e.g. `Asia/Kolkata`. */
  timeZone?: string;
  hours?: DestinationHours;
  /** Seconds to ring before giving up (Vobiz `<Dial timeout>`). */
  ringTimeoutSec?: number;
  /** Caller ID to present (must be a number the Vobiz account owns). */
  callerId?: string;
}

/** A destination chosen for one attempt. */
export interface ResolvedDestination {
  key: string;
  label: string;
  numbers: string[];
  sipUris: string[];
  ringTimeoutSec?: number;
  callerId?: string;
  timeZone?: string;
  /** Whether the destination was inside business hours when chosen. */
  open: boolean;
}

export interface Attempt {
  n: number;
  destination: string;
  startedAt: number;
  ringingAt?: number;
  answeredAt?: number;
  endedAt?: number;
  outcome?: HandoffStatus;
  detail?: string;
}

export interface TranscriptEntry {
  role: Role;
  text: string;
  at: number;
  endAt?: number;
  confidence?: number;
}

/** `handoff.context.v1`: one versioned packet, rendered many ways from one source (DESIGN §4). */
export interface HandoffContext<F extends Record<string, unknown> = Record<string, unknown>> {
  schema: 'handoff.context.v1';
  handoffId: string;
  call: {
    callId: string;
    platformCallId?: string;
    from?: string;
    to?: string;
    platform: string;
    startedAt: number;
  };
  trigger: {
    kind: 'tool' | 'rule' | 'api' | 'supervisor';
    rule?: string;
    reason: string;
    evidence?: string;
    turnIndex?: number;
    urgency: Urgency;
  };
  summary: Summary;
  extracted: Extracted<F>;
  transcript: TranscriptEntry[];
  /** What the AI already tried, in its own words or from tool turns. */
  attempts: string[];
  destination?: { key: string; label: string };
  status: HandoffStatus;
  outcome?: { status: HandoffStatus; detail?: string; at: number };
  dialAttempts: Attempt[];
  timings: Timings;
  /** Set when the human handed the caller back to the AI from the desk: the round trip. */
  roundTrip?: RoundTrip;
  /**
   * The consults of a conference warm transfer (added within v1, optional): what each human who
   * answered and the AI holding the packet said to each other before the caller was joined, and
   * what the human decided. Oldest first; absent when no consult ran.
   */
  consults?: ConsultRecord[];
}

/** One consult: a human of one attempt (one phone of its destination) talking with the AI. */
export interface ConsultRecord {
  attempt: number;
  /** Which of the destination's numbers and SIP URIs answered (0 for the first). */
  phone: number;
  /** The destination key of the attempt. */
  destination?: string;
  /** The language the AI spoke with the human in. */
  language?: string;
  startedAt: number;
  endedAt: number;
  /** Who said what, in the order said. Bounded (see `CONSULT_LIMITS`). */
  turns: ConsultTurn[];
  /**
   * What the human decided, and how: `agent` (the AI reported it) or `key` (they pressed 1, 2 or
   * 3). Absent when the consult ended undecided (the socket closed; the human was put through).
   */
  decision?: ConsultDecision;
}

export interface ConsultTurn {
  /** `human`: the person who answered; `ai`: the AI holding the packet. */
  role: 'human' | 'ai';
  text: string;
  /** When it was said (ms since epoch), as the platform reported it or when it arrived. */
  at: number;
}

export interface ConsultDecision {
  accepted: boolean;
  /** Why the human declined, in their words (for a decline). */
  reason?: string;
  via: 'agent' | 'key';
  at: number;
}

/** A human took the call and returned it to the AI, with a note the AI resumes from. */
export interface RoundTrip {
  handedBackAt: number;
  by: { name: string; role: 'agent' | 'supervisor' };
  /** The destination key of the human who handed back. */
  destination?: string;
  note?: string;
  /** How long the human had the caller (bridged to handed back). */
  humanMs?: number;
}
