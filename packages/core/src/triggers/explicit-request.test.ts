import { describe, expect, it } from 'vitest';
import type { RuleInput, Turn } from '../types.js';
import { explicitRequest } from './explicit-request.js';
import { detectHumanRequest } from './human-request.js';
import type { RequestLanguage } from './request-phrases.js';

const input = (turn: Turn): RuleInput => ({
  turn,
  turns: [turn],
  extracted: { customer: {}, fields: {}, sentimentTrajectory: [] },
  sentimentScore: 0,
});
const callerTurn = (text: string, extra: Partial<Turn> = {}): Turn => ({
  index: 7,
  role: 'caller',
  text,
  at: 0,
  final: true,
  ...extra,
});

describe('detectHumanRequest', () => {
  it.each([
    'I want to talk to a person',
    'Can I speak to a human?',
    'can I speak to a real person',
    'could I speak to an agent please',
    'can I talk to a representative',
    'can I speak to someone',
    'just transfer me',
    'get me a manager',
    'get me your supervisor',
    'Operator!',
    'human please',
    "I'd like to speak with a supervisor",
    'I want to be transferred',
    'let me talk to your manager',
    "I don't want to talk to a bot",
    // "no" answering the agent's question, then a request.
    'no I want to talk to a human',
    "I don't know, just transfer me",
    'मुझे इंसान से बात करनी है',
    'किसी एजेंट से बात कराओ',
    'असली आदमी से बात करवाइए',
    'मुझे इंसान की ज़रूरत है',
    'agent se baat karao',
    'kisi insaan se baat karni hai',
    'customer care wale se baat karwao',
    'manager ko bulao',
    'insaan se baat karna hai',
    // A trailing "na" is a polite tag, and "nahi to" means "otherwise".
    'agent se baat karao na',
    'agent se baat karao nahi to complaint karunga',
  ])('hears a request in: %s', (text) => {
    expect(detectHumanRequest(text)).toBeDefined();
  });

  it.each([
    "I don't want a human",
    'no need for an agent',
    "I don't need to talk to anyone",
    'I do not want to speak to a manager',
    'मुझे एजेंट नहीं चाहिए',
    'मुझे इंसान से बात नहीं करनी',
    'इंसान की ज़रूरत नहीं है',
    'agent se baat nahi karni',
    'agent se baat karni nahi hai',
    'insaan ki zarurat nahi',
    'my travel agent booked it',
    'I already talked to an agent yesterday',
    'the agent told me to call back',
    'are you a human?',
    'is this a real person',
    'please put me on hold',
    'transfer money to my account',
    'it sounds like a person was here',
  ])('hears no request in: %s', (text) => {
    expect(detectHumanRequest(text)).toBeUndefined();
  });

  it('reports the language and the words that matched', () => {
    expect(detectHumanRequest('Hello, can I speak to a real person?')).toEqual({
      lang: 'en',
      phrase: 'speak to a real person',
    });
    expect(detectHumanRequest('manager ko bulao')?.lang).toBe('hi-Latn');
    expect(detectHumanRequest('किसी एजेंट से बात कराओ')?.lang).toBe('hi');
  });

  it('runs on phrase data a deployment supplies', () => {
    const tamilish: RequestLanguage = {
      lang: 'ta-Latn',
      vocab: { human: ['manushan', 'agent'] },
      patterns: ['{human} kitta pesanum'],
      negationAfter: '^ (?:venam|vendaam)',
    };
    expect(detectHumanRequest('agent kitta pesanum', [tamilish])?.lang).toBe('ta-Latn');
    expect(detectHumanRequest('agent kitta pesanum venam', [tamilish])).toBeUndefined();
    expect(detectHumanRequest('I want to talk to a person', [tamilish])).toBeUndefined();
  });

  it('rejects a pattern that names unknown vocabulary', () => {
    const broken: RequestLanguage = { lang: 'x', vocab: {}, patterns: ['{nobody} here'] };
    expect(() => detectHumanRequest('anything', [broken])).toThrow(/unknown vocabulary \{nobody\}/);
  });
});

describe('explicitRequest', () => {
  it('fires on a caller request with the caller text as evidence and transfers by default', () => {
    const rule = explicitRequest();
    expect(rule).toMatchObject({ id: 'explicit-request', kind: 'explicit_request', action: 'transfer' });
    expect(rule.evaluate(input(callerTurn('Please, can I speak to a human?')))).toEqual({
      evidence: 'Please, can I speak to a human?',
      turnIndex: 7,
      reason: 'caller asked for a human',
    });
  });

  it('ignores agent turns and interim transcripts', () => {
    const rule = explicitRequest();
    expect(
      rule.evaluate(input(callerTurn('Would you like to speak to a human?', { role: 'agent' }))),
    ).toBeUndefined();
    expect(rule.evaluate(input(callerTurn('can I speak to a human', { final: false })))).toBeUndefined();
  });

  it('carries the routing hints and overrides from its options', () => {
    const rule = explicitRequest({
      id: 'ask',
      action: 'suggest',
      department: 'support',
      urgency: 'high',
      reason: 'asked',
    });
    expect(rule.id).toBe('ask');
    expect(rule.action).toBe('suggest');
    expect(rule.evaluate(input(callerTurn('agent se baat karao')))).toMatchObject({
      department: 'support',
      urgency: 'high',
      reason: 'asked',
    });
  });
});
