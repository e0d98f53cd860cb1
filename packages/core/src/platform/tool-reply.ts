import { isHandoffError } from '../errors.js';
import type { HandoffResult } from '../handoff-types.js';
import { fill } from '../messages.js';
import type { HandoffStatus } from '../types.js';
import type { ToolReply } from './port.js';
import type { AgentPrompts } from './prompts.js';

const GOING: ReadonlySet<HandoffStatus> = new Set([
  'persisted',
  'transferring',
  'ringing',
  'connected',
  'completed',
]);

/** Whether a result means the call is on its way to a human. */
export function isGoing(result: HandoffResult): boolean {
  return GOING.has(result.status);
}

/** One line, so every platform's tool-result field (some reject newlines) takes it as it is. */
function oneLine(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/**
 * Whether the caller may hear a failed handoff's line from the AI. Voicemail and hang-up rungs are
 * carried out by the gateway with its own words; the AI announcing them would be wrong.
 */
export function isRelayable(result: HandoffResult): boolean {
  const kind = result.fallback?.kind;
  return (
    (kind === undefined || kind === 'callback' || kind === 'back_to_ai') && result.sayToCaller.trim() !== ''
  );
}

/**
 * What the LLM is told about a handoff the core decided on. `told`: the caller already heard the
 * farewell and the core's own line after it, so the model must not repeat either.
 */
export function replyForResult(
  result: HandoffResult,
  prompts: AgentPrompts,
  options: { told?: boolean } = {},
): ToolReply {
  const team = result.destination?.label ?? '';
  const ids = { handoffId: result.handoffId, ...(team ? { team } : {}) };
  if (isGoing(result)) {
    if (result.duplicate) {
      return {
        status: 'already_transferring',
        ok: true,
        message: oneLine(fill(prompts.alreadyTransferring, { team: team || 'a person' })),
        ...ids,
      };
    }
    return {
      status: 'transferring',
      ok: true,
      message: oneLine(fill(prompts.transferring, { said: result.sayToCaller, team: team || 'a person' })),
      said: result.sayToCaller,
      ...ids,
    };
  }
  const relayable = isRelayable(result);
  const template = !relayable
    ? prompts.error
    : options.told
      ? prompts.handoffFailed
      : result.reason === 'after_hours'
        ? prompts.afterHours
        : prompts.notTransferred;
  const said = result.sayToCaller;
  const reason = result.reason ?? result.status;
  return {
    status: 'not_transferred',
    ok: false,
    message: oneLine(fill(template, { said, status: reason, reason })),
    ...ids,
  };
}

/** What the LLM is told when the core refused the request with an error. */
export function replyForError(error: unknown, prompts: AgentPrompts, tool: string): ToolReply {
  if (isHandoffError(error)) {
    switch (error.code) {
      case 'invalid_arguments':
      case 'unknown_department':
      case 'text_too_long':
        return {
          status: 'invalid_arguments',
          ok: false,
          message: oneLine(
            fill(prompts.invalidArguments, { error: error.message.replace(/\.$/u, ''), tool }),
          ),
        };
      case 'session_ended':
      case 'session_not_found':
        return { status: 'error', ok: false, message: oneLine(prompts.callEnded) };
      default:
        break;
    }
  }
  return { status: 'error', ok: false, message: oneLine(prompts.error) };
}
