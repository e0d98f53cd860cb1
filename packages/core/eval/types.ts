import type { Sentiment } from '../src/types.ts';

export interface EvalTurn {
  role: 'caller' | 'agent';
  text: string;
}

/** What a person labelled by hand; `null` means "the call does not contain this". */
export interface EvalLabels {
  intent: string | null;
  issueType: string | null;
  /** The language the caller is speaking when the human picks up. */
  language: 'en' | 'hi' | 'hi-Latn';
  name: string | null;
  accountNumber: string | null;
  /** Money amounts the caller said, in rupees, each once. */
  amounts: number[];
  /** The caller's mood as the call ends. */
  sentiment: Sentiment;
  /** Facts the summary the human reads must carry; `a|b` accepts either spelling. */
  facts: string[];
}

export interface EvalCase {
  id: string;
  domain: 'banking' | 'lending' | 'healthcare' | 'ecommerce' | 'telecom' | 'insurance' | 'general';
  /** How the caller talks: one language, or a switch during the call. */
  style: 'en' | 'hi' | 'hi-Latn' | 'switch';
  turns: EvalTurn[];
  expect: EvalLabels;
}

export const caller = (text: string): EvalTurn => ({ role: 'caller', text });
export const agent = (text: string): EvalTurn => ({ role: 'agent', text });
