import { foldText } from './text.js';

/** Words a caller uses before (or after) reading out an account or customer number. */
export const accountCues: readonly string[] = [
  'account number',
  'account no',
  'account',
  'accounts',
  'a/c',
  'acct',
  'acc no',
  'customer id',
  'customer number',
  'cust id',
  'client id',
  'consumer number',
  'khata',
  'khaata',
  'खाता',
  'खाते',
];

const CUE = `(?:${[...accountCues]
  .sort((a, b) => b.length - a.length)
  .map((c) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
  .join('|')})`;
const DIGITS = String.raw`\d(?:[ -]?\d){5,17}`;
/** Cue, a few non-digit words ("number is", "hai"), then 6–18 digits possibly grouped. */
const AFTER_CUE = new RegExp(
  String.raw`(?<![\p{L}])${CUE}(?![\p{L}\p{M}])[^\d]{0,30}?(?<!\d)(?<digits>${DIGITS})(?![ -]?\d)`,
  'gu',
);
/** "12345678 is my account number". */
const BEFORE_CUE = new RegExp(
  String.raw`(?<![\d])(?<digits>${DIGITS})(?![ -]?\d)[^\d]{0,20}?(?<![\p{L}])${CUE}(?![\p{L}\p{M}])`,
  'gu',
);
/** Digits next to a currency word are an amount ("my account has 150000 rupees"). */
const MONEY_AFTER = /^\s*(?:rupees?|rs\b|inr\b|₹|\/-|lakh|thousand|crore|k\b|रुपय)/u;
const MONEY_BEFORE = /(?:₹|\brs\.?|\binr)\s*$/u;

/** An account or customer number read out in one utterance, digits only. */
export function extractAccountNumber(text: string): string | undefined {
  const folded = foldText(text);
  for (const pattern of [AFTER_CUE, BEFORE_CUE]) {
    for (const m of folded.matchAll(pattern)) {
      const raw = m.groups?.['digits'];
      if (!raw) continue;
      const at = folded.indexOf(raw, m.index ?? 0);
      if (MONEY_AFTER.test(folded.slice(at + raw.length)) || MONEY_BEFORE.test(folded.slice(0, at))) continue;
      const digits = raw.replace(/\D/g, '');
      if (digits.length >= 6 && digits.length <= 18) return digits;
    }
  }
  return undefined;
}
