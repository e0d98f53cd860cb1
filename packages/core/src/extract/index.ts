export { extractAccountNumber } from './account.js';
export { formatInr, parseAmounts, speakInr } from './amounts.js';
export { type ExtractedFacts, type ExtractOptions, extractFacts } from './extract-facts.js';
export { defaultIntents, defaultIssueTypes } from './keyword-maps.js';
export { type DescribeOptions, describeIssue, labelFor, languageLabel } from './labels.js';
export { type CallerLanguage, detectLanguage, type LanguageGuess, nextLanguage } from './language.js';
export { extractName, type NameMatch } from './name.js';
