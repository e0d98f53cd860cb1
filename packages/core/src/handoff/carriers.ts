import type { TransferProvider, TransferReceipt, TransferRequest } from '../transfer.js';

interface Route {
  matches: (request: TransferRequest) => boolean;
  carrier: TransferProvider;
}

/**
 * Which carrier moves a given call, and where the carrier sends Vobiz for the handoff XML. Both
 * can be extended after the handoff is built (a gateway routes its synthetic callback calls, and
 * learns its own address only when it listens) through registrations with an undo, so nothing
 * outside the core ever swaps the carrier or writes to its options.
 */
export class CarrierRouter {
  readonly #fallback: TransferProvider;
  readonly #configuredUrl: string | undefined;
  readonly #routes: Route[] = [];
  readonly #urls: Array<() => string | undefined> = [];

  constructor(carrier: TransferProvider, gatewayUrl: string | undefined) {
    this.#fallback = carrier;
    this.#configuredUrl = gatewayUrl;
  }

  /** The carrier for `request`: the first route registered that matches it, else the handoff's own. */
  carrierFor(request: TransferRequest): TransferProvider {
    for (const route of this.#routes) if (route.matches(request)) return route.carrier;
    return this.#fallback;
  }

  /** Hands `request` (built by the attempt with the gateway URL transfers use now) to its carrier. */
  transfer(request: TransferRequest): Promise<TransferReceipt> {
    return this.carrierFor(request).transfer(request);
  }

  /** Whether the carrier for `request` reaches the human before it moves the caller. */
  prepares(request: TransferRequest): boolean {
    return this.carrierFor(request).prepare !== undefined;
  }

  /** The carrier's early step for `request`; nothing for carriers without one. */
  async prepare(request: TransferRequest): Promise<TransferReceipt | undefined> {
    return this.carrierFor(request).prepare?.(request);
  }

  route(matches: (request: TransferRequest) => boolean, carrier: TransferProvider): () => void {
    const route = { matches, carrier };
    this.#routes.push(route);
    return () => remove(this.#routes, route);
  }

  /** The `gatewayUrl` option wins; then the first registered source that knows one. */
  gatewayUrl(): string | undefined {
    if (this.#configuredUrl !== undefined) return this.#configuredUrl;
    for (const source of this.#urls) {
      const url = source();
      if (url !== undefined) return url;
    }
    return undefined;
  }

  provideGatewayUrl(source: () => string | undefined): () => void {
    this.#urls.push(source);
    return () => remove(this.#urls, source);
  }
}

function remove<T>(list: T[], item: T): void {
  const index = list.indexOf(item);
  if (index >= 0) list.splice(index, 1);
}
