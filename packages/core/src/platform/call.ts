import { HandoffError, isHandoffError } from '../errors.js';
import type { HandoffResult } from '../handoff-types.js';
import { fill } from '../messages.js';
import type { Session, TriggerInfo } from '../session.js';
import type { Firing, TurnInput } from '../types.js';
import { bounded, sayBounded } from './farewell.js';
import type {
  AttachCallInit,
  AttachedCall,
  CallPort,
  Instruction,
  SpokenLine,
  ToolCallOptions,
  TransferOutcome,
} from './port.js';
import { type AgentPrompts, promptsFor } from './prompts.js';
import { within } from './webhook.js';

/** What the AI is told about a hand-back: who, which team, how long, and their note. */
export interface RoundTripNote {
  by: string;
  team: string;
  note?: string;
  humanMs?: number;
}

import { isGoing, isRelayable, replyForError, replyForResult } from './tool-reply.js';

/** What a call needs from the core: deployment settings and where background errors go. */
export interface CallHost {
  readonly toolName: string;
  readonly language: string | undefined;
  readonly prompts: Partial<Record<string, Partial<AgentPrompts>>> | undefined;
  /** Longest wait for a line to play (and for an `instruct`) before the core moves on. */
  readonly sayTimeoutMs: number;
  /** What to hand the call to when the AI side dies; `false` leaves it with the gateway. */
  readonly aiUnavailable: Record<string, unknown> | false;
  /** `suggest` firings ask for a reply now instead of shaping the next one. */
  readonly suggestNow: boolean;
  /** The round trip of the call's handoff, when a human handed the caller back from the desk. */
  handedBack?(callId: string): Promise<RoundTripNote | undefined>;
  /** Something a supervisor sees changed on the call (a turn, facts, a handoff, the end). */
  changed?(call: PlatformCall): void;
  reportError(error: unknown, where: string): void;
  release(call: PlatformCall): void;
}

/** A handoff is on its way (the carrier is being asked, or has been). */
const TRANSFERRING = 1;
/** The AI side died and the call was handed on for it: once per call. */
const AI_DOWN = 2;

/**
 * The one place that decides what happens on a platform's call: a `transfer` firing or tool call
 * becomes farewell → carrier, a `suggest` firing an instruction, a dead AI a handoff. Plugins
 * only feed it turns and voice what it asks for through their `CallPort`.
 */
export class PlatformCall implements AttachedCall {
  readonly session: Session;
  readonly #host: CallHost;
  #port: CallPort | undefined;
  /** TRANSFERRING and AI_DOWN, in one field rather than two: every call keeps them. */
  #flags = 0;
  /** Work in flight for this call; most calls never have any, so the set comes with the first. */
  #running: Set<Promise<unknown>> | undefined;

  constructor(host: CallHost, session: Session, init: Pick<AttachCallInit, 'port' | 'resumed'>) {
    this.#host = host;
    this.session = session;
    this.reattach(init);
  }

  get callId(): string {
    return this.session.callId;
  }

  get platform(): string {
    return this.session.platform;
  }

  get transferring(): boolean {
    return this.handing;
  }

  private get handing(): boolean {
    return (this.#flags & TRANSFERRING) !== 0;
  }

  private set handing(on: boolean) {
    this.#flags = on ? this.#flags | TRANSFERRING : this.#flags & ~TRANSFERRING;
  }

  private get aiDown(): boolean {
    return (this.#flags & AI_DOWN) !== 0;
  }

  private set aiDown(on: boolean) {
    this.#flags = on ? this.#flags | AI_DOWN : this.#flags & ~AI_DOWN;
  }

  get ended(): boolean {
    return this.session.ended;
  }

  get turns() {
    return this.session.turns;
  }

  /**
   * A platform joining the call (again, for a reconnected stream) brings its port, and says when
   * the caller is back from a handoff that did not connect: the LLM is told, once the port is in.
   */
  reattach({ port, resumed }: Pick<AttachCallInit, 'port' | 'resumed'>): void {
    this.#port = port;
    if (resumed) this.track(this.resumed(resumed));
  }

  detach(port: CallPort): void {
    if (this.#port === port) this.#port = undefined;
  }

  addTurn(turn: TurnInput): Firing | undefined {
    // Platforms send empty transcripts (silence, a cancelled reply): there is nothing to record.
    if (this.ended || (typeof turn?.text === 'string' && turn.text.trim() === '')) return undefined;
    const firing = this.session.addTurn(turn);
    this.act(firing);
    this.#host.changed?.(this);
    return firing;
  }

  update(facts: Parameters<Session['update']>[0]): Firing | undefined {
    if (this.ended) return undefined;
    const firing = this.session.update(facts);
    this.act(firing);
    this.#host.changed?.(this);
    return firing;
  }

  async toolCall(args: unknown, options: ToolCallOptions = {}): Promise<TransferOutcome> {
    // Caught at once: a platform's playout promise rejects when nothing was spoken.
    const playing = options.playing && Promise.resolve(options.playing).catch(() => undefined);
    if (this.ended) return this.refused(new HandoffError('session_ended', `Call ${this.callId} has ended`));
    // Most platforms carry the LLM's arguments as the JSON text it wrote; parsed once, here.
    if (typeof args === 'string') {
      try {
        args = JSON.parse(args);
      } catch {
        const tool = this.#host.toolName;
        return this.refused(new HandoffError('invalid_arguments', `Invalid ${tool} arguments: not JSON`));
      }
    }
    if (playing) await within(playing, this.#host.sayTimeoutMs);
    return this.handOff(args, { kind: options.kind ?? 'tool' }, options);
  }

  /** Refused before anything was decided: the LLM is told why, as a tool reply. */
  private refused(error: HandoffError): TransferOutcome {
    return { reply: replyForError(error, this.prompts(), this.#host.toolName), error };
  }

  async settled(): Promise<void> {
    while (this.#running !== undefined && this.#running.size > 0)
      await Promise.allSettled([...this.#running]);
  }

  private track(work: Promise<unknown>): void {
    this.#running ??= new Set();
    const running = this.#running;
    running.add(work);
    const done = () => running.delete(work);
    work.then(done, done);
  }

  async aiUnavailable(detail: string): Promise<HandoffResult | undefined> {
    const fallback = this.#host.aiUnavailable;
    if (this.ended || this.handing || this.aiDown || fallback === false) return undefined;
    this.aiDown = true;
    // The AI that would voice a farewell is gone: the call moves at once, and the human's
    // whisper says why.
    this.#host.reportError(new Error(`AI side of call ${this.callId} failed (${detail})`), 'ai-unavailable');
    this.handing = true;
    try {
      const result = await this.session.transfer(fallback, { trigger: { kind: 'api' } });
      if (!isGoing(result)) this.handing = false;
      return result;
    } catch (error) {
      this.handing = false;
      this.#host.reportError(error, 'ai-unavailable');
      return undefined;
    }
  }

  async resumed(info: { reason?: string; sayToCaller?: string }): Promise<void> {
    if (this.ended) return;
    this.handing = false;
    const prompts = this.prompts();
    // Back from a human, not from a failure: the AI picks up from what the human wrote.
    const back = await this.#host.handedBack?.(this.callId).catch((error: unknown) => {
      this.#host.reportError(error, 'handed-back');
      return undefined;
    });
    if (back) {
      await this.instruct({
        text: fill(prompts.handedBack, {
          by: back.by,
          team: back.team,
          minutes: String(Math.max(1, Math.round((back.humanMs ?? 0) / 60_000))),
          note: back.note ?? '',
        }),
        purpose: 'resumed',
        respond: true,
      });
      return;
    }
    await this.instruct({
      text: fill(prompts.resumed, { reason: info.reason ?? 'unavailable', said: info.sayToCaller ?? '' }),
      purpose: 'resumed',
      respond: false,
    });
  }

  async hint(text: string): Promise<void> {
    if (this.ended || this.handing) return;
    await this.instruct({
      text: fill(this.prompts().supervisorHint, { text }),
      purpose: 'hint',
      respond: false,
    });
  }

  async takeOver(args: Record<string, unknown>): Promise<TransferOutcome> {
    if (this.ended) return this.refused(new HandoffError('session_ended', `Call ${this.callId} has ended`));
    const outcome = await this.handOff(args, { kind: 'supervisor' }, {});
    this.#host.changed?.(this);
    return outcome;
  }

  end(): void {
    if (!this.session.ended) this.session.end();
    this.#host.changed?.(this);
    this.#host.release(this);
  }

  private act(firing: Firing | undefined): void {
    if (!firing || this.handing || this.aiDown) return;
    if (firing.action === 'transfer') {
      const args: Record<string, unknown> = { reason: firing.reason ?? firing.kind };
      if (firing.department !== undefined) args.department = firing.department;
      if (firing.urgency !== undefined) args.urgency = firing.urgency;
      this.track(this.handOff(args, { kind: 'rule', firing, at: firing.at }, {}));
      return;
    }
    const why = firing.reason ?? firing.kind.replace(/_/gu, ' ');
    this.track(
      this.instruct({
        text: fill(this.prompts().suggest, { why, tool: this.#host.toolName }),
        purpose: 'suggest',
        respond: this.#host.suggestNow,
      }),
    );
  }

  private async handOff(
    args: unknown,
    trigger: TriggerInfo,
    options: ToolCallOptions,
  ): Promise<TransferOutcome> {
    // An API client acting for the platform gets the same answer as the LLM would.
    const fromTool = trigger.kind === 'tool' || trigger.kind === 'api';
    const wasTransferring = this.handing;
    this.handing = true;
    // Set once the model may have been told the call is moving (its answer went out early).
    let announced = false;
    // Set once the caller heard the farewell: a later failure must then be put right to them.
    let farewellSaid = false;
    let result: HandoffResult;
    try {
      result = await this.session.transfer(args, {
        trigger,
        // The core's own bound sits just past the port's, so the port's is the one that fires.
        beforeTransferTimeoutMs: this.#host.sayTimeoutMs + 1_000,
        beforeTransfer: async (decided) => {
          const prompts = this.prompts();
          if (options.onDecided) {
            announced = true;
            const reply = replyForResult(decided, prompts);
            await bounded(
              () => options.onDecided?.(reply),
              this.#host.sayTimeoutMs,
              (e) => this.#host.reportError(e, 'on-decided'),
            );
          }
          farewellSaid = true;
          await this.say(decided.sayToCaller, 'farewell', prompts);
        },
      });
    } catch (error) {
      this.handing = wasTransferring;
      if (!isHandoffError(error) || !fromTool) this.#host.reportError(error, `${trigger.kind}-transfer`);
      return { reply: replyForError(error, this.prompts(), this.#host.toolName), error };
    }
    if (!isGoing(result)) {
      this.handing = false;
      const prompts = this.prompts();
      const told = !fromTool || farewellSaid;
      // A tool call refused up front is answered with what to relay. Otherwise the caller was
      // told nothing (a rule) or "connecting you" (the farewell played, then the carrier failed):
      // the core says its line, and the model learns what happened instead of repeating it.
      if (told && isRelayable(result)) await this.say(result.sayToCaller, 'fallback', prompts);
      if (!fromTool || announced) {
        await this.instruct({
          text: fill(prompts.handoffFailed, {
            reason: result.reason ?? result.status,
            said: result.sayToCaller,
          }),
          purpose: 'handoff_failed',
          respond: false,
        });
      }
      return { reply: replyForResult(result, prompts, { told: farewellSaid }), result };
    }
    return { reply: replyForResult(result, this.prompts()), result };
  }

  private async say(text: string, purpose: SpokenLine['purpose'], prompts: AgentPrompts): Promise<void> {
    const port = this.#port;
    if (!port || text.trim() === '') return;
    const line: SpokenLine = {
      text,
      purpose,
      interruptible: purpose !== 'farewell',
      language: this.language(),
      asInstruction: fill(prompts.sayExactly, { text }),
    };
    await sayBounded(port, line, this.#host.sayTimeoutMs, (e) => this.#host.reportError(e, 'port-say'));
  }

  private async instruct(instruction: Instruction): Promise<void> {
    const port = this.#port;
    if (!port) return;
    await bounded(
      () => port.instruct(instruction),
      this.#host.sayTimeoutMs,
      (e) => this.#host.reportError(e, 'port-instruct'),
    );
  }

  private language(): string {
    return this.session.extracted.language ?? this.#host.language ?? 'en';
  }

  private prompts(): AgentPrompts {
    return promptsFor(this.language(), this.#host.prompts);
  }
}
