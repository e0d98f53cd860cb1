import { describe, expect, it } from 'vitest';
import { luhnCheckDigit } from '../pii/checksums.js';
import type { HandoffContext } from '../types.js';
import { renderSipHeaders, sipHeaderValue, toVobizSipHeaderAttr } from './sip-headers.js';

function context(overrides: Partial<HandoffContext> = {}): HandoffContext {
  return {
    schema: 'handoff.context.v1',
    handoffId: 'hx7K2p9Q',
    call: { callId: 'c1', platform: 'livekit', startedAt: 0 },
    trigger: { kind: 'rule', reason: 'refund above 10,000', urgency: 'high' },
    summary: { oneLine: '', spoken: '', full: '', source: 'extractive', updatedAt: 0 },
    extracted: {
      intent: 'card_block',
      language: 'hi-Latn',
      customer: {},
      fields: {},
      sentimentTrajectory: [],
    },
    transcript: [],
    attempts: [],
    destination: { key: 'senior_care', label: 'Senior care' },
    status: 'transferring',
    dialAttempts: [],
    timings: {},
    ...overrides,
  };
}

describe('renderSipHeaders', () => {
  it('renders the pointer headers with [A-Za-z0-9] values', () => {
    expect(renderSipHeaders(context())).toEqual({
      'X-VH-HandoffId': 'hx7K2p9Q',
      'X-VH-Reason': 'RefundAbove10000',
      'X-VH-Department': 'SeniorCare',
      'X-VH-Urgency': 'high',
      'X-VH-Intent': 'CardBlock',
      'X-VH-Lang': 'HiLatn',
    });
  });

  it('drops headers whose value is empty, including text with no ASCII letters', () => {
    const ctx = context({
      handoffId: 'h-1',
      destination: undefined,
      trigger: { kind: 'tool', reason: 'ग्राहक नाराज़ है', urgency: 'normal' },
      extracted: { customer: {}, fields: {}, sentimentTrajectory: [] },
    });
    expect(renderSipHeaders(ctx)).toEqual({ 'X-VH-HandoffId': 'h1', 'X-VH-Urgency': 'normal' });
  });

  it('keeps every value within 200 characters of [A-Za-z0-9]', () => {
    const ctx = context({
      trigger: { kind: 'tool', reason: 'très long reason, ₹1.5 lakh; '.repeat(40), urgency: 'low' },
    });
    for (const value of Object.values(renderSipHeaders(ctx))) {
      expect(value).toMatch(/^[A-Za-z0-9]{1,200}$/);
    }
    expect(renderSipHeaders(ctx)['X-VH-Reason']).toMatch(/^TresLongReasonINR1Point5LakhTres/);
  });

  it('masks PII before squeezing the reason', () => {
    const card = '424242424242424' + luhnCheckDigit('424242424242424');
    const ctx = context({ trigger: { kind: 'tool', reason: `chargeback on ${card}`, urgency: 'normal' } });
    expect(renderSipHeaders(ctx)['X-VH-Reason']).toBe(`ChargebackOnCardEnding${card.slice(-4)}`);
    expect(renderSipHeaders(ctx, { pii: false })['X-VH-Reason']).toBe(`ChargebackOn${card}`);
  });
});

describe('sipHeaderValue', () => {
  it('passes safe values through and squeezes the rest', () => {
    expect(sipHeaderValue('abcDEF123')).toBe('abcDEF123');
    expect(sipHeaderValue('caller asked for a human')).toBe('CallerAskedForAHuman');
    expect(sipHeaderValue('1,50,000')).toBe('150000');
    expect(sipHeaderValue('--')).toBe('');
  });
});

describe('toVobizSipHeaderAttr', () => {
  it('renders the <Dial sipHeaders> form without the X-VH- prefix', () => {
    expect(toVobizSipHeaderAttr(renderSipHeaders(context()))).toBe(
      'HandoffId=hx7K2p9Q,Reason=RefundAbove10000,Department=SeniorCare,' +
        'Urgency=high,Intent=CardBlock,Lang=HiLatn',
    );
  });

  it('sanitises hand-written headers and drops empty ones', () => {
    expect(toVobizSipHeaderAttr({ 'X-VH-Note': 'a, b=c', 'x-vh-Empty': '', Plain: 'ok' })).toBe(
      'Note=ABC,Plain=ok',
    );
  });
});
