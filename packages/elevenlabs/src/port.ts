import { type CallPort, estimateSpeechMs, type Playout, type SpokenLine } from '@handoff/core';

/**
 * The core's `CallPort` for one ElevenLabs server-tool request. ElevenLabs offers no way to speak
 * on a SIP call from outside, and a server tool cannot speak a fixed line of its own: the only
 * channel to the caller is the tool's answer, which the LLM voices next. So the first line the
 * core asks for (the farewell) answers the request as a "say exactly" instruction, and `say`
 * resolves once the agent has had time to start speaking (`speechStartMs`: the LLM's reply to the
 * tool result plus TTS) and to say the line (the core's own estimate of its length).
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
    if (!resolve) {
      throw new Error('the ElevenLabs tool call was already answered: nothing more reaches the caller');
    }
    this.#resolve = undefined;
    resolve(line);
    await new Promise((done) => setTimeout(done, this.#speechStartMs + estimateSpeechMs(line.text)));
    return 'played';
  }

  // The tool's answer is the LLM's only input from here; an instruction after it has nowhere to go.
  instruct(): void {}
}
