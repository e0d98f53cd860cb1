import { type CallPort, estimateSpeechMs, type Playout, type SpokenLine } from '@handoff/core';

/**
 * The core's `CallPort` for one Bolna custom-function request. Bolna speaks the function's
 * `pre_call_message` (the core's farewell, from `bolnaTool`) as soon as the LLM calls it, and waits
 * until that audio has played before it calls the API (bolna-ai/bolna `__execute_function_call`
 * awaits `wait_for_current_message()`): when the request arrives the farewell is over, and `say`
 * reports it played. When the LLM spoke words of its own with the call, Bolna skips the
 * pre-call message; the farewell then goes back in the answer for the LLM to say, and `say`
 * resolves once there was time to say it.
 */
export class ToolCallPort implements CallPort {
  readonly lines: SpokenLine[] = [];
  /** Resolves with a line to put in the answer (only when Bolna did not speak the farewell). */
  readonly answer: Promise<SpokenLine>;
  readonly #farewellPlayed: boolean;
  readonly #speechStartMs: number;
  #first = true;
  #resolve: ((line: SpokenLine) => void) | undefined;

  constructor(options: { farewellPlayed: boolean; speechStartMs: number }) {
    this.#farewellPlayed = options.farewellPlayed;
    this.#speechStartMs = options.speechStartMs;
    this.answer = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  async say(line: SpokenLine): Promise<Playout> {
    this.lines.push(line);
    const first = this.#first;
    this.#first = false;
    if (first && line.purpose === 'farewell' && this.#farewellPlayed) return 'played';
    const resolve = this.#resolve;
    if (!first || !resolve) {
      throw new Error('the Bolna function call was already answered: nothing more reaches the caller');
    }
    this.#resolve = undefined;
    resolve(line);
    await new Promise((done) => setTimeout(done, this.#speechStartMs + estimateSpeechMs(line.text)));
    return 'played';
  }

  // The function's response is the LLM's only input from here; an instruction after it has nowhere to go.
  instruct(): void {}
}
