import { describe, expect, it } from 'vitest';
import type { HandoffContext } from '../types.js';
import {
  CONSULT_PROMPTS,
  CONSULT_TOOLS,
  type Consult,
  decideConsult,
  humanLanguage,
  planConsult,
} from './consult.js';

function context(overrides: Partial<HandoffContext> = {}): HandoffContext {
  return {
    schema: 'handoff.context.v1',
    handoffId: 'h1',
    call: { callId: 'c1', platform: 'vobiz', startedAt: 0 },
    trigger: { kind: 'tool', reason: 'Caller wants a home loan', urgency: 'normal' },
    summary: {
      oneLine: 'Asha wants a loan',
      spoken: '',
      full: 'Asha wants a 40 lakh home loan.',
      source: 'agent',
      updatedAt: 0,
    },
    extracted: {
      intent: 'home_loan',
      amounts: [4_000_000],
      sentimentTrajectory: [],
      customer: { name: 'Asha Rao', accountNumber: '001234564321', verified: true },
      fields: { branch: 'Pune' },
    },
    transcript: [
      { role: 'caller', text: 'My email is asha@example.com and I want a loan', at: 1 },
      { role: 'system', text: 'internal note', at: 2 },
      { role: 'agent', text: 'Let me find you someone.', at: 3 },
    ],
    attempts: ['explained the rates'],
    destination: { key: 'loans', label: 'Relationship manager' },
    status: 'ringing',
    dialAttempts: [],
    timings: {},
    ...overrides,
  };
}

function recorder(): Consult & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    context: context(),
    brief: 'AI handoff. Asha Rao wants a home loan.',
    accept: async () => void calls.push('accept'),
    decline: async (reason) => void calls.push(`decline: ${reason}`),
  };
}

describe('planConsult', () => {
  it('instructs the model with the brief, the team and the packet, PII masked', () => {
    const plan = planConsult({ context: context(), brief: 'AI handoff. Asha Rao wants a home loan.' });
    expect(plan.language).toBe('en');
    expect(plan.instructions).toContain('Relationship manager');
    expect(plan.instructions).toContain('"AI handoff. Asha Rao wants a home loan."');
    for (const fact of ['Caller: Asha Rao', 'Account ending: 4321', 'Amounts: 4000000', 'branch: Pune']) {
      expect(plan.instructions).toContain(fact);
    }
    expect(plan.instructions).toContain('Summary: Asha wants a 40 lakh home loan.');
    expect(plan.instructions).toContain('The AI already tried: explained the rates');
    expect(plan.instructions).toContain('AI: Let me find you someone.');
    expect(plan.instructions).not.toContain('internal note');
    expect(plan.instructions).not.toContain('asha@example.com');
    expect(plan.instructions).not.toContain('001234564321');
    expect(plan.instructions).not.toMatch(/\{(team|brief|packet|accept|decline)\}/);
    expect(plan.opening).toMatchObject({ purpose: 'consult', respond: true });
  });

  it('quotes the transcript unmasked only when the deployment turns masking off', () => {
    const plan = planConsult({ context: context(), brief: '' }, { pii: false });
    expect(plan.instructions).toContain('asha@example.com');
  });

  it('speaks the human’s language: the caller’s, else the deployment’s, else English; or as told', () => {
    const hindi = context({ extracted: { ...context().extracted, language: 'hi' } });
    expect(planConsult({ context: hindi, brief: '' }).instructions).toContain('हिंदी में बोलिए');
    expect(planConsult({ context: context(), brief: '' }, { language: 'hi-Latn' }).language).toBe('hi-Latn');
    expect(planConsult({ context: hindi, brief: '' }, {}, 'en').language).toBe('en');
    const regional = planConsult({ context: context(), brief: '' }, {}, 'hi-IN');
    expect(regional.tools[0]!.description).toBe(CONSULT_PROMPTS.hi!.accept);
    expect(planConsult({ context: context(), brief: '' }, {}, 'ta').tools[1]!.description).toBe(
      CONSULT_PROMPTS.en!.decline,
    );
  });

  it('a consult that names the human’s language is held in it, whatever the caller speaks', () => {
    const hindi = context({ extracted: { ...context().extracted, language: 'hi' } });
    const pinned = planConsult({ context: hindi, brief: '', language: 'hi-Latn' }, { language: 'en' });
    expect(pinned.language).toBe('hi-Latn');
    expect(pinned.instructions).toContain('Hindi mein boliye');
    expect(humanLanguage(hindi, { language: 'en' })).toBe('hi');
    expect(humanLanguage(context(), { language: 'hi-Latn' })).toBe('hi-Latn');
    expect(humanLanguage(context())).toBe('en');
  });

  it('gives two tools: accept_call without arguments, decline_call with a required reason', () => {
    const [accept, decline] = planConsult({ context: context(), brief: '' }).tools;
    expect(accept).toMatchObject({ name: CONSULT_TOOLS.accept, parameters: { properties: {} } });
    expect(decline).toMatchObject({
      name: CONSULT_TOOLS.decline,
      parameters: { properties: { reason: { type: 'string' } }, required: ['reason'] },
    });
  });
});

describe('decideConsult', () => {
  it('maps accept_call and decline_call to the consult, and leaves other tools alone', async () => {
    const consult = recorder();
    expect(await decideConsult(consult, 'accept_call', '{}')).toBe(true);
    expect(await decideConsult(consult, 'decline_call', '{"reason":"on another call"}')).toBe(true);
    expect(await decideConsult(consult, 'decline_call', 'wrong team')).toBe(true);
    expect(await decideConsult(consult, 'decline_call', '{"reason":"  "}')).toBe(true);
    expect(await decideConsult(consult, 'transfer_to_human', '{}')).toBe(false);
    expect(consult.calls).toEqual([
      'accept',
      'decline: on another call',
      'decline: wrong team',
      'decline: no reason given',
    ]);
  });
});
