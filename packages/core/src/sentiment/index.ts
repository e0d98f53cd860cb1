export { scoreText, sentimentLabel } from './score.js';
export { SentimentTracker, type SentimentTrackerOptions } from './tracker.js';
