import { describe, expect, it } from 'vitest';
import type { HandoffEvent } from '../handoff-types.js';
import type { HandoffRecord } from '../record.js';
import { FakeTransferProvider } from '../testing/index.js';
import type { TransferReceipt, TransferRequest } from '../transfer.js';
import { createHandoff } from './handoff.js';

const DESTINATIONS = {
  support: { number: '+919800000002', label: 'Senior care' },
  billing: { number: '+919800000003', label: 'Billing' },
};

/** A carrier that notes, as it is asked, the events told so far and the record as stored. */
class WatchingCarrier extends FakeTransferProvider {
  readonly told: string[][] = [];
  readonly stored: Array<Promise<HandoffRecord | undefined>> = [];
  constructor(
    private readonly events: string[],
    private readonly read: (id: string) => Promise<HandoffRecord | undefined>,
    private readonly refuse = 0,
  ) {
    super();
  }
  override transfer(request: TransferRequest): Promise<TransferReceipt> {
    this.told.push([...this.events]);
    this.stored.push(this.read(request.handoffId));
    if (this.told.length <= this.refuse) return Promise.reject(new Error('number not reachable'));
    return super.transfer(request);
  }
}

function setUp(refuse = 0) {
  const events: string[] = [];
  let carrier: WatchingCarrier | undefined;
  const handoff = createHandoff({
    transfer: {
      name: 'watching',
      transfer: (request) => carrier!.transfer(request),
      hangup: async () => {},
    },
    destinations: DESTINATIONS,
  });
  carrier = new WatchingCarrier(
    events,
    async (id) => (await handoff.store.get<HandoffRecord>(`handoff:${id}`))?.value,
    refuse,
  );
  handoff.on('*', (event: HandoffEvent) => events.push(`${event.type} v${event.version} ${event.status}`));
  return { handoff, events, carrier };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("a handoff's own changes on the memory store", () => {
  it('reach the listeners after the carrier was asked, every one and in order, the packet persisted first', async () => {
    const { handoff, events, carrier } = setUp();
    const session = handoff.startSession({ callId: 'c1', platform: 'x' });
    session.addTurn({ role: 'caller', text: 'I was charged twice, please get me a person' });
    const result = await session.transfer({ reason: 'double charge', department: 'support' });
    expect(result.status).toBe('transferring');
    expect(carrier.told).toEqual([[]]);
    // What a crash right after the request would leave: the packet and the attempt's start.
    const stored = await carrier.stored[0];
    expect(stored?.status).toBe('transferring');
    expect(stored?.context.transcript.map((t) => t.text)).toEqual([
      'I was charged twice, please get me a person',
    ]);
    await nextTurn();
    expect(events).toEqual(['handoff.created v1 persisted', 'handoff.updated v2 transferring']);
    await handoff.close();
  });

  it('are all told when the carrier refuses, in the order written, before the failure is', async () => {
    const { handoff, events, carrier } = setUp(1);
    const session = handoff.startSession({ callId: 'c2', platform: 'x' });
    session.addTurn({ role: 'caller', text: 'My card was charged twice, get me a person' });
    const result = await session.transfer({ reason: 'double charge', department: 'support' });
    expect(result.reason).toBe('transfer_failed');
    expect(carrier.told).toEqual([[]]);
    await nextTurn();
    expect(events).toEqual([
      'handoff.created v1 persisted',
      'handoff.updated v2 transferring',
      `handoff.failed v3 ${result.status}`,
    ]);
    await handoff.close();
  });

  it('are told before the carrier is asked when a farewell comes between, as before', async () => {
    const { handoff, events, carrier } = setUp();
    const session = handoff.startSession({ callId: 'c3', platform: 'x' });
    session.addTurn({ role: 'caller', text: 'I was charged twice, please get me a person' });
    await session.transfer(
      { reason: 'double charge', department: 'support' },
      { beforeTransfer: async () => {} },
    );
    expect(carrier.told[0]).toEqual(['handoff.created v1 persisted', 'handoff.updated v2 transferring']);
    await nextTurn();
    expect(events).toEqual(['handoff.created v1 persisted', 'handoff.updated v2 transferring']);
    await handoff.close();
  });

  it('do not wait for a carrier that never answers', async () => {
    const events: string[] = [];
    const handoff = createHandoff({
      transfer: { name: 'silent', transfer: () => new Promise(() => {}), hangup: async () => {} },
      destinations: DESTINATIONS,
    });
    handoff.on('*', (event) => events.push(`${event.type} v${event.version} ${event.status}`));
    const session = handoff.startSession({ callId: 'c4', platform: 'x' });
    session.addTurn({ role: 'caller', text: 'I was charged twice, please get me a person' });
    void session.transfer({ reason: 'double charge', department: 'support' });
    await expect
      .poll(() => events)
      .toEqual(['handoff.created v1 persisted', 'handoff.updated v2 transferring']);
    await handoff.close();
  });
});
