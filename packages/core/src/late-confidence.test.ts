import { describe, expect, it } from 'vitest';
import { createHandoff } from './handoff/handoff.js';
import { MemoryStore } from './store/memory-store.js';
import { FakeTransferProvider } from './testing/index.js';
import { Transcript } from './transcript.js';
import { explicitRequest, keywords, lowConfidence } from './triggers/index.js';

/**
 * A platform that scores a turn only when it commits it (LiveKit: the STT finals carry no
 * confidence, the committed user message carries the turn's) sends the same final again with
 * the confidence. The core updates that turn and re-runs only the rules that read confidence.
 */
function core(store = new MemoryStore()) {
  let clock = 1_700_000_000_000;
  return createHandoff({
    store,
    transfer: new FakeTransferProvider(),
    destinations: { support: { number: '+919800000001', label: 'Support' } },
    triggers: [
      lowConfidence({ below: 0.5, turns: 2, id: 'misheard' }),
      keywords({ words: ['lawyer'], id: 'legal' }),
      // Keyless: it fires again after a turn that is not a request, so re-running it on the
      // re-sent request would fire it twice.
      explicitRequest({ action: 'suggest', id: 'asked' }),
    ],
    now: () => (clock += 500),
  });
}

describe('a final sent again with its ASR confidence', () => {
  it('updates the turn it repeats (same source id, or same words close in time) instead of dropping it', () => {
    const t = new Transcript();
    t.add({ role: 'caller', text: 'card statement please', sourceId: 's1', at: 10 }, 10);
    t.add({ role: 'caller', text: 'the the card uh', at: 2_000 }, 2_000);
    const bySource = t.add(
      { role: 'caller', text: 'card statement please', sourceId: 's1', confidence: 0.4 },
      3_000,
    );
    expect(bySource.kind).toBe('rescored');
    const byText = t.add({ role: 'caller', text: 'the the card uh', at: 2_000, confidence: 0.3 }, 3_100);
    expect(byText.kind).toBe('rescored');
    expect(t.turns.map((turn) => turn.confidence)).toEqual([0.4, 0.3]);
    // The same confidence again changes nothing: a plain duplicate.
    expect(t.add({ role: 'caller', text: 'the the card uh', at: 2_000, confidence: 0.3 }, 3_200).kind).toBe(
      'duplicate',
    );
    expect(t.length).toBe(2);
  });

  it('completes a low-confidence streak and fires it once; the other rules do not fire again', () => {
    const handoff = core();
    const session = handoff.startSession({ callId: 'c1', platform: 'livekit' });
    const fired: string[] = [];
    handoff.onFiring((firing) => fired.push(firing.ruleId));

    const lawyer = 'i want my lawyer uh the thing';
    expect(session.addTurn({ role: 'caller', text: lawyer, at: 1_000 })?.ruleId).toBe('legal');
    // One scored turn is not a streak yet, and the keyword on those words already fired.
    expect(session.addTurn({ role: 'caller', text: lawyer, at: 1_000, confidence: 0.3 })).toBeUndefined();
    session.addTurn({ role: 'agent', text: 'Sorry, could you repeat that?', at: 3_000 });
    const human = 'can i speak to a human';
    expect(session.addTurn({ role: 'caller', text: human, at: 5_000 })?.ruleId).toBe('asked');
    session.addTurn({ role: 'agent', text: 'One moment please.', at: 6_000 });

    const streak = session.addTurn({ role: 'caller', text: human, at: 5_000, confidence: 0.2 });
    expect(streak).toMatchObject({ ruleId: 'misheard', kind: 'low_confidence', turnIndex: 2 });
    expect(streak?.evidence).toBe(`${lawyer} (0.30) / ${human} (0.20)`);
    // The same final once more, with another low score: still the same streak, no second firing.
    expect(session.addTurn({ role: 'caller', text: human, at: 5_000, confidence: 0.1 })).toBeUndefined();

    expect(session.turns.map((t) => t.confidence)).toEqual([0.3, undefined, 0.1, undefined]);
    expect(session.context().transcript.map((t) => t.confidence)).toEqual([0.3, undefined, 0.1, undefined]);
    expect(fired).toEqual(['legal', 'asked', 'misheard']);
    expect(session.firings.map((f) => f.ruleId)).toEqual(['legal', 'asked', 'misheard']);
  });

  it('a late clear score ends the streak, so the next low pair fires again', () => {
    const session = core().startSession({ callId: 'c2', platform: 'livekit' });
    session.addTurn({ role: 'caller', text: 'uh one', at: 1_000, confidence: 0.2 });
    expect(session.addTurn({ role: 'caller', text: 'uh two', at: 2_000, confidence: 0.2 })?.ruleId).toBe(
      'misheard',
    );
    session.addTurn({ role: 'caller', text: 'my card number', at: 3_000 });
    // Scored clear when committed: the streak re-arms.
    expect(
      session.addTurn({ role: 'caller', text: 'my card number', at: 3_000, confidence: 0.9 }),
    ).toBeUndefined();
    session.addTurn({ role: 'caller', text: 'uh three', at: 4_000, confidence: 0.1 });
    expect(session.addTurn({ role: 'caller', text: 'uh four', at: 5_000, confidence: 0.1 })?.ruleId).toBe(
      'misheard',
    );
  });

  it('another instance replaying the log ends with the same confidences and firings', async () => {
    const store = new MemoryStore();
    const a = core(store);
    const b = core(store);
    const onA = a.startSession({ callId: 'c3', platform: 'livekit' });
    onA.addTurn({ role: 'caller', text: 'uh one', at: 1_000 });
    onA.addTurn({ role: 'caller', text: 'uh one', at: 1_000, confidence: 0.2 });
    onA.addTurn({ role: 'caller', text: 'uh two', at: 2_000 });
    onA.addTurn({ role: 'caller', text: 'uh two', at: 2_000, confidence: 0.2 });
    await onA.sync();
    const onB = b.startSession({ callId: 'c3', platform: 'api' });
    await onB.sync();
    expect(onB.turns.map((t) => t.confidence)).toEqual([0.2, 0.2]);
    expect(onB.firings.map((f) => f.ruleId)).toEqual(onA.firings.map((f) => f.ruleId));
    expect(onB.firings.map((f) => f.ruleId)).toEqual(['misheard']);
  });
});
