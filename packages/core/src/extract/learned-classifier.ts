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
}

export function learnedModelsFrom(
  intent: LearnedModelData,
  issueType: LearnedModelData,
  margins: { intent: number; issueType: number } = DEFAULT_MARGINS,
): LearnedModels {
  return {
    intent: new LearnedModel(intent),
    issueType: new LearnedModel(issueType),
    intentMargin: margins.intent,
    issueMargin: margins.issueType,
  };
}

export const DEFAULT_MARGINS = Object.freeze({ intent: 30, issueType: 24 });

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
