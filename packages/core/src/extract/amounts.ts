import { spokenNumbersToDigits } from './numbers.js';
import { allMatches, foldText, isDigit } from './text.js';
import { wordsAfterInto, wordsBeforeInto } from './words-near.js';

const NUMBER = String.raw`\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const CURRENCY_BEFORE = String.raw`₹|rs\.?|inr|rupees?`;
const CURRENCY_AFTER = [
  'rupees?',
  'rupaye',
  'rupaiye',
  'rupay',
  'rupiya',
  'rupiye',
  String.raw`rs\.?`,
  'inr',
  'रुपये',
  'रुपए',
  'रुपया',
  'रुपयों',
  '₹',
  '/-',
].join('|');

/** Spoken magnitudes, folded (nukta removed: हज़ार → हजार, करोड़ → करोड). */
const MAGNITUDES: Readonly<Record<string, number>> = {
  hundred: 100,
  sau: 100,
  सौ: 100,
  k: 1_000,
  thousand: 1_000,
  thousands: 1_000,
  hazaar: 1_000,
  hazar: 1_000,
  hajar: 1_000,
  हजार: 1_000,
  lakh: 100_000,
  lakhs: 100_000,
  lac: 100_000,
  lacs: 100_000,
  लाख: 100_000,
  million: 1_000_000,
  crore: 10_000_000,
  crores: 10_000_000,
  cr: 10_000_000,
  करोड: 10_000_000,
};
const MAGNITUDE = Object.keys(MAGNITUDES)
  .sort((a, b) => b.length - a.length)
  .join('|');

const ANY_DIGIT = /\d/;
// Numbered groups, not named: V8 builds a `groups` object for every match of a regex with names.
const AMOUNT = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:(${CURRENCY_BEFORE})\s*)?(${NUMBER})(?!,?\d)` +
    String.raw`(?:\s*(${MAGNITUDE})(?![\p{L}\p{M}]))?` +
    String.raw`(?:\s*(${CURRENCY_AFTER})(?![\p{L}\p{M}]))?`,
  'gu',
);
/** `AMOUNT`'s groups: the currency said before, the number, its magnitude, the currency after. */
const BEFORE = 1;
const NUMBER_AT = 2;
const MAGNITUDE_AT = 3;
const AFTER = 4;
/**
 * A bare number ("799", "do sau" → "200") is money when a money word is near it: "my plan is only
 * 799", "200 ka discount", "299 का रिचार्ज". Units and identifiers next to it rule it out.
 */
// biome-ignore format: a word table reads better packed
const MONEY_WORDS = new Set([
  'bill', 'bills', 'fee', 'fees', 'charge', 'charges', 'charged', 'premium', 'price', 'cost', 'costs',
  'paid', 'pay', 'payment', 'salary', 'income', 'refund', 'emi', 'recharge', 'discount', 'balance',
  'penalty', 'fine', 'amount', 'deposit', 'limit', 'plan', 'worth', 'estimate', 'rent', 'debited',
  'credited', 'deducted', 'cashback', 'wallet', 'pack', 'kiraya', 'keemat', 'daam', 'renew', 'renewed',
  'renewal', 'renews', 'offer', 'recharged', 'membership', 'subscription', 'paisa', 'paise', 'पैसा', 'पैसे', 'ऑफर',
  // Hinglish and Hindi for money taken from an account: "aath sau ninyaanve kat gaya".
  'kat', 'kata', 'kati', 'kate', 'kaat', 'kaata', 'kaati', 'kaate', 'katke', 'katauti',
  'कट', 'कटा', 'कटी', 'कटे', 'काटा', 'काटी', 'काटे', 'कटौती',
  'बिल', 'फीस', 'चार्ज', 'प्रीमियम', 'किराया', 'सैलरी', 'वेतन', 'रिचार्ज', 'कीमत', 'दाम', 'ईएमआई',
]);
// biome-ignore format: a word table reads better packed
const NOT_MONEY_AFTER = new Set([
  'degree', 'degrees', 'mbps', 'gb', 'mb', 'mg', 'ml', 'km', 'kg', 'grams', 'gram', 'percent', 'saal',
  'years', 'year', 'days', 'day', 'din', 'months', 'mahine', 'baje', 'minutes', 'minute', 'hours',
  'ghante', 'times', 'baar', 'hafte', 'weeks', 'साल', 'दिन', 'बार', 'बजे', 'डिग्री',
]);
// biome-ignore format: a word table reads better packed
const ID_BEFORE = new Set([
  'order', 'number', 'no', 'id', 'account', 'policy', 'flat', 'pin', 'otp', 'claim', 'ticket', 'model',
  'room', 'ward', 'cheque', 'नंबर', 'संख्या',
]);
/**
 * A number said as a reading of something measured is not money, however large: "her platelets
 * went down to thirty thousand", "sugar level 300", "oxygen 92 pe hai".
 */
// biome-ignore format: a word table reads better packed
const MEASURED_BEFORE = new Set([
  'platelet', 'platelets', 'count', 'level', 'levels', 'sugar', 'reading', 'readings', 'bp', 'pressure',
  'oxygen', 'saturation', 'spo2', 'weight', 'score', 'steps', 'speed', 'temperature', 'fever', 'bukhar',
  'प्लेटलेट्स', 'शुगर', 'ऑक्सीजन', 'बुखार', 'वजन',
]);
const MEASURE_WINDOW = 4;

/** A number right after a month is a date or a year: "das june unnees sau pachpan" (1955). */
// biome-ignore format: a word table reads better packed
const MONTHS = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october',
  'november', 'december', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov',
  'dec', 'जनवरी', 'फरवरी', 'मार्च', 'अप्रैल', 'मई', 'जून', 'जुलाई', 'अगस्त', 'सितंबर', 'अक्टूबर',
  'नवंबर', 'दिसंबर',
]);

/** "paanch sau nahi, paanch hazaar" / "not 50,000 but 15,000": the caller corrected themselves. */
const CORRECTED_AFTER = /^\s*(?:nahi|nahin|nhi|नहीं|नही)\s*[,.;]|^\s*,?\s*not\s*[,.;]/u;

/** `/(?:^|\s)not\s*$/u` over `text.slice(0, end)`, read back from `end` rather than tried at every position. */
function notBefore(text: string, end: number): boolean {
  let i = end;
  while (i > 0 && WHITE.test(text.charAt(i - 1))) i--;
  if (
    i < 3 ||
    text.charCodeAt(i - 3) !== 0x6e ||
    text.charCodeAt(i - 2) !== 0x6f ||
    text.charCodeAt(i - 1) !== 0x74
  ) {
    return false;
  }
  return i === 3 || WHITE.test(text.charAt(i - 4));
}
const WINDOW_BEFORE = 4;
const WINDOW_AFTER = 2;
/**
 * The words either side of a number, for the checks below: one pair of arrays for every number
 * rather than two new ones each (each check reads them before the next fills them again).
 */
const BEFORE_WORDS: string[] = [];
const AFTER_WORDS: string[] = [];

function hasMoneyContext(folded: string, start: number, end: number): boolean {
  // One digit of a number read out digit by digit ("5 5 3 2 1 9") is not an amount.
  if (
    (start >= 2 && isDigit(folded.charCodeAt(start - 2)) && isDashOrSpace(folded.charCodeAt(start - 1))) ||
    (isDashOrSpace(folded.charCodeAt(end)) && isDigit(folded.charCodeAt(end + 1)))
  ) {
    return false;
  }
  // The money word must be in the number's own sentence: "…teen do chhe. EMI baees hazaar…" reads
  // an account number, then an amount.
  const before = BEFORE_WORDS;
  const after = AFTER_WORDS;
  const nBefore = wordsBeforeInto(folded, Math.max(0, start - 60), start, WINDOW_BEFORE, true, before);
  const nAfter = wordsAfterInto(
    folded,
    end,
    Math.min(folded.length, end + 40),
    WINDOW_AFTER + 1,
    true,
    after,
  );
  const after0 = nAfter > 0 ? after[0]! : '';
  if (NOT_MONEY_AFTER.has(after0)) return false;
  if (ID_BEFORE.has(nBefore > 0 ? before[nBefore - 1]! : '')) return false;
  // The last few words before, each read with the one before it inside that window.
  const first = Math.max(0, nBefore - WINDOW_BEFORE);
  for (let k = first; k < nBefore; k++) {
    if (isMoneyWord(before[k]!, k === first ? undefined : before[k - 1])) return true;
  }
  // "590 ka bounce charge": past "ka", the money word may come one word later.
  const last = Math.min(nAfter, OF.has(after0) ? WINDOW_AFTER + 1 : WINDOW_AFTER);
  for (let k = 0; k < last; k++) {
    if (isMoneyWord(after[k]!, k === 0 ? undefined : after[k - 1])) return true;
  }
  return (ORDER_AFTER.has(nAfter > 1 ? after[1]! : '') && OF.has(after0)) || PRICE_AFTER.has(after0);
}

function isDashOrSpace(c: number): boolean {
  return c === 0x20 || c === 0x2d;
}

/** "850 ka order", "299 का ऑर्डर": what the order cost. ("order 1234" is an id: see ID_BEFORE.) */
const ORDER_AFTER = new Set(['order', 'ऑर्डर', 'आर्डर']);
const OF = new Set(['ka', 'ki', 'का', 'की']);
/** "960 each", "499 per month", "299 monthly": a price per thing or per period. */
const PRICE_AFTER = new Set(['each', 'per', 'monthly']);
/** "is fine", "that's fine": the everyday word, not a penalty. */
const FINE_AFTER = new Set([
  'is',
  's',
  'its',
  'thats',
  'was',
  'are',
  'am',
  'be',
  'all',
  'very',
  'so',
  'quite',
]);

function isMoneyWord(word: string, previous: string | undefined): boolean {
  return MONEY_WORDS.has(word) && !(word === 'fine' && FINE_AFTER.has(previous ?? ''));
}

/** Joins "1 lakh 50 thousand" into one amount. */
const JOINER = /^\s*(?:and|aur|और)?\s*$/u;

interface Found {
  value: number;
  magnitude: number;
  hasCurrencyAfter: boolean;
  start: number;
  end: number;
}

/**
 * Money amounts in major units, in the order said. A bare number counts only with a currency
 * word or symbol, a magnitude ("15 thousand", "1.5 lakh", "15k") or comma grouping ("1,50,000"),
 * so account numbers, OTPs and dates are left alone.
 */
export function parseAmounts(text: string): number[] {
  return amountsIn(spokenNumbersToDigits(foldText(text)));
}

/** `parseAmounts` over text already folded and with spoken numbers turned into digits. */
export function amountsIn(folded: string): number[] {
  // Every amount has a digit by now (spoken numbers are digits already); most turns have none.
  if (!ANY_DIGIT.test(folded)) return [];
  const found: Found[] = [];
  // Bare numbers that may be prices beside an amount: read only once some amount is found (most
  // turns with a number have none).
  let bare: RegExpExecArray[] | undefined;
  for (const m of allMatches(AMOUNT, folded)) {
    const raw = m[NUMBER_AT] ?? '';
    const magnitude = m[MAGNITUDE_AT] ? (MAGNITUDES[m[MAGNITUDE_AT]] ?? 1) : 1;
    const start = m.index ?? 0;
    if (!hasCueless(m)) {
      bare ??= [];
      bare.push(m);
    }
    const hasCue =
      m[BEFORE] !== undefined ||
      m[AFTER] !== undefined ||
      magnitude > 1 ||
      raw.includes(',') ||
      hasMoneyContext(folded, start, start + m[0].length);
    // Asked only of a number with a cue (both tests only rule out): most numbers have none.
    if (!hasCue || (!hasCurrency(m) && notMoney(folded, start))) continue;
    const end = start + m[0].length;
    if (CORRECTED_AFTER.test(folded.slice(end, end + 12)) || notBefore(folded, start)) continue;
    const value = Number.parseFloat(raw.replace(/,/g, '')) * magnitude;
    if (!Number.isFinite(value) || value <= 0) continue;
    const previous = found[found.length - 1];
    if (
      previous &&
      previous.magnitude > magnitude &&
      magnitude > 1 &&
      !previous.hasCurrencyAfter &&
      JOINER.test(folded.slice(previous.end, start))
    ) {
      previous.value += value;
      previous.magnitude = magnitude;
      previous.end = start + m[0].length;
      previous.hasCurrencyAfter = m[AFTER] !== undefined;
      continue;
    }
    found.push({
      value,
      magnitude,
      hasCurrencyAfter: m[AFTER] !== undefined,
      start,
      end: start + m[0].length,
    });
  }
  // "4,000 this time, it is usually 600": once the caller talks money, a price beside it is money too.
  if (found.length > 0) {
    if (bare !== undefined) {
      for (const u of comparedAmounts(folded, bare)) {
        if (!found.some((f) => u.start >= f.start && u.start < f.end)) found.push(u);
      }
    }
    found.sort((a, b) => a.start - b.start);
  }
  return found.map((f) => Math.round(f.value * 100) / 100);
}

/** The bare numbers among `matches` that `comparedAmount` reads as prices, in order. */
function comparedAmounts(folded: string, matches: readonly RegExpExecArray[]): Found[] {
  const out: Found[] = [];
  for (const m of matches) {
    const raw = m[NUMBER_AT] ?? '';
    const start = m.index ?? 0;
    if (!comparedAmount(folded, start, m[0].length, raw)) continue;
    const value = Number.parseFloat(raw.replace(/,/g, ''));
    out.push({ value, magnitude: 1, hasCurrencyAfter: false, start, end: start + m[0].length });
  }
  return out;
}

function hasCurrency(m: RegExpExecArray): boolean {
  return m[BEFORE] !== undefined || m[AFTER] !== undefined;
}

/** A measuring word up to four words before ("platelets went down to 30,000"), or a month just before. */
function notMoney(folded: string, start: number): boolean {
  // In the number's own sentence: "…likha tha BP hai! saadhe teen lakh ka bill" is money.
  const before = BEFORE_WORDS;
  const n = wordsBeforeInto(folded, Math.max(0, start - 50), start, MEASURE_WINDOW, true, before);
  if (MONTHS.has(n > 0 ? before[n - 1]! : '')) return true;
  for (let k = Math.max(0, n - MEASURE_WINDOW); k < n; k++) {
    if (MEASURED_BEFORE.has(before[k]!)) return true;
  }
  return false;
}

function hasCueless(m: RegExpExecArray): boolean {
  return m[BEFORE] !== undefined || m[AFTER] !== undefined || m[MAGNITUDE_AT] !== undefined;
}

/** A bare number of at least 100, not an identifier or a quantity of something else. */
function comparedAmount(folded: string, start: number, length: number, raw: string): boolean {
  // Seven digits or more with no grouping were read out digit by digit: an account or a phone.
  if (raw.includes(',') || Number.parseFloat(raw) < 100 || !/^\d{3,6}$/.test(raw)) return false;
  const end = start + length;
  LETTER_AT.lastIndex = end;
  if (LETTER_AT.test(folded)) return false;
  // "100 100 ke note": numbers side by side are a reading or a denomination, not a price.
  if (digitThenSpaces(folded, start) || spacesThenDigit(folded, end)) return false;
  const after = AFTER_WORDS;
  const before = BEFORE_WORDS;
  const nAfter = wordsAfterInto(folded, end, Math.min(folded.length, end + 30), 1, false, after);
  const nBefore = wordsBeforeInto(folded, Math.max(0, start - 30), start, 3, false, before);
  // "cheque number is 123456": an identifier named up to three words before.
  if (NOT_MONEY_AFTER.has(nAfter > 0 ? after[0]! : '')) return false;
  for (let k = Math.max(0, nBefore - 3); k < nBefore; k++) if (ID_BEFORE.has(before[k]!)) return false;
  return true;
}

const LETTER_AT = /[\p{L}\p{M}]/uy;
const WHITE = /\s/;

/** `/\d\s+$/` over the three characters before `at`. */
function digitThenSpaces(text: string, at: number): boolean {
  if (at < 2 || !WHITE.test(text.charAt(at - 1))) return false;
  if (isDigit(text.charCodeAt(at - 2))) return true;
  return at >= 3 && WHITE.test(text.charAt(at - 2)) && isDigit(text.charCodeAt(at - 3));
}

/** `/^\s+\d/` over the three characters from `at`. */
function spacesThenDigit(text: string, at: number): boolean {
  if (at >= text.length || !WHITE.test(text.charAt(at))) return false;
  if (isDigit(text.charCodeAt(at + 1))) return true;
  return at + 1 < text.length && WHITE.test(text.charAt(at + 1)) && isDigit(text.charCodeAt(at + 2));
}

const inr = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 2 });

/** "₹15,000", "₹1,50,000": Indian digit grouping, for text read by people. */
export function formatInr(amount: number): string {
  return `₹${inr.format(amount)}`;
}

/** "15,000 rupees", "1.5 lakh rupees", "2 crore rupees": for text a TTS voice reads out. */
export function speakInr(amount: number): string {
  const scaled = (value: number, unit: string) =>
    `${Number.isInteger(value) ? value : Number(value.toFixed(2))} ${unit} rupees`;
  if (amount >= 10_000_000) return scaled(amount / 10_000_000, 'crore');
  if (amount >= 100_000) return scaled(amount / 100_000, 'lakh');
  return `${inr.format(amount)} rupees`;
}
