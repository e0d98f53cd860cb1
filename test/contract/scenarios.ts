import type { HandoffStatus } from '@handoff/core';
import type { EndpointBehaviour } from '@handoff/vobiz-sandbox';
import { NUMBERS } from './deployment.js';
import type { DriverScript } from './driver.js';

/** What every platform must produce for a scenario. */
export interface Expectation {
  /** Transfer API requests the sandbox sees for the call. */
  transfers: 0 | 1;
  /** Where the call ends up (the last dial attempt's destination). */
  destination?: string;
  /** The handoff's status once the call has settled. */
  status: HandoffStatus;
  trigger: { kind: 'tool' | 'rule' | 'api'; rule?: string; reason?: string };
  /** A farewell is played, and finishes before the Transfer API request. */
  farewell: boolean;
  /** The whisper the human hears includes each of these. */
  whisper?: RegExp[];
  /** Facts the packet must carry. */
  extracted?: Record<string, unknown>;
  /** The ladder's last step, when the human side failed. */
  fallback?: string;
}

export interface Scenario extends DriverScript {
  name: string;
  /** How each destination's phone behaves (default: answers). */
  endpoints?: Record<string, EndpointBehaviour>;
  /** The caller hangs up as soon as the human's phone rings. */
  callerHangsUpWhileRinging?: boolean;
  /** Needs a platform that reports ASR confidence. */
  needsConfidence?: boolean;
  expect: Expectation;
}

const answer: EndpointBehaviour = { kind: 'answer', afterMs: 20 };

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'loan applicant → relationship manager (tool call)',
    turns: [
      { role: 'agent', text: 'Welcome to Sahayak Bank. How can I help you today?' },
      { role: 'caller', text: 'Hi, I would like to apply for a home loan for a flat in Pune.' },
      { role: 'agent', text: 'Happy to help. May I have your name and your monthly income?' },
      {
        role: 'caller',
        text: 'My name is Rahul Mehta. I earn 1.2 lakh a month and my account number is 50100234567.',
      },
      { role: 'agent', text: 'Thank you Rahul. With that income you qualify for up to 48 lakh.' },
    ],
    toolCall: {
      afterTurn: 5,
      args: {
        reason: 'Qualified home-loan applicant',
        department: 'loans',
        summary: 'Rahul Mehta wants a 45 lakh home loan; eligible up to 48 lakh.',
        customer: { name: 'Rahul Mehta', accountNumber: '50100234567' },
        fields: { loanAmount: 4_500_000 },
      },
    },
    endpoints: { [NUMBERS.loans]: answer },
    expect: {
      transfers: 1,
      destination: 'loans',
      status: 'connected',
      trigger: { kind: 'tool', reason: 'Qualified home-loan applicant' },
      farewell: true,
      whisper: [/Rahul Mehta/, /home loan/i],
      extracted: { customer: { name: 'Rahul Mehta', accountNumber: '50100234567' } },
    },
  },
  {
    name: 'symptom → triage nurse (keyword rule)',
    turns: [
      { role: 'agent', text: 'Namaste, City Care clinic. How may I help you?' },
      { role: 'caller', text: 'Hello, I wanted to move my check-up appointment to next week.' },
      { role: 'agent', text: 'Of course. Can I have your name please?' },
      {
        role: 'caller',
        text: 'This is Anita Desai. Since this morning I have chest pain and feel breathless.',
      },
    ],
    endpoints: { [NUMBERS.triage]: answer },
    expect: {
      transfers: 1,
      destination: 'triage',
      status: 'connected',
      trigger: { kind: 'rule', rule: 'symptom' },
      farewell: true,
      whisper: [/Triage|chest pain|Anita/i],
      extracted: { fields: { symptom: 'chest pain, breathless' } },
    },
  },
  {
    name: 'refund above ₹10,000 → senior care (predicate rule)',
    turns: [
      { role: 'agent', text: 'Hello, this is ShopKart support. How can I help?' },
      { role: 'caller', text: 'My order 88812 was cancelled but the money was still taken from my account.' },
      { role: 'agent', text: 'I am sorry about that. How much were you charged?' },
      { role: 'caller', text: 'Rs 15,000. Mujhe refund chahiye, jaldi please.' },
    ],
    endpoints: { [NUMBERS.support]: answer },
    expect: {
      transfers: 1,
      destination: 'support',
      status: 'connected',
      trigger: { kind: 'rule', rule: 'refund-above-10k' },
      farewell: true,
      extracted: { fields: { refundAmount: 15_000 } },
    },
  },
  {
    name: 'explicit request in Hinglish → the default team',
    turns: [
      { role: 'agent', text: 'Hello, Sahayak Bank. Main aapki kya madad kar sakti hoon?' },
      { role: 'caller', text: 'Mera card block ho gaya hai, mujhe kisi insaan se baat karni hai.' },
    ],
    endpoints: { [NUMBERS.support]: answer },
    expect: {
      transfers: 1,
      destination: 'support',
      status: 'connected',
      trigger: { kind: 'rule', rule: 'explicit-request' },
      farewell: true,
    },
  },
  {
    name: 'angry caller → senior care (sentiment)',
    turns: [
      { role: 'agent', text: 'Hello, how can I help you today?' },
      { role: 'caller', text: 'This is the third time I am calling, your service is terrible.' },
      { role: 'agent', text: 'I am sorry to hear that. Let me look into it.' },
      {
        role: 'caller',
        text: 'I am furious, this is a disgrace, you people are useless and I am sick of this.',
      },
      { role: 'caller', text: 'Absolutely pathetic. Worst bank ever, I hate this.' },
    ],
    endpoints: { [NUMBERS.support]: answer },
    expect: {
      transfers: 1,
      destination: 'support',
      status: 'connected',
      trigger: { kind: 'rule', rule: 'angry' },
      farewell: true,
    },
  },
  {
    name: 'low-confidence streak → senior care',
    needsConfidence: true,
    turns: [
      { role: 'agent', text: 'Hello, how can I help?' },
      { role: 'caller', text: 'i wanna uh the thing with my', confidence: 0.31 },
      { role: 'agent', text: 'Sorry, could you repeat that?' },
      { role: 'caller', text: 'the the card uh', confidence: 0.28 },
      { role: 'agent', text: 'I did not catch that, once more please?' },
      { role: 'caller', text: 'statement uh mm', confidence: 0.22 },
    ],
    endpoints: { [NUMBERS.support]: answer },
    expect: {
      transfers: 1,
      destination: 'support',
      status: 'connected',
      trigger: { kind: 'rule', rule: 'misheard' },
      farewell: true,
    },
  },
  {
    name: 'after hours → no transfer, the AI keeps the caller',
    turns: [
      { role: 'agent', text: 'Good evening, how can I help?' },
      { role: 'caller', text: 'I need the night desk about a blocked card.' },
    ],
    toolCall: { afterTurn: 2, args: { reason: 'card blocked at night', department: 'night' } },
    expect: { transfers: 0, status: 'rejected', trigger: { kind: 'tool' }, farewell: false },
  },
  {
    name: 'human busy → the next destination',
    turns: [
      { role: 'agent', text: 'Welcome to Sahayak Bank.' },
      { role: 'caller', text: 'I want to talk about my car loan EMI.' },
    ],
    toolCall: { afterTurn: 2, args: { reason: 'car loan EMI question', department: 'loans' } },
    endpoints: { [NUMBERS.loans]: { kind: 'busy', afterMs: 10 }, [NUMBERS.support]: answer },
    expect: {
      transfers: 1,
      destination: 'support',
      status: 'connected',
      trigger: { kind: 'tool' },
      farewell: true,
    },
  },
  {
    name: 'nobody answers → callback',
    turns: [
      { role: 'agent', text: 'City Care clinic, how can I help?' },
      { role: 'caller', text: 'I need to ask the nurse about my medicine dose.' },
    ],
    toolCall: { afterTurn: 2, args: { reason: 'medicine dose question', department: 'triage' } },
    endpoints: { [NUMBERS.triage]: { kind: 'no_answer' } },
    expect: {
      transfers: 1,
      destination: 'triage',
      status: 'no_answer',
      trigger: { kind: 'tool' },
      farewell: true,
      fallback: 'callback',
    },
  },
  {
    name: 'caller hangs up while the human rings',
    turns: [
      { role: 'agent', text: 'Hello, how can I help?' },
      { role: 'caller', text: 'I want to escalate my refund complaint, it has been a month.' },
    ],
    toolCall: { afterTurn: 2, args: { reason: 'refund escalation', department: 'support' } },
    endpoints: { [NUMBERS.support]: { kind: 'no_answer' } },
    callerHangsUpWhileRinging: true,
    expect: {
      transfers: 1,
      destination: 'support',
      status: 'caller_hung_up',
      trigger: { kind: 'tool' },
      farewell: true,
    },
  },
  {
    name: 'the AI side dies mid-call → a human, without a farewell',
    turns: [
      { role: 'agent', text: 'Hello, Sahayak Bank, how can I help?' },
      { role: 'caller', text: 'My debit card was charged twice for one purchase.' },
    ],
    aiDiesAfterTurn: 2,
    endpoints: { [NUMBERS.support]: answer },
    expect: {
      transfers: 1,
      destination: 'support',
      status: 'connected',
      trigger: { kind: 'api', reason: 'ai_unavailable' },
      farewell: false,
    },
  },
];
