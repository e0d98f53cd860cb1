import { describe, expect, it } from 'vitest';
import type { Extracted, Turn } from '../types.js';
import { extractFacts } from './extract-facts.js';
import { defaultIntents } from './keyword-maps.js';

const empty = (): Extracted => ({ customer: {}, fields: {}, sentimentTrajectory: [] });
const caller = (text: string, extra: Partial<Turn> = {}): Turn => ({
  index: 0,
  role: 'caller',
  text,
  at: 0,
  final: true,
  ...extra,
});

describe('extractFacts', () => {
  it('pulls name, amounts, language, intent and issue type from one turn', () => {
    const facts = extractFacts(
      caller('Hi, my name is Priya Sharma, I want a refund of ₹15,000 for a cancelled order'),
      empty(),
    );
    expect(facts).toEqual({
      customer: { name: 'Priya Sharma' },
      amounts: [15_000],
      language: 'en',
      intent: 'refund',
      issueType: 'cancelled_order',
    });
  });

  it('reads a Hinglish symptom report as medical', () => {
    const facts = extractFacts(caller('mujhe seene mein dard ho raha hai aur bukhar bhi hai'), empty());
    expect(facts.intent).toBe('medical');
    expect(facts.issueType).toBe('chest_pain');
    expect(facts.language).toBe('hi-Latn');
  });

  it('returns nothing for agent, tool and interim turns', () => {
    expect(extractFacts(caller('my name is Priya', { role: 'agent' }), empty())).toEqual({});
    expect(extractFacts(caller('refund ₹500', { role: 'tool' }), empty())).toEqual({});
    expect(extractFacts(caller('my name is Priya', { final: false }), empty())).toEqual({});
  });

  it('returns only what changed', () => {
    const current: Extracted = {
      ...empty(),
      customer: { name: 'Priya Sharma' },
      language: 'en',
      intent: 'refund',
    };
    expect(extractFacts(caller('my name is Priya Sharma and I want a refund'), current)).toEqual({});
  });

  it('keeps the existing customer fields when adding an account number', () => {
    const current: Extracted = { ...empty(), customer: { name: 'Priya', verified: true } };
    expect(extractFacts(caller('account number 0012345678'), current).customer).toEqual({
      name: 'Priya',
      verified: true,
      accountNumber: '0012345678',
    });
  });

  it('lets "my name is" correct a name but not "this is"', () => {
    const current: Extracted = { ...empty(), customer: { name: 'Priya' } };
    expect(extractFacts(caller('sorry, my name is Riya'), current).customer?.name).toBe('Riya');
    expect(extractFacts(caller('This is Rahul'), current).customer).toBeUndefined();
  });

  it('appends amounts in order and keeps only the most recent ones', () => {
    const current: Extracted = { ...empty(), amounts: [100, 200] };
    expect(extractFacts(caller('and ₹300'), current).amounts).toEqual([100, 200, 300]);
    expect(extractFacts(caller('and ₹300'), current, { maxAmounts: 2 }).amounts).toEqual([200, 300]);
  });

  it('upgrades the intent only to a higher-priority one', () => {
    const current: Extracted = { ...empty(), intent: 'cancellation' };
    expect(extractFacts(caller('I want my money back'), current).intent).toBe('refund');
    const refund: Extracted = { ...empty(), intent: 'refund' };
    expect(extractFacts(caller('also I want to cancel'), refund).intent).toBeUndefined();
  });

  it('never replaces an intent the LLM set that the map does not know', () => {
    const current: Extracted = { ...empty(), intent: 'warranty_claim' };
    expect(extractFacts(caller('I need a refund'), current).intent).toBeUndefined();
  });

  it('lets a deployment add intents that outrank the built-ins', () => {
    const intents = { warranty: ['warranty', 'guarantee'] };
    const facts = extractFacts(caller('refund under warranty please'), empty(), { intents });
    expect(facts.intent).toBe('warranty');
    expect(extractFacts(caller('I need a refund'), empty(), { intents }).intent).toBe('refund');
  });

  it('adds phrases to a built-in intent without losing its own', () => {
    const intents = { refund: ['paisa lautao'] };
    expect(extractFacts(caller('mera paisa lautao'), empty(), { intents }).intent).toBe('refund');
    expect(extractFacts(caller('I want a refund'), empty(), { intents }).intent).toBe('refund');
    // A built-in keeps its priority: medical still outranks an extended refund.
    expect(extractFacts(caller('paisa lautao, and I have chest pain'), empty(), { intents }).intent).toBe(
      'medical',
    );
    expect(defaultIntents['refund']).not.toContain('paisa lautao');
  });

  it('reads the demo refund caller as Hinglish once they switch', () => {
    const english: Extracted = { ...empty(), language: 'en' };
    expect(extractFacts(caller('Rs 15,000. Mujhe refund chahiye, jaldi please.'), english).language).toBe(
      'hi-Latn',
    );
    // An English sentence in a Hinglish call does not flip it back unless it is clearly English.
    const hinglish: Extracted = { ...empty(), language: 'hi-Latn' };
    expect(extractFacts(caller('ok please check'), hinglish).language).toBeUndefined();
  });

  it('does not take a negated wish or symptom as the intent or issue', () => {
    const exchange = extractFacts(
      caller("i don't want a refund, i just want to exchange these jeans for a bigger size"),
      empty(),
    );
    expect(exchange.intent).toBe('return');
    expect(extractFacts(caller('i want a refund not a replacement'), empty()).intent).toBe('refund');
    expect(extractFacts(caller('नहीं, बुखार नहीं है'), empty()).issueType).toBeUndefined();
    expect(extractFacts(caller('refund nahi aaya abhi tak'), empty()).intent).toBe('refund');
  });

  it('ranks a complaint about how the caller was treated above the product it concerns', () => {
    const facts = extractFacts(
      caller('your agent was extremely rude to my mother when she went to submit the claim papers'),
      empty(),
    );
    expect(facts.intent).toBe('complaint');
    expect(extractFacts(caller('my claim is still pending'), empty()).intent).toBe('insurance_claim');
  });

  it('lets a deployment add phrases to a key that appears in two tiers', () => {
    const intents = { complaint: ['gaali di'] };
    expect(extractFacts(caller('unhone gaali di, loan ke liye'), empty(), { intents }).intent).toBe(
      'complaint',
    );
  });

  it('infers the intent from the issue when the caller never names it', () => {
    const facts = extractFacts(
      caller("the cash didn't come out of the atm but my account got debited"),
      empty(),
    );
    expect(facts).toMatchObject({ intent: 'refund', issueType: 'failed_transaction' });
  });

  it('keeps the first language but switches on a clear change', () => {
    const current: Extracted = { ...empty(), language: 'hi-Latn' };
    expect(extractFacts(caller('ok'), current).language).toBeUndefined();
    expect(extractFacts(caller('मुझे रिफंड चाहिए'), current).language).toBe('hi');
    expect(
      extractFacts(caller('I would like to know the status of my refund please'), current).language,
    ).toBe('en');
  });
});

describe('account numbers read out in groups', () => {
  // The patterns are tried only when six digits stand in a row (one space or hyphen between two
  // allowed): grouped numbers must still get through that gate, shorter ones never needed it.
  const said = (text: string) =>
    extractFacts({ index: 0, role: 'caller', text, at: 0, final: true }, { customer: {} }).customer
      ?.accountNumber;

  it('finds digits grouped by single spaces or hyphens', () => {
    expect(said('my account number is 1234 5678 90')).toBe('1234567890');
    expect(said('account number 12-34-56-78')).toBe('12345678');
  });

  it('finds none in five digits, or in digits split by more than one separator', () => {
    expect(said('my account number is 12345')).toBeUndefined();
    expect(said('account number 123 - 456 - 789')).toBeUndefined();
  });
});
