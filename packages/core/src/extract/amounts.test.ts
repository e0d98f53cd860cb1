import { describe, expect, it } from 'vitest';
import { formatInr, parseAmounts, speakInr } from './amounts.js';

describe('parseAmounts', () => {
  it.each([
    ['₹15,000', [15_000]],
    ['Rs. 15000', [15_000]],
    ['rs 15000', [15_000]],
    ['INR 15,000', [15_000]],
    ['15000 rupees', [15_000]],
    ['15000/-', [15_000]],
    ['15 thousand', [15_000]],
    ['1.5 lakh', [150_000]],
    ['2 crore', [20_000_000]],
    ['15k', [15_000]],
    ['1,50,000', [150_000]],
    ['₹1,50,000.50', [150_000.5]],
    ['1 lakh 50 thousand', [150_000]],
    ['15 हज़ार रुपये', [15_000]],
    ['१५००० रुपये', [15_000]],
    ['refund of ₹15,000 and a fee of Rs 500', [15_000, 500]],
    ['paanch sau rupaye nahi, 5 hazaar', [5_000]],
    // "not" just before an amount takes it back; "knot", "cannot" and "not2" are not that word.
    ['it was not 50,000 but 15,000', [15_000]],
    ['not\t 2,000 rupees', []],
    ['Not  ₹500', []],
    ['knot 2,000 rupees', [2_000]],
    ['cannot 4,000 rupees', [4_000]],
    ['not2,000 rupees, rs 300', [300]],
  ])('reads %s', (text, expected) => {
    expect(parseAmounts(text)).toEqual(expected);
  });

  it.each([
    'my account number is 123456789',
    'the OTP is 482913',
    'on 12/05/2024 at 10:30',
    'I called 3 times',
    'it is 15 km away',
    'model 15kx',
  ])('leaves bare numbers alone: %s', (text) => {
    expect(parseAmounts(text)).toEqual([]);
  });
});

describe('amounts in new calls (#16)', () => {
  it('reads a measuring word only in the number’s own sentence', () => {
    expect(parseAmounts('form mein likha tha BP hai! saadhe teen lakh ka hospital bill hai')).toEqual([
      350_000,
    ]);
  });

  it('takes "is fine" for the everyday word, not a penalty', () => {
    expect(parseAmounts('tomorrow eleven is fine')).toEqual([]);
    expect(parseAmounts('I paid a fine of 500')).toEqual([500]);
  });

  it('reads a renewal, an offer or an order’s price as money', () => {
    expect(parseAmounts('it got auto renewed nine ninety nine')).toEqual([999]);
    expect(parseAmounts('offer tha do sau ka')).toEqual([200]);
    expect(parseAmounts('saade aath sau ka order tha')).toEqual([850]);
    expect(parseAmounts('order 4521 is late')).toEqual([]);
  });

  it('reads a price per thing, a recharge, a membership, and a charge named past "ka"', () => {
    expect(parseAmounts('eight hundred each')).toEqual([800]);
    expect(parseAmounts('i recharged with six sixty six yesterday')).toEqual([666]);
    expect(parseAmounts('membership cancel karni hai, nau sau ninyanve ki li thi')).toEqual([999]);
    expect(parseAmounts('ab paanch sau nabbe ka bounce charge bhi laga diya hai')).toEqual([590]);
    expect(parseAmounts('आज बीस हो गई, पैसे नहीं आए')).toEqual([]);
  });

  it('takes a bare price only beside an amount, before or after it, in the order said', () => {
    expect(parseAmounts('4,000 this time, it is usually 600')).toEqual([4_000, 600]);
    expect(parseAmounts('usually 600, this time 4,000 rupees')).toEqual([600, 4_000]);
    expect(parseAmounts('it is usually 600 and 4321')).toEqual([]);
    expect(parseAmounts('It was about 2,400 rupees on Saturday, order number 88812')).toEqual([2_400]);
  });

  it('does not take numbers side by side for a price beside an amount', () => {
    expect(parseAmounts('paanch hazaar daale, sau sau ke note')).toEqual([5_000]);
  });
});

describe('formatting rupees', () => {
  it('uses Indian digit grouping for text', () => {
    expect(formatInr(150_000)).toBe('₹1,50,000');
    expect(formatInr(15_000)).toBe('₹15,000');
  });

  it('uses lakh and crore for speech', () => {
    expect(speakInr(15_000)).toBe('15,000 rupees');
    expect(speakInr(150_000)).toBe('1.5 lakh rupees');
    expect(speakInr(20_000_000)).toBe('2 crore rupees');
  });
});
