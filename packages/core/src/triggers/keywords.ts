import { foldText, phraseSource, tokenize } from '../extract/text.js';
import type { Role, RuleInput, RuleMatch } from '../types.js';
import type { MultiMatchRule } from './rule-engine.js';
import { currentTurn, evidenceOf, type RuleOptions, withHints } from './rule-options.js';

export interface KeywordOptions extends RuleOptions {
  words: readonly string[];
  /** Whose turns to search. Default the caller's. */
  role?: Role;
}

const NONE: readonly RuleMatch[] = Object.freeze([]);

/**
 * Fires when a turn contains one of `words` (case-insensitive, whole words in any script; a
 * keyword may be several words). Each keyword fires once per call: it is the cause key.
 */
export function keywords(config: readonly string[] | KeywordOptions): MultiMatchRule {
  const options: KeywordOptions = Array.isArray(config) ? { words: config } : (config as KeywordOptions);
  const entries = [...new Set(options.words.map((w) => tokenize(w).join(' ')).filter((w) => w !== ''))].map(
    (word) => ({ word, pattern: new RegExp(phraseSource(word), 'u') }),
  );
  const role = options.role ?? 'caller';

  const evaluateAll = (input: RuleInput): readonly RuleMatch[] => {
    const turn = currentTurn(input.turn, role);
    if (!turn || entries.length === 0) return NONE;
    const folded = foldText(turn.text);
    // Most turns say none of the words: no arrays for them.
    let out: RuleMatch[] | undefined;
    for (const { word, pattern } of entries) {
      if (!pattern.test(folded)) continue;
      out ??= [];
      out.push(
        withHints(options, {
          evidence: evidenceOf(turn.text),
          turnIndex: turn.index,
          causeKey: word,
          reason: `said "${word}"`,
        }),
      );
    }
    return out ?? NONE;
  };

  return {
    id: options.id ?? `keywords:${entries.map((e) => e.word).join(',')}`,
    kind: 'keyword',
    action: options.action ?? 'suggest',
    evaluate: (input) => evaluateAll(input)[0],
    evaluateAll,
  };
}
