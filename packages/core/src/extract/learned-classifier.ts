import { intentOfIssue } from './issue-phrases.js';
import type { Classified } from './keyword-classifier.js';
import { LearnedModel, type LearnedModelData } from './learned-model.js';
import { learnedIntent, learnedIssueType } from './learned-weights.js';

/**
 * The learned intent and issue-type models the extractor consults where the phrase rules are
 * silent (`extract-facts.ts`). The eval swaps in models retrained without one case set to
 * measure how the whole extractor does on calls its model never saw (`npm run eval -- --leave-one-out`).
 */
export interface LearnedModels {
  intent: LearnedModel;
  issueType: LearnedModel;
  /** How far ahead of the runner-up a model's best class must score for the extractor to use it. */
  intentMargin: number;
  issueMargin: number;
  /**
   * With an intent established, the issue model chooses only among that intent's issue types
   * (`intentOfIssue`) and "none": a refund call's issue is a failed or double debit, never a
   * late delivery.
   */
  consistent: boolean;
  /** Per intent, the issue classes it allows (by the issue model's class index). */
  allowed: Map<string, Uint8Array>;
}

export interface Margins {
  intent: number;
  issueType: number;
  consistent?: boolean;
}

export function learnedModelsFrom(
  intent: LearnedModelData,
  issueType: LearnedModelData,
  margins: Margins = DEFAULT_MARGINS,
): LearnedModels {
  const issues = new LearnedModel(issueType);
  const allowed = new Map<string, Uint8Array>();
  for (const [c, issue] of issues.classes.entries()) {
    const owner = intentOfIssue[issue];
    if (owner === undefined) continue;
    const mask = allowed.get(owner) ?? new Uint8Array(issues.classes.length);
    mask[c] = 1;
    allowed.set(owner, mask);
  }
  return {
    intent: new LearnedModel(intent),
    issueType: issues,
    intentMargin: margins.intent,
    issueMargin: margins.issueType,
    consistent: margins.consistent ?? DEFAULT_MARGINS.consistent,
    allowed,
  };
}

/** Margins in the softmax model's log-odds, chosen by the leave-one-set-out mean (core README). */
export const DEFAULT_MARGINS: Readonly<Required<Margins>> = Object.freeze({
  intent: 1.5,
  issueType: 1.5,
  consistent: true,
});

let active: LearnedModels | undefined;

/** The models in use: the committed ones unless the eval swapped in others. */
export function learnedModels(): LearnedModels {
  active ??= learnedModelsFrom(learnedIntent, learnedIssueType);
  return active;
}

/** For the eval only: use `models` (or, with `undefined`, the committed ones again). */
export function useLearnedModels(models: LearnedModels | undefined): void {
  active = models;
}

const NO_KEY: Classified = Object.freeze({ key: undefined, score: 0 });
const NONE_ALLOWED = new Uint8Array(0);

/**
 * The intent of a turn no phrase rule spoke for: the intent model's, when it is sure enough, else
 * the intent of an issue the issue model is sure of (a failed debit implies a refund, as for the
 * rules). One word of evidence, so a later rule can still replace it.
 */
export function learnedIntentOf(tokens: readonly string[]): Classified {
  const models = learnedModels();
  const guess = models.intent.guess(tokens);
  if (guess.key !== undefined && guess.margin >= models.intentMargin) return { key: guess.key, score: 1 };
  const issue = models.issueType.guess(tokens);
  const implied =
    issue.key === undefined || issue.margin < models.issueMargin ? undefined : intentOfIssue[issue.key];
  return implied === undefined ? NO_KEY : { key: implied, score: 1 };
}

/** The issue type of a turn no phrase rule spoke for, given the call's intent so far, when sure enough. */
export function learnedIssueOf(intent: string | undefined, tokens: readonly string[]): string | undefined {
  const models = learnedModels();
  const guess =
    models.consistent && intent !== undefined
      ? models.issueType.guessAmong(tokens, models.allowed.get(intent) ?? NONE_ALLOWED)
      : models.issueType.guess(tokens);
  return guess.margin >= models.issueMargin ? guess.key : undefined;
}
