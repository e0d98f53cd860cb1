import { intentConcepts, issueConcepts } from './concepts.js';
import { CONDUCT_COMPLAINTS, defaultIntents, fallbackIntents, MILD_SYMPTOMS } from './intent-phrases.js';
import { issueTiersInContext } from './issue-in-context.js';
import { defaultIssueTypes } from './issue-phrases.js';
import { KeywordClassifier, type KeywordTiers } from './keyword-classifier.js';
import { Lemmatizer, spellingLemma } from './lemmas.js';
import { tokenize } from './text.js';

/**
 * The built-in classifiers: the phrase lists (`intent-phrases.ts`, `issue-phrases.ts`) with the
 * concept rules (`concepts.ts`) after them, in priority order, compiled once.
 */

export { defaultIntents, fallbackIntents } from './intent-phrases.js';
export { defaultIssueTypes, intentOfIssue } from './issue-phrases.js';
export {
  type Classified,
  type ClassifierOptions,
  KeywordClassifier,
  type KeywordTiers,
  mergeKeywordMaps,
} from './keyword-classifier.js';

/** A key's phrases with its concept rules (`concepts.ts`) after them. */
const withConcepts = (
  map: Readonly<Record<string, readonly string[]>>,
  concepts: Readonly<Record<string, readonly string[]>>,
): KeywordTiers => Object.entries(map).map(([key, phrases]) => [key, [...phrases, ...(concepts[key] ?? [])]]);

const MILD = new Set(MILD_SYMPTOMS);
const INTENT_TIERS: KeywordTiers = [
  ['medical', defaultIntents['medical']!.filter((phrase) => !MILD.has(phrase))],
  ['complaint', CONDUCT_COMPLAINTS],
  ['medical', MILD_SYMPTOMS],
  ...withConcepts(defaultIntents, intentConcepts).filter(([key]) => key !== 'medical'),
];

export const defaultIntentTiers = INTENT_TIERS;
/** Intent tiers that win whenever they are said (medical, conduct complaints): they change where the call must go. */
export const PINNED_INTENT_TIERS = 2;
/** Issue tiers that win whenever they are said: the symptoms. */
export const PINNED_ISSUE_TIERS = 3;

export const defaultIssueTiers: KeywordTiers = withConcepts(defaultIssueTypes, issueConcepts);

/** Every word of the built-in maps, so the built-in classifiers look each turn's words up once. */
const defaultLemmatizer = new Lemmatizer(
  [
    ...INTENT_TIERS,
    ...defaultIssueTiers,
    ...Object.entries(fallbackIntents),
    ...Object.values(issueTiersInContext).flat(),
  ].flatMap(([, phrases]) =>
    phrases.flatMap((phrase) => tokenize(phrase.replace(/[&|*]/g, ' ')).map(spellingLemma)),
  ),
);

export const defaultIntentClassifier = new KeywordClassifier(INTENT_TIERS, {
  pinned: PINNED_INTENT_TIERS,
  lemmatizer: defaultLemmatizer,
});
export const defaultIssueClassifier = new KeywordClassifier(defaultIssueTiers, {
  pinned: PINNED_ISSUE_TIERS,
  lemmatizer: defaultLemmatizer,
});
export const fallbackIntentClassifier = new KeywordClassifier(fallbackIntents, {
  lemmatizer: defaultLemmatizer,
});

const contextIssueClassifiers = new Map(
  Object.entries(issueTiersInContext).map(([intent, tiers]) => [
    intent,
    new KeywordClassifier(tiers, { lemmatizer: defaultLemmatizer }),
  ]),
);

/** The issue type `tokens` state given the call's `intent` (`issue-in-context.ts`), if any. */
export function issueInContext(intent: string | undefined, tokens: readonly string[]): string | undefined {
  if (intent === undefined) return undefined;
  return contextIssueClassifiers.get(intent)?.scoreTokens(tokens).key;
}
