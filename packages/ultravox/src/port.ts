import { type CallPort, estimateSpeechMs, type Playout, type SpokenLine } from '@handoff/core';

/**
 * The core's `CallPort` for one Ultravox HTTP-tool request. An Ultravox SIP call takes nothing
 * from outside but tool results, and a tool cannot speak a fixed line of its own: the conversation
 * is frozen while the tool runs, then the agent reacts to the result. So the first line the core
 * asks for (the farewell) answers the request as a "say exactly" instruction, and `say` resolves
 * once the agent has had time to start (`speechStartMs`) and to say the line (the core's estimate).
 */
export class ToolAnswerPort implements CallPort {
  readonly lines: SpokenLine[] = [];
  /** Resolves with the line to put in the tool's answer. */
  readonly answer: Promise<SpokenLine>;
  readonly #speechStartMs: number;
  #resolve: ((line: SpokenLine) => void) | undefined;

  constructor(speechStartMs: number) {
    this.#speechStartMs = speechStartMs;
    this.answer = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  async say(line: SpokenLine): Promise<Playout> {
    this.lines.push(line);
    const resolve = this.#resolve;
    if (!resolve)
      throw new Error('the Ultravox tool call was already answered: nothing more reaches the caller');
    this.#resolve = undefined;
    resolve(line);
    await new Promise((done) => setTimeout(done, this.#speechStartMs + estimateSpeechMs(line.text)));
    return 'played';
  }

  // The tool's result is the model's only input from here; an instruction after it has nowhere to go.
  instruct(): void {}
}
