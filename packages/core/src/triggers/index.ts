export { type ExplicitRequestOptions, explicitRequest } from './explicit-request.js';
export { detectHumanRequest, type HumanRequestMatch } from './human-request.js';
export { type KeywordOptions, keywords } from './keywords.js';
export { type LowConfidenceOptions, lowConfidence } from './low-confidence.js';
export { maxTurns } from './max-turns.js';
export { type RepetitionOptions, repetition } from './repetition.js';
export {
  defaultRequestLanguages,
  englishRequests,
  hindiRequests,
  hinglishRequests,
  type RequestLanguage,
} from './request-phrases.js';
export {
  type EngineAwareRule,
  type EngineRuleInput,
  type MultiMatchRule,
  RuleEngine,
  type RuleEngineOptions,
  type RuleEngineState,
} from './rule-engine.js';
export { RULE_TAIL, type RuleOptions } from './rule-options.js';
export { type SentimentBelowOptions, sentimentBelow } from './sentiment-below.js';
export { type RulePredicate, type WhenOptions, when } from './when.js';
