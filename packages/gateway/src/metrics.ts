import type { Handoff, HandoffEvent, HandoffStatus } from '@handoff/core';
import { Counter, Histogram, Registry } from 'prom-client';
import { localHandoffWrites } from './local-writes.js';

/** Statuses after which a handoff's call has nowhere further to go in this gateway's view. */
const SETTLED = new Set<HandoffStatus>(['completed', 'failed', 'caller_hung_up', 'rejected']);
/** Handoffs whose last status is remembered for the phase histogram; the oldest is dropped past it. */
const MAX_TRACKED = 10_000;

export interface GatewayMetrics {
  readonly registry: Registry;
  webhookRetry(): void;
  webhookDeadLetter(): void;
  storeError(where: string): void;
  /** The exposition text and its content type. */
  scrape(): Promise<{ body: string; contentType: string }>;
  close(): void;
}

/**
 * Prometheus metrics for one gateway, in a registry of its own (two gateways in one process do not
 * collide): handoff status changes by destination and the time spent in each status, from the core's
 * event bus; webhook retries and dead letters; store errors. Every instance sees every handoff's
 * changes through the shared store, but counts only those it wrote: each change is counted once
 * across the fleet, so the instances' series add up (`sum without (instance)`).
 */
export function createMetrics(handoff: Handoff): GatewayMetrics {
  const registry = new Registry();
  const transitions = new Counter({
    name: 'handoff_status_changes_total',
    help: 'Handoffs reaching a status, by status and destination key',
    labelNames: ['status', 'destination'] as const,
    registers: [registry],
  });
  const phases = new Histogram({
    name: 'handoff_phase_seconds',
    help: 'Time a handoff spent in one status before the next, by the status left and the one reached',
    labelNames: ['from', 'to'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300],
    registers: [registry],
  });
  const webhookRetries = new Counter({
    name: 'handoff_webhook_retries_total',
    help: 'Webhook deliveries that failed and were tried again',
    registers: [registry],
  });
  const deadLetters = new Counter({
    name: 'handoff_webhook_dead_letters_total',
    help: 'Webhook deliveries given up after every attempt',
    registers: [registry],
  });
  const storeErrors = new Counter({
    name: 'handoff_store_errors_total',
    help: 'Store operations that failed, by where the gateway met the failure',
    labelNames: ['where'] as const,
    registers: [registry],
  });

  const writes = localHandoffWrites(handoff.store);
  const last = new Map<string, { status: HandoffStatus; at: number }>();
  const observe = (event: HandoffEvent) => {
    const before = last.get(event.handoffId) ?? { status: undefined, at: event.record.createdAt };
    if (before.status === event.status) return;
    const count = () => {
      transitions.inc({ status: event.status, destination: event.record.destination?.key ?? 'none' });
      phases.observe(
        { from: before.status ?? 'created', to: event.status },
        Math.max(0, (event.at - before.at) / 1000),
      );
    };
    writes.wrote(event.handoffId, event.version).then(
      (mine) => mine && count(),
      () => undefined,
    );
    last.delete(event.handoffId);
    if (SETTLED.has(event.status)) return;
    last.set(event.handoffId, { status: event.status, at: event.at });
    if (last.size > MAX_TRACKED) {
      const oldest = last.keys().next().value;
      if (oldest !== undefined) last.delete(oldest);
    }
  };
  const unsubscribe = handoff.on('*', observe);

  return {
    registry,
    webhookRetry: () => webhookRetries.inc(),
    webhookDeadLetter: () => deadLetters.inc(),
    storeError: (where) => storeErrors.inc({ where }),
    async scrape() {
      return { body: await registry.metrics(), contentType: registry.contentType };
    },
    close() {
      unsubscribe();
      writes.release();
      last.clear();
    },
  };
}
