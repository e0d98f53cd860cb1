import { estimateSpeechMs } from './farewell.js';
import type { AttachedCall, CallPort, Playout, SpokenLine, ToolReply } from './port.js';
import { TIMEOUT, within } from './webhook.js';

/**
 * The core's `CallPort` for one tool request on a platform whose only channel to the caller is
 * the request's answer (ElevenLabs server tools, Ultravox HTTP tools, a Bolna function whose
 * pre-call message was skipped): the first line the core asks for goes into the answer as a "say
 * exactly" instruction, and `say` resolves once the agent has had time to start speaking
 * (`speechStartMs`: the LLM's reply to the result, then TTS) and to say the line (the core's
 * estimate of its length). A farewell the platform already played itself (`farewellPlayed`) is
 * reported played at once.
 */
export class AnswerPort implements CallPort {
  readonly lines: SpokenLine[] = [];
  /** Resolves with the line to put in the answer. */
  readonly answer: Promise<SpokenLine>;
  readonly #request: string;
  readonly #speechStartMs: number;
  readonly #farewellPlayed: boolean;
  #first = true;
  #resolve: ((line: SpokenLine) => void) | undefined;

  /** `request` names it in errors: `the ElevenLabs tool call`. */
  constructor(options: { request: string; speechStartMs: number; farewellPlayed?: boolean }) {
    this.#request = options.request;
    this.#speechStartMs = options.speechStartMs;
    this.#farewellPlayed = options.farewellPlayed ?? false;
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
      throw new Error(`${this.#request} was already answered: nothing more reaches the caller`);
    }
    this.#resolve = undefined;
    resolve(line);
    await new Promise((done) => setTimeout(done, this.#speechStartMs + estimateSpeechMs(line.text)));
    return 'played';
  }

  // The answer is the LLM's only input from here; an instruction after it has nowhere to go.
  instruct(): void {}
}

/** The core's farewell as a tool answer: the agent says `say`, then the call moves. */
export interface SayInAnswer {
  status: 'transferring';
  ok: true;
  message: string;
  say: string;
}

/**
 * Runs `transfer_to_human` on a call whose voice is `port` and gives what answers the request:
 * the core's reply, or its farewell for the agent to say (the transfer then follows), whichever
 * comes first within `budgetMs`. On timeout, with `keepDecided`, the reply the core had decided on. Nothing
 * is voiced into the request once the core is done with it.
 */
export async function answerToolCall(
  attached: AttachedCall,
  port: AnswerPort,
  args: unknown,
  budgetMs: number,
  { keepDecided = false }: { keepDecided?: boolean } = {},
): Promise<{ answer: ToolReply | SayInAnswer } | { timeout: true; decided: ToolReply | undefined }> {
  let decided: ToolReply | undefined;
  const onDecided = (reply: ToolReply) => {
    decided = reply;
  };
  // Only when asked: a platform told of the decision early is told of a failure after it too.
  const outcome = attached.toolCall(args, keepDecided ? { onDecided } : {});
  const detach = () => attached.detach(port);
  void outcome.then(detach, detach);
  const first = await within(
    Promise.race([port.answer.then((line) => ({ line })), outcome.then((done) => ({ reply: done.reply }))]),
    budgetMs,
  );
  if (first === TIMEOUT) return { timeout: true, decided };
  if ('reply' in first) return { answer: first.reply };
  return {
    answer: { status: 'transferring', ok: true, message: first.line.asInstruction, say: first.line.text },
  };
}

/**
 * Runs `transfer_to_human` on a platform that answers a tool call once and must answer it before
 * the model can speak again (OpenAI Realtime's function output): `answer` gets the core's reply as
 * soon as it has decided the call moves (its farewell is then the model's reply), else its final
 * reply. Resolves with the reply answered: when it is not `ok`, the model should relay it.
 */
export async function answerOnce(
  attached: AttachedCall,
  args: unknown,
  answer: (reply: ToolReply) => void,
): Promise<ToolReply> {
  let answered: ToolReply | undefined;
  const once = (reply: ToolReply) => {
    if (answered) return;
    answered = reply;
    answer(reply);
  };
  once((await attached.toolCall(args, { onDecided: once })).reply);
  return answered!;
}
