import { describe, expect, it } from 'vitest';
import { luhnCheckDigit, verhoeffCheckDigit } from './checksums.js';
import { maskPii, maskPiiDeep } from './mask.js';

const card = (prefix: string) => prefix + luhnCheckDigit(prefix);
const aadhaar = (prefix11: string) => prefix11 + verhoeffCheckDigit(prefix11);
const grouped = (digits: string, size = 4, sep = ' ') =>
  digits.match(new RegExp(`.{1,${size}}`, 'g'))!.join(sep);
/** Changes the check digit so the number no longer validates. */
const broken = (digits: string) => digits.slice(0, -1) + ((Number(digits.at(-1)) + 1) % 10);

const VISA = card('424242424242424');
const AMEX = card('37828224631000');
const AADHAAR = aadhaar('23456789012');

describe('maskPii: cards', () => {
  it('masks Luhn-valid card numbers, contiguous or grouped, keeping the last four', () => {
    const last4 = VISA.slice(-4);
    expect(maskPii(`my card is ${VISA}`)).toBe(`my card is [card ending ${last4}]`);
    expect(maskPii(`card ${grouped(VISA)} please`)).toBe(`card [card ending ${last4}] please`);
    expect(maskPii(`card ${grouped(VISA, 4, '-')}`)).toBe(`card [card ending ${last4}]`);
    expect(maskPii(`amex ${AMEX}`)).toBe(`amex [card ending ${AMEX.slice(-4)}]`);
  });

  it('finds a card followed by another number', () => {
    expect(maskPii(`${grouped(VISA)} 2027`)).toBe(`[card ending ${VISA.slice(-4)}] 2027`);
  });

  it('leaves a number that fails Luhn alone', () => {
    const fake = broken(VISA);
    expect(maskPii(`ref ${fake}`)).toBe(`ref ${fake}`);
  });
});

describe('maskPii: Aadhaar', () => {
  it('masks Verhoeff-valid 12-digit numbers, contiguous or 4-4-4', () => {
    const last4 = AADHAAR.slice(-4);
    expect(maskPii(`aadhaar ${AADHAAR}`)).toBe(`aadhaar [Aadhaar ending ${last4}]`);
    expect(maskPii(`aadhaar ${grouped(AADHAAR)}`)).toBe(`aadhaar [Aadhaar ending ${last4}]`);
    expect(maskPii(`aadhaar ${grouped(AADHAAR, 4, '-')}`)).toBe(`aadhaar [Aadhaar ending ${last4}]`);
  });

  it('leaves invalid checksums, numbers starting 0/1 and mixed separators alone', () => {
    const bad = broken(AADHAAR);
    expect(maskPii(`id ${bad}`)).toBe(`id ${bad}`);
    const zero = aadhaar('03456789012');
    expect(maskPii(`id ${zero}`)).toBe(`id ${zero}`);
    const mixed = `${AADHAAR.slice(0, 4)} ${AADHAAR.slice(4, 8)}-${AADHAAR.slice(8)}`;
    expect(maskPii(mixed)).toBe(mixed);
  });
});

describe('maskPii: PAN, codes, email, phones', () => {
  it('masks PANs, upper or lower case', () => {
    expect(maskPii('PAN is ABCPE1234F')).toBe('PAN is [PAN]');
    expect(maskPii('my pan abcpe1234f')).toBe('my pan [PAN]');
    // The fourth letter must be a holder type, which keeps ordinary codes out.
    expect(maskPii('ticket ABCDE1234F')).toBe('ticket ABCDE1234F');
  });

  it.each([
    ['OTP is 482913', 'OTP is [code]'],
    ['482913 is the otp', '[code] is the otp'],
    ['otp hai 4 8 2 9', 'otp hai [code]'],
    ['the code is 123 456', 'the code is [code]'],
    ['my PIN is 4321', 'my PIN is [code]'],
    ['cvv 123', 'cvv [code]'],
    ['ओटीपी 4829 है', 'ओटीपी [code] है'],
  ])('masks one-time codes: %s', (text, masked) => {
    expect(maskPii(text)).toBe(masked);
  });

  it.each(['pin code 110001', 'pincode 110001', 'error code 5001', 'promo code 2024'])(
    'leaves ordinary codes alone: %s',
    (text) => {
      expect(maskPii(text)).toBe(text);
    },
  );

  it('masks emails', () => {
    expect(maskPii('mail priya.sharma+bank@example.co.in today')).toBe('mail [email] today');
  });

  it.each([
    ['call +91 98765 43210', 'call [phone ending 3210]'],
    ['call +919876543210', 'call [phone ending 3210]'],
    ['call 09876543210', 'call [phone ending 3210]'],
    ['my number is 98765-43210', 'my number is [phone ending 3210]'],
    ['my number is 987 654 3210', 'my number is [phone ending 3210]'],
    ['US office +1 415 555 2671', 'US office [phone ending 2671]'],
  ])('masks phone numbers: %s', (text, masked) => {
    expect(maskPii(text)).toBe(masked);
  });

  it('reads a bare 10-digit number after "account" as an account, not a phone', () => {
    expect(maskPii('account number 9876543210')).toBe('account number 9876543210');
  });
});

describe('maskPii: ordinary text', () => {
  it.each([
    'refund of 15,000 rupees',
    'amount ₹1,50,000.50',
    'on 12-05-2024 at 10:30',
    'on 12/05/2024',
    'order 55321 was cancelled',
    'I called 3 times in 2024',
    'account number 00123456789',
  ])('is left exactly as it was: %s', (text) => {
    expect(maskPii(text)).toBe(text);
  });
});

describe('maskPii: policy', () => {
  const text = `card ${VISA}, otp 482913, mail a@b.co`;

  it('masks everything by default', () => {
    expect(maskPii(text)).toBe(`card [card ending ${VISA.slice(-4)}], otp [code], mail [email]`);
  });

  it('turns single kinds off', () => {
    expect(maskPii(text, { otp: false })).toBe(
      `card [card ending ${VISA.slice(-4)}], otp 482913, mail [email]`,
    );
    expect(maskPii(text, { cards: false, email: false })).toBe(`card ${VISA}, otp [code], mail a@b.co`);
  });

  it('does nothing when the policy is false', () => {
    expect(maskPii(text, false)).toBe(text);
  });
});

describe('maskPiiDeep', () => {
  it('masks strings in nested objects and arrays without touching the input', () => {
    const input = {
      note: `card ${VISA}`,
      list: ['otp 482913', 42, null],
      nested: { email: 'a@b.co', when: new Date(0) },
    };
    const copy = structuredClone(input);
    const out = maskPiiDeep(input);
    expect(out).toEqual({
      note: `card [card ending ${VISA.slice(-4)}]`,
      list: ['otp [code]', 42, null],
      nested: { email: '[email]', when: new Date(0) },
    });
    expect(input).toEqual(copy);
    expect(out.nested.when).toBe(input.nested.when);
  });

  it('survives cycles', () => {
    const a: Record<string, unknown> = { text: 'otp 482913' };
    a['self'] = a;
    const out = maskPiiDeep(a);
    expect(out['text']).toBe('otp [code]');
    expect(out['self']).toBe(out);
  });

  it('returns the value itself when the policy is false', () => {
    const value = { text: 'otp 482913' };
    expect(maskPiiDeep(value, false)).toBe(value);
  });
});

describe('maskPii on hostile input', () => {
  // Both inputs took seconds before the card search and the email pattern were made linear.
  it.each([
    ['digit groups', '1234-5678-'.repeat(4_000)],
    ['spaced digits', '1 2 3 4 5 6 7 8 9 0 '.repeat(2_000)],
    ['email-like text', 'a.b@'.repeat(10_000)],
  ])('stays fast on 40,000 characters of %s', (_, text) => {
    const started = performance.now();
    maskPii(text);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('still finds a card inside a long run of digit groups', () => {
    const text = `${'12 '.repeat(500)}${grouped(VISA)} ${'34 '.repeat(500)}`;
    expect(maskPii(text)).toContain(`[card ending ${VISA.slice(-4)}]`);
  });
});
