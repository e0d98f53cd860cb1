import type { Handoff, HandoffEvent } from '@handoff/core';
import type { Context } from 'hono';
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import { type DeskFilter, matches } from './filters.js';

export interface EventStreamOptions {
  heartbeatMs: number;
  /** Writes a slow client may fall behind by before it is dropped (it reconnects and gets a snapshot). */
  maxPending?: number;
  /** Also `event: call` per live AI call change, and the calls in the snapshot (supervisors). */
  liveCalls?: boolean;
}

const SNAPSHOT_LIMIT = 200;

/**
 * `event: snapshot` first, then `event: handoff` per change. The listener is attached before the
 * snapshot is read so nothing written in between is lost; the page orders by `updatedAt`, so an
 * event that predates the snapshot cannot roll a record back.
 */
export function eventStream(c: Context, handoff: Handoff, filter: DeskFilter, options: EventStreamOptions) {
  c.header('X-Accel-Buffering', 'no');
  return streamSSE(c, async (stream) => {
    const maxPending = options.maxPending ?? 1000;
    let pending = 0;
    // One write at a time, in order: listener callbacks are synchronous, writes are not.
    let chain = Promise.resolve();
    let buffered: HandoffEvent[] | undefined = [];
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });

    const write = (send: (s: SSEStreamingApi) => Promise<unknown>) => {
      if (stream.aborted || stream.closed) return;
      if (++pending > maxPending) {
        finish();
        return;
      }
      chain = chain
        .then(async () => {
          pending--;
          if (!stream.aborted && !stream.closed) await send(stream);
        })
        .catch(finish);
    };
    const sendEvent = (event: HandoffEvent) =>
      write((s) => s.writeSSE({ event: 'handoff', data: JSON.stringify(event) }));

    const off = handoff.on('*', (event) => {
      if (!matches(event.record, filter)) return;
      if (buffered) buffered.push(event);
      else sendEvent(event);
    });
    const offCalls = options.liveCalls
      ? handoff.onLiveCall((call) => write((s) => s.writeSSE({ event: 'call', data: JSON.stringify(call) })))
      : () => {};
    const heartbeat = setInterval(() => write((s) => s.write(': heartbeat\n\n')), options.heartbeatMs);
    heartbeat.unref?.();
    stream.onAbort(finish);
    c.req.raw.signal?.addEventListener('abort', finish, { once: true });

    try {
      let records: Awaited<ReturnType<Handoff['list']>>;
      try {
        records = await handoff.list({ limit: SNAPSHOT_LIMIT * 5 });
      } catch {
        // The store is down: say so and end; EventSource reconnects after `retry`.
        await stream.writeSSE({ event: 'unavailable', data: '{"error":"store_unavailable"}', retry: 3000 });
        return;
      }
      const snapshot = records.filter((r) => matches(r, filter)).slice(0, SNAPSHOT_LIMIT);
      const calls = options.liveCalls ? await handoff.liveCalls().catch(() => []) : undefined;
      write((s) =>
        s.writeSSE({
          event: 'snapshot',
          data: JSON.stringify({ handoffs: snapshot, ...(calls ? { calls } : {}), at: Date.now() }),
          retry: 3000,
        }),
      );
      const early = buffered;
      buffered = undefined;
      for (const event of early) sendEvent(event);
      await finished;
    } finally {
      off();
      offCalls();
      clearInterval(heartbeat);
    }
  });
}
