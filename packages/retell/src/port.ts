import type { CallPort, Instruction, Playout, SpokenLine } from '@handoff/core';
import type Retell from 'retell-sdk';

/** The one Retell API the port uses; a `Retell` client fits, and so does a test double. */
export interface RetellClientLike {
  call: Pick<Retell['call'], 'updateLive'>;
}

/**
 * What is going on at Retell's end while the core uses this port:
 * - `tool`: Retell invoked `transfer_to_human`, whose `speak_during_execution` static text (the
 *   core's farewell, from `retellTool`) it is already speaking;
 * - `webhook`: nothing is being said on our behalf.
 */
export type PortContext = 'tool' | 'webhook';

/**
 * The core's `CallPort` over Retell. Retell takes no verbatim text from outside a tool's own
 * execution message, and reports no playout, so:
 * - the farewell during a tool call is the execution message already playing;
 * - any other line goes to the agent's LLM through update-live-call as the core's "say exactly
 *   this" instruction, with a response triggered;
 * - `say` answers `'unknown'` and the core waits for an estimate of the line before moving on.
 * Instructions for the LLM go through update-live-call too (`additional_context`, shown in the
 * transcript as `injected`), answered at once only when the core asks for a reply now.
 */
export class RetellPort implements CallPort {
  readonly lines: SpokenLine[] = [];
  /** When the first line was handed over, for callers who estimate its playout themselves. */
  firstLineAt: number | undefined;
  readonly #client: RetellClientLike;
  readonly #retellCallId: string | undefined;
  readonly #context: PortContext;

  constructor(client: RetellClientLike, retellCallId: string | undefined, context: PortContext) {
    this.#client = client;
    this.#retellCallId = retellCallId;
    this.#context = context;
  }

  async say(line: SpokenLine): Promise<Playout> {
    this.lines.push(line);
    this.firstLineAt ??= Date.now();
    if (this.#context === 'tool' && line.purpose === 'farewell') return 'unknown';
    await this.#updateLive({ additional_context: line.asInstruction, trigger_response: true });
    return 'unknown';
  }

  async instruct(instruction: Instruction): Promise<void> {
    await this.#updateLive({
      additional_context: instruction.text,
      ...(instruction.respond ? { trigger_response: true } : {}),
    });
  }

  async #updateLive(control: Retell.CallUpdateLiveParams.CallControl): Promise<void> {
    // A bare-arguments request ("Payload: args only") names no Retell call to steer.
    if (!this.#retellCallId) throw new Error('no Retell call_id in this request: update-live-call skipped');
    await this.#client.call.updateLive(this.#retellCallId, { call_control: control });
  }
}
