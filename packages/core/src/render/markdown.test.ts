import { describe, expect, it } from 'vitest';
import { luhnCheckDigit } from '../pii/checksums.js';
import type { HandoffContext } from '../types.js';
import { escapeMarkdown, renderMarkdown } from './markdown.js';

const CARD = '424242424242424' + luhnCheckDigit('424242424242424');
const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);

function context(overrides: Partial<HandoffContext> = {}): HandoffContext {
  return {
    schema: 'handoff.context.v1',
    handoffId: 'hx7K2p9Q',
    call: { callId: 'CA-1', platform: 'retell', startedAt: T0, from: '+919876543210', to: '+918000000000' },
    trigger: {
      kind: 'rule',
      rule: 'explicit-request',
      reason: 'caller asked for a human',
      evidence: 'get me a manager',
      turnIndex: 3,
      urgency: 'high',
    },
    summary: {
      oneLine: 'Refund of ₹15,000 for a cancelled order',
      spoken: 'Priya wants a refund.',
      full: 'Caller: Priya Sharma. Opening issue: "refund please".',
      source: 'extractive',
      updatedAt: T0 + 4_000,
    },
    extracted: {
      intent: 'refund',
      issueType: 'cancelled_order',
      amounts: [15_000],
      sentiment: 'negative',
      sentimentScore: -0.45,
      sentimentTrajectory: [
        { turnIndex: 0, at: T0, score: 0 },
        { turnIndex: 2, at: T0 + 2_000, score: -0.45 },
      ],
      customer: { name: 'Priya Sharma', accountNumber: '001234564321', verified: true },
      language: 'en',
      fields: { orderId: 'OD-55321', note: `paid with ${CARD}` },
    },
    transcript: [
      { role: 'caller', text: 'I want a refund of ₹15,000', at: T0, confidence: 0.91 },
      { role: 'agent', text: "I've raised a refund request.", at: T0 + 1_000 },
      { role: 'caller', text: `It was charged to ${CARD}! <script>alert(1)</script>`, at: T0 + 2_000 },
      { role: 'caller', text: 'get me a manager\n# Fake heading', at: T0 + 3_000 },
    ],
    attempts: ["I've raised a refund request."],
    destination: { key: 'support', label: 'Senior care' },
    status: 'connected',
    outcome: { status: 'connected', at: T0 + 20_000 },
    dialAttempts: [
      { n: 1, destination: 'support', startedAt: T0 + 5_000, answeredAt: T0 + 12_000, outcome: 'connected' },
    ],
    timings: {
      triggeredAt: T0 + 4_000,
      persistedAt: T0 + 4_010,
      transferRequestedAt: T0 + 4_300,
      answeredAt: T0 + 12_000,
    },
    ...overrides,
  };
}

describe('renderMarkdown', () => {
  const md = renderMarkdown(context());

  it('has a title and every section a ticket needs', () => {
    expect(md.startsWith('# Handoff hx7K2p9Q: Refund of ₹15,000 for a cancelled order\n')).toBe(true);
    for (const section of [
      '## Call',
      '## Trigger',
      '## Summary',
      '## Facts',
      '## Sentiment trajectory',
      '## What the AI already tried',
      '## Transcript',
      '## Dial attempts',
      '## Outcome',
      '## Timings',
    ]) {
      expect(md).toContain(`\n${section}\n`);
    }
    expect(md).toContain(
      '**Status:** connected · **Urgency:** high · **Destination:** Senior care (support)',
    );
  });

  it('says which summary the human read, and the model for an LLM one', () => {
    expect(md).toContain('*Written by: built-in extractive summary*');
    const llm = context({
      summary: {
        oneLine: 'Refund',
        spoken: 'Refund.',
        full: 'Refund.',
        source: 'llm',
        model: 'gpt-4o-mini',
        updatedAt: T0,
      },
    });
    expect(renderMarkdown(llm)).toContain('*Written by: LLM summarizer (gpt-4o-mini)*');
  });

  it('shows the trigger with its evidence', () => {
    expect(md).toContain('- **Kind:** rule (explicit-request)');
    expect(md).toContain('- **Evidence (turn 3):** “get me a manager”');
  });

  it('lists the facts, including custom fields', () => {
    expect(md).toContain('| Customer | Priya Sharma |');
    expect(md).toContain('| Account | ending 4321 |');
    expect(md).toContain('| Verified | yes |');
    expect(md).toContain('| Issue type | Cancelled order |');
    expect(md).toContain('| Amounts | ₹15,000 |');
    expect(md).toContain('| Sentiment | Negative (-0.45) |');
    expect(md).toContain('| orderId | OD-55321 |');
  });

  it('shows people labels, not raw keys, and one sentiment from the score', () => {
    // The demo's loan call: the LLM's tool call said intent "home_loan" and sentiment "positive".
    const loan = renderMarkdown(
      context({
        extracted: {
          ...context().extracted,
          intent: 'home_loan',
          issueType: 'chest_pain',
          language: 'hi-Latn',
          sentiment: 'positive',
          sentimentScore: 0,
        },
      }),
    );
    expect(loan).toContain('| Intent | Home loan |');
    expect(loan).toContain('| Issue type | Chest pain |');
    expect(loan).toContain('| Language | Hinglish (Hindi in Latin script) |');
    expect(loan).toContain('| Sentiment | Neutral (0.00) |');
    expect(loan).not.toMatch(/home_loan|chest_pain|hi-Latn|Positive/);
  });

  it('timestamps the transcript and the trajectory in ISO time', () => {
    expect(md).toContain(
      '- `2025-01-15T10:00:00.000Z` **Caller:** I want a refund of ₹15,000 _(confidence 0.91)_',
    );
    expect(md).toContain("- `2025-01-15T10:00:01.000Z` **AI:** I've raised a refund request.");
    expect(md).toContain('| 2 | 2025-01-15T10:00:02.000Z | -0.45 |');
  });

  it('reports outcome, dial attempts and timings relative to the trigger', () => {
    expect(md).toContain('**connected** at 2025-01-15T10:00:20.000Z');
    expect(md).toContain(
      '| 1 | support | 2025-01-15T10:00:05.000Z | 2025-01-15T10:00:12.000Z |  | connected |  |',
    );
    expect(md).toContain('| Context persisted | 2025-01-15T10:00:04.010Z | +10 ms |');
    expect(md).toContain('| Answered | 2025-01-15T10:00:12.000Z | +8000 ms |');
  });

  it('masks PII everywhere by default', () => {
    expect(md).not.toContain(CARD);
    expect(md).not.toContain('9876543210');
    expect(md).not.toContain('001234564321');
    expect(md).toContain(`\\[card ending ${CARD.slice(-4)}\\]`);
    expect(md).toContain('| From | \\[phone ending 3210\\] |');
  });

  it('shows raw values when masking is off', () => {
    const raw = renderMarkdown(context(), { pii: false });
    expect(raw).toContain(CARD);
    expect(raw).toContain('| Account | 001234564321 |');
  });

  it('neutralises markup in call text', () => {
    expect(md).not.toContain('<script>');
    expect(md).toContain('\\<script\\>alert(1)\\</script\\>');
    expect(md).not.toMatch(/^# Fake heading/m);
    expect(md).toContain('**Caller:** get me a manager \\# Fake heading');
  });

  it('renders a fresh packet with nothing but the basics', () => {
    const fresh = renderMarkdown(
      context({
        transcript: [],
        attempts: [],
        dialAttempts: [],
        outcome: undefined,
        timings: {},
        status: 'requested',
        extracted: { customer: {}, fields: {}, sentimentTrajectory: [] },
      }),
    );
    expect(fresh).toContain('_No turns._');
    expect(fresh).toContain('_Pending (status requested)._');
    expect(fresh).not.toContain('## Timings');
    expect(fresh).not.toContain('## Sentiment trajectory');
  });
});

describe('escapeMarkdown', () => {
  it('escapes markup and folds newlines', () => {
    expect(escapeMarkdown('*bold* _it_ [x](y) | a\nb')).toBe('\\*bold\\* \\_it\\_ \\[x\\](y) \\| a b');
  });
});
