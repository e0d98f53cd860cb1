import { HandoffError } from '../errors.js';
import type { Firing, RuleInput, RuleMatch, TriggerRule } from '../types.js';

/**
 * What the engine hands a rule: the input, with `turns` cut to a bounded tail and the number of
 * final caller and agent turns so far (which no rule could count without scanning the call).
 */
export interface EngineRuleInput extends RuleInput {
  dialogueTurns?: number;
  /**
   * Room for a rule to keep what it derived from this call's turns between evaluations (key it
   * by an object of the rule's own). One per call, gone with it; absent outside an engine.
   */
  scratch?: Map<object, unknown>;
}

/**
 * Optional extras a rule may implement; the engine uses them, other callers can ignore them.
 * Rules are shared by every call of a deployment, so they keep no per-call state: the engine does.
 */
export interface EngineAwareRule extends TriggerRule {
  /** Every match of one evaluation (e.g. several keywords in one turn), each with its own cause key. */
  evaluateAll?(input: EngineRuleInput): readonly RuleMatch[];
  /**
   * Whether a cause that already fired may fire again. Without it, a cause key fires once per call
   * and a match without a key fires again only after an evaluation where the rule did not match.
   */
  rearmed?(input: EngineRuleInput, causeKey: string | undefined): boolean;
  /**
   * The rule reads turns' ASR `confidence`: it runs again when a turn already judged gets its
   * confidence late (a platform that scores a turn only when it commits it), and no other rule does.
   */
  readsConfidence?: boolean;
}

/** A rule that can return several matches from one evaluation. */
export type MultiMatchRule = EngineAwareRule & Required<Pick<EngineAwareRule, 'evaluateAll'>>;

export interface RuleEngineOptions {
  /**
   * Turns handed to rules; older ones are cut so a custom rule cannot cost more as the call grows.
   * Default 50.
   */
  tail?: number;
  /** Called when a rule throws; the other rules still run. Default: `console.warn` with the rule id. */
  onError?: (error: unknown, rule: TriggerRule) => void;
}

/** Debounce state, for persisting a session and resuming it elsewhere. */
export interface RuleEngineState {
  /** Rule id → cause keys that fired and have not re-armed (`null` for a match without a key). */
  fired: Record<string, Array<string | null>>;
  dialogueTurns: number;
  lastTurnIndex: number;
}

const NO_KEY = '\u0000';

/**
 * Runs a deployment's rules for one call and decides which matches become firings: a cause key
 * fires once, a keyless match once until the rule re-arms. One engine per call.
 */
export class RuleEngine {
  /** What every call of a deployment shares: its rules and options, checked once. */
  readonly #set: RuleSet;
  // Per call, so made only when needed: most calls never fire a rule, and a call attached and not
  // yet talking evaluates none.
  #fired: Map<string, Set<string>> | undefined;
  #scratch: Map<object, unknown> | undefined;
  #dialogueTurns = 0;
  #lastTurnIndex = -1;

  constructor(rules: readonly TriggerRule[], options: RuleEngineOptions = {}) {
    this.#set = ruleSetOf(rules, options);
  }

  get #rules(): readonly EngineAwareRule[] {
    return this.#set.rules;
  }

  get #tail(): number {
    return this.#set.tail;
  }

  get #onError(): (error: unknown, rule: TriggerRule) => void {
    return this.#set.onError;
  }

  /** Evaluates every rule after a turn (or a field update) and returns the new firings. */
  evaluate(input: RuleInput, now: number): Firing[] {
    return this.#run(this.#rules, this.#view(input), now) ?? [];
  }

  /**
   * A turn already evaluated got its ASR confidence late: only the rules that read confidence run
   * again (the others judged the same words already, and would fire twice on them).
   */
  rescored(input: RuleInput, now: number): Firing[] {
    const rules = this.#readingConfidence();
    return rules.length === 0 ? [] : (this.#run(rules, this.#view(input), now) ?? []);
  }

  /**
   * `evaluate` (or `rescored`) for an input the caller gives away: the engine completes it in
   * place into what the rules see instead of copying it, and returns `undefined` for no firings.
   * The session calls this on every turn of every call.
   */
  evaluateOwned(input: RuleInput, now: number, rescored = false): Firing[] | undefined {
    const rules = rescored ? this.#readingConfidence() : this.#rules;
    if (rescored && rules.length === 0) return undefined;
    this.#count(input.turn);
    const view = input as EngineRuleInput;
    if (view.turns.length > this.#tail) view.turns = view.turns.slice(-this.#tail);
    view.dialogueTurns = this.#dialogueTurns;
    this.#scratch ??= new Map();
    view.scratch = this.#scratch;
    return this.#run(rules, view, now);
  }

  #readingConfidence(): readonly EngineAwareRule[] {
    this.#set.confidenceRules ??= this.#rules.filter((rule) => rule.readsConfidence === true);
    return this.#set.confidenceRules;
  }

  #count(turn: RuleInput['turn']): void {
    if (turn?.final && turn.index > this.#lastTurnIndex) {
      this.#lastTurnIndex = turn.index;
      if (turn.role === 'caller' || turn.role === 'agent') this.#dialogueTurns++;
    }
  }

  #view(input: RuleInput): EngineRuleInput {
    this.#count(input.turn);
    this.#scratch ??= new Map();
    return {
      ...input,
      turns: input.turns.length > this.#tail ? input.turns.slice(-this.#tail) : input.turns,
      dialogueTurns: this.#dialogueTurns,
      scratch: this.#scratch,
    };
  }

  #run(rules: readonly EngineAwareRule[], view: EngineRuleInput, now: number): Firing[] | undefined {
    let firings: Firing[] | undefined;
    for (const rule of rules) {
      try {
        firings = this.#evaluateRule(rule, view, now, firings);
      } catch (error) {
        this.#onError(error, rule);
      }
    }
    return firings;
  }

  #evaluateRule(
    rule: EngineAwareRule,
    input: EngineRuleInput,
    now: number,
    out: Firing[] | undefined,
  ): Firing[] | undefined {
    let fired = this.#fired?.get(rule.id);
    if (fired && rule.rearmed) {
      for (const key of fired) if (rule.rearmed(input, key === NO_KEY ? undefined : key)) fired.delete(key);
    }
    const matches = rule.evaluateAll ? rule.evaluateAll(input) : single(rule.evaluate(input));
    if (fired && !rule.rearmed && !hasKeyless(matches)) fired.delete(NO_KEY);

    // Indexed, not for-of: the array iterator was allocated for every rule on every turn.
    for (let m = 0; m < matches.length; m++) {
      const match = matches[m]!;
      const key = match.causeKey ?? NO_KEY;
      if (fired?.has(key)) continue;
      if (!fired) {
        fired = new Set();
        this.#fired ??= new Map();
        this.#fired.set(rule.id, fired);
      }
      fired.add(key);
      out ??= [];
      out.push(toFiring(rule, match, input, now));
    }
    return out;
  }

  /** Final caller and agent turns seen so far. */
  get dialogueTurns(): number {
    return this.#dialogueTurns;
  }

  reset(): void {
    this.#fired = undefined;
    this.#scratch = undefined;
    this.#dialogueTurns = 0;
    this.#lastTurnIndex = -1;
  }

  snapshot(): RuleEngineState {
    const fired: RuleEngineState['fired'] = {};
    for (const [id, keys] of this.#fired ?? []) {
      if (keys.size > 0) fired[id] = [...keys].map((k) => (k === NO_KEY ? null : k));
    }
    return { fired, dialogueTurns: this.#dialogueTurns, lastTurnIndex: this.#lastTurnIndex };
  }

  restore(state: RuleEngineState): void {
    this.reset();
    for (const [id, keys] of Object.entries(state.fired)) {
      this.#fired ??= new Map();
      this.#fired.set(id, new Set(keys.map((k) => k ?? NO_KEY)));
    }
    this.#dialogueTurns = state.dialogueTurns;
    this.#lastTurnIndex = state.lastTurnIndex;
  }
}

interface RuleSet {
  readonly rules: readonly EngineAwareRule[];
  confidenceRules: readonly EngineAwareRule[] | undefined;
  readonly tail: number;
  readonly onError: (error: unknown, rule: TriggerRule) => void;
}

/**
 * A deployment passes the same rules array to every call's engine: with the default options, its
 * rule set is made (and its ids checked) once, and each engine keeps one pointer to it rather than
 * four fields of its own.
 */
const defaultSets = new WeakMap<readonly TriggerRule[], RuleSet>();
const DEFAULT_TAIL = 50;

const NO_RULES: RuleSet = {
  rules: Object.freeze([]),
  confidenceRules: Object.freeze([]),
  tail: DEFAULT_TAIL,
  onError: warnRuleError,
};

function ruleSetOf(rules: readonly TriggerRule[], options: RuleEngineOptions): RuleSet {
  const shared = options.tail === undefined && options.onError === undefined;
  // No rules is one set whatever array says so: a call without triggers often passes a fresh `[]`.
  const known = shared ? (rules.length === 0 ? NO_RULES : defaultSets.get(rules)) : undefined;
  if (known) return known;
  checkUniqueIds(rules);
  const set: RuleSet = {
    rules,
    confidenceRules: undefined,
    tail: Math.max(1, Math.floor(options.tail ?? DEFAULT_TAIL)),
    onError: options.onError ?? warnRuleError,
  };
  if (shared) defaultSets.set(rules, set);
  return set;
}

/** Two rules of one deployment with the same id would share their debounce state. */
function checkUniqueIds(rules: readonly TriggerRule[]): void {
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id)) {
      throw new HandoffError(
        'invalid_options',
        `two trigger rules share the id "${rule.id}"; give one an explicit id`,
        {
          issues: [{ path: 'triggers', message: `duplicate rule id "${rule.id}"` }],
        },
      );
    }
    seen.add(rule.id);
  }
}

function warnRuleError(error: unknown, rule: TriggerRule): void {
  console.warn(`[handoff] trigger rule "${rule.id}" threw:`, (error as Error)?.message ?? error);
}

function hasKeyless(matches: readonly RuleMatch[]): boolean {
  for (let m = 0; m < matches.length; m++) if (matches[m]!.causeKey === undefined) return true;
  return false;
}

const NONE: readonly RuleMatch[] = Object.freeze([]);

/** Most rules match nothing on most turns: no array for that. */
function single(match: RuleMatch | undefined): readonly RuleMatch[] {
  return match === undefined ? NONE : [match];
}

function toFiring(rule: TriggerRule, match: RuleMatch, input: RuleInput, now: number): Firing {
  return {
    ruleId: rule.id,
    kind: rule.kind,
    action: rule.action,
    turnIndex: match.turnIndex ?? input.turn?.index ?? -1,
    evidence: match.evidence,
    at: now,
    ...(match.department !== undefined ? { department: match.department } : {}),
    ...(match.urgency !== undefined ? { urgency: match.urgency } : {}),
    ...(match.reason !== undefined ? { reason: match.reason } : {}),
  };
}
