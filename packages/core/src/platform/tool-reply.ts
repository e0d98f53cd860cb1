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

/** What the LLM is told about a handoff the core decided on. */
export function replyForResult(result: HandoffResult, prompts: AgentPrompts): ToolReply {
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
  // Voicemail and hang-up rungs are carried out by the gateway with its own words; the model
  // must not announce them, so it gets only the plain refusal.
  const kind = result.fallback?.kind;
  const relayable = kind === undefined || kind === 'callback' || kind === 'back_to_ai';
  const template =
    result.reason === 'after_hours' && relayable
      ? prompts.afterHours
      : relayable && result.sayToCaller
        ? prompts.notTransferred
        : prompts.error;
  return {
    status: 'not_transferred',
    ok: false,
    message: oneLine(fill(template, { said: result.sayToCaller, status: result.reason ?? result.status })),
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
