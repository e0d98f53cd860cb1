import type { Handoff, HandoffEvent } from '@handoff/core';

export const DEFAULT_SSE_HEARTBEAT_MS = 15_000;

/** Past this many unread bytes the client is not keeping up: it is dropped and may reconnect. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

const encoder = new TextEncoder();

export interface SseOptions {
  heartbeatMs: number;
  /** Only events of this handoff. */
  handoffId?: string;
  /** Aborts when the client goes away. */
  signal?: AbortSignal;
}

/**
 * Open SSE streams, so `close()` can end them: an open stream would otherwise keep the server
 * from shutting down.
 */
export class SseHub {
  readonly #closers = new Set<() => void>();

  /**
   * A `text/event-stream` of handoff events. The events come from the core's store subscription,
   * so with a shared store a client connected here also sees handoffs driven by other instances.
   */
  stream(handoff: Handoff, options: SseOptions): Response {
    let cleanup = () => {};
    const body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          let closed = false;
          const write = (text: string) => {
            if (closed) return;
            controller.enqueue(encoder.encode(text));
            if ((controller.desiredSize ?? 0) < -MAX_BUFFERED_BYTES) close();
          };
          const unsubscribe = handoff.on('*', (event) => {
            if (options.handoffId && event.handoffId !== options.handoffId) return;
            write(formatEvent(event));
          });
          const heartbeat = setInterval(() => write(': ping\n\n'), options.heartbeatMs);
          heartbeat.unref();
          const close = () => {
            if (closed) return;
            cleanup();
            try {
              controller.close();
            } catch {
              // Already closed by the reader side.
            }
          };
          cleanup = () => {
            if (closed) return;
            closed = true;
            unsubscribe();
            clearInterval(heartbeat);
            options.signal?.removeEventListener('abort', close);
            this.#closers.delete(close);
          };
          this.#closers.add(close);
          options.signal?.addEventListener('abort', close, { once: true });
          // Tells EventSource how soon to reconnect, and flushes headers through buffering proxies.
          write('retry: 3000\n: connected\n\n');
        },
        cancel: () => cleanup(),
      },
      new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
    );
    return new Response(body, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      },
    });
  }

  get size(): number {
    return this.#closers.size;
  }

  closeAll(): void {
    for (const close of [...this.#closers]) close();
  }
}

function formatEvent(event: HandoffEvent): string {
  return `id: ${event.handoffId}.${event.version}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
