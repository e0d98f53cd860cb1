import type { CallPort, Instruction, Playout, SaidInstead, SpokenLine } from '../platform/port.js';

export interface FakeCallPortOptions {
  /**
   * How `say` behaves: play for `ms` then confirm (default 0), report `'unknown'`, report that the
   * platform voiced other words (`saidInstead`, playout unknown), throw, or never settle.
   */
  say?: { ms?: number } | { saidInstead: string } | 'unknown' | 'throw' | 'hang';
  /** `instruct` throws, or never settles. */
  instruct?: 'throw' | 'hang';
}

/** One thing the core asked of the port, with when it was asked and (for `say`) when it finished. */
export type PortEvent =
  | { kind: 'say'; line: SpokenLine; at: number; doneAt?: number }
  | { kind: 'instruct'; instruction: Instruction; at: number };

/**
 * A platform's port for tests: records every line and instruction the core sends, in order, so a
 * test can assert that the farewell finished before the carrier was asked to move the call.
 */
export class FakeCallPort implements CallPort {
  readonly events: PortEvent[] = [];
  #options: FakeCallPortOptions;

  constructor(options: FakeCallPortOptions = {}) {
    this.#options = options;
  }

  configure(options: FakeCallPortOptions): void {
    this.#options = options;
  }

  get lines(): SpokenLine[] {
    return this.events.flatMap((e) => (e.kind === 'say' ? [e.line] : []));
  }

  get instructions(): Instruction[] {
    return this.events.flatMap((e) => (e.kind === 'instruct' ? [e.instruction] : []));
  }

  async say(line: SpokenLine): Promise<Playout | SaidInstead> {
    const event: PortEvent = { kind: 'say', line, at: Date.now() };
    this.events.push(event);
    const mode = this.#options.say ?? {};
    if (mode === 'throw') throw new Error('fake port: say failed');
    if (mode === 'hang') return new Promise<Playout>(() => {});
    if (mode === 'unknown') return 'unknown';
    if ('saidInstead' in mode) return { playout: 'unknown', spoken: mode.saidInstead };
    if (mode.ms) await new Promise((resolve) => setTimeout(resolve, mode.ms));
    event.doneAt = Date.now();
    return 'played';
  }

  async instruct(instruction: Instruction): Promise<void> {
    this.events.push({ kind: 'instruct', instruction, at: Date.now() });
    if (this.#options.instruct === 'throw') throw new Error('fake port: instruct failed');
    if (this.#options.instruct === 'hang') await new Promise<void>(() => {});
  }
}
