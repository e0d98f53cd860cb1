import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../handoff-types.js';
import type { HandoffStatus } from '../types.js';
import { DEFAULT_LADDER, nextRung } from './ladder.js';
import { canTransition, HANDOFF_STATUSES, moveTo, statusAfter } from './machine.js';

const say = (rung: string, outcome: string) => `${rung}/${outcome}`;
const all = { backToAi: true, voicemail: true, callback: true };

describe('state machine', () => {
  it('allows the documented path and rejects skipping or leaving terminal states', () => {
    const path = ['requested', 'persisted', 'transferring', 'ringing', 'connected', 'completed'] as const;
    for (let i = 0; i < path.length - 1; i++) expect(canTransition(path[i]!, path[i + 1]!)).toBe(true);
    expect(canTransition('persisted', 'connected')).toBe(false);
    expect(canTransition('completed', 'transferring')).toBe(false);
    expect(canTransition('caller_hung_up', 'transferring')).toBe(false);
    expect(canTransition('no_answer', 'transferring')).toBe(true);
  });
});

describe('fallback ladder', () => {
  it('walks next destinations, then back to the AI, then voicemail, then hangs up', () => {
    let state = { rung: 0, remaining: ['b', 'c'], attempt: 1 };
    const steps: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = nextRung(DEFAULT_LADDER, state, 'no_answer', all, say);
      steps.push(
        r.step.kind === 'next_destination' ? `next:${r.step.destination}#${r.step.attempt}` : r.step.kind,
      );
      state = r.state;
    }
    expect(steps).toEqual(['next:b#2', 'next:c#3', 'back_to_ai', 'voicemail', 'hangup', 'hangup']);
  });

  it('skips rungs the deployment cannot do and carries the reason back to the AI', () => {
    const none = { backToAi: false, voicemail: false, callback: false };
    const r = nextRung(
      ['back_to_ai', 'voicemail', 'callback', 'hangup'],
      { rung: 0, remaining: [], attempt: 1 },
      'busy',
      none,
      say,
    );
    expect(r.step).toEqual({ kind: 'hangup', sayToCaller: 'hangup/busy' });
    const back = nextRung(['back_to_ai'], { rung: 0, remaining: [], attempt: 1 }, 'busy', all, say);
    expect(back.step).toEqual({ kind: 'back_to_ai', reason: 'busy', sayToCaller: 'back_to_ai/busy' });
  });

  it('does nothing when the caller has hung up', () => {
    const r = nextRung(DEFAULT_LADDER, { rung: 0, remaining: ['b'], attempt: 1 }, 'caller_hung_up', all, say);
    expect(r.step).toEqual({ kind: 'none' });
  });
});

describe('call events through the state machine', () => {
  const events: CallEvent[] = [
    { type: 'ringing' },
    { type: 'answered' },
    { type: 'bridged' },
    { type: 'ended' },
    { type: 'caller_hung_up' },
    { type: 'failed', outcome: 'no_answer' },
    { type: 'failed', outcome: 'busy' },
    { type: 'failed', outcome: 'declined' },
    { type: 'failed', outcome: 'failed' },
  ];

  it('moves only where the transition table allows, from every status', () => {
    for (const from of HANDOFF_STATUSES) {
      for (const event of events) {
        const to = statusAfter(from, event);
        if (to !== undefined && to !== from)
          expect(canTransition(from, to), `${from} --${event.type}--> ${to}`).toBe(true);
      }
    }
  });

  it('ignores events that come after the end, and refuses an illegal move', () => {
    for (const from of ['completed', 'caller_hung_up', 'rejected'] as const) {
      for (const event of events) expect(statusAfter(from, event)).toBeUndefined();
    }
    expect(statusAfter('connected', { type: 'ended' })).toBe('completed');
    expect(statusAfter('ringing', { type: 'caller_hung_up' })).toBe('caller_hung_up');
    const record = { status: 'completed' as const as HandoffStatus };
    expect(() => moveTo(record, 'transferring')).toThrow(
      expect.objectContaining({ code: 'invalid_transition' }),
    );
    expect(record.status).toBe('completed');
  });
});
