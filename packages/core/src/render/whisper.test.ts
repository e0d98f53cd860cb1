import { describe, expect, it } from 'vitest';
import { luhnCheckDigit } from '../pii/checksums.js';
import type { HandoffContext } from '../types.js';
import { renderWhisper } from './whisper.js';

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

function context(overrides: Partial<HandoffContext> = {}): HandoffContext {
  return {
    schema: 'handoff.context.v1',
    handoffId: 'h1',
    call: { callId: 'c1', platform: 'vapi', startedAt: 0 },
    trigger: {
      kind: 'rule',
      rule: 'explicit-request',
      reason: 'caller asked for a human',
      urgency: 'normal',
    },
    summary: { oneLine: '', spoken: '', full: '', source: 'extractive', updatedAt: 0 },
    extracted: {
      intent: 'refund',
      issueType: 'cancelled_order',
      amounts: [15_000],
      sentiment: 'negative',
      sentimentScore: -0.45,
      sentimentTrajectory: [],
      customer: { name: 'Priya Sharma', accountNumber: '001234564321' },
      fields: {},
    },
    transcript: [],
    attempts: [],
    status: 'ringing',
    dialAttempts: [],
    timings: {},
    ...overrides,
  };
}

describe('renderWhisper', () => {
  it('briefs the human: who, what, mood, why', () => {
    expect(renderWhisper(context())).toBe(
      'AI handoff. Priya Sharma, account ending 4 3 2 1, ' +
        'wants a refund of 15,000 rupees for a cancelled order. ' +
        'They sound frustrated. They asked for a person.',
    );
  });

  it('flags urgency and states a rule reason in speakable words', () => {
    const ctx = context({
      trigger: { kind: 'rule', rule: 'big-refund', reason: 'refund above ₹10,000', urgency: 'high' },
      extracted: { ...context().extracted, sentiment: 'neutral', sentimentScore: 0, customer: {} },
    });
    expect(renderWhisper(ctx)).toBe(
      'Urgent AI handoff. The caller wants a refund of 15,000 rupees for a cancelled order. ' +
        'Reason: Refund above 10,000 rupees.',
    );
  });

  it('says nothing about mood when the caller is calm', () => {
    const ctx = context({
      extracted: { ...context().extracted, sentiment: 'positive', sentimentScore: 0.4 },
    });
    expect(renderWhisper(ctx)).not.toMatch(/frustrated|upset/);
  });

  it('mentions a Hindi-speaking caller', () => {
    const ctx = context({ extracted: { ...context().extracted, language: 'hi-Latn' } });
    expect(renderWhisper(ctx)).toContain('They speak Hindi.');
  });

  it('never exceeds the word budget, dropping whole sentences and then detail', () => {
    const ctx = context({
      extracted: { ...context().extracted, sentiment: 'very_negative', language: 'hi' },
      trigger: { kind: 'tool', reason: 'caller insists on a supervisor '.repeat(10), urgency: 'immediate' },
    });
    for (const maxSeconds of [2, 4, 6, 8, 10, 15, 30]) {
      const text = renderWhisper(ctx, { maxSeconds });
      expect(words(text)).toBeLessThanOrEqual(Math.floor((maxSeconds * 150) / 60));
      expect(text).toMatch(/[.!?]$/);
    }
    // The key sentence sheds detail as the budget shrinks: account ending, issue, amount.
    expect(renderWhisper(ctx, { maxSeconds: 8 })).toBe(
      'Priya Sharma, account ending 4 3 2 1, wants a refund of 15,000 rupees for a cancelled order.',
    );
    expect(renderWhisper(ctx, { maxSeconds: 6 })).toBe(
      'Priya Sharma wants a refund of 15,000 rupees for a cancelled order.',
    );
    expect(renderWhisper(ctx, { maxSeconds: 4 })).toBe('Priya Sharma wants a refund of 15,000 rupees.');
    expect(renderWhisper(ctx, { maxSeconds: 2 })).toBe('Priya Sharma wants a refund.');
    expect(renderWhisper(ctx, { maxSeconds: 1 })).toBe('Priya Sharma.');
    expect(renderWhisper(ctx, { maxSeconds: 0 })).toBe('');
  });

  it('honours the speaking rate', () => {
    const slow = renderWhisper(context(), { maxSeconds: 10, wordsPerMinute: 90 });
    expect(words(slow)).toBeLessThanOrEqual(15);
  });

  it('masks PII in free text by default and reads placeholders out', () => {
    const card = '424242424242424' + luhnCheckDigit('424242424242424');
    const ctx = context({
      trigger: { kind: 'tool', reason: `dispute on card ${card}`, urgency: 'normal' },
      extracted: { ...context().extracted, intent: undefined, issueType: undefined, amounts: [] },
    });
    const masked = renderWhisper(ctx);
    expect(masked).not.toContain(card);
    expect(masked).toContain(`Reason: Dispute on card card ending ${card.slice(-4).split('').join(' ')}.`);
    expect(renderWhisper(ctx, { pii: false })).toContain(card);
  });

  it('falls back to an LLM one-liner when no facts were extracted', () => {
    const ctx = context({
      summary: {
        oneLine: 'Wants to change the delivery address',
        spoken: '',
        full: '',
        source: 'llm',
        updatedAt: 0,
      },
      extracted: { customer: {}, fields: {}, sentimentTrajectory: [] },
    });
    expect(renderWhisper(ctx)).toBe(
      'AI handoff. Wants to change the delivery address. They asked for a person.',
    );
  });

  it('reads naturally when neither a name nor the issue is known', () => {
    const bare = context({ extracted: { customer: {}, fields: {}, sentimentTrajectory: [] } });
    expect(renderWhisper(bare)).toBe('AI handoff. They asked for a person.');
    const named = context({
      extracted: { customer: { name: 'Anita Desai' }, fields: {}, sentimentTrajectory: [] },
    });
    expect(renderWhisper(named)).toBe('AI handoff. Anita Desai is on the line. They asked for a person.');
    const account = context({
      extracted: { customer: { accountNumber: '50100234567' }, fields: {}, sentimentTrajectory: [] },
    });
    expect(renderWhisper(account)).toBe(
      "AI handoff. The caller's account ends 4 5 6 7. They asked for a person.",
    );
    for (const ctx of [bare, named, account]) expect(renderWhisper(ctx)).not.toMatch(/The caller\./);
  });

  it('names the amount at stake and reads an LLM key through the intent it ends in', () => {
    // The demo's loan call: income 1.2 lakh, then a 45 lakh loan; the tool call said "home_loan".
    const loan = context({
      trigger: { kind: 'tool', reason: 'Qualified home-loan applicant', urgency: 'normal' },
      extracted: {
        intent: 'home_loan',
        amounts: [120_000, 4_500_000],
        sentimentScore: 0,
        sentimentTrajectory: [],
        customer: { name: 'Rahul Mehta' },
        fields: {},
      },
    });
    expect(renderWhisper(loan)).toBe(
      'AI handoff. Rahul Mehta is asking about a loan of 45 lakh rupees. ' +
        'Reason: Qualified home-loan applicant.',
    );
  });

  it('takes the mood from the score, not from a label a tool call carried', () => {
    // The demo's loan call: the LLM said "positive", the caller's words scored 0.
    const calm = context({
      extracted: { ...context().extracted, sentiment: 'positive', sentimentScore: 0 },
    });
    expect(renderWhisper(calm)).not.toMatch(/frustrated|upset/);
    const angry = context({
      extracted: { ...context().extracted, sentiment: 'positive', sentimentScore: -0.7 },
    });
    expect(renderWhisper(angry)).toContain('They are very upset.');
  });

  it('leads with a summary the agent wrote, since it knows which amount is which', () => {
    const text = renderWhisper(
      context({
        summary: {
          oneLine: 'Wants a 45 lakh home loan; income 1.2 lakh a month; eligible up to 48 lakh.',
          spoken: '',
          full: '',
          source: 'agent',
          updatedAt: 0,
        },
        extracted: { ...context().extracted, intent: 'loan', issueType: undefined, amounts: [120_000] },
      }),
    );
    expect(text).toContain('Wants a 45 lakh home loan');
    expect(text).not.toMatch(/involving 1\.2 lakh/);
    // Still within the 15-second budget.
    expect(words(text)).toBeLessThanOrEqual(37);
  });
});
