import { describe, expect, it } from 'vitest';
import { agentName, asksCallerName, nameAnswer, withoutAgentName } from './name-answer.js';

describe('asksCallerName', () => {
  it.each([
    'May I have your name please?',
    'Congratulations! May I have your name, sir?',
    'May I know who I am speaking with?',
    'Could you tell me your full name?',
    'Ji, aapka naam bata dijiye?',
    'आपका शुभ नाम?',
    'aap kaun bol rahe hain?',
  ])('hears the question in %s', (text) => {
    expect(asksCallerName(text)).toBe(true);
  });

  it.each([
    "Let me pull up the records. May I have the patient's name?",
    "What is your father's name as on the policy?",
    'Could you give me your account number?',
    'Thank you, the SIM is blocked.',
    'Naam kis ke naam pe hai account?',
  ])('does not take %s for the caller being asked', (text) => {
    expect(asksCallerName(text)).toBe(false);
  });
});

describe('nameAnswer', () => {
  it.each([
    ['Neha Agarwal. And the late fee is seven hundred and fifty plus GST.', 'Neha Agarwal'],
    ['Yes, Prakash Jain. I have the surrender letter also.', 'Prakash Jain'],
    ['venkatesh, v e n k a t e s h, surname is iyengar', 'Venkatesh Iyengar'],
    ['haan ji, ramesh kumar', 'Ramesh Kumar'],
    ['जी, सुनीता देवी।', 'सुनीता देवी'],
    ["it's anjali", 'Anjali'],
  ])('reads the name answered in %s', (text, name) => {
    expect(nameAnswer(text)).toBe(name);
  });

  it.each([
    'Yes, sure.',
    'Credit card.',
    'one second, let me check',
    'why do you need my name for this?',
    'haan ji bataiye',
    'the account is in my husband’s name',
  ])('finds no name in %s', (text) => {
    expect(nameAnswer(text)).toBeUndefined();
  });
});

describe('agentName and withoutAgentName', () => {
  it.each([
    ['Nirmal Bank credit cards, this is Rohit.', 'Rohit'],
    ['Nirmal Bank, good morning, you are speaking with Asha. How may I help you?', 'Asha'],
    ['Nirmal Bank, namaste, main Kavya bol rahi hoon.', 'Kavya'],
    ['BazaarNow, namaste, main Ritu.', 'Ritu'],
  ])('reads the agent name in %s', (text, name) => {
    expect(agentName(text)).toBe(name);
  });

  it('finds none where the agent gives none', () => {
    expect(agentName('Jodo Telecom, how may I help you?')).toBeUndefined();
  });

  it('drops the agent name the caller greeted before their own', () => {
    expect(withoutAgentName('Rohit Manoj Kulkarni', 'Rohit')).toBe('Manoj Kulkarni');
    expect(withoutAgentName('Kavya', 'Kavya')).toBeUndefined();
    expect(withoutAgentName('Priya Nair', 'Asha')).toBe('Priya Nair');
    expect(withoutAgentName('Priya Nair', undefined)).toBe('Priya Nair');
  });
});

describe('name questions and answers in new calls (#16)', () => {
  it.each([
    'आप चिंता मत कीजिए। अपना नाम बताइए।',
    'Main aapke account pe OTP enable karti hoon. Naam batayiye.',
    'Main status check karta hoon. Naam?',
  ])('hears the caller asked for their own name in %s', (text) => {
    expect(asksCallerName(text)).toBe(true);
  });

  it.each(['मरीज़ का नाम बताइए।', 'Kiske naam pe hai connection?', 'Naam pe koi aur account hai?'])(
    'does not hear it in %s',
    (text) => {
      expect(asksCallerName(text)).toBe(false);
    },
  );

  it('reads a name followed by the account number asked with it', () => {
    expect(nameAnswer('deepak verma account number is five five zero one')).toBe('Deepak Verma');
    expect(nameAnswer('farhan sayyed. aur main EMI bhar chuka hoon')).toBe('Farhan Sayyed');
  });
});
