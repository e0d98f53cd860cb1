import { type HandoffStore, keyPrefix, type StoredRecord, storeKey } from '@handoff/core';

/** Writes remembered per instance; a change older than this many later writes counts as remote. */
const REMEMBERED = 10_000;

/** A key's writes in flight, and who waits for them to land (made only when someone does). */
interface Flight {
  writes: number;
  waiters?: Array<() => void>;
}

/**
 * Which store changes this process wrote. The change feed delivers every instance's writes to
 * every instance, so anything that must happen once per change across a fleet (a span, a counter
 * summed over instances) is done by the instance that made the write. The store contract carries
 * no writer, so the gateway notes the key and version each `put`/`update` on this handoff's store
 * returned. A change can arrive before its own write resolves (Redis publishes on a separate
 * connection), so a change to a key with a write still in flight waits for that write first
 * (for every write to the key in flight then and after, until none is: a record gets a few writes
 * a call, and a waiter costs nothing until one does).
 */
export class LocalWrites {
  readonly #prefix: string;
  readonly #seen = new Set<string>();
  readonly #inFlight = new Map<string, Flight>();
  readonly #restore: () => void;

  constructor(store: HandoffStore, prefix: string) {
    this.#prefix = prefix;
    const put = store.put;
    const update = store.update;
    const self = this;
    // A store made as a plain object has these as its own properties: put back exactly what was there.
    const ownPut = Object.getOwnPropertyDescriptor(store, 'put');
    const ownUpdate = Object.getOwnPropertyDescriptor(store, 'update');
    const wrappedPut = function (this: HandoffStore, ...args: Parameters<HandoffStore['put']>) {
      return self.#track(args[0], () => put.apply(this, args));
    };
    const wrappedUpdate = function (this: HandoffStore, ...args: Parameters<HandoffStore['update']>) {
      return self.#track(args[0], () => update.apply(this, args));
    };
    // Own properties over the prototype's: every holder of this store object (the core's records,
    // attempts, desk actions) writes through them, and `restore` removes exactly these.
    Object.defineProperty(store, 'put', {
      configurable: true,
      writable: true,
      value: wrappedPut,
    });
    Object.defineProperty(store, 'update', {
      configurable: true,
      writable: true,
      value: wrappedUpdate,
    });
    // Another wrapper installed after this one (a second gateway on the same handoff) stays.
    this.#restore = () => {
      for (const [name, wrapper, original] of [
        ['put', wrappedPut, ownPut],
        ['update', wrappedUpdate, ownUpdate],
      ] as const) {
        if (store[name] !== wrapper) continue;
        if (original) Object.defineProperty(store, name, original);
        else Reflect.deleteProperty(store, name);
      }
    };
  }

  /** Whether this process wrote `key` at `version`. */
  async wrote(key: string, version: number): Promise<boolean> {
    const id = `${key}@${version}`;
    if (this.#seen.has(id)) return true;
    const flight = this.#inFlight.get(key);
    if (flight) {
      flight.waiters ??= [];
      const waiters = flight.waiters;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
    return this.#seen.has(id);
  }

  close(): void {
    this.#restore();
    this.#seen.clear();
    this.#inFlight.clear();
  }

  #track<R extends StoredRecord<unknown> | undefined>(key: string, write: () => Promise<R>): Promise<R> {
    if (!key.startsWith(this.#prefix)) return write();
    // In flight before the write starts: a memory store tells its subscribers inside the call.
    let flight = this.#inFlight.get(key);
    if (!flight) {
      flight = { writes: 0 };
      this.#inFlight.set(key, flight);
    }
    const mine = flight;
    mine.writes++;
    let running: Promise<R>;
    try {
      running = write();
    } catch (error) {
      this.#landed(key, mine);
      throw error;
    }
    return running.then(
      (record) => {
        if (record) this.#remember(`${record.key}@${record.version}`);
        this.#landed(key, mine);
        return record;
      },
      (error: unknown) => {
        this.#landed(key, mine);
        throw error;
      },
    );
  }

  /** One of `key`'s writes finished: with none left in flight, whoever waited reads what was written. */
  #landed(key: string, flight: Flight): void {
    if (--flight.writes > 0) return;
    if (this.#inFlight.get(key) === flight) this.#inFlight.delete(key);
    const waiters = flight.waiters;
    flight.waiters = undefined;
    if (waiters) for (const resolve of waiters) resolve();
  }

  #remember(id: string): void {
    this.#seen.add(id);
    if (this.#seen.size > REMEMBERED) this.#seen.delete(this.#seen.values().next().value!);
  }
}

const shared = new WeakMap<HandoffStore, { writes: LocalWrites; users: number }>();

/**
 * The handoff records this process wrote, one watcher per store however many parts of the
 * gateway ask (spans, metrics): `release` when done, and the last release unwraps the store.
 */
export function localHandoffWrites(store: HandoffStore): {
  wrote(handoffId: string, version: number): Promise<boolean>;
  release(): void;
} {
  let entry = shared.get(store);
  if (!entry) {
    entry = { writes: new LocalWrites(store, keyPrefix('handoff')), users: 0 };
    shared.set(store, entry);
  }
  entry.users++;
  const mine = entry;
  let released = false;
  return {
    wrote: (handoffId, version) => mine.writes.wrote(storeKey('handoff', handoffId), version),
    release() {
      if (released) return;
      released = true;
      if (--mine.users > 0) return;
      mine.writes.close();
      if (shared.get(store) === mine) shared.delete(store);
    },
  };
}
