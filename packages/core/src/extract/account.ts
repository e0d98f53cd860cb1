import { spokenNumbersToDigits } from './numbers.js';
import { allMatches, foldText } from './text.js';

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
  'policy number',
  'policy no',
  'loan account number',
  'crn',
  'पॉलिसी संख्या',
  'पॉलिसी नंबर',
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

/** A long number read out alone ("yes, it is 2 2 3 3 4 4 5 5 6 6"), usually answering "your account number?". */
const BARE = /(?<![\d,.])(?<digits>\d(?:[ -]?\d){7,17})(?![ -]?\d|[,.]\d)/gu;
/** Numbers that are something else when named: a phone, an order, a PIN code, a one-time code. */
const OTHER_NUMBER =
  /(?:^|[^\p{L}])(?:order|phone|mobile|pin|otp|ticket|ref|reference|tracking|awb|claim|invoice|imei|flat|pincode)(?![\p{L}])|फोन|मोबाइल|ऑर्डर/u;
const MAX_BARE_WORDS = 12;
/** Seven digits said as the whole turn, nothing else but punctuation. */
const SEVEN_ALONE = /^[\s,.]*(\d{7})[\s,.!?]*$/u;

/** An account, customer or policy number read out in one utterance (digits or spoken), digits only. */
export function extractAccountNumber(text: string): string | undefined {
  return accountNumberIn(spokenNumbersToDigits(foldText(text)));
}

/** `extractAccountNumber` over text already folded and with spoken numbers turned into digits. */
export function accountNumberIn(folded: string): string | undefined {
  // Every pattern below needs six digits or more in a row (single spaces or hyphens between them
  // allowed); most turns have none.
  if (!hasDigitRun(folded, 6)) return undefined;
  for (const pattern of [AFTER_CUE, BEFORE_CUE]) {
    for (const m of allMatches(pattern, folded)) {
      const raw = m.groups?.['digits'];
      if (!raw) continue;
      const at = folded.indexOf(raw, m.index ?? 0);
      if (MONEY_AFTER.test(folded.slice(at + raw.length)) || MONEY_BEFORE.test(folded.slice(0, at))) continue;
      const digits = raw.replace(/\D/g, '');
      if (digits.length >= 6 && digits.length <= 18) return digits;
    }
  }
  return bareNumber(folded);
}

function bareNumber(folded: string): string | undefined {
  if (OTHER_NUMBER.test(folded)) return undefined;
  const found = allMatches(BARE, folded);
  if (found.length !== 1) {
    // "nine eight zero zero one two seven", the whole turn: a seven-digit customer or loan number.
    const m = SEVEN_ALONE.exec(folded);
    return m ? m[1] : undefined;
  }
  const m = found[0]!;
  const rest = folded.replace(m[0], ' ');
  if (rest.split(/[^\p{L}\p{M}]+/u).filter((w) => w !== '').length > MAX_BARE_WORDS) return undefined;
  if (MONEY_AFTER.test(folded.slice((m.index ?? 0) + m[0].length))) return undefined;
  const digits = m[0].replace(/\D/g, '');
  // An Indian mobile number has ten digits and starts with 6–9.
  if (/^[6-9]\d{9}$/.test(digits)) return undefined;
  return digits;
}

/** Whether `text` has `min` ASCII digits in a row, one space or hyphen allowed between two of them (as `DIGITS`). */
function hasDigitRun(text: string, min: number): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (++run >= min) return true;
    } else if (!((c === 0x20 || c === 0x2d) && run > 0 && isDigitAt(text, i + 1))) run = 0;
  }
  return false;
}

function isDigitAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}
