import type { CallHost } from '../platform/call.js';
import type { SessionHost } from '../session.js';
import { type Deployment, validateFields } from './deployment.js';

const DEFAULT_SAY_TIMEOUT_MS = 10_000;
/** Calls rarely go this long without a turn; the log is renewed by every one. */
const DEFAULT_SESSION_TTL_MS = 4 * 60 * 60_000;

/** What sessions get instead of the whole handoff. */
export function sessionHostOf(
  d: Deployment,
  parts: Pick<SessionHost, 'transfer' | 'emitFiring'>,
): Omit<SessionHost, 'forget'> {
  return {
    now: d.now,
    options: d.options,
    store: d.store,
    sessionTtlMs: d.options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS,
    validateFields: (fields) => validateFields(d.options, fields),
    transfer: parts.transfer,
    emitFiring: parts.emitFiring,
    reportError: d.reportError,
  };
}

/** What an attached call gets: the deployment's settings for speaking to the caller and the LLM. */
export function callHostOf(
  d: Deployment,
  /** `changed` is set when the deployment runs live calls for supervisors. */
  parts: Required<Pick<CallHost, 'handedBack'>> & { changed: CallHost['changed'] },
): Omit<CallHost, 'release'> {
  const options = d.options;
  return {
    toolName: d.tool.name,
    language: options.language,
    prompts: options.prompts,
    sayTimeoutMs: options.sayTimeoutMs ?? DEFAULT_SAY_TIMEOUT_MS,
    aiUnavailable: options.aiUnavailable ?? { reason: 'ai_unavailable' },
    suggestNow: options.suggest === 'reply_now',
    handedBack: parts.handedBack,
    ...(parts.changed ? { changed: parts.changed } : {}),
    reportError: d.reportError,
  };
}
