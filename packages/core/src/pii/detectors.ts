import { luhnValid, verhoeffValid } from './checksums.js';
import type { PiiPolicy } from './policy.js';

/** A piece of text to replace. */
export interface PiiSpan {
  start: number;
  end: number;
  replacement: string;
}

export type PiiKind = keyof PiiPolicy;

const last4 = (digits: string) => digits.slice(-4);
const onlyDigits = (text: string) => text.replace(/\D/g, '');

// Starts only where a local part can start and bounds every part, so a long run of digits and
// dashes with no "@" costs linear time instead of rescanning from every position.
const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}(?![A-Za-z])/g;

function emails(text: string): PiiSpan[] {
  if (!text.includes('@')) return [];
  return [...text.matchAll(EMAIL)].map((m) => span(m, '[email]'));
}

/** Runs of digits joined by single spaces or dashes: where card numbers hide. */
const DIGIT_RUN = /(?<!\d)\d+(?:[ -]\d+)*(?!\d)/g;

/**
 * Card numbers: 13–19 digits passing Luhn. A run of digit groups is searched group-aligned, so a
 * card followed by another number ("4242 4242 4242 4242 2025") is still found.
 */
function cards(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const m of text.matchAll(DIGIT_RUN)) {
    const run = m[0];
    if (onlyDigits(run).length < 13) continue;
    const groups = [...run.matchAll(/\d+/g)].map((g) => ({ digits: g[0], start: g.index ?? 0 }));
    let s = 0;
    while (s < groups.length) {
      const found = longestCardFrom(groups, s);
      if (!found) {
        s++;
        continue;
      }
      const last = groups[found.end]!;
      const start = (m.index ?? 0) + groups[s]!.start;
      const stop = (m.index ?? 0) + last.start + last.digits.length;
      spans.push({ start, end: stop, replacement: `[card ending ${last4(found.digits)}]` });
      s = found.end + 1;
    }
  }
  return spans;
}

/**
 * The longest run of whole groups from group `s` that is a Luhn-valid 13–19 digit number. A card
 * never has more than 19 digits, so only a few groups are ever joined: linear in the run's length.
 */
function longestCardFrom(groups: ReadonlyArray<{ digits: string }>, s: number) {
  let digits = '';
  let best: { end: number; digits: string } | undefined;
  for (let e = s; e < groups.length; e++) {
    digits += groups[e]!.digits;
    if (digits.length > 19) break;
    if (digits.length >= 13 && luhnValid(digits)) best = { end: e, digits };
  }
  return best;
}

/** 12 digits, first 2–9, contiguous or 4-4-4 with one consistent separator, passing Verhoeff. */
const AADHAAR = /(?<!\d[ -]?)[2-9]\d{3}([ -]?)\d{4}\1\d{4}(?![ -]?\d)/g;

function aadhaar(text: string): PiiSpan[] {
  return [...text.matchAll(AADHAAR)]
    .filter((m) => verhoeffValid(onlyDigits(m[0])))
    .map((m) => span(m, `[Aadhaar ending ${last4(onlyDigits(m[0]))}]`));
}

/** Indian mobiles (optional +91 / 0091 / 91 / 0 prefix; 5-5, 3-3-4 or contiguous) and E.164 numbers. */
const INDIAN_MOBILE = new RegExp(
  String.raw`(?<![\d+])(?<!\d[ -])(?<prefix>(?:\+|00)?91[ -]?|0)?` +
    String.raw`[6-9](?:\d{4}[ -]?\d{5}|\d{2}[ -]?\d{3}[ -]?\d{4})(?![ -]?\d)`,
  'g',
);
const E164 = /(?<![\d+])\+[1-9]\d{0,3}(?:[ -]?\d){7,13}(?![ -]?\d)/g;
/** A bare 10-digit number right after "account" is an account number, not a phone. */
const ACCOUNT_CUE_BEFORE = /(?:account|a\/c|acct|customer id|khata|खाता)[^\d]{0,25}$/i;

function phones(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const m of text.matchAll(INDIAN_MOBILE)) {
    const start = m.index ?? 0;
    if (!m.groups?.['prefix'] && ACCOUNT_CUE_BEFORE.test(text.slice(Math.max(0, start - 40), start)))
      continue;
    spans.push(span(m, `[phone ending ${last4(onlyDigits(m[0]))}]`));
  }
  for (const m of text.matchAll(E164)) spans.push(span(m, `[phone ending ${last4(onlyDigits(m[0]))}]`));
  return spans;
}

/** PAN: five letters (the fourth is the holder type), four digits, a letter. ASR may lowercase it. */
const PAN = /(?<![A-Za-z0-9])[A-Za-z]{3}[PCHFATBLJGpchfatbljg][A-Za-z]\d{4}[A-Za-z](?![A-Za-z0-9])/g;

function pan(text: string): PiiSpan[] {
  return [...text.matchAll(PAN)].map((m) => span(m, '[PAN]'));
}

/**
 * One-time codes: 4–8 digits (or spoken digit by digit) near a cue word, either side. "PIN code",
 * "error code" and friends are ordinary numbers and are left alone.
 */
const NOT_SECRET_CODES = 'pin|zip|area|promo|coupon|ifsc|postal|error|discount|referral|status|country|sort';
const CODE_CUE =
  String.raw`(?:otp|o\.t\.p|one[ -]time (?:password|code)|passcode|password|verification code|` +
  `m?pin(?![ -]?code)|tpin|(?<!(?:${NOT_SECRET_CODES})[ -]?)code|ओटीपी|पिन|कोड)`;
const CODE = String.raw`(?:\d{3}[ -]\d{3}|\d(?:[ -]\d){3,7}|\d{4,8})`;
const CODE_AFTER_CUE = new RegExp(
  String.raw`(?<![\p{L}])${CODE_CUE}(?![\p{L}])[^\d\n]{0,25}?(?<![\d])(?<code>${CODE})(?![ -]?\d)`,
  'giu',
);
const CODE_BEFORE_CUE = new RegExp(
  String.raw`(?<![\d][ -]?)(?<code>${CODE})(?![ -]?\d)[^\d\n]{0,20}?(?<![\p{L}])${CODE_CUE}(?![\p{L}])`,
  'giu',
);
const CVV = /(?<![\p{L}])(?:cvv|cvc|cvv2)(?![\p{L}])[^\d\n]{0,15}?(?<!\d)(?<code>\d{3,4})(?!\d)/giu;

function otps(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const pattern of [CODE_AFTER_CUE, CODE_BEFORE_CUE, CVV]) {
    for (const m of text.matchAll(pattern)) {
      const code = m.groups?.['code'];
      if (!code) continue;
      const offset = pattern === CODE_BEFORE_CUE ? 0 : m[0].lastIndexOf(code);
      const start = (m.index ?? 0) + offset;
      spans.push({ start, end: start + code.length, replacement: '[code]' });
    }
  }
  return spans;
}

/** In priority order: an earlier detector's span wins over any later span it overlaps. */
export const detectors: ReadonlyArray<{ kind: PiiKind; find: (text: string) => PiiSpan[] }> = [
  { kind: 'email', find: emails },
  { kind: 'cards', find: cards },
  { kind: 'aadhaar', find: aadhaar },
  { kind: 'phone', find: phones },
  { kind: 'pan', find: pan },
  { kind: 'otp', find: otps },
];

function span(m: RegExpExecArray | RegExpMatchArray, replacement: string): PiiSpan {
  const start = m.index ?? 0;
  return { start, end: start + m[0].length, replacement };
}
