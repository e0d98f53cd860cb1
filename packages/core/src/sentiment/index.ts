export { contrastWords, intensifiers, postNegators, preNegators, sentimentLexicon } from './lexicon.js';
export { scoreText, sentimentLabel } from './score.js';
export { SentimentTracker, type SentimentTrackerOptions } from './tracker.js';
