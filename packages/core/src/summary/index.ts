export { attemptsFrom } from './attempts.js';
export { type OpenAISummarizerOptions, openaiSummarizer } from './openai-summarizer.js';
export { RollingSummary, type RollingSummaryOptions } from './rolling-summary.js';
export { type Summarizer, SummarizerError, type SummarizerInput } from './summarizer.js';
