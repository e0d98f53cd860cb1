import type { Extracted, Summary, TranscriptEntry } from '../types.js';

export interface SummarizerInput {
  transcript: TranscriptEntry[];
  extracted: Extracted;
  /** The summary so far (usually the extractive one), as a starting point. */
  previous: Summary;
}

/**
 * A deployment's own summarizer, usually an LLM. It runs off the critical path: the handoff goes
 * ahead with the extractive summary and the packet is updated when this resolves.
 */
export interface Summarizer {
  summarize(input: SummarizerInput, signal?: AbortSignal): Promise<Partial<Summary>>;
}

/** A summarizer failed (HTTP error, timeout, unusable reply); the extractive summary stays. */
export class SummarizerError extends Error {
  override readonly name = 'SummarizerError';
  /** HTTP status from the LLM API, when there was a response. */
  readonly status?: number;

  constructor(message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.status !== undefined) this.status = options.status;
  }
}
