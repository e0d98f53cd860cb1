import { describe, expect, it } from 'vitest';
import { extractAccountNumber } from './account.js';
import { detectLanguage } from './language.js';
import { extractName } from './name.js';

describe('extractName', () => {
  it.each([
    ['my name is Priya Sharma', 'Priya Sharma', true],
    ['Hi, my name is priya sharma and my account is 1234', 'Priya Sharma', true],
    ['mera naam Priya hai', 'Priya', true],
    ['mera naam rahul kumar hai', 'Rahul Kumar', true],
    ['मेरा नाम प्रिया है', 'प्रिया', true],
    ['This is Rahul from Delhi', 'Rahul', false],
    ['I am Anil Kumar', 'Anil Kumar', false],
    ["Hello, I'm Dr. Mehta", 'Dr. Mehta', false],
    ['my name is farhan ali by the way', 'Farhan Ali', true],
    ['my number is registered under ramesh iyer', 'Ramesh Iyer', true],
    ['policy number is 5 5 0 0, name is meera pillai', 'Meera Pillai', true],
    ['hi, this is rohit bansal, i want to prepay', 'Rohit Bansal', false],
  ])('finds the name in %s', (text, name, explicit) => {
    expect(extractName(text)).toEqual({ name, explicit });
  });

  it.each([
    'I am very upset',
    'I am Very angry',
    "I'm Calling about my card",
    'this is about my refund',
    'my name is not important',
    'This is HDFC',
    'this is really frustrating',
    'this is absolutely unacceptable',
    'i am closing this account',
  ])('finds no name in %s', (text) => {
    expect(extractName(text)).toBeUndefined();
  });
});

describe('extractAccountNumber', () => {
  it.each([
    ['my account number is 1234 5678 9012', '123456789012'],
    ['a/c no. 00123456789', '00123456789'],
    ['customer id: 987654', '987654'],
    ['acct 12-34-56-78', '12345678'],
    ['mera khata number 12345678 hai', '12345678'],
    ['मेरा खाता 12345678 है', '12345678'],
    ['१२३४५६७८ is my account number', '12345678'],
  ])('reads %s', (text, digits) => {
    expect(extractAccountNumber(text)).toBe(digits);
  });

  it.each([
    'account ending 4321',
    'my account has 150000 rupees',
    'I was charged 1234567 last month',
    'account number is 1234567890123456789012',
  ])('ignores %s', (text) => {
    expect(extractAccountNumber(text)).toBeUndefined();
  });
});

describe('detectLanguage', () => {
  it('reads Devanagari as Hindi', () => {
    expect(detectLanguage('मुझे रिफंड चाहिए')).toEqual({ language: 'hi', clear: true, strength: 0 });
  });

  it('reads romanised Hindi as Hinglish', () => {
    expect(detectLanguage('mujhe apna paisa wapas chahiye, kya aap madad karenge')).toMatchObject({
      language: 'hi-Latn',
      clear: true,
    });
    expect(detectLanguage('haan ji')).toMatchObject({ language: 'hi-Latn', clear: false });
  });

  it('reads English as English, clearly only when long enough', () => {
    expect(detectLanguage('I want a refund for my cancelled order')).toMatchObject({
      language: 'en',
      clear: true,
    });
    expect(detectLanguage('okay')).toMatchObject({ language: 'en', clear: false });
  });

  it('has nothing to say about digits alone', () => {
    expect(detectLanguage('1234 5678')).toBeUndefined();
  });
});
