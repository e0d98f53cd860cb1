import type { CallPort, Instruction, Playout, SpokenLine } from '@handoff/core';
import type { Vapi } from '@vapi-ai/server-sdk';

/** How to reach a call's live control URL (`call.monitor.controlUrl`). */
export interface VapiControlOptions {
  /**
   * Your VAPI **public** key, when the assistant's `monitorPlan.controlAuthenticationEnabled` is
   * on: sent as `Authorization: Bearer <key>`.
   */
  controlToken?: string;
  /** Longest wait for the control URL to answer. Default 5 s. */
  timeoutMs?: number;
  /** For tests. */
  fetch?: typeof fetch;
}

/** VAPI answered the control request with an error, or could not be reached. */
export class VapiControlError extends Error {
  readonly status: number | undefined;
  constructor(message: string, status?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VapiControlError';
    this.status = status;
  }
}

/**
 * Sends one live-control message. The control URL is a capability (without control
 * authentication, whoever has it can steer the call), so it never appears in an error.
 */
export async function postControl(
  url: string,
  message: Vapi.ClientInboundMessageMessage,
  options: VapiControlOptions = {},
): Promise<void> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.controlToken) headers.authorization = `Bearer ${options.controlToken}`;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
  } catch (cause) {
    throw new VapiControlError(`VAPI live control "${message.type}" could not be sent`, undefined, { cause });
  }
  // Drain the body so the connection is released.
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) {
    throw new VapiControlError(
      `VAPI live control "${message.type}" answered ${response.status}`,
      response.status,
    );
  }
}

/**
 * Control URLs by call, for the live-control carrier: every server message carries its call's
 * `controlUrl`, and the carrier runs in the process that received the message that led to the
 * transfer. Shared through `globalThis` so a handler and a carrier loaded as two copies of this
 * module (a gateway config imports packages in its own namespace) still meet.
 */
interface Directory {
  urls: Map<string, { url: string; at: number }>;
}

const DIRECTORY_KEY = Symbol.for('@handoff/vapi/control-urls');
const MAX_CALLS = 20_000;
const MAX_AGE_MS = 12 * 60 * 60 * 1000;

function directory(): Directory {
  const global = globalThis as { [DIRECTORY_KEY]?: Directory };
  global[DIRECTORY_KEY] ??= { urls: new Map() };
  return global[DIRECTORY_KEY];
}

/** Remembers `url` as the control URL of each of `ids` (the core's call id and VAPI's). */
export function rememberControlUrl(ids: readonly string[], url: string, now = Date.now()): void {
  const { urls } = directory();
  for (const id of ids) {
    urls.delete(id);
    urls.set(id, { url, at: now });
  }
  // Oldest first (insertion order): trim what a long-running process would otherwise accumulate.
  for (const [id, entry] of urls) {
    if (urls.size <= MAX_CALLS && now - entry.at <= MAX_AGE_MS) break;
    urls.delete(id);
  }
}

export function controlUrlFor(...ids: Array<string | undefined>): string | undefined {
  const { urls } = directory();
  for (const id of ids) {
    if (id === undefined) continue;
    const entry = urls.get(id);
    if (entry) return entry.url;
  }
  return undefined;
}

export function forgetControlUrl(...ids: string[]): void {
  const { urls } = directory();
  for (const id of ids) urls.delete(id);
}

/**
 * The core's `CallPort` over VAPI's live call control: a line is a `say`, an instruction an
 * `add-message` system message (with `triggerResponseEnabled` when the core wants a reply now).
 * VAPI does not report when a `say` finished playing, so `say` answers `'unknown'` and the core
 * waits for an estimate of the line's length.
 */
export class VapiCallPort implements CallPort {
  controlUrl: string | undefined;
  readonly #options: VapiControlOptions;
  readonly #toolFarewells: Playout[] = [];

  constructor(options: VapiControlOptions = {}) {
    this.#options = options;
  }

  /**
   * While a tool call is in hand whose tool VAPI already voiced a `request-start` message for,
   * that message is the farewell: the core's is not spoken over it. `'played'` when VAPI waited
   * for it to finish (`blocking`) before calling the server. Returns the release.
   */
  farewellSpokenByTool(playout: Playout): () => void {
    this.#toolFarewells.push(playout);
    return () => {
      const index = this.#toolFarewells.indexOf(playout);
      if (index >= 0) this.#toolFarewells.splice(index, 1);
    };
  }

  async say(line: SpokenLine): Promise<Playout> {
    const spoken = line.purpose === 'farewell' ? this.#toolFarewells.at(-1) : undefined;
    if (spoken) return spoken;
    await postControl(
      this.#url(),
      { type: 'say', content: line.text, interruptionsEnabled: line.interruptible },
      this.#options,
    );
    return 'unknown';
  }

  async instruct(instruction: Instruction): Promise<void> {
    await postControl(
      this.#url(),
      {
        type: 'add-message',
        message: { role: 'system', content: instruction.text },
        triggerResponseEnabled: instruction.respond,
      },
      this.#options,
    );
  }

  #url(): string {
    if (!this.controlUrl) {
      throw new VapiControlError(
        'this VAPI call has no call.monitor.controlUrl (turn on assistant.monitorPlan.controlEnabled)',
      );
    }
    return this.controlUrl;
  }
}
