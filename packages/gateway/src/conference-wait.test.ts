import { createHandoff, type Handoff, type HandoffStore, memoryStore } from '@handoff/core';
import { redisStore } from '@handoff/redis';
import { assertRedisUp, dropPrefix, skipRedis, TEST_REDIS_URL, uniquePrefix } from '@handoff/redis/testing';
import { vobizCarrier } from '@handoff/vobiz';
import { createVobizSandbox } from '@handoff/vobiz-sandbox';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CALLER, DID, LOANS } from './__fixtures__/conference-stack.js';
import { MediaAgent, until, waitForStatus } from './__fixtures__/harness.js';
import { ConferenceWaits, DUE_WINDOW_MS, type WaitDeadline } from './conference-wait.js';
import { createGateway, type Gateway } from './gateway.js';

// The conference strategy's bounded wait lives in the store (issue 17): the instance that put the
// caller in the room may die, and another instance still brings the caller out.

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

describe('the bounded wait across instances (Vobiz sandbox end to end)', () => {
  it('the instance that started the wait is closed; the other ends it and brings the caller back', async () => {
    const sandbox = await createVobizSandbox({
      timeScale: 0.01,
      endpoints: { [LOANS]: { kind: 'no_answer' } },
    });
    cleanups.push(() => sandbox.close());
    const vobiz = { authId: sandbox.authId, authToken: sandbox.authToken, baseUrl: sandbox.baseUrl };
    const store = memoryStore();
    const instances: Array<{ handoff: Handoff; gateway: Gateway; agent: MediaAgent }> = [];
    for (let i = 0; i < 2; i++) {
      const handoff = createHandoff({
        store,
        transfer: vobizCarrier(vobiz),
        destinations: { loans: { number: LOANS, label: 'Relationship manager' } },
        capabilities: { backToAi: true },
      });
      const gateway = createGateway({
        handoff,
        vobiz: { ...vobiz, callerId: DID },
        answer: { kind: 'stream' },
        transferStrategy: 'conference',
        // The human's phone would ring for a minute; the caller waits 1 s at most.
        ringTimeoutSec: 6000,
        conference: { maxWaitSec: 1 },
      });
      await gateway.listen(0);
      const agent = new MediaAgent();
      gateway.onMedia(agent.accept);
      instances.push({ handoff, gateway, agent });
      cleanups.push(async () => {
        await gateway.close();
        await handoff.close();
      });
    }
    const [a, b] = instances as [(typeof instances)[0], (typeof instances)[0]];

    // The call, the handoff and the waiting room all go through instance A.
    const call = sandbox.placeInboundCall({
      from: CALLER,
      to: DID,
      answerUrl: `${a.gateway.publicUrl}/vobiz/answer`,
      hangupUrl: `${a.gateway.publicUrl}/vobiz/hangup`,
    });
    await call.waitFor('stream_connected');
    const session = a.handoff.session(call.uuid)!;
    session.addTurn({ role: 'caller', text: 'My name is Asha Rao and I want a home loan' });
    const { handoffId } = await session.transfer({
      reason: 'Caller wants a home loan',
      department: 'loans',
      summary: 'Asha wants a home loan',
    });
    await call.waitFor('conference_joined');
    const loans = await sandbox.waitForCall({ direction: 'outbound', to: LOANS, timeoutMs: 5000 });
    // The deadline is in the store, where instance B can see it.
    await until(async () => (await store.list('conference-wait:')).length > 0 || undefined);

    // Instance A dies with the caller in its room.
    await a.gateway.close();
    await a.handoff.close();

    // B's sweep ends the wait: the attempt is unanswered, the human's phone hung up, the caller
    // brought back to the AI, through B.
    const record = await waitForStatus(b.handoff, handoffId, 'no_answer');
    expect(record.context.dialAttempts[0]?.detail).toContain('nobody joined');
    expect(record.lastStep).toMatchObject({ kind: 'back_to_ai' });
    await loans.waitFor('hangup');
    expect(loans.hangupInfo?.source).toBe('API Request');
    await until(() => call.events('stream_connected').length >= 2 || undefined);
    await until(() => b.agent.connections.length > 0 || undefined);
  });
});

describe('ConferenceWaits', () => {
  const waits = (store: HandoffStore, expired: WaitDeadline[]) =>
    new ConferenceWaits(
      store,
      10,
      async (wait) => {
        expired.push(wait);
      },
      (error) => {
        throw error;
      },
    );

  it('expires a deadline once, whichever instance sweeps or checks first', async () => {
    const store = memoryStore();
    const expired: WaitDeadline[] = [];
    const one = waits(store, expired);
    const two = waits(store, expired);
    cleanups.push(async () => {
      one.close();
      two.close();
    });
    await one.arm('ho1', 'tok', 1);
    one.close();
    await until(async () => {
      await Promise.all([two.sweep(), two.check('ho1'), two.sweep()]);
      return expired.length > 0 || undefined;
    });
    await Promise.all([two.sweep(), two.check('ho1')]);
    expect(expired).toEqual([expect.objectContaining({ handoffId: 'ho1', token: 'tok', attempt: 1 })]);
  });

  it('a cleared wait, or one re-armed for a later deadline, does not expire early', async () => {
    const store = memoryStore();
    const expired: WaitDeadline[] = [];
    const w = new ConferenceWaits(
      store,
      60_000,
      async (wait) => void expired.push(wait),
      () => undefined,
    );
    cleanups.push(async () => w.close());
    await w.arm('ho1', 'tok', 1);
    await w.arm('ho2', 'tok', 1);
    await w.clear('ho1');
    await w.sweep();
    await w.check('ho2');
    expect(expired).toEqual([]);
    expect((await store.list('conference-wait:')).map((r) => r.key)).toEqual(['conference-wait:ho2']);
  });
});

const stores: Array<[string, () => Promise<HandoffStore>]> = [['memory', async () => memoryStore()]];
if (!skipRedis) {
  stores.push([
    'Redis',
    async () => {
      await assertRedisUp();
      const keyPrefix = uniquePrefix('conference-wait');
      const store = redisStore({ url: TEST_REDIS_URL, keyPrefix });
      cleanups.push(async () => {
        await store.close();
        await dropPrefix(keyPrefix);
      });
      return store;
    },
  ]);
}

describe.each(stores)(
  'the wait deadlines found by due time, not by listing keys (%s store)',
  (_name, open) => {
    /** Only Date is faked: the test says when "now" is, the store's own timers run as ever. */
    const T0 = 2_000_000_000_000 - (2_000_000_000_000 % DUE_WINDOW_MS);
    afterEach(() => {
      vi.useRealTimers();
    });

    const instance = (store: HandoffStore, waitMs: number, expired: WaitDeadline[]) => {
      const waits = new ConferenceWaits(
        store,
        waitMs,
        async (wait) => void expired.push(wait),
        (error) => {
          throw error;
        },
      );
      cleanups.push(async () => waits.close());
      return waits;
    };

    it('a sweep on another instance, or on one started later, expires each due wait once and lists nothing', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(T0);
      const store = await open();
      const list = vi.spyOn(store, 'list');
      const expired: WaitDeadline[] = [];
      // Instance A arms three waits of a minute and dies.
      const a = instance(store, 60_000, expired);
      await a.arm('ho1', 'tok1', 1);
      await a.arm('ho2', 'tok2', 2);
      await a.arm('ho3', 'tok3', 1);
      a.close();
      await instance(store, 60_000, []).clear('ho3');
      // Re-armed on instance R two windows later: its older window still names it, not yet due.
      vi.setSystemTime(T0 + 2 * DUE_WINDOW_MS);
      const r = instance(store, 60_000, expired);
      await r.arm('ho2', 'tok2', 3);
      r.close();

      const b = instance(store, 60_000, expired);
      await b.sweep();
      vi.setSystemTime(T0 + 60_000 - 1);
      await b.sweep();
      expect(expired).toEqual([]);
      vi.setSystemTime(T0 + 60_000 + 1);
      await b.sweep();
      await b.sweep();
      expect(expired.map((w) => [w.handoffId, w.attempt])).toEqual([['ho1', 1]]);
      vi.setSystemTime(T0 + 2 * DUE_WINDOW_MS + 60_000 + 1);
      await b.sweep();
      expect(expired.map((w) => [w.handoffId, w.attempt])).toEqual([
        ['ho1', 1],
        ['ho2', 3],
      ]);

      // A wait whose instance died while no other ran: one started minutes later still finds it.
      vi.setSystemTime(T0 + 3 * 60_000);
      const d = instance(store, 60_000, expired);
      await d.arm('ho4', 'tok4', 1);
      d.close();
      vi.setSystemTime(T0 + 9 * 60_000);
      const late = instance(store, 60_000, expired);
      await late.sweep();
      expect(expired.map((w) => w.handoffId)).toEqual(['ho1', 'ho2', 'ho4']);
      expect(list).not.toHaveBeenCalled();
    });

    it('a deadline in the window a sweep has just passed is still found by the next one', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(T0 + DUE_WINDOW_MS - 1);
      const store = await open();
      const expired: WaitDeadline[] = [];
      const sweeper = instance(store, 1, expired);
      // The sweeper already stands in the next window when an instance whose clock is behind arms
      // a wait due at the end of this one.
      vi.setSystemTime(T0 + DUE_WINDOW_MS + 1);
      await sweeper.sweep();
      vi.setSystemTime(T0 + DUE_WINDOW_MS - 3);
      const behind = instance(store, 1, expired);
      await behind.arm('ho5', 'tok', 1);
      behind.close();
      vi.setSystemTime(T0 + DUE_WINDOW_MS + 2);
      await sweeper.sweep();
      expect(expired.map((w) => w.handoffId)).toEqual(['ho5']);
    });
  },
);
