import { createHash } from 'node:crypto';
import {
  describeCause,
  type Handoff,
  type HandoffEvent,
  type HandoffStore,
  isHandoffError,
  keyPrefix,
  storeKey,
} from '@handoff/core';
import type { WebhookEventType, WebhookTarget } from './options.js';
import { signWebhook } from './webhook-signature.js';

export const DEFAULT_WEBHOOK_ATTEMPTS = 5;
export const DEFAULT_WEBHOOK_BACKOFF_MS = 1_000;
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5_000;
const MAX_BACKOFF_MS = 30_000;
/** Long enough that every instance has seen the event before the claim expires. */
const CLAIM_TTL_MS = 60 * 60_000;
/** How often an instance that lost a claim looks whether the winner has finished. */
const DONE_POLL_MS = 25;

interface Claim {
  at: number;
  /** Set once the delivery succeeded or was dead-lettered: the next event of the chain may go. */
  done?: boolean;
}

/** A delivery that failed every attempt, kept for inspection and replay. */
export interface DeadLetter {
  deliveryId: string;
  /** Origin and path only: a query string may carry a receiver's secret. */
  target: string;
  type: WebhookEventType;
  handoffId: string;
  version: number;
  attempts: number;
  lastStatus?: number;
  lastError?: string;
  failedAt: number;
  /** The exact body that was signed and sent. */
  payload: string;
}

export interface WebhookDispatcherOptions {
  handoff: Handoff;
  targets: readonly WebhookTarget[];
  attempts?: number;
  backoffMs?: number;
  timeoutMs?: number;
  logger?: Pick<Console, 'warn' | 'error'>;
  fetch?: typeof fetch;
  /** Told of each failed attempt (`retry` or `dead_letter`) and each store failure: for metrics. */
  observe?: { failedAttempt(next: 'retry' | 'dead_letter'): void; storeError(where: string): void };
}

interface Attempt {
  ok: boolean;
  status?: number;
  error?: string;
}

const deadKey = (deliveryId: string) => storeKey('webhookDead', deliveryId);
const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/**
 * CRM webhooks for handoff events: signed, retried with exponential backoff, dead-lettered in the
 * store when every attempt fails. Events reach every instance (they come from the store's
 * subscription), so each delivery is claimed with a put-if-absent first and only the instance that
 * wins it sends. Deliveries of one handoff to one URL go out in order, across instances too: every
 * instance walks each handoff's events for a URL in version order, and one that lost an event's
 * claim waits until the winner marks it done before it moves to the next, so a later event can
 * never overtake an earlier one still being retried elsewhere. A winner that died leaves its
 * claim unfinished; after the longest a delivery can take, the waiting instance sends the event
 * itself (same delivery id, so receivers dedupe): late beats lost.
 */
export class WebhookDispatcher {
  readonly #options: WebhookDispatcherOptions;
  readonly #store: HandoffStore;
  readonly #attempts: number;
  readonly #backoffMs: number;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;
  readonly #chains = new Map<string, Promise<void>>();
  readonly #stop = new AbortController();
  #unsubscribe: (() => void) | undefined;

  constructor(options: WebhookDispatcherOptions) {
    this.#options = options;
    this.#store = options.handoff.store;
    this.#attempts = Math.max(1, options.attempts ?? DEFAULT_WEBHOOK_ATTEMPTS);
    this.#backoffMs = Math.max(0, options.backoffMs ?? DEFAULT_WEBHOOK_BACKOFF_MS);
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
    this.#fetch = options.fetch ?? fetch;
  }

  start(): void {
    if (this.#unsubscribe || this.#options.targets.length === 0) return;
    // The listener runs inside the store write that caused it: it must only enqueue.
    this.#unsubscribe = this.#options.handoff.on('*', (event) => this.#enqueue(event));
  }

  /** Resolves when every delivery queued so far has succeeded or been dead-lettered. */
  async idle(): Promise<void> {
    while (this.#chains.size > 0) await Promise.all([...this.#chains.values()]);
  }

  async deadLetters(): Promise<DeadLetter[]> {
    const records = await this.#store.list<DeadLetter>(keyPrefix('webhookDead'));
    return records.map((r) => r.value).sort((a, b) => b.failedAt - a.failedAt);
  }

  /** Sends a dead letter once more (same delivery id and body, fresh signature); removed on success. */
  async replay(deliveryId: string): Promise<{ found: boolean; delivered: boolean; status?: number }> {
    const letter = (await this.#store.get<DeadLetter>(deadKey(deliveryId)))?.value;
    if (!letter) return { found: false, delivered: false };
    const target = this.#options.targets.find((t) => redact(t.url) === letter.target);
    if (!target) return { found: true, delivered: false };
    const result = await this.#post(target, letter.type, letter.deliveryId, letter.payload);
    if (result.ok) await this.#store.delete(deadKey(deliveryId));
    return { found: true, delivered: result.ok, ...(result.status ? { status: result.status } : {}) };
  }

  close(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#stop.abort();
  }

  #enqueue(event: HandoffEvent): void {
    for (const target of this.#options.targets) {
      if (target.events && !target.events.includes(event.type)) continue;
      const key = `${event.handoffId} ${target.url}`;
      const previous = this.#chains.get(key) ?? Promise.resolve();
      const next = previous
        .then(() => this.#deliver(target, event))
        .catch((error: unknown) =>
          this.#options.logger?.error({ cause: describeCause(error) }, '[handoff] webhook delivery crashed'),
        )
        .finally(() => {
          if (this.#chains.get(key) === next) this.#chains.delete(key);
        });
      this.#chains.set(key, next);
    }
  }

  async #deliver(target: WebhookTarget, event: HandoffEvent): Promise<void> {
    if (this.#stop.signal.aborted) return;
    // Stable across retries and instances, so receivers can dedupe on it.
    const deliveryId = `${event.handoffId}-${event.version}-${shortHash(`${event.type} ${target.url}`)}`;
    const key = storeKey('webhookClaim', event.handoffId, event.version, shortHash(target.url));
    if (!(await this.#claim(key))) {
      if (await this.#finishedElsewhere(key)) return;
      if (this.#stop.signal.aborted) return;
      this.#options.logger?.warn(
        { event: event.type, deliveryId },
        '[handoff] webhook claimed by an instance that never finished it: delivering',
      );
    }
    await this.#send(target, event, deliveryId);
    // An instance shutting down mid-delivery leaves the claim unfinished, for another to finish.
    if (!this.#stop.signal.aborted) {
      await this.#store
        .put<Claim>(key, { at: Date.now(), done: true }, { ttlMs: CLAIM_TTL_MS })
        .catch((error: unknown) =>
          this.#options.logger?.warn(
            { cause: describeCause(error) },
            '[handoff] webhook claim not marked done',
          ),
        );
    }
  }

  /** The longest one delivery can take: every attempt timing out, every backoff slept. */
  #deliveryBudgetMs(): number {
    let total = this.#attempts * this.#timeoutMs;
    for (let attempt = 1; attempt < this.#attempts; attempt++) {
      total += Math.min(MAX_BACKOFF_MS, this.#backoffMs * 2 ** (attempt - 1));
    }
    return total + 5_000;
  }

  /** Waits, bounded, for the instance that won `key` to finish; false when it never did. */
  async #finishedElsewhere(key: string): Promise<boolean> {
    const deadline = Date.now() + this.#deliveryBudgetMs();
    for (;;) {
      const claim = await this.#store.get<Claim>(key).catch(() => undefined);
      if (claim?.value.done) return true;
      if (Date.now() >= deadline) return false;
      if (!(await sleep(DONE_POLL_MS, this.#stop.signal))) return true;
    }
  }

  async #send(target: WebhookTarget, event: HandoffEvent, deliveryId: string): Promise<void> {
    const payload = JSON.stringify({
      type: event.type,
      handoffId: event.handoffId,
      status: event.status,
      context: event.record.context,
      ...(event.record.disposition ? { disposition: event.record.disposition } : {}),
      at: event.at,
    });
    let last: Attempt = { ok: false };
    for (let attempt = 1; attempt <= this.#attempts; attempt++) {
      if (this.#stop.signal.aborted) return;
      last = await this.#post(target, event.type, deliveryId, payload);
      if (last.ok) return;
      this.#options.observe?.failedAttempt(attempt < this.#attempts ? 'retry' : 'dead_letter');
      const why = last.status ? `HTTP ${last.status}` : (last.error ?? 'error');
      this.#options.logger?.warn(
        {
          event: event.type,
          url: redact(target.url),
          cause: why,
          attempt,
          attempts: this.#attempts,
          deliveryId,
        },
        '[handoff] webhook delivery failed',
      );
      if (attempt < this.#attempts) {
        const delay = Math.min(MAX_BACKOFF_MS, this.#backoffMs * 2 ** (attempt - 1));
        if (!(await sleep(delay, this.#stop.signal))) return;
      }
    }
    const letter: DeadLetter = {
      deliveryId,
      target: redact(target.url),
      type: event.type,
      handoffId: event.handoffId,
      version: event.version,
      attempts: this.#attempts,
      ...(last.status ? { lastStatus: last.status } : {}),
      ...(last.error ? { lastError: last.error } : {}),
      failedAt: Date.now(),
      payload,
    };
    await this.#store.put(deadKey(deliveryId), letter);
    this.#options.logger?.error(
      { event: event.type, url: redact(target.url), deliveryId },
      '[handoff] webhook dead-lettered',
    );
  }

  /** Put-if-absent on the event and URL: the lock that makes one instance of many deliver. */
  async #claim(key: string): Promise<boolean> {
    try {
      await this.#store.put<Claim>(key, { at: Date.now() }, { expectedVersion: 0, ttlMs: CLAIM_TTL_MS });
      return true;
    } catch (error) {
      if (isHandoffError(error, 'store_conflict')) return false;
      // Store unreachable: deliver anyway. A duplicate (same delivery id) beats a lost event.
      this.#options.observe?.storeError('webhook-claim');
      this.#options.logger?.warn(
        { cause: describeCause(error) },
        '[handoff] webhook claim failed, delivering anyway',
      );
      return true;
    }
  }

  async #post(
    target: WebhookTarget,
    type: WebhookEventType,
    deliveryId: string,
    payload: string,
  ): Promise<Attempt> {
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const response = await this.#fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'handoff-gateway',
          'x-handoff-event': type,
          'x-handoff-delivery': deliveryId,
          'x-handoff-timestamp': String(timestamp),
          'x-handoff-signature': signWebhook(target.secret, timestamp, payload),
        },
        body: payload,
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(this.#timeoutMs), this.#stop.signal]),
      });
      await response.body?.cancel().catch(() => undefined);
      return response.ok ? { ok: true, status: response.status } : { ok: false, status: response.status };
    } catch (error) {
      return { ok: false, error: describeCause(error).slice(0, 200) };
    }
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'invalid-url';
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
