import type { Extracted, Turn } from '../types.js';
import { accountNumberIn } from './account.js';
import { amountsIn } from './amounts.js';
import {
  type Classified,
  defaultIntentClassifier,
  defaultIntentTiers,
  defaultIssueClassifier,
  defaultIssueTiers,
  fallbackIntentClassifier,
  intentOfIssue,
  issueInContext,
  KeywordClassifier,
  type KeywordTiers,
  mergeKeywordMaps,
  PINNED_INTENT_TIERS,
  PINNED_ISSUE_TIERS,
} from './keyword-maps.js';
import { detectLanguage, nextLanguage } from './language.js';
import { learnedIntentOf, learnedIssueOf } from './learned-classifier.js';
import { nameIn } from './name.js';
import { nameAnswer, withoutAgentName } from './name-answer.js';
import { spokenNumbersToDigits } from './numbers.js';
import { clauseTokens, foldText } from './text.js';

type KeywordMap = Readonly<Record<string, readonly string[]>>;

export interface ExtractOptions {
  /**
   * Extra intent phrases: `{ refund: ['paisa lautao'] }` adds to the built-in `refund`; a new key
   * (`{ warranty: ['warranty'] }`) outranks the built-ins.
   */
  intents?: KeywordMap;
  /** Extra issue-type phrases, merged the same way as `intents`. */
  issueTypes?: KeywordMap;
  /** Amounts kept in `extracted.amounts`; the oldest drop off. Default 20. */
  maxAmounts?: number;
}

/** What the agent said before this turn that changes how it reads (`name-answer.ts`). */
export interface TurnContext {
  /** The agent's last turn asked for the caller's own name (`asksCallerName`). */
  askedName?: boolean;
  /** The name the agent gave for themselves (`agentName`), which a caller may greet them by. */
  agentName?: string | undefined;
}

const NO_CONTEXT: TurnContext = Object.freeze({});

// Deployments pass the same map object on every turn; compile it once.
const compiled = new WeakMap<KeywordMap, KeywordClassifier>();

function classifierFor(
  custom: KeywordMap | undefined,
  defaults: KeywordMap | KeywordTiers,
  fallback: KeywordClassifier,
  pinned: number,
) {
  if (!custom) return fallback;
  let classifier = compiled.get(custom);
  if (!classifier) {
    const merged = mergeKeywordMaps(defaults, custom);
    // A deployment's own keys come first and, like the built-in pinned tiers, win whenever said.
    const own = merged.length - (Array.isArray(defaults) ? defaults.length : Object.keys(defaults).length);
    classifier = new KeywordClassifier(merged, { pinned: own + pinned });
    compiled.set(custom, classifier);
  }
  return classifier;
}

/** The built-in facts `extractFacts` can find; it never touches `fields` or the sentiment. */
export type ExtractedFacts = Partial<
  Pick<Extracted, 'customer' | 'amounts' | 'language' | 'intent' | 'issueType'>
>;

/**
 * Facts from one final caller turn: name, account number, amounts, language, intent and issue type.
 * Returns only what changed, ready to merge into `current`. Agent, tool and interim turns yield `{}`.
 */
export function extractFacts(
  turn: Turn,
  current: Pick<Extracted, 'customer' | 'amounts' | 'language' | 'intent' | 'issueType'>,
  options: ExtractOptions = {},
  context: TurnContext = NO_CONTEXT,
): ExtractedFacts {
  if (turn.role !== 'caller' || !turn.final || turn.text.trim() === '') return {};
  const text = turn.text;
  const folded = foldText(text);
  const update: ExtractedFacts = {};

  // Spoken numbers are read once and shared by the amount and account rules.
  const withDigits = spokenNumbersToDigits(folded);
  const customer = customerUpdate(text, withDigits, current.customer, context);
  if (customer) update.customer = customer;

  const amounts = amountsIn(withDigits);
  if (amounts.length > 0) {
    update.amounts = [...(current.amounts ?? []), ...amounts].slice(-(options.maxAmounts ?? 20));
  }

  const language = nextLanguage(current.language, detectLanguage(text));
  if (language !== undefined && language !== current.language) update.language = language;

  const intents = classifierFor(
    options.intents,
    defaultIntentTiers,
    defaultIntentClassifier,
    PINNED_INTENT_TIERS,
  );
  const issues = classifierFor(
    options.issueTypes,
    defaultIssueTiers,
    defaultIssueClassifier,
    PINNED_ISSUE_TIERS,
  );
  const tokens = clauseTokens(folded);
  const issueFound = issues.scoreTokens(tokens);
  // The issue can say more than the words for the intent: "the cash didn't come out but my account
  // got debited" never says "refund".
  const implied = issueFound.key === undefined ? undefined : intentOfIssue[issueFound.key];
  const said = intents.scoreTokens(tokens);
  let intentFound: Classified = said;
  if (implied !== undefined && (said.key === undefined || intents.rank(implied) < intents.rank(said.key))) {
    intentFound = { key: implied, score: Math.max(said.score, issueFound.score) };
  }
  if (intentFound.key === undefined && current.intent === undefined) {
    intentFound = fallbackIntentClassifier.scoreTokens(tokens);
    // Where no phrase speaks, the learned models (`learned-classifier.ts`) read the turn as a whole.
    if (intentFound.key === undefined) intentFound = learnedIntentOf(tokens);
  }
  const intent = upgrade(intents, intentFound, current.intent);
  if (intent) update.intent = intent;

  const issueType = upgrade(issues, issueFound, current.issueType);
  if (issueType) update.issueType = issueType;
  else if (issueFound.key === undefined && current.issueType === undefined) {
    const inContext =
      issueInContext(update.intent ?? current.intent, tokens) ??
      learnedIssueOf(update.intent ?? current.intent, tokens);
    if (inContext) update.issueType = inContext;
  }

  return update;
}

function customerUpdate(
  text: string,
  withDigits: string,
  current: Extracted['customer'],
  context: TurnContext,
): Extracted['customer'] | undefined {
  let next = current;
  const found = nameIn(text);
  // "yeah rohit, manoj kulkarni here" greets the agent (Rohit) first.
  const name = found && withoutAgentName(found.name, context.agentName);
  // "My name is …" corrects an earlier name; "this is …" only fills a gap.
  if (found && name && name !== current.name && (found.explicit || current.name === undefined)) {
    next = { ...next, name };
  } else if (!found && context.askedName && current.name === undefined) {
    // "May I have your name?" — "Neha Agarwal. And the late fee…": the answer needs the question.
    const answered = nameAnswer(text);
    if (answered) next = { ...next, name: answered };
  }
  const accountNumber = accountNumberIn(withDigits);
  if (accountNumber && accountNumber !== current.accountNumber) next = { ...next, accountNumber };
  return next === current ? undefined : next;
}

/** A later turn needs this much evidence (words) to replace what an earlier turn established. */
const REPLACE_EVIDENCE = 2;

/**
 * A detected key replaces the current one only when it ranks higher and the turn says it plainly
 * (a pinned key, or two words of evidence: "this is cheating" in anger does not turn a refund call
 * into fraud), and never replaces a key the map does not know (one the LLM or a tool set deliberately).
 */
function upgrade(classifier: KeywordClassifier, found: Classified, current: string | undefined) {
  const key = found.key;
  if (!key || key === current) return undefined;
  if (current === undefined) return key;
  if (!classifier.has(current) || found.score < REPLACE_EVIDENCE) return undefined;
  return classifier.rank(key) < classifier.rank(current) ? key : undefined;
}
