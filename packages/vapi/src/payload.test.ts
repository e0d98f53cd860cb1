import { describe, expect, it } from 'vitest';
import { fixture } from './__fixtures__/vapi-messages.js';
import { callParties, restoreCallUuid, vobizCallIdOf } from './call-id.js';
import {
  finalUserTranscript,
  forwardingOutcome,
  historyTurns,
  isAiFailure,
  messageHistory,
  readReport,
  readServerMessage,
  readToolCalls,
  spokenRequestStart,
  wordConfidence,
} from './payload.js';

describe('every recorded fixture notes its source and reads as a server message', () => {
  for (const name of [
    'tool-calls',
    'tool-calls-object-arguments',
    'tool-calls-flat-parameters',
    'conversation-update',
    'transcript-final',
    'status-update-ended',
    'end-of-call-report',
    'speech-update',
  ]) {
    it(name, () => {
      const body = fixture(name);
      expect(body._source.length).toBeGreaterThan(40);
      expect(readServerMessage(body)?.type).toBe(body.message.type);
    });
  }
});

describe('readToolCalls', () => {
  it('SDK shape: arguments as a JSON string under function', () => {
    const [call, ...rest] = readToolCalls(fixture('tool-calls').message);
    expect(rest).toEqual([]);
    expect(call).toMatchObject({
      id: 'call_Xo0fV3kq1hJt9TGyZ2mR8Lw4',
      name: 'transfer_to_human',
      args: {
        reason: 'Qualified home-loan applicant',
        department: 'loans',
        customer: { name: 'Rahul Mehta' },
      },
      messages: [],
    });
  });

  it('docs shape: arguments as an object, `parameters` under function, flat toolCallList', () => {
    const [call] = readToolCalls(fixture('tool-calls-object-arguments').message);
    expect(call).toMatchObject({ id: 'toolu_01DTPAzUm5Gk3zxrpJ969oMF', args: { department: 'support' } });
    // Only toolCallList: the flat item with `arguments` as an object.
    const flat = readToolCalls({ toolCallList: fixture('tool-calls-object-arguments').message.toolCallList });
    expect(flat[0]).toMatchObject({ name: 'transfer_to_human', args: { reason: 'wants a person' } });
  });

  it('events shape: no function wrapper, one entry per id across both lists', () => {
    const calls = readToolCalls(fixture('tool-calls-flat-parameters').message);
    expect(calls.map((c) => [c.id, c.name])).toEqual([
      ['abc123', 'transfer_to_human'],
      ['abc124', 'sendEmail'],
    ]);
    expect(calls[0]!.args).toEqual({ reason: 'caller asked for a person' });
  });

  it('empty arguments are {}, broken JSON is undefined, junk items are skipped', () => {
    const calls = readToolCalls({
      toolCallList: [
        { id: 'a', function: { name: 't', arguments: '' } },
        { id: 'b', function: { name: 't', arguments: '{"x":' } },
        { id: 'c' },
        'junk',
        null,
      ],
      toolWithToolCallList: 'not a list',
    });
    expect(calls.map((c) => [c.id, c.args])).toEqual([
      ['a', {}],
      ['b', undefined],
    ]);
  });
});

describe('spokenRequestStart', () => {
  const messages = [
    { type: 'request-complete', content: 'Done.' },
    {
      type: 'request-start',
      content: 'Connecting loans.',
      blocking: true,
      conditions: [{ param: 'department', operator: 'eq', value: 'loans' }],
    },
    { type: 'request-start', content: '', conditions: [] },
    {
      type: 'request-start',
      content: 'Big amount.',
      conditions: [{ param: 'amount', operator: 'gte', value: '1000' }],
    },
  ];

  it("applies VAPI's argument conditions and reports blocking", () => {
    expect(spokenRequestStart(messages, { department: 'loans' })).toEqual({ blocking: true });
    expect(spokenRequestStart(messages, { department: 'support' })).toBeUndefined();
    expect(spokenRequestStart(messages, { amount: 5000 })).toEqual({ blocking: false });
    expect(spokenRequestStart(messages, undefined)).toBeUndefined();
    expect(spokenRequestStart([{ type: 'request-start', content: 'Hold on.' }], {})).toEqual({
      blocking: false,
    });
    expect(spokenRequestStart([], {})).toBeUndefined();
  });
});

describe('historyTurns', () => {
  it('caller and agent turns with epoch-ms times, word confidence, and stable source ids', () => {
    const turns = historyTurns(messageHistory(fixture('conversation-update').message));
    expect(turns.map((t) => [t.turn.role, t.turn.text])).toEqual([
      ['agent', 'Welcome to Sahayak Bank. How can I help you today?'],
      ['caller', 'Hi, I would like to apply for a home loan for a flat in Pune.'],
    ]);
    expect(turns[1]!.turn).toMatchObject({ at: 1764583245200, endAt: 1764583249000, confidence: 0.93 });
    expect(turns[1]!.sourceId).toBe('vapi:user:1764583245200');
    expect(historyTurns(messageHistory(fixture('conversation-update').message))).toEqual(turns);
  });

  it('accepts role "assistant" (the docs) and places secondsFromStart on the call start', () => {
    const turns = historyTurns(
      [
        { role: 'assistant', message: 'How can I help?', secondsFromStart: 1.5 },
        { role: 'user', message: 'A person please.', secondsFromStart: 4 },
        { role: 'tool_call_result', message: 'x', result: '{}' },
      ],
      Date.UTC(2025, 0, 1),
    );
    expect(turns.map((t) => [t.turn.role, t.turn.at])).toEqual([
      ['agent', Date.UTC(2025, 0, 1) + 1_500],
      ['caller', Date.UTC(2025, 0, 1) + 4_000],
    ]);
  });

  it('takes the history from the end-of-call artifact and from tool-calls', () => {
    expect(historyTurns(messageHistory(fixture('end-of-call-report').message))).toHaveLength(2);
    expect(historyTurns(messageHistory(fixture('tool-calls').message))).toHaveLength(2);
    expect(messageHistory({ type: 'speech-update' })).toBeUndefined();
  });
});

describe('wordConfidence', () => {
  const words = (...c: number[]) => ({
    wordLevelConfidence: c.map((confidence, i) => ({ word: `w${i}`, start: i, end: i + 1, confidence })),
  });
  it('is the mean of real scores, and none for placeholders (all 1) or log probabilities', () => {
    expect(wordConfidence(words(0.2, 0.4))).toBe(0.3);
    expect(wordConfidence(words(1, 1, 1))).toBeUndefined();
    expect(wordConfidence(words(-0.3, -1.2))).toBeUndefined();
    expect(wordConfidence({})).toBeUndefined();
    expect(wordConfidence(undefined)).toBeUndefined();
  });
});

describe('the Vobiz call id', () => {
  it('restores the dashes of a 32-hex SIP header value and leaves other ids alone', () => {
    expect(restoreCallUuid('3F2A9C1E5B7D4E8FA0C1D2E3F4A5B6C7')).toBe('3F2A9C1E-5B7D-4E8F-A0C1-D2E3F4A5B6C7');
    expect(restoreCallUuid(' 3f2a9c1e-5b7d-4e8f-a0c1-d2e3f4a5b6c7 ')).toBe(
      '3f2a9c1e-5b7d-4e8f-a0c1-d2e3f4a5b6c7',
    );
    expect(restoreCallUuid('CA123')).toBe('CA123');
  });

  it('is found under any case of X-VH-handoffCall, in SIP headers or template variables', () => {
    const hex = '3f2a9c1e5b7d4e8fa0c1d2e3f4a5b6c7';
    const uuid = '3f2a9c1e-5b7d-4e8f-a0c1-d2e3f4a5b6c7';
    for (const name of ['X-VH-handoffCall', 'x-vh-handoffcall', 'X-VH-HANDOFFCALL', 'X-Vh-Handoffcall']) {
      expect(vobizCallIdOf({ phoneCallProviderDetails: { sip: { headers: { [name]: hex } } } })).toBe(uuid);
    }
    expect(
      vobizCallIdOf({ phoneCallProviderDetails: { sip: { headers: { 'X-VH-handoffCall': [hex] } } } }),
    ).toBe(uuid);
    expect(vobizCallIdOf({ transport: { sip: { headers: { 'x-vh-handoffcall': hex } } } })).toBe(uuid);
    expect(vobizCallIdOf({ assistantOverrides: { variableValues: { 'VH-handoffCall': hex } } })).toBe(uuid);
    expect(
      vobizCallIdOf({ customer: { assistantOverrides: { variableValues: { handoffcall: hex } } } }),
    ).toBe(uuid);
    expect(
      vobizCallIdOf({ phoneCallProviderDetails: { sip: { headers: { 'X-Other': hex } } } }),
    ).toBeUndefined();
    expect(vobizCallIdOf(undefined)).toBeUndefined();
  });

  it('reads the caller and the number they rang', () => {
    const { message } = fixture('tool-calls');
    expect(callParties(message, message.call as Record<string, unknown>)).toEqual({
      from: '+919811111111',
      to: '+918000000000',
    });
  });
});

describe('transcripts, endings and reports', () => {
  it('a final caller transcript is a turn; partials and the assistant are not', () => {
    const { message } = fixture('transcript-final');
    expect(finalUserTranscript(message)).toEqual({
      text: 'Please connect me to a human agent.',
      at: 1764583258000,
    });
    expect(finalUserTranscript({ ...message, transcriptType: 'partial' })).toBeUndefined();
    expect(finalUserTranscript({ ...message, role: 'assistant' })).toBeUndefined();
    expect(
      finalUserTranscript({ type: 'transcript[transcriptType="final"]', role: 'user', transcript: 'Hi' }),
    ).toEqual({ text: 'Hi' });
  });

  it("tells an AI failure from a call that ended, and VAPI's forwarding outcomes", () => {
    expect(isAiFailure('pipeline-error-openai-llm-failed')).toBe(true);
    expect(isAiFailure('call.in-progress.error-vapifault-openai-llm-failed')).toBe(true);
    expect(isAiFailure('call.in-progress.error-providerfault-deepgram-returning-500-invalid-json')).toBe(
      true,
    );
    expect(isAiFailure('customer-ended-call')).toBe(false);
    expect(isAiFailure('call.in-progress.error-transfer-failed')).toBe(false);
    expect(isAiFailure(undefined)).toBe(false);
    expect(forwardingOutcome('call.forwarding.no-answer')).toMatchObject({
      type: 'failed',
      outcome: 'no_answer',
    });
    expect(forwardingOutcome('assistant-forwarded-call')).toMatchObject({ type: 'ringing' });
    expect(forwardingOutcome('customer-ended-call')).toBeUndefined();
  });

  it("reads the end-of-call report's analysis, recording and cost", () => {
    expect(readReport(fixture('end-of-call-report').message)).toEqual({
      endedReason: 'customer-ended-call',
      analysis: {
        summary: 'Rahul Mehta asked about a home loan and was transferred to a relationship manager.',
        structuredData: { intent: 'home_loan', loanAmount: 4500000 },
        successEvaluation: 'true',
      },
      recordingUrl: 'https://storage.vapi.ai/7420f27a-stereo.wav',
      cost: 0.0931,
      startedAt: '2025-12-01T10:00:40.100Z',
      endedAt: '2025-12-01T10:01:40.000Z',
    });
  });

  it('strips the angle brackets the docs print around a control URL', () => {
    const message = readServerMessage({
      message: {
        type: 'status-update',
        call: { id: 'x', monitor: { controlUrl: '<https://a.vapi.ai/x/control>' } },
      },
    });
    expect(message?.controlUrl).toBe('https://a.vapi.ai/x/control');
  });
});
